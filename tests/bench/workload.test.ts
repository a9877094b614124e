import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../bench/random.ts';
import {
  BUY_LIMIT,
  buildingChatId,
  expectedOrders,
  FULL,
  HOUSEHOLD_USER_BASE,
  needCommand,
  QUICK,
  scaledLimits,
  stormPresses,
  THROUGHPUT_USER_BASE,
} from '../../bench/workload.ts';

describe('the benchmark workload', () => {
  it('spreads the /need commands over every user and every group, each user always in the same group', () => {
    const commands = Array.from({ length: FULL.commands }, (_, k) => needCommand(k, FULL));
    expect(new Set(commands.map((c) => c.userId)).size).toBe(FULL.users);
    expect(new Set(commands.map((c) => c.chatId)).size).toBe(FULL.groups);
    const groupOf = new Map<number, number>();
    for (const c of commands) {
      expect(groupOf.get(c.userId) ?? c.chatId).toBe(c.chatId);
      groupOf.set(c.userId, c.chatId);
      expect(c.text).toMatch(/^\/need (!!? )?#\w+ .+ \(\d+\)$/);
    }
    expect(commands[0]!.userId).toBe(THROUGHPUT_USER_BASE);
    expect(commands[0]!.chatId).toBe(buildingChatId(0));
  });

  it('adds up presses in order: +1 up to the limit, −1 down to zero, My order changes nothing', () => {
    const a = HOUSEHOLD_USER_BASE;
    const b = HOUSEHOLD_USER_BASE + 1;
    const presses = [
      ...Array.from({ length: BUY_LIMIT + 2 }, () => ({ userId: a, action: 'plus' as const })),
      { userId: a, action: 'minus' as const },
      { userId: b, action: 'minus' as const },
      { userId: b, action: 'mine' as const },
      { userId: b, action: 'plus' as const },
    ];
    expect(expectedOrders(presses)).toEqual({ households: 2, quantity: BUY_LIMIT - 1 + 1 });
    expect(
      expectedOrders([
        { userId: a, action: 'plus' },
        { userId: a, action: 'minus' },
      ]),
    ).toEqual({ households: 0, quantity: 0 });
  });

  it('presses every household in turn, the same presses on every run', () => {
    const presses = stormPresses(QUICK);
    expect(presses).toHaveLength(QUICK.presses);
    expect(new Set(presses.map((p) => p.userId)).size).toBe(QUICK.households);
    expect(stormPresses(QUICK)).toEqual(presses);
    const plus = presses.filter((p) => p.action === 'plus').length / presses.length;
    expect(plus).toBeGreaterThan(0.6);
    expect(plus).toBeLessThan(0.8);
  });

  it('scales Telegram-like limits by ten and draws the same numbers from the same seed', () => {
    expect(scaledLimits({ perSecond: 28, perGroupPerMinute: 18, perPrivatePerSecond: 1 })).toEqual({
      perSecond: 280,
      perGroupPerMinute: 180,
      perPrivatePerSecond: 10,
    });
    const first = seededRandom(42);
    const second = seededRandom(42);
    const draws = Array.from({ length: 5 }, () => first());
    expect(Array.from({ length: 5 }, () => second())).toEqual(draws);
    for (const x of draws) expect(x >= 0 && x < 1).toBe(true);
  });
});

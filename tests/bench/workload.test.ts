import { describe, expect, it } from 'vitest';
import { schedSecondsOf, windowWaits } from '../../bench/hub.ts';
import { seededRandom } from '../../bench/random.ts';
import { cardTotals } from '../../bench/scenarios.ts';
import { startupSection, withStartupSection } from '../../bench/startup-section.ts';
import {
  buildingChatId,
  expectedOrders,
  FULL,
  HOUSEHOLD_USER_BASE,
  needCommand,
  QUICK,
  type StormItem,
  scaledLimits,
  stormBuyCommand,
  stormItems,
  stormPresses,
  THROUGHPUT_USER_BASE,
} from '../../bench/workload.ts';
import { parseBuy } from '../../src/features/buys/buys.ts';

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

  it('adds up presses in order: +1 up to the item limit while its stock lasts, −1 down to zero, My order nothing', () => {
    const items: StormItem[] = [
      { name: 'A', priceCents: 150, limit: 2, max: null },
      { name: 'B', priceCents: 1000, limit: 5, max: 3 },
    ];
    const a = HOUSEHOLD_USER_BASE;
    const b = HOUSEHOLD_USER_BASE + 1;
    const press = (userId: number, action: 'inc' | 'dec' | 'mine', item = 0) => ({ userId, action, item });
    const presses = [
      ...Array.from({ length: 4 }, () => press(a, 'inc', 0)),
      press(a, 'dec', 0),
      press(b, 'dec', 0),
      press(b, 'mine'),
      press(b, 'inc', 0),
      // B's stock of 3: a takes 2, b 1, b's next is refused until a gives one back
      press(a, 'inc', 1),
      press(a, 'inc', 1),
      press(b, 'inc', 1),
      press(b, 'inc', 1),
      press(a, 'dec', 1),
      press(b, 'inc', 1),
    ];
    expect(expectedOrders(presses, items)).toEqual({
      households: 2,
      quantity: 2 + 3,
      amountCents: 2 * 150 + 3 * 1000,
      items: [2, 3],
    });
    expect(expectedOrders([press(a, 'inc', 1), press(a, 'dec', 1)], items)).toEqual({
      households: 0,
      quantity: 0,
      amountCents: 0,
      items: [0, 0],
    });
  });

  it('presses every household and every item in turn, the same presses on every run', () => {
    const presses = stormPresses(QUICK);
    expect(presses).toHaveLength(QUICK.presses);
    expect(new Set(presses.map((p) => p.userId)).size).toBe(QUICK.households);
    expect(new Set(presses.filter((p) => p.action !== 'mine').map((p) => p.item))).toEqual(new Set([0, 1, 2]));
    expect(stormPresses(QUICK)).toEqual(presses);
    const plus = presses.filter((p) => p.action === 'inc').length / presses.length;
    expect(plus).toBeGreaterThan(0.6);
    expect(plus).toBeLessThan(0.8);
  });

  it("writes a three-item /buy the bot reads back as it is meant, whose eggs' stock runs out in the storm", () => {
    for (const sizes of [QUICK, FULL]) {
      const items = stormItems(sizes);
      const text = stormBuyCommand(items);
      const parsed = parseBuy(text.replace(/^\/buy /, ''), {
        now: 0,
        timezone: 'Asia/Shanghai',
        defaultDurationMs: 86_400_000,
      });
      expect(parsed.items).toEqual(
        items.map((i) => ({ name: i.name, priceCents: i.priceCents, max: i.max, limit: i.limit })),
      );
      const presses = stormPresses(sizes);
      const half = expectedOrders(presses.slice(0, presses.length / 2), items);
      expect(half.items[1]).toBe(items[1]!.max);
    }
  });

  it("reads the totals off a three-item card's lines", () => {
    const card = [
      '🛒 Group buy #1: Vegetable box',
      '1. Cabbage 3 kg — ¥15.00 · 1,203 ordered · at most 2 per household',
      '2. Eggs, tray of 30 — ¥30.00 · 499 ordered · 1 of 500 left · at most 3 per household',
      '3. Tofu — ¥4.50 · 7 ordered · at most 5 per household',
      'Households: 946 · quantity 1,709 · amount ¥33,016.50',
      '',
      '1. 101 Cabbage×2 ¥30.00',
    ].join('\n');
    expect(cardTotals(card, 3)).toEqual({
      households: 946,
      quantity: 1709,
      amountCents: 3301650,
      items: [1203, 499, 7],
    });
    expect(cardTotals(card, 4)).toBeUndefined();
  });

  it("keeps bench:startup's section of RESULTS.md when the rest is written again, and replaces it in place", () => {
    const section = '## Start and memory: the compiled build beside the TypeScript loader\n\nold table';
    const results = `# Benchmark results\n\n| a |\n\n## How it is measured\n- x\n\n${section}\n`;
    expect(startupSection(results)).toBe(section);
    expect(startupSection('# Benchmark results\n')).toBeUndefined();
    const renewed = withStartupSection(results, section.replace('old', 'new'));
    expect(renewed).toBe(results.replace('old', 'new'));
    expect(startupSection(withStartupSection('# R\n', section))).toBe(section);
    const inTheMiddle = `# R\n\n${section}\n\n## Later\ntext\n`;
    expect(
      withStartupSection(inTheMiddle, '## Start and memory: the compiled build beside the TypeScript loader\n\nn'),
    ).toBe('# R\n\n## Start and memory: the compiled build beside the TypeScript loader\n\nn\n\n## Later\ntext\n');
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

describe('windowWaits (the hub bench)', () => {
  it('is how much more than a second each window of copies came after the one before, on average', () => {
    // windows of 3: the second 1,010 ms after the first on average (1,000 / 1,010 / 1,020), the third 1,100 after it
    const times = [0, 5, 10, 1000, 1015, 1030, 2100, 2115, 2130];
    expect(windowWaits([...times].reverse(), 3)).toEqual([10, 100]);
    // a window not whole is left out
    expect(windowWaits([...times, 3200], 3)).toEqual([10, 100]);
    expect(windowWaits([0, 1], 3)).toEqual([]);
  });
});

describe('schedSecondsOf (the hub bench)', () => {
  it("reads a running process's time on a core from the kernel, and nothing for one that is gone", () => {
    let spin = 0;
    const until = performance.now() + 30;
    while (performance.now() < until) spin++;
    const mine = schedSecondsOf([process.pid]);
    expect(spin).toBeGreaterThan(0);
    // this test's own busy loop alone was on a core for 30 ms
    expect(mine.running).toBeGreaterThan(0.03);
    expect(mine.waiting).toBeGreaterThanOrEqual(0);
    expect(schedSecondsOf([2 ** 22 + 1])).toEqual({ running: 0, waiting: 0 });
  });
});

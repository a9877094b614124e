import { afterEach, expect, it } from 'vitest';
import { createNeed } from '../../src/features/needs/needs.store.ts';
import { startTestBot, type TestBot, testConfigInput, world } from './harness.ts';

const b7 = world.b7.chatId;
let t: TestBot;
afterEach(async () => {
  await t?.close();
});

it('fits a building with 300 open needs in one message under 4,096 characters, without any private text', async () => {
  t = await startTestBot();
  await t.send(b7, world.alice.id, '/home 1502');
  const priorities = ['urgent', 'high', 'normal'] as const;
  t.app.database.db.transaction((tx) => {
    for (let i = 0; i < 300; i++) {
      createNeed(
        tx,
        {
          buildingId: 'b7',
          requesterId: world.alice.id,
          enteredBy: world.alice.id,
          householdId: null,
          unit: `${1 + (i % 30)}0${1 + (i % 4)}`,
          priority: priorities[i % 3]!,
          category: ['food', 'medicine', 'elderly'][i % 3]!,
          text:
            i % 5 === 0
              ? `PRIVATE-${i} insulin and a ride to the hospital for my mother`
              : `Need ${i}: rice, eggs, vegetables and something for a fever, please, thank you`,
          private: i % 5 === 0,
          status: 'open',
        },
        t!.clock.now(),
        t!.config,
      );
    }
  });
  await t.send(b7, world.alice.id, '/digest');
  const digest = t.tg.lastBotMessage(b7)!.text!;
  expect(digest.length).toBeLessThan(4096);
  expect(digest).toContain('Open needs: 300 (🆘 100 urgent, ❗ 100 high, 100 normal)');
  expect(digest).toMatch(/… and \d+ more: \/needs/);
  expect(digest).not.toContain('PRIVATE-');
  expect(digest).toContain('🔒 private');
});

it('posts each building its digest at its cron time: what was done, open votes, buys closing soon, unread notices, guidance', async () => {
  t = await startTestBot({
    config: testConfigInput({
      buildings: [
        { ...world.b3, language: 'zh' },
        { ...world.b7, language: 'en', digest: '30 19 * * *' },
      ],
      education: { none: ['Keep two weeks of medicine at home.', 'Check on neighbours living alone.'] },
    }),
    startAt: '2026-04-01T19:00:00+08:00',
  });
  await t.send(b7, world.alice.id, '/home 1502');
  await t.send(b7, world.bob.id, '/home 301');
  await t.send(b7, world.alice.id, '/need #food rice');
  await t.handled(t.tg.pressButton(b7, t.tg.lastBotMessage(b7)!.message_id, world.carol.id, "I'll help").update_id);
  await t.handled(
    t.tg.pressButton(
      b7,
      t.tg.botMessages(b7).find((m) => m.text?.startsWith('Need #1'))!.message_id,
      world.alice.id,
      'Done',
    ).update_id,
  );
  await t.send(b7, world.alice.id, '/vote household Gate? | Yes | No');
  await t.send(b7, world.alice.id, '/buy Eggs | 12 | until 6h');
  await t.send(b7, world.admin.id, '/notice Water off tomorrow 9:00-11:00');
  t.clock.set(Date.parse('2026-04-01T19:30:00+08:00'));
  // the digest, and the hourly retention purge due at 19:17
  expect(t.app.scheduler.tick()).toBe(2);
  await t.app.outbox.idle();
  const digest = t.tg.lastBotMessage(b7)!.text!;
  expect(digest).toContain('📋 Digest of Building 7');
  expect(digest).toContain('1 need done by 1 helper');
  expect(digest).toContain('🗳 Vote #1 Gate?');
  expect(digest).toContain('turnout 0 of 2');
  expect(digest).toContain('🛒 Group buy #1 Eggs');
  expect(digest).toContain('0 of 2 households got it');
  expect(digest).toContain('💡 Keep two weeks of medicine at home.');
  // the next digest rotates the guidance and counts from this one
  t.clock.advance(86_400_000);
  t.app.scheduler.tick();
  await t.app.outbox.idle();
  const next = t.tg
    .botMessages(b7)
    .filter((m) => m.text?.startsWith('📋'))
    .at(-1)!.text!;
  expect(next).toContain('no need finished yet');
  expect(next).toContain('💡 Check on neighbours living alone.');
});

it("follows the alert level in the digest's guidance, up and then down to recovery", async () => {
  t = await startTestBot({
    config: testConfigInput({
      education: {
        none: ['Keep two weeks of medicine at home.'],
        red: ['Stay inside; testing comes to your door.'],
        recovery: ['Feeling anxious after the lockdown is normal; talk to someone.'],
      },
    }),
  });
  const guidance = async () => {
    await t.send(b7, world.alice.id, '/digest');
    return t.tg
      .botMessages(b7)
      .filter((m) => m.text?.startsWith('📋'))
      .at(-1)!.text!;
  };
  expect(await guidance()).toContain('💡 Keep two weeks of medicine');
  await t.send(world.admin.id, world.admin.id, '/alert red Lockdown from 18:00');
  expect(await guidance()).toContain('💡 Stay inside');
  await t.send(world.admin.id, world.admin.id, '/alert blue Lockdown lifted');
  expect(await guidance()).toContain('💡 Feeling anxious after the lockdown');
});

it('shows alerts as alerts, and only the three latest unacknowledged notices with a count of the older', async () => {
  t = await startTestBot();
  await t.send(b7, world.alice.id, '/home 1502');
  for (const day of ['Monday', 'Tuesday', 'Wednesday', 'Thursday'])
    await t.send(b7, world.admin.id, `/notice Water off on ${day}`);
  await t.send(world.admin.id, world.admin.id, '/alert red Stay inside');
  await t.send(b7, world.alice.id, '/digest');
  const lines = t.tg.lastBotMessage(b7)!.text!.split('\n');
  expect(lines.filter((l) => /^(📢|🔴|🔵|🟡|🟠) /.test(l))).toEqual([
    '🔴 Red alert #5 Stay inside — 0 of 1 households got it',
    '📢 Notice #4 Water off on Thursday — 0 of 1 households got it',
    '📢 Notice #3 Water off on Wednesday — 0 of 1 households got it',
  ]);
  expect(lines).toContain('… and 2 older notices not yet acknowledged by every household');
});

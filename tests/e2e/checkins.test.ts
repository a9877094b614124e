import { afterEach, expect, it } from 'vitest';
import { checkinAnswers } from '../../src/db/schema.ts';
import { startTestBot, type TestBot, testConfigInput, world } from './harness.ts';

const b7 = world.b7.chatId;
let t: TestBot;
afterEach(async () => {
  await t?.close();
});

it('asks opted-in households every morning and tells the volunteers once which units did not answer', async () => {
  t = await startTestBot({
    config: testConfigInput({
      buildings: [
        { ...world.b3, language: 'zh' },
        { ...world.b7, language: 'en', checkins: ['1502'] },
      ],
      checkin: { at: '09:00', deadline: '12:00' },
    }),
    startAt: '2026-04-01T08:00:00+08:00',
  });
  await t.send(world.alice.id, world.alice.id, '/start');
  await t.send(b7, world.alice.id, '/home 1502');
  await t.send(b7, world.bob.id, '/home 301');
  await t.send(b7, world.bob.id, '/checkin on');
  expect(t.tg.lastBotMessage(b7)!.text).toContain('daily "I\'m OK" button');
  await t.send(world.carol.id, world.carol.id, '/start');
  await t.send(b7, world.carol.id, '/volunteer');
  await t.send(b7, world.bob.id, '/checkin maybe');
  expect(t.tg.lastBotMessage(b7)!.text).toContain('Usage: /checkin on');

  t.clock.set(Date.parse('2026-04-01T09:00:00+08:00'));
  t.app.scheduler.tick();
  await t.app.outbox.idle();
  const dm = t.tg.lastBotMessage(world.alice.id)!;
  expect(dm.text).toContain('unit 1502');
  // Bob never opened a DM with the bot: he is asked in the group
  const inGroup = t.tg.lastBotMessage(b7)!;
  expect(inGroup.text).toContain('unit 301');

  expect(await t.press(world.alice.id, dm.message_id, world.alice.id, "I'm OK")).toContain('Thank you');
  // someone else cannot answer for Bob's household
  expect(await t.press(b7, inGroup.message_id, world.alice.id, "I'm OK")).toContain('another household');
  expect(t.app.database.db.select().from(checkinAnswers).all()).toHaveLength(1);

  t.clock.set(Date.parse('2026-04-01T12:00:00+08:00'));
  t.app.scheduler.tick();
  t.app.scheduler.tick();
  await t.app.outbox.idle();
  const reports = t.tg.botMessages(world.carol.id).filter((m) => m.text?.includes('did not answer'));
  expect(reports).toHaveLength(1);
  expect(reports[0]!.text).toContain(': 301.');
  expect(reports[0]!.text).not.toContain('1502');
});

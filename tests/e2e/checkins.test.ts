import { afterEach, expect, it } from 'vitest';
import { checkinAnswers } from '../../src/db/schema.ts';
import { startTestBot, type TestBot, testConfigInput, world } from './harness.ts';

const b7 = world.b7.chatId;
let t: TestBot;
afterEach(async () => {
  await t?.close();
});

async function startWithCheckins(): Promise<void> {
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
}

it('asks opted-in households by DM every morning and tells the volunteers once who did not answer and whom to knock on', async () => {
  await startWithCheckins();
  await t.send(world.alice.id, world.alice.id, '/start');
  await t.send(b7, world.alice.id, '/home 1502');
  await t.send(b7, world.bob.id, '/home 301');
  await t.send(b7, world.bob.id, '/checkin on');
  // Bob never opened a DM: he is told how, and the group learns nothing of his unit
  const answer = t.tg.lastBotMessage(b7)!.text ?? '';
  expect(answer).toContain('open a private chat with me');
  expect(answer).toContain('?start=checkin');
  expect(answer).not.toContain('301');
  await t.send(world.carol.id, world.carol.id, '/start');
  await t.send(b7, world.carol.id, '/volunteer');
  await t.send(b7, world.bob.id, '/checkin maybe');
  expect(t.tg.lastBotMessage(b7)!.text).toContain('Usage: /checkin on');
  const groupBefore = t.tg.botMessages(b7).length;

  t.clock.set(Date.parse('2026-04-01T09:00:00+08:00'));
  t.app.scheduler.tick();
  await t.app.outbox.idle();
  const dm = t.tg.lastBotMessage(world.alice.id)!;
  expect(dm.text).toContain('1502');
  // nothing is posted in the group: it would tell the neighbours who lives alone
  expect(t.tg.botMessages(b7)).toHaveLength(groupBefore);

  t.clock.set(Date.parse('2026-04-01T09:12:00+08:00'));
  expect(await t.press(world.alice.id, dm.message_id, world.alice.id, "I'm OK")).toContain('Thank you');
  await t.app.outbox.idle();
  // the message itself says the answer arrived, and when
  const answered = t.tg.botMessages(world.alice.id).find((m) => m.message_id === dm.message_id)!;
  expect(answered.text).toContain('Received at 09:12');
  expect(answered.reply_markup).toBeUndefined();
  expect(t.app.database.db.select().from(checkinAnswers).all()).toHaveLength(1);

  t.clock.set(Date.parse('2026-04-01T12:00:00+08:00'));
  t.app.scheduler.tick();
  t.app.scheduler.tick();
  await t.app.outbox.idle();
  const reports = t.tg.botMessages(world.carol.id).filter((m) => m.text?.includes('knock'));
  expect(reports).toHaveLength(1);
  expect(reports[0]!.text).toContain('To knock on today');
  expect(reports[0]!.text).toContain('301');
  expect(reports[0]!.text).not.toContain('1502');
  // still nothing in the group
  expect(t.tg.botMessages(b7)).toHaveLength(groupBefore);
});

it("refuses an answer for another household's check-in", async () => {
  await startWithCheckins();
  for (const resident of [world.alice, world.bob]) await t.send(resident.id, resident.id, '/start');
  await t.send(b7, world.alice.id, '/home 1502');
  await t.send(b7, world.bob.id, '/home 301');
  await t.send(world.bob.id, world.bob.id, '/checkin on');
  expect(t.tg.lastBotMessage(world.bob.id)!.text).toContain('Building 7 301');
  t.clock.set(Date.parse('2026-04-01T09:00:00+08:00'));
  t.app.scheduler.tick();
  await t.app.outbox.idle();
  const bobs = t.tg.lastBotMessage(world.bob.id)!;
  expect(await t.press(world.bob.id, bobs.message_id, world.alice.id, "I'm OK")).toContain('another household');
  expect(t.app.database.db.select().from(checkinAnswers).all()).toHaveLength(0);
});

import { afterEach, expect, it } from 'vitest';
import { ballots, needs } from '../../src/db/schema.ts';
import { startTestBot, type TestBot, world } from './harness.ts';

// What a hostile pass broke (issue "Hardening"); each test failed on the bot as it was.
const b7 = world.b7.chatId;
let t: TestBot;
afterEach(async () => {
  await t?.close();
});

it("refuses presses from someone who is not a member of the building's group, changing nothing", async () => {
  t = await startTestBot();
  const stranger = { id: 4040, first_name: 'Stranger', language_code: 'en' };
  t.tg.addUser(stranger);
  await t.send(b7, world.alice.id, '/need bread please');
  const card = t.tg.lastBotMessage(b7)!;
  expect(await t.press(b7, card.message_id, stranger.id, "🙋 I'll help")).toContain('Only members');
  expect(t.app.database.db.select().from(needs).get()).toMatchObject({ status: 'open', claimedBy: null });
  await t.send(b7, world.alice.id, '/vote Lunch? | Noodles | Rice');
  const vote = t.tg.lastBotMessage(b7)!;
  expect(await t.press(b7, vote.message_id, stranger.id, '1. Noodles')).toContain('Only members');
  expect(t.app.database.db.select().from(ballots).all()).toHaveLength(0);
  // a member's press still works
  expect(await t.press(b7, card.message_id, world.carol.id, "🙋 I'll help")).toContain('#1');
});

it('refuses callback data of another kind pressed on a message, leaving the message as it was', async () => {
  t = await startTestBot();
  await t.send(world.admin.id, world.admin.id, '/alert orange Stay inside tonight');
  const alert = t.tg.botMessages(b7).find((m) => m.text?.includes('Stay inside tonight'))!;
  const before = { text: alert.text, markup: JSON.stringify(alert.reply_markup) };
  expect(await t.press(b7, alert.message_id, world.alice.id, { data: 'v1:needs:page:1' })).toContain('not valid');
  const after = t.tg.botMessages(b7).find((m) => m.message_id === alert.message_id)!;
  expect({ text: after.text, markup: JSON.stringify(after.reply_markup) }).toEqual(before);
});

it("forgets a private need's text everywhere the database holds it once retentionDays have passed", async () => {
  t = await startTestBot();
  await t.send(world.alice.id, world.alice.id, '/start');
  await t.send(world.carol.id, world.carol.id, '/start');
  await t.send(b7, world.alice.id, '/home 1502');
  await t.send(b7, world.carol.id, '/volunteer');
  await t.send(world.alice.id, world.alice.id, '/need SECRET-PILLS for my mother');
  const card = t.tg.botMessages(b7).at(-1)!;
  await t.press(b7, card.message_id, world.carol.id, "🙋 I'll help");
  await t.press(b7, card.message_id, world.carol.id, '✅ Done');
  const everything = () => {
    const { sqlite } = t.app.database;
    const tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{
      name: string;
    }>;
    return tables.map(({ name }) => JSON.stringify(sqlite.prepare(`SELECT * FROM "${name}"`).all())).join('\n');
  };
  expect(everything()).toContain('SECRET-PILLS');
  t.clock.advance(31 * 86_400_000);
  t.app.scheduler.tick();
  await t.app.outbox.idle();
  expect(everything()).not.toContain('SECRET-PILLS');
  // the card is still there to be edited
  expect(everything()).toContain(`need:1:card`);
});

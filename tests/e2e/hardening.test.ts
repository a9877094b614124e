import { eq } from 'drizzle-orm';
import { afterEach, expect, it } from 'vitest';
import { ballots, needs, outbox } from '../../src/db/schema.ts';
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

it('posts a red alert and answers another resident promptly while one account floods the group with commands', {
  timeout: 60_000,
}, async () => {
  // Telegram's real pace for a group: 18 messages a minute, one every 3.3 s
  t = await startTestBot();
  for (let i = 0; i < 300; i++) t.tg.sendText(b7, world.alice.id, i % 2 === 0 ? '/needs' : '/help');
  const started = performance.now();
  t.tg.sendText(world.admin.id, world.admin.id, '/alert red FLOOD-TEST shelter in place');
  await t.tg.waitForBotMessage(b7, (m) => m.text?.includes('FLOOD-TEST') ?? false, 10_000);
  expect(performance.now() - started).toBeLessThan(10_000);
  const asked = performance.now();
  t.tg.sendText(b7, world.bob.id, '/home 301');
  await t.tg.waitForBotMessage(b7, (m) => m.text?.includes('301') ?? false, 15_000);
  expect(performance.now() - asked).toBeLessThan(15_000);
  // the flood itself was cut short, with one notice: 12 answers and the notice were queued, not 300 answers
  await t.handled(t.tg.sendText(b7, world.carol.id, '/help').update_id, 30_000);
  const queued = t.app.database.db.select().from(outbox).where(eq(outbox.chatId, b7)).all();
  const forAlice = queued.filter((r) => r.forUser === world.alice.id).map((r) => String(r.payload.text));
  expect(forAlice).toHaveLength(13);
  expect(forAlice.filter((text) => text.includes('more than 12 commands a minute'))).toHaveLength(1);
});

it('tells the admin who sent an alert which building it could not reach, and why', async () => {
  t = await startTestBot();
  await t.send(world.admin.id, world.admin.id, '/start');
  // the bot was removed from Building 7's group without the bot noticing yet
  t.tg.chat(b7)!.botStatus = 'kicked';
  await t.send(world.admin.id, world.admin.id, '/alert red UNREACHABLE-TEST');
  const told = await t.tg.waitForBotMessage(world.admin.id, (m) => m.text?.includes('could not reach') ?? false);
  expect(told.text).toContain('Building 7');
  expect(told.text).toContain('Alert #1');
});

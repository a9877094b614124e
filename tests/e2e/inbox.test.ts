import { eq } from 'drizzle-orm';
import { afterEach, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open.ts';
import { households, inboxUpdates, processedUpdates } from '../../src/db/schema.ts';
import { storeInbox } from '../../src/db/updates.ts';
import { startTestBot, type TestBot, world } from './harness.ts';

let t: TestBot | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** A `/home` command as Telegram delivers it, for updates that exist only in the bot's inbox. */
function homeCommand(updateId: number, unit: string) {
  const text = `/home ${unit}`;
  return {
    update_id: updateId,
    message: {
      message_id: 9000 + updateId,
      date: 1775001600,
      chat: { id: world.b7.chatId, type: 'supergroup', title: world.b7.name },
      from: { id: world.alice.id, is_bot: false, first_name: world.alice.first_name, language_code: 'en' },
      text,
      entities: [{ type: 'bot_command', offset: 0, length: 5 }],
    },
  };
}

it('handles on the next start an update that was received (and confirmed) but not handled before a crash', async () => {
  t = await startTestBot();
  const dbPath = t.app.database.sqlite.name;
  await t.restart(() => {
    // what a kill between the inbox write and the handler leaves behind: Telegram will not send it again
    const { db, close } = openDatabase(dbPath);
    storeInbox(db, [homeCommand(900_001, '2203')], Date.now());
    close();
  });
  const reply = await t.tg.waitForBotMessage(world.b7.chatId, (m) => m.text?.includes('2203') ?? false);
  expect(reply.text).toContain('Alice');
  const db = t.app.database.db;
  expect(db.select().from(households).where(eq(households.unit, '2203')).all()).toHaveLength(1);
  expect(db.select().from(processedUpdates).where(eq(processedUpdates.updateId, 900_001)).all()).toHaveLength(1);
});

it('gives up an update that failed three times instead of retrying it forever', async () => {
  t = await startTestBot();
  const dbPath = t.app.database.sqlite.name;
  // a sender without a first name breaks a NOT NULL constraint: the handler throws every time
  const command = homeCommand(900_002, '1502');
  const poison = { ...command, message: { ...command.message, from: { id: 7, is_bot: false } } };
  for (let attempt = 1; attempt <= 4; attempt++) {
    await t.restart(() => {
      if (attempt > 1) return;
      const { db, close } = openDatabase(dbPath);
      storeInbox(db, [poison as unknown as { update_id: number } & Record<string, unknown>], Date.now());
      close();
    });
  }
  const row = t.app.database.db.select().from(inboxUpdates).where(eq(inboxUpdates.updateId, 900_002)).get();
  expect(row?.attempts).toBe(3);
  expect(t.logs.some((l) => /failed 3 times/.test(l.msg))).toBe(true);
});

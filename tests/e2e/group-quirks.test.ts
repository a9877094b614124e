import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { auditLog, buildings, chats, users } from '../../src/db/schema.ts';
import { startTestBot, type TestBot, testConfigInput, world } from './harness.ts';

let t: TestBot | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** The bot with Building 7 in a basic group (not yet a supergroup) of that id. */
function startWithBasicGroup(basicGroupId: number): Promise<TestBot> {
  return startTestBot({
    config: testConfigInput({
      buildings: [
        { ...world.b3, language: 'zh' },
        { ...world.b7, chatId: basicGroupId, language: 'en' },
      ],
    }),
    prepare: (tg) => tg.addChat({ id: basicGroupId, type: 'group', title: 'Building 7' }),
  });
}

describe('a group upgraded to a supergroup', () => {
  const basicGroupId = -7007;
  const supergroupId = -1007007007007;

  it('keeps serving the building under the new id at once, records it and tells the admins to update the config', async () => {
    t = await startWithBasicGroup(basicGroupId);
    const tg = t.tg;
    tg.setMember(basicGroupId, world.admin.id, 'creator');
    const [inOld, inNew] = tg.migrateToSupergroup(basicGroupId, supergroupId, world.admin.id);
    await t.handled(inOld!.update_id);
    await t.handled(inNew!.update_id);

    const notices = tg.botMessages(supergroupId).map((m) => m.text ?? '');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain(String(supergroupId));
    expect(notices[0]).toContain('"b7"');

    const db = t.app.database.db;
    expect(db.select().from(buildings).where(eq(buildings.id, 'b7')).get()?.chatId).toBe(supergroupId);
    expect(db.select().from(auditLog).where(eq(auditLog.action, 'building.migrate')).all()).toHaveLength(1);
    expect(db.select().from(chats).where(eq(chats.id, basicGroupId)).get()?.botStatus).toBe('migrated');

    tg.sendText(supergroupId, world.alice.id, '/home 1502');
    const reply = await tg.waitForBotMessage(supergroupId, (m) => m.text?.includes('1502') ?? false);
    expect(reply.text).toContain('Building 7');
  });
});

describe('a forum group', () => {
  it('answers in the topic the command came from', async () => {
    t = await startTestBot({
      prepare: (tg) => tg.addChat({ id: world.b7.chatId, type: 'supergroup', title: 'Building 7', is_forum: true }),
    });
    t.tg.sendText(world.b7.chatId, world.alice.id, '/home 1502', { message_thread_id: 42 });
    const reply = await t.tg.waitForBotMessage(world.b7.chatId);
    expect(reply.message_thread_id).toBe(42);
  });
});

describe('the bot removed or blocked', () => {
  it('records being removed from a group and being blocked by a user', async () => {
    t = await startTestBot();
    await t.handled(t.tg.removeBotFromGroup(world.b7.chatId, world.admin.id).update_id);
    await t.handled(t.tg.sendText(world.alice.id, world.alice.id, '/start').update_id);
    await t.handled(t.tg.blockBot(world.alice.id).update_id);
    const db = t.app.database.db;
    expect(db.select().from(chats).where(eq(chats.id, world.b7.chatId)).get()?.botStatus).toBe('kicked');
    expect(db.select().from(users).where(eq(users.id, world.alice.id)).get()?.blockedAt).toBe(t.clock.now());
  });

  it('greets a declared building when added to its group', async () => {
    t = await startTestBot();
    await t.handled(t.tg.removeBotFromGroup(world.b7.chatId, world.admin.id).update_id);
    t.tg.addBotToGroup(world.b7.chatId, world.admin.id);
    const greeting = await t.tg.waitForBotMessage(world.b7.chatId);
    expect(greeting.text).toContain('/home');
  });
});

describe('a card left in a group that became a supergroup', () => {
  const basicGroupId = -7008;
  const supergroupId = -1007008007008;

  it('is posted anew in the supergroup when it changes, without the sender looping on the old chat', async () => {
    t = await startWithBasicGroup(basicGroupId);
    const tg = t.tg;
    for (const user of [world.admin, world.alice, world.carol]) tg.setMember(basicGroupId, user.id, 'member');
    await t.send(basicGroupId, world.alice.id, '/need bread please');
    const card = tg.lastBotMessage(basicGroupId)!;
    await t.press(basicGroupId, card.message_id, world.carol.id, "🙋 I'll help");
    const [inOld, inNew] = tg.migrateToSupergroup(basicGroupId, supergroupId, world.admin.id);
    await t.handled(inOld!.update_id);
    await t.handled(inNew!.update_id);
    const from = tg.calls.length;
    // the claim lapses: the card must change, but it stayed behind in the old chat
    t.clock.advance(13 * 3600_000);
    t.app.scheduler.tick();
    await t.app.outbox.idle();
    const edits = tg.calls.slice(from).filter((c) => c.method === 'editMessageText');
    expect(edits.length).toBeLessThanOrEqual(1);
    const shown = tg.botMessages(supergroupId).map((m) => m.text ?? '');
    expect(shown.some((text) => text.includes('Need #1') && text.includes('lapsed'))).toBe(true);
    const pending = t.app.database.sqlite.prepare("SELECT count(*) AS n FROM outbox WHERE status = 'pending'").get();
    expect(pending).toEqual({ n: 0 });
  });
});

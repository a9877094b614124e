import { afterEach, describe, expect, it } from 'vitest';
import { statusBoards } from '../../src/db/schema.ts';
import type { ChatMessage } from '../../src/local-bot-api/index.ts';
import { startTestBot, type TestBot, testConfigInput, world } from './harness.ts';

const b7 = world.b7.chatId;
const b3 = world.b3.chatId;
let t: TestBot;
afterEach(async () => {
  await t?.close();
});

/**
 * The test world with a scheduled notice for Building 7, and the sender's pace and flood control lifted: a burst of a
 * hundred changes must not wait for Telegram's per-group limit in real time (the board's own limit is what is tested).
 */
function boardConfig(): Record<string, unknown> {
  return testConfigInput({
    notices: [{ cron: '0 18 * * *', buildings: ['b7'], text: 'Vegetable delivery at the north gate' }],
    outbox: { editIntervalSeconds: 0, perSecond: 100_000, perGroupPerMinute: 100_000 },
    floodControl: { commandsPerMinute: 1000 },
  });
}

const isBoard = (m: ChatMessage) => m.text?.startsWith('📋 Status board') ?? false;

/** The board messages in Building 7's group, as they show now. */
function boards(): ChatMessage[] {
  return t.tg.botMessages(b7).filter(isBoard);
}

/** The text the board message `id` shows now. */
function shown(id: number): string {
  return t.tg.messages(b7).find((m) => m.message_id === id)?.text ?? '';
}

/** The edits Telegram took of the message `id`. */
function editsOf(id: number): number {
  return t.tg.calls.filter(
    (c) => c.method === 'editMessageText' && c.status === 200 && Number(c.params.message_id) === id,
  ).length;
}

/** A minute later by the bot's clock: the scheduler's tick has run and what it queued is sent. */
async function aMinuteLater(): Promise<void> {
  t.clock.advance(60_000);
  t.app.scheduler.tick();
  await t.app.outbox.idle();
}

async function postBoard(): Promise<ChatMessage> {
  await t.send(b7, world.admin.id, '/board');
  const [board] = boards();
  if (!board) throw new Error('no board was posted');
  return board;
}

describe('the status board', () => {
  it('is one pinned message that needs, a vote result, a notice and an alert change by edits', async () => {
    t = await startTestBot({ config: boardConfig() });
    t.tg.setMember(b7, t.tg.botInfo.id, 'administrator');
    const board = await postBoard();
    expect(t.tg.pinned(b7)).toEqual([board.message_id]);
    expect(board.text).toContain('✅ No alert in force');
    expect(board.text).toContain('• 1 Apr, 18:00 — Vegetable delivery at the north gate');
    expect(board.text).toContain('🙋 No open needs');
    expect(board.text).toContain('🕒 Updated 1 Apr, 08:00');

    await t.send(b7, world.alice.id, '/home 1502');
    await t.send(b7, world.bob.id, '/home 301');
    await t.send(b7, world.alice.id, '/need !! #medicine insulin for my father');
    await t.send(b7, world.bob.id, '/need #food rice');
    await aMinuteLater();
    let text = shown(board.message_id);
    expect(text).toContain('🙋 Open needs: 2 — 🆘 1 urgent · ❗ 0 high · 1 normal');
    expect(text).toContain('By category: #food 1 · #medicine 1');
    // a count, never a need's text, name or unit
    for (const secret of ['insulin', 'rice', 'Alice', '1502']) expect(text).not.toContain(secret);
    expect(text).toContain('🕒 Updated 1 Apr, 08:01');

    await t.send(b7, world.alice.id, '/vote household Open the back gate for deliveries? | Yes | No');
    const card = t.tg.botMessages(b7).find((m) => m.text?.startsWith('🗳 Vote #1'))!;
    await t.press(b7, card.message_id, world.alice.id, 'Yes');
    await t.press(b7, card.message_id, world.bob.id, 'Yes');
    await t.send(b7, world.alice.id, '/endvote 1');
    await aMinuteLater();
    expect(shown(board.message_id)).toContain('🗳 Decided by vote\n• #1 Open the back gate for deliveries? → Yes');

    await t.send(b7, world.admin.id, '/notice Water is off from 14:00 to 16:00 today.');
    const notice = t.tg.botMessages(b7).find((m) => m.text?.startsWith('📢 Notice #1'))!;
    await t.press(b7, notice.message_id, world.bob.id, 'Got it');
    await aMinuteLater();
    expect(shown(board.message_id)).toContain(
      '• 📢 Notice #1 Water is off from 14:00 to 16:00 today. — 1 of 2 households got it (50%)',
    );

    await t.send(world.admin.id, world.admin.id, '/alert red Stay inside: testing order for all residents');
    await aMinuteLater();
    text = shown(board.message_id);
    expect(text).toContain('🔴 Red alert in force');
    expect(text).toContain('📢 Latest notices\n• 🔴 Red alert #2 Stay inside');
    expect(text).toContain('🕒 Updated 1 Apr, 08:04');

    // still the one message, edited in place, and pinned (the alert is pinned after it)
    expect(boards().map((m) => m.message_id)).toEqual([board.message_id]);
    expect(editsOf(board.message_id)).toBe(4);
    expect(t.tg.pinned(b7)[0]).toBe(board.message_id);
    // the other building has no board until its admins post one
    expect(t.tg.botMessages(b3).some((m) => m.text?.includes('公告板'))).toBe(false);
  });

  it('is not edited when nothing it shows changed, and follows time: the next scheduled notice moves on', async () => {
    t = await startTestBot({ config: boardConfig() });
    t.tg.setMember(b7, t.tg.botInfo.id, 'administrator');
    const board = await postBoard();
    await t.send(b7, world.alice.id, '/home 1502');
    await aMinuteLater();
    await aMinuteLater();
    expect(editsOf(board.message_id)).toBe(0);

    // 18:00: the scheduled notice is posted, and the board shows tomorrow's and the notice itself
    t.clock.set(Date.parse('2026-04-01T18:00:30+08:00'));
    t.app.scheduler.tick();
    await t.app.outbox.idle();
    const text = shown(board.message_id);
    expect(text).toContain('• 2 Apr, 18:00 — Vegetable delivery at the north gate');
    expect(text).toContain('• 📢 Notice #1 Vegetable delivery at the north gate — 0 of 1 households got it (0%)');
    expect(editsOf(board.message_id)).toBe(1);
  });

  it('is edited at most once a minute under a burst of a hundred changes, and then shows the last state', async () => {
    t = await startTestBot({ config: boardConfig() });
    t.tg.setMember(b7, t.tg.botInfo.id, 'administrator');
    const board = await postBoard();
    const postedAt = t.clock.now();
    const editedAt: number[] = [];
    const people = [world.alice, world.bob, world.carol, world.admin];
    for (let i = 1; i <= 100; i++) {
      // a change every 2.9 s of the bot's clock, the scheduler ticking after each: 290 s of a busy building
      t.clock.advance(2_900);
      await t.send(b7, people[i % people.length]!.id, `/need #food box ${i}`);
      t.app.scheduler.tick();
      await t.app.outbox.idle();
      while (editedAt.length < editsOf(board.message_id)) editedAt.push(t.clock.now());
    }
    // at 60.9 s, 121.8 s, 182.7 s and 243.6 s: the first tick a minute after the board last changed
    expect(editedAt.map((at) => at - postedAt)).toEqual([60_900, 121_800, 182_700, 243_600]);
    const gaps = [postedAt, ...editedAt].slice(1).map((at, i) => at - [postedAt, ...editedAt][i]!);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(60_000);
    // the last changes show once their minute has come
    expect(shown(board.message_id)).toContain('🙋 Open needs: 84 ');
    await aMinuteLater();
    expect(shown(board.message_id)).toContain('🙋 Open needs: 100 — 🆘 0 urgent · ❗ 0 high · 100 normal');
    expect(editsOf(board.message_id)).toBe(editedAt.length + 1);
    expect(boards()).toHaveLength(1);
  });

  it('is re-posted and re-pinned by /board: edits go to the new message, the old one is left as it was', async () => {
    t = await startTestBot({ config: boardConfig() });
    t.tg.setMember(b7, t.tg.botInfo.id, 'administrator');
    const first = await postBoard();
    await aMinuteLater();
    await t.send(b7, world.admin.id, '/board');
    const second = boards().at(-1)!;
    expect(second.message_id).not.toBe(first.message_id);
    expect(t.tg.pinned(b7)).toEqual([first.message_id, second.message_id]);
    await t.send(b7, world.alice.id, '/need #food rice');
    await aMinuteLater();
    expect(shown(second.message_id)).toContain('Open needs: 1');
    expect(shown(first.message_id)).toContain('No open needs');
    expect(editsOf(first.message_id)).toBe(0);
  });

  it('is refused to a resident who is not an admin, and nothing is posted', async () => {
    t = await startTestBot({ config: boardConfig() });
    t.tg.setMember(b7, t.tg.botInfo.id, 'administrator');
    await t.send(b7, world.bob.id, '/board');
    expect(t.tg.lastBotMessage(b7)?.text).toBe('Only admins can post the status board.');
    expect(boards()).toEqual([]);
    expect(t.tg.calls.some((c) => c.method === 'pinChatMessage')).toBe(false);
    expect(t.app.database.db.select().from(statusBoards).all()).toEqual([]);
  });

  it('tells the group once when the bot may not pin it, and is kept current anyway', async () => {
    // the bot is a plain member of the group: Telegram refuses its pins
    t = await startTestBot({ config: boardConfig() });
    const board = await postBoard();
    expect(t.tg.pinned(b7)).toEqual([]);
    const refusals = () => t.tg.botMessages(b7).filter((m) => m.text?.includes('may not pin the status board'));
    expect(refusals()).toHaveLength(1);
    expect(refusals()[0]!.text).toContain('/board');

    await t.send(b7, world.alice.id, '/need #food rice');
    await aMinuteLater();
    await t.send(b7, world.bob.id, '/need #medicine aspirin');
    await aMinuteLater();
    expect(shown(board.message_id)).toContain('Open needs: 2');
    expect(editsOf(board.message_id)).toBe(2);
    expect(refusals()).toHaveLength(1);
    expect(t.app.database.db.select().from(statusBoards).get()?.pinRefusedAt).toBe(t.clock.now() - 120_000);

    // an admin gives the bot the right and posts it again: pinned now, and nobody is told anything more
    t.tg.setMember(b7, t.tg.botInfo.id, 'administrator');
    await t.send(b7, world.admin.id, '/board');
    expect(t.tg.pinned(b7)).toEqual([boards().at(-1)!.message_id]);
    expect(refusals()).toHaveLength(1);
  });

  it('is in the building’s language', async () => {
    t = await startTestBot({ config: boardConfig() });
    t.tg.setMember(b3, t.tg.botInfo.id, 'administrator');
    await t.send(b3, world.admin.id, '/board');
    const board = t.tg.lastBotMessage(b3)!;
    expect(board.text).toContain('📋「3号楼」公告板');
    expect(board.text).toContain('✅ 当前没有预警');
    expect(t.tg.pinned(b3)).toEqual([board.message_id]);
  });
});

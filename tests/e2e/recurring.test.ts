import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { auditLog, events, needs } from '../../src/db/schema.ts';
import type { ChatMessage } from '../../src/local-bot-api/index.ts';
import { startTestBot, type TestBot, testConfigInput, world } from './harness.ts';

// SPEC §2.11: `/need every week …` opens again on its rhythm after it is done; `/stop` ends it
const b7 = world.b7.chatId;
const b3 = world.b3.chatId;
const volunteersChat = -1001000000107;
const { alice, bob, carol } = world;
const at = (local: string) => Date.parse(`${local}+08:00`);

let t: TestBot;
afterEach(async () => {
  await t?.close();
});

async function start(): Promise<void> {
  t = await startTestBot({
    config: testConfigInput({
      language: 'en',
      buildings: [
        { ...world.b3, language: 'zh' },
        { ...world.b7, language: 'en', volunteersChatId: volunteersChat },
      ],
    }),
    prepare: (tg) => tg.addChat({ id: volunteersChat, type: 'supergroup', title: 'Volunteers of 7' }),
  });
  for (const u of [alice, bob, carol]) await t.send(u.id, u.id, '/start');
}

async function tick(local: string): Promise<void> {
  t.clock.set(at(local));
  t.app.scheduler.tick();
  await t.app.outbox.idle();
}

const rows = () => t.app.database.db.select().from(needs).orderBy(needs.id).all();
const needRow = (id: number) => t.app.database.db.select().from(needs).where(eq(needs.id, id)).get();

/** The latest card of a need in a group (edits included). */
function card(chatId: number, needId: number): ChatMessage {
  const posted = t.tg
    .botMessages(chatId)
    .filter((m) => new RegExp(`need #${needId} ·`, 'i').test(m.text ?? ''))
    .at(-1);
  if (!posted) throw new Error(`no card of need ${needId}`);
  return t.tg.messages(chatId).find((m) => m.message_id === posted.message_id)!;
}

/** Claims and finishes a need on its card: Carol helps, the asker marks it done. */
async function claimAndFinish(needId: number, asker: number = alice.id): Promise<void> {
  await t.press(b7, card(b7, needId).message_id, carol.id, "I'll help");
  await t.press(b7, card(b7, needId).message_id, asker, 'Done');
}

describe('a weekly need', () => {
  it('opens again a week after each time it is done, across three weeks and a restart, until /stop', async () => {
    await start();
    await t.send(b7, alice.id, '/home 1502');
    // Wednesday 1 April, 08:00
    await t.send(b7, alice.id, '/need every week #medicine insulin for my father');
    let first = card(b7, 1);
    expect(first.text).toContain('insulin for my father');
    expect(first.text).toContain('🔁 Repeats every week · next from 8 Apr, 08:00, once this one is done');
    expect(needRow(1)).toMatchObject({ repeat: 'week', seriesId: null, nextAt: null });

    // week 1: done on Thursday evening → the next one opens Thursday 9 April, 08:00
    await tick('2026-04-02T20:00:00');
    await claimAndFinish(1);
    first = card(b7, 1);
    expect(first.text).toContain('Status: done');
    expect(first.text).toContain('the next one opens 9 Apr, 08:00');
    expect(needRow(1)!.nextAt).toBe(at('2026-04-09T08:00:00'));

    await tick('2026-04-09T07:59:00');
    expect(rows()).toHaveLength(1);
    await tick('2026-04-09T08:00:00');
    await tick('2026-04-09T08:00:30');
    expect(rows()).toHaveLength(2);
    expect(needRow(2)).toMatchObject({
      status: 'open',
      repeat: 'week',
      seriesId: 1,
      requesterId: alice.id,
      unit: '1502',
      text: 'insulin for my father',
      category: 'medicine',
      createdAt: at('2026-04-09T08:00:00'),
    });
    expect(needRow(1)!.nextAt).toBeNull();
    expect(card(b7, 2).text).toContain('Status: open');
    expect(t.tg.lastBotMessage(alice.id)!.text).toContain('open again as #2 (after #1)');

    // week 2: done the same morning → Thursday 16 April; the bot is down from before then until Monday 20 April
    await tick('2026-04-09T09:00:00');
    await claimAndFinish(2);
    expect(needRow(2)!.nextAt).toBe(at('2026-04-16T08:00:00'));
    await t.restart(() => t.clock.set(at('2026-04-20T10:00:00')));
    await t.app.outbox.idle();
    // due while the bot was down: opened once, on start
    expect(rows()).toHaveLength(3);
    expect(needRow(3)).toMatchObject({ status: 'open', seriesId: 1, createdAt: at('2026-04-20T10:00:00') });
    await tick('2026-04-20T10:01:00');
    await tick('2026-04-21T10:00:00');
    expect(rows()).toHaveLength(3);

    // week 3: done on Tuesday 21 April → next Tuesday 28 April; /stop by a neighbour is refused, by the asker ends it
    await claimAndFinish(3);
    expect(needRow(3)!.nextAt).toBe(at('2026-04-28T08:00:00'));
    await t.send(b7, bob.id, '/stop 1');
    expect(t.tg.lastBotMessage(b7)!.text).toContain('Only the asker');
    expect(needRow(3)!.nextAt).toBe(at('2026-04-28T08:00:00'));
    await t.send(alice.id, alice.id, '/stop 1');
    expect(t.tg.lastBotMessage(alice.id)!.text).toContain('Need #3 no longer repeats (every week)');
    expect(needRow(3)).toMatchObject({ repeat: null, nextAt: null });
    await tick('2026-04-28T08:00:00');
    expect(rows()).toHaveLength(3);

    // history stays honest: each week its own need, claim and done; the bot opened #2 and #3
    const audit = t.app.database.db
      .select()
      .from(auditLog)
      .all()
      .filter((a) => a.subject.startsWith('need:'))
      .map((a) => `${a.action} ${a.subject} ${a.actor ?? 'bot'}`);
    expect(audit.filter((a) => a.startsWith('need.reopen'))).toEqual([
      'need.reopen need:2 bot',
      'need.reopen need:3 bot',
    ]);
    expect(audit.filter((a) => a.startsWith('need.done'))).toHaveLength(3);
    expect(audit).toContain(`need.stop need:3 ${alice.id}`);
    const created = t.app.database.db
      .select()
      .from(events)
      .all()
      .filter((e) => e.type === 'need.created');
    expect(created.map((e) => e.subject)).toEqual(['1', '2', '3']);
  });

  it('reads 每周 in a Chinese building, shows the rhythm in Chinese, and lists the waiting need in /mine', async () => {
    await start();
    await t.send(b3, bob.id, '/home 301');
    await t.send(b3, bob.id, '/need 每周一,周四 #药 胰岛素');
    const posted = t.tg.botMessages(b3).find((m) => m.text?.includes('胰岛素'))!;
    expect(posted.text).toContain('🔁 重复：每周一、周四');
    expect(needRow(1)!.repeat).toBe('mon,thu');
    await t.press(b3, posted.message_id, carol.id, '我来帮忙');
    await t.press(b3, posted.message_id, bob.id, '完成');
    // done on Wednesday 1 April → Thursday 2 April
    expect(needRow(1)!.nextAt).toBe(at('2026-04-02T08:00:00'));
    await t.send(bob.id, bob.id, '/mine');
    expect(t.tg.lastBotMessage(bob.id)!.text).toMatch(/#1 #药 每周一、周四，下次 4月2日 08:00/);
  });

  it('opens a private recurring need again with its details to the volunteers only', async () => {
    await start();
    await t.send(b7, alice.id, '/home 1502');
    await t.send(alice.id, alice.id, '/need every 3d #medicine insulin SECRET-42');
    const groupCard = card(b7, 1);
    expect(groupCard.text).toContain('Private');
    expect(groupCard.text).toContain('Repeats every 3 days');
    await t.press(volunteersChat, t.tg.lastBotMessage(volunteersChat)!.message_id, carol.id, "I'll help");
    await t.press(b7, groupCard.message_id, alice.id, 'Done');
    await tick('2026-04-04T08:00:00');
    expect(needRow(2)).toMatchObject({ status: 'open', private: true, text: 'insulin SECRET-42' });
    expect(t.tg.lastBotMessage(volunteersChat)!.text).toContain('SECRET-42');
    expect(
      t.tg
        .messages(b7)
        .map((m) => m.text ?? '')
        .join('\n'),
    ).not.toContain('SECRET-42');
    expect(card(b7, 2).text).toContain('Private');
  });

  it('refuses an unreadable rhythm with the usage and changes nothing; /stop of a one-off need says so', async () => {
    await start();
    await t.send(b7, alice.id, '/need every morning walk the dog');
    expect(t.tg.lastBotMessage(b7)!.text).toContain('Usage: /need every week');
    await t.send(b7, alice.id, '/need every 60d bread');
    expect(t.tg.lastBotMessage(b7)!.text).toContain('every 1 to 28 days');
    expect(rows()).toEqual([]);
    await t.send(b7, alice.id, '/need #food bread');
    await t.send(b7, alice.id, '/stop 1');
    expect(t.tg.lastBotMessage(b7)!.text).toContain('does not repeat');
    await t.send(b7, alice.id, '/stop');
    expect(t.tg.lastBotMessage(b7)!.text).toContain('Usage: /stop');
    await t.send(b3, alice.id, '/stop 1');
    expect(t.tg.lastBotMessage(b3)!.text).toContain('不存在');
  });
});

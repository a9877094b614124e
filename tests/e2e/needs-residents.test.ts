import { afterEach, describe, expect, it } from 'vitest';
import { buildExport } from '../../src/features/export/export.store.ts';
import { buttonTexts, type ChatMessage } from '../../src/local-bot-api/index.ts';
import { startTestBot, type TestBot, testConfigInput, world } from './harness.ts';

// What residents met on a lockdown morning (issue "As residents met it", items 1, 3, 4, 5): each test here failed
// on the bot as it was.
const volunteersChat = -1001000000103;
const b3 = world.b3.chatId;
const b7 = world.b7.chatId;

let t: TestBot;
afterEach(async () => {
  await t?.close();
});

async function start(): Promise<void> {
  t = await startTestBot({
    config: testConfigInput({
      buildings: [
        { ...world.b3, language: 'zh', volunteersChatId: volunteersChat, digest: '30 19 * * *' },
        { ...world.b7, language: 'en' },
      ],
    }),
    prepare: (tg) => tg.addChat({ id: volunteersChat, type: 'supergroup', title: 'Volunteers of 3' }),
  });
}

function texts(chatId: number): string {
  return t.tg
    .messages(chatId)
    .map((m) => m.text ?? '')
    .join('\n');
}

function lastWith(chatId: number, fragment: string): ChatMessage {
  const found = t.tg
    .botMessages(chatId)
    .filter((m) => m.text?.includes(fragment))
    .at(-1);
  if (!found) throw new Error(`no message with ${fragment} in ${chatId}:\n${texts(chatId)}`);
  return found;
}

describe('a private need', () => {
  it("never shows its text, its asker's name or unit in the group, the digest, the export or a log line", async () => {
    await start();
    await t.send(b3, world.bob.id, '/home 1502');
    const before = t.tg.messages(b3).length;
    await t.send(world.bob.id, world.bob.id, '/need !! #药 抗抑郁药 SECRET-TEXT');
    await t.send(b3, world.alice.id, '/needs');
    await t.send(b3, world.alice.id, '/digest');
    t.clock.set(Date.parse('2026-04-01T19:30:00+08:00'));
    t.app.scheduler.tick();
    await t.app.outbox.idle();
    const group = t.tg
      .messages(b3)
      .slice(before)
      .map((m) => m.text ?? '')
      .join('\n');
    expect(group).toContain('私密');
    expect(group).toContain('每日汇总');
    for (const secret of ['SECRET-TEXT', '王', '波', '1502']) expect(group).not.toContain(secret);
    const logs = t.logs.map((line) => JSON.stringify(line)).join('\n');
    for (const secret of ['SECRET-TEXT', '1502']) expect(logs).not.toContain(secret);
    const exported = buildExport(t.app.database.db, { timezone: 'Asia/Shanghai', now: t.clock.now() });
    expect(exported.needs[0]).toMatchObject({ private: true, text: null, requester: null, unit: null });
  });

  it("reaches the volunteers' chat with a claim button that claims it there, without a DM first", async () => {
    await start();
    await t.send(b3, world.bob.id, '/home 1502');
    await t.send(world.bob.id, world.bob.id, '/need #药 SECRET-TEXT');
    const forVolunteers = lastWith(volunteersChat, 'SECRET-TEXT');
    expect(buttonTexts(forVolunteers)).toEqual(['🙋 我来帮忙']);
    // Carol never opened a DM with the bot; she read the details in the volunteers' chat
    t.tg.setMember(volunteersChat, world.carol.id, 'member');
    expect(await t.press(volunteersChat, forVolunteers.message_id, world.carol.id, '🙋 我来帮忙')).toContain('#1');
    expect(lastWith(b3, '#1').text).toContain('Carol');
    // the same data forged on a message of another building's group is refused
    await t.send(b7, world.alice.id, '/help');
    const elsewhere = t.tg.lastBotMessage(b7)!;
    expect(await t.press(b7, elsewhere.message_id, world.alice.id, { data: 'v1:need:done:1' })).toContain(
      "another building's group",
    );
  });
});

describe('a need that waits', () => {
  it('is raised again with its text, its unit and a claim button that claims it', async () => {
    await start();
    await t.send(b7, world.alice.id, '/home 1502');
    await t.send(b7, world.alice.id, '/need !! #medicine insulin, fridge broken');
    t.clock.advance(30 * 60_000);
    t.app.scheduler.tick();
    await t.app.outbox.idle();
    const raised = lastWith(b7, 'still open after 30 minutes');
    expect(raised.text).toContain('insulin, fridge broken');
    expect(raised.text).toContain('1502');
    expect(buttonTexts(raised)).toEqual(["🙋 I'll help"]);
    await t.press(b7, raised.message_id, world.carol.id, "🙋 I'll help");
    expect(lastWith(b7, 'URGENT need #1').text).toContain('Carol is helping');
  });

  it('raises a high-priority need after twice the delay, and a normal one never', async () => {
    await start();
    await t.send(b7, world.alice.id, '/need ! bread');
    await t.send(b7, world.alice.id, '/need milk');
    t.clock.advance(30 * 60_000);
    t.app.scheduler.tick();
    await t.app.outbox.idle();
    expect(texts(b7)).not.toContain('still open');
    t.clock.advance(30 * 60_000);
    t.app.scheduler.tick();
    await t.app.outbox.idle();
    expect(lastWith(b7, 'still open after 60 minutes').text).toContain('#1');
    expect(texts(b7)).not.toMatch(/#2 ·[^\n]*still open/);
  });
});

describe('the asker', () => {
  it('hears by DM when their need is claimed (by whom) and done, but not of their own actions', async () => {
    await start();
    await t.send(world.alice.id, world.alice.id, '/start');
    await t.send(b7, world.alice.id, '/home 1502');
    await t.send(b7, world.alice.id, '/need bread please');
    const card = lastWith(b7, 'Need #1');
    const before = t.tg.botMessages(world.alice.id).length;
    await t.press(b7, card.message_id, world.carol.id, "🙋 I'll help");
    expect(t.tg.lastBotMessage(world.alice.id)!.text).toContain('Carol is helping with your need #1');
    await t.press(b7, card.message_id, world.carol.id, '✅ Done');
    expect(t.tg.lastBotMessage(world.alice.id)!.text).toContain('marked done by Carol');
    expect(t.tg.botMessages(world.alice.id)).toHaveLength(before + 2);
    await t.send(b7, world.alice.id, '/need more bread');
    await t.press(b7, lastWith(b7, 'Need #2').message_id, world.alice.id, '✖️ Cancel');
    expect(t.tg.botMessages(world.alice.id)).toHaveLength(before + 2);
  });

  it("is a tappable mention on a public need's card, and the claimer too", async () => {
    await start();
    await t.send(b7, world.alice.id, '/need bread please');
    await t.press(b7, lastWith(b7, 'Need #1').message_id, world.carol.id, "🙋 I'll help");
    const card = lastWith(b7, 'Need #1');
    const mentioned = (card.entities ?? []).filter((e) => e.type === 'text_mention');
    expect(
      mentioned.map((e) => [
        (e as { user?: { id: number } }).user?.id,
        card.text!.slice(e.offset, e.offset + e.length),
      ]),
    ).toEqual([
      [world.alice.id, 'Alice Lee'],
      [world.carol.id, 'Carol'],
    ]);
  });
});

describe('categories', () => {
  it('are shown in the Chinese building by their Chinese label, on the card, in /needs and in errors', async () => {
    await start();
    await t.send(b3, world.bob.id, '/need #medicine 胰岛素');
    expect(lastWith(b3, '需求 #1').text).toContain('#药');
    expect(lastWith(b3, '需求 #1').text).not.toContain('medicine');
    await t.send(b3, world.bob.id, '/needs');
    expect(t.tg.lastBotMessage(b3)!.text).toContain('#药 1');
    await t.send(b3, world.bob.id, '/need #water 水');
    expect(t.tg.lastBotMessage(b3)!.text).toContain('#药（#medicine）');
  });
});

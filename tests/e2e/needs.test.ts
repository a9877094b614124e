import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { auditLog, needs } from '../../src/db/schema.ts';
import { buttonTexts, type ChatMessage } from '../../src/local-bot-api/index.ts';
import { startTestBot, type TestBot, testConfigInput, world } from './harness.ts';

const volunteersChat = -1001000000103;
const b7 = world.b7.chatId;
const b3 = world.b3.chatId;

let t: TestBot;
afterEach(async () => {
  await t?.close();
});

async function start(): Promise<TestBot> {
  t = await startTestBot({
    config: testConfigInput({
      buildings: [
        { ...world.b3, language: 'zh', volunteersChatId: volunteersChat },
        { ...world.b7, language: 'en' },
      ],
    }),
    prepare: (tg) => tg.addChat({ id: volunteersChat, type: 'supergroup', title: 'Volunteers of 3' }),
  });
  return t;
}

/** Sends and waits until the bot has handled it and sent what it queued. */

function card(chatId: number, needId: number): ChatMessage {
  const found = t.tg
    .botMessages(chatId)
    .filter((m) => m.text?.includes(`#${needId} `))
    .at(-1);
  if (!found)
    throw new Error(
      `no card for need ${needId} in ${chatId}:\n${t.tg
        .botMessages(chatId)
        .map((m) => m.text)
        .join('\n---\n')}`,
    );
  return found;
}

function needRow(id: number) {
  return t.app.database.db.select().from(needs).where(eq(needs.id, id)).get();
}

describe('the life of a need', () => {
  it('goes open → claimed → released → claimed → done on one card, each change stored with who and when', async () => {
    await start();
    await t.send(b7, world.alice.id, '/home 1502');
    await t.send(b7, world.alice.id, '/need !! #medicine insulin for my father');
    const posted = card(b7, 1);
    expect(posted.text).toContain('URGENT need #1 · #medicine');
    expect(posted.text).toContain('insulin for my father');
    expect(posted.text).toContain('Alice Lee (1502)');
    expect(posted.text).toContain('Status: open');
    expect(buttonTexts(posted)).toEqual(["🙋 I'll help", '✖️ Cancel']);

    expect(await t.press(b7, posted.message_id, world.carol.id, "I'll help")).toContain('Thank you');
    let now = t.tg.messages(b7).find((m) => m.message_id === posted.message_id)!;
    expect(now.text).toContain('Carol is helping');
    expect(buttonTexts(now)).toEqual(['↩️ Release', '✅ Done', '✖️ Cancel']);

    await t.press(b7, posted.message_id, world.carol.id, 'Release');
    await t.press(b7, posted.message_id, world.bob.id, "I'll help");
    expect(await t.press(b7, posted.message_id, world.alice.id, 'Done')).toContain('done');
    now = t.tg.messages(b7).find((m) => m.message_id === posted.message_id)!;
    expect(now.text).toContain('Status: done');
    expect(buttonTexts(now)).toEqual([]);
    // one card, edited in place
    expect(t.tg.botMessages(b7).filter((m) => m.text?.includes('need #1'))).toHaveLength(1);

    const row = needRow(1)!;
    expect(row.status).toBe('done');
    expect(row.doneBy).toBe(world.alice.id);
    const actions = t.app.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.subject, 'need:1'))
      .all()
      .map((a) => [a.action, a.actor]);
    expect(actions).toEqual([
      ['need.open', world.alice.id],
      ['need.claim', world.carol.id],
      ['need.release', world.carol.id],
      ['need.claim', world.bob.id],
      ['need.done', world.alice.id],
    ]);
  });

  it('lets only the asker or an admin cancel', async () => {
    await start();
    await t.send(b7, world.alice.id, '/need #food rice');
    const posted = card(b7, 1);
    expect(await t.press(b7, posted.message_id, world.bob.id, 'Cancel')).toContain('Only the asker or an admin');
    expect(needRow(1)!.status).toBe('open');
    expect(await t.press(b7, posted.message_id, world.admin.id, 'Cancel')).toContain('cancelled');
    expect(needRow(1)!.status).toBe('cancelled');
    expect(t.tg.messages(b7).find((m) => m.message_id === posted.message_id)!.text).toContain('Status: cancelled');
  });
});

describe('presses that are refused', () => {
  it('answers every refused press with a reason and changes nothing', async () => {
    await start();
    await t.send(b7, world.alice.id, '/need #food eggs');
    const posted = card(b7, 1);
    await t.press(b7, posted.message_id, world.bob.id, "I'll help");
    const before = needRow(1);

    expect(await t.press(b7, posted.message_id, world.carol.id, 'Release')).toContain('Only the person who claimed');
    expect(await t.press(b7, posted.message_id, world.carol.id, 'Done')).toContain(
      'Only the asker, the helper or an admin',
    );
    expect(await t.press(b7, posted.message_id, world.carol.id, { data: 'v1:need:claim:1' })).toContain(
      'already helping',
    );
    expect(await t.press(b7, posted.message_id, world.carol.id, { data: 'v1:need:eat:1' })).toContain('not valid');
    expect(await t.press(b7, posted.message_id, world.carol.id, { data: 'garbage' })).toContain('not valid');
    expect(await t.press(b7, posted.message_id, world.carol.id, { data: 'v1:need:claim:999' })).toContain(
      'no longer exists',
    );

    // a card of building 7 pressed (forged) from building 3's group
    await t.send(b3, world.bob.id, '/chatid');
    const other = t.tg.lastBotMessage(b3)!;
    expect(await t.press(b3, other.message_id, world.bob.id, { data: 'v1:need:release:1' })).toContain('其他楼栋');
    expect(needRow(1)).toEqual(before);

    await t.press(b7, posted.message_id, world.alice.id, 'Done');
    expect(await t.press(b7, posted.message_id, world.bob.id, { data: 'v1:need:cancel:1' })).toContain('already done');
    expect(needRow(1)!.status).toBe('done');
    // every press got an answer, even the garbage one
    const presses = t.tg.calls.filter((c) => c.method === 'answerCallbackQuery');
    expect(presses.length).toBeGreaterThanOrEqual(9);
  });

  it('refuses a need that does not parse, with the usage, and writes nothing', async () => {
    await start();
    await t.send(b7, world.alice.id, '/need #spaceship warp drive');
    expect(t.tg.lastBotMessage(b7)!.text).toContain('#medicine');
    await t.send(b7, world.alice.id, '/need');
    expect(t.tg.lastBotMessage(b7)!.text).toContain('Usage: /need');
    await t.send(b7, world.alice.id, `/need ${'x'.repeat(1001)}`);
    expect(t.tg.lastBotMessage(b7)!.text).toContain('at most 1,000');
    expect(t.app.database.db.select().from(needs).all()).toEqual([]);
  });
});

describe('a private need', () => {
  it('shows the group no text, gives the volunteers the text, and the claimer gets it by DM', async () => {
    await start();
    await t.send(b3, world.bob.id, '/home 301');
    await t.send(world.bob.id, world.bob.id, '/need ! #药 需要胰岛素，家里有糖尿病老人 XYZ');
    expect(t.tg.lastBotMessage(world.bob.id)!.text).toContain('私密需求 #1');
    const groupCard = card(b3, 1);
    expect(groupCard.text).toContain('私密');
    const groupTexts = t.tg
      .messages(b3)
      .map((m) => m.text ?? '')
      .join('\n');
    expect(groupTexts).not.toContain('XYZ');
    expect(t.tg.lastBotMessage(volunteersChat)!.text).toContain('需要胰岛素，家里有糖尿病老人 XYZ');

    // Carol never opened a DM with the bot: she cannot receive the details
    expect(await t.press(b3, groupCard.message_id, world.carol.id, '我来帮忙')).toContain('私聊');
    expect(needRow(1)!.status).toBe('open');
    await t.send(world.alice.id, world.alice.id, '/start');
    await t.press(b3, groupCard.message_id, world.alice.id, '我来帮忙');
    expect(t.tg.lastBotMessage(world.alice.id)!.text).toContain('XYZ');
    expect(
      t.tg
        .messages(b3)
        .map((m) => m.text ?? '')
        .join('\n'),
    ).not.toContain('XYZ');
    expect(t.logs.map((l) => JSON.stringify(l)).join('\n')).not.toContain('XYZ');
  });

  it('asks with buttons which building when the author lives in two', async () => {
    await start();
    await t.send(b3, world.bob.id, '/home 301');
    await t.send(b7, world.bob.id, '/home 701');
    await t.send(world.bob.id, world.bob.id, '/need 需要口罩');
    const question = t.tg.lastBotMessage(world.bob.id)!;
    expect(buttonTexts(question)).toEqual(['3号楼 301', 'Building 7 701']);
    expect(needRow(1)!.status).toBe('draft');
    await t.press(world.bob.id, question.message_id, world.bob.id, 'Building 7 701');
    expect(needRow(1)).toMatchObject({ status: 'open', buildingId: 'b7', unit: '701' });
    expect(card(b7, 1).text).toContain('Private');
  });

  it('tells a user without a household how to register', async () => {
    await start();
    await t.send(world.carol.id, world.carol.id, '/need bread');
    expect(t.tg.lastBotMessage(world.carol.id)!.text).toContain('/home');
    expect(t.app.database.db.select().from(needs).all()).toEqual([]);
  });
});

describe('time-driven rules', () => {
  it('raises an urgent need still open after 30 minutes once, in the group and to the volunteers', async () => {
    await start();
    await t.send(b3, world.bob.id, '/need !! #老人 独居老人摔倒了');
    t.clock.advance(29 * 60_000);
    t.app.scheduler.tick();
    await t.app.outbox.idle();
    expect(t.tg.botMessages(b3).filter((m) => m.text?.includes('⏰'))).toHaveLength(0);
    t.clock.advance(2 * 60_000);
    t.app.scheduler.tick();
    t.app.scheduler.tick();
    await t.app.outbox.idle();
    expect(t.tg.botMessages(b3).filter((m) => m.text?.includes('⏰ 紧急需求 #1'))).toHaveLength(1);
    expect(t.tg.botMessages(volunteersChat).filter((m) => m.text?.includes('⏰'))).toHaveLength(1);
  });

  it('gives a claim back after 12 hours without progress, says so on the card, re-posts it and tells the claimer', async () => {
    await start();
    await t.send(world.carol.id, world.carol.id, '/start');
    await t.send(b7, world.alice.id, '/need #food bread');
    const posted = card(b7, 1);
    await t.press(b7, posted.message_id, world.carol.id, "I'll help");
    t.clock.advance(12 * 3600_000 + 60_000);
    t.app.scheduler.tick();
    await t.app.outbox.idle();
    expect(needRow(1)).toMatchObject({ status: 'open', claimedBy: null });
    expect(t.tg.messages(b7).find((m) => m.message_id === posted.message_id)!.text).toContain('previous claim lapsed');
    const reposted = card(b7, 1);
    expect(reposted.message_id).not.toBe(posted.message_id);
    expect(buttonTexts(reposted)).toContain("🙋 I'll help");
    expect(t.tg.lastBotMessage(world.carol.id)!.text).toContain('lapsed');
    // presses on the re-posted card edit it
    await t.press(b7, reposted.message_id, world.bob.id, "I'll help");
    expect(t.tg.messages(b7).find((m) => m.message_id === reposted.message_id)!.text).toContain('王 波');
  });
});

describe('retention', () => {
  it('forgets the text of a private need closed more than retentionDays ago, and nothing else', async () => {
    await start();
    await t.send(b3, world.bob.id, '/home 301');
    await t.send(world.bob.id, world.bob.id, '/need 私密 XYZ');
    await t.send(b3, world.alice.id, '/need #food rice');
    await t.press(b3, card(b3, 1).message_id, world.bob.id, '✖️');
    await t.press(b3, card(b3, 2).message_id, world.alice.id, '✖️');
    t.clock.advance(29 * 86_400_000);
    t.app.scheduler.tick();
    expect(needRow(1)!.text).toBe('私密 XYZ');
    t.clock.advance(2 * 86_400_000);
    t.app.scheduler.tick();
    expect(needRow(1)!.text).toBeNull();
    expect(needRow(2)!.text).toBe('rice');
  });
});

describe('assisted mode and volunteers', () => {
  it('lets a volunteer, not a resident, post a need for a household without a phone', async () => {
    await start();
    await t.send(b7, world.carol.id, '/need for 1502 bread and milk');
    expect(t.tg.lastBotMessage(b7)!.text).toContain('Only volunteers and admins');
    expect(t.app.database.db.select().from(needs).all()).toEqual([]);
    await t.send(b7, world.carol.id, '/volunteer driver');
    expect(t.tg.lastBotMessage(b7)!.text).toContain('volunteer of Building 7');
    await t.send(b7, world.carol.id, '/need for １５０２ bread and milk');
    const posted = card(b7, 1);
    expect(posted.text).toContain('For household 1502');
    expect(posted.text).toContain('Entered for them by Carol');
    expect(needRow(1)).toMatchObject({ requesterId: null, enteredBy: world.carol.id, unit: '1502' });
  });

  it('treats volunteers listed in the config as volunteers', async () => {
    t = await startTestBot({
      config: testConfigInput({
        buildings: [
          { ...world.b3, language: 'zh' },
          { ...world.b7, language: 'en', volunteers: [world.bob.id] },
        ],
      }),
    });
    await t.send(b7, world.bob.id, '/need for 1502 water');
    expect(card(b7, 1).text).toContain('Entered for them by 王 波');
    await t.send(b7, world.admin.id, '/volunteers');
    expect(t.tg.lastBotMessage(b7)!.text).toContain('王 波 — no claims');
  });

  it('shows admins the volunteers and their claims, and nobody else', async () => {
    await start();
    await t.send(b7, world.carol.id, '/volunteer nurse');
    await t.send(b7, world.alice.id, '/need #medical ride to hospital');
    await t.press(b7, card(b7, 1).message_id, world.carol.id, "I'll help");
    await t.send(b7, world.bob.id, '/volunteers');
    expect(t.tg.lastBotMessage(b7)!.text).toContain('Only admins');
    await t.send(b7, world.admin.id, '/volunteers');
    expect(t.tg.lastBotMessage(b7)!.text).toContain('Carol (nurse) — helping with #1');
    await t.send(b7, world.carol.id, '/volunteer off');
    expect(t.tg.lastBotMessage(b7)!.text).toContain('no longer a volunteer');
  });
});

describe('/needs and /mine', () => {
  it('lists open needs urgent first then oldest, with counts per category, a page at a time', async () => {
    await start();
    for (let i = 1; i <= 11; i++) await t.send(b7, world.alice.id, `/need #food item ${i}`);
    await t.send(b7, world.bob.id, '/need !! #medicine insulin');
    await t.send(b7, world.bob.id, '/need ! #elderly visit');
    await t.send(b7, world.carol.id, '/needs');
    const list = t.tg.lastBotMessage(b7)!;
    const lines = list.text!.split('\n');
    expect(lines[0]).toBe('Open needs in Building 7: 13');
    expect(lines[1]).toContain('#food 11');
    expect(list.text!.indexOf('#12 🆘')).toBeLessThan(list.text!.indexOf('#13 ❗'));
    expect(list.text!.indexOf('#13 ❗')).toBeLessThan(list.text!.indexOf('#1 #food'));
    expect(list.text).toContain('Page 1 of 2');
    expect(list.text).not.toContain('item 9');
    await t.press(b7, list.message_id, world.carol.id, 'Next');
    const page2 = t.tg.messages(b7).find((m) => m.message_id === list.message_id)!;
    expect(page2.text).toContain('Page 2 of 2');
    expect(page2.text).toContain('item 9');
  });

  it('suggests a group buy when enough households need the same category', async () => {
    t = await startTestBot({ config: testConfigInput({ needs: { suggestBuyAt: 2 } }) });
    await t.send(b7, world.alice.id, '/home 1501');
    await t.send(b7, world.bob.id, '/home 1502');
    await t.send(b7, world.alice.id, '/need #food rice');
    await t.send(b7, world.bob.id, '/need #food rice too');
    await t.send(b7, world.bob.id, '/needs');
    expect(t.tg.lastBotMessage(b7)!.text).toContain('2 households need #food');
  });

  it('shows a resident their needs and claims', async () => {
    await start();
    await t.send(b7, world.alice.id, '/need #food rice');
    await t.send(b7, world.bob.id, '/need #medicine aspirin');
    await t.press(b7, card(b7, 2).message_id, world.alice.id, "I'll help");
    await t.send(world.alice.id, world.alice.id, '/mine');
    const mine = t.tg.lastBotMessage(world.alice.id)!.text!;
    expect(mine).toContain('Your needs: #1 #food (open)');
    expect(mine).toContain('You are helping with: #2 #medicine (claimed)');
  });
});

import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { needs } from '../../src/db/schema.ts';
import { buttonTexts, type ChatMessage } from '../../src/local-bot-api/index.ts';
import { startTestBot, type TestBot, testConfigInput, world } from './harness.ts';

const b3 = world.b3.chatId;
const b7 = world.b7.chatId;
const b9 = { id: 'b9', name: 'Building 9', chatId: -1001000000009 };
const committeeChat = -1001000000500;
/** A committee admin, a plain member of its chat, and someone who is neither. */
const zhang = { id: 3001, first_name: 'Zhang', last_name: 'Wei', language_code: 'en' };
const li = { id: 3002, first_name: 'Li', language_code: 'en' };
const eve = { id: 3003, first_name: 'Eve', language_code: 'en' };
const minute = 60_000;

let t: TestBot;
afterEach(async () => {
  await t?.close();
});

interface Options {
  /** The committee's buildings (default all three). */
  buildings?: 'all' | string[];
  /** More buildings for the config, beyond b3, b7 and b9. */
  extra?: Array<Record<string, unknown>>;
  digest?: string | null;
  /** The committee's chat as a basic group (it becomes a supergroup in a test). */
  basicGroup?: boolean;
}

/** Three buildings (b3 in Chinese, b7 and b9 in English) under one committee whose chat is in English. */
async function start(options: Options = {}): Promise<TestBot> {
  t = await startTestBot({
    config: testConfigInput({
      buildings: [
        { ...world.b3, language: 'zh', checkins: ['1201'] },
        { ...world.b7, language: 'en', checkins: ['1502'] },
        { ...b9, language: 'en' },
        ...(options.extra ?? []),
      ],
      needs: { escalateAfterMinutes: 30 },
      checkin: { at: '09:00', deadline: '12:00' },
      committees: [
        {
          id: 'c1',
          name: 'Riverside committee',
          chatId: committeeChat,
          buildings: options.buildings ?? 'all',
          admins: [zhang.id],
          digest: options.digest ?? null,
          escalateAfterMinutes: 60,
          language: 'en',
        },
      ],
    }),
    prepare: (tg) => {
      tg.addChat({ id: b9.chatId, type: 'supergroup', title: b9.name });
      tg.addChat({
        id: committeeChat,
        type: options.basicGroup ? 'group' : 'supergroup',
        title: 'Riverside committee',
      });
      for (const u of [zhang, li, eve]) tg.addUser(u);
      tg.setMember(committeeChat, zhang.id, 'administrator');
      tg.setMember(committeeChat, li.id, 'member');
    },
    startAt: '2026-04-01T08:00:00+08:00',
  });
  for (const u of [world.alice, world.bob, world.carol]) t.tg.setMember(b9.chatId, u.id, 'member');
  return t;
}

/** The latest message of the bot in the chat that contains `text`, as it reads now (edits applied). */
function lastWith(chatId: number, text: string): ChatMessage {
  const found = t.tg
    .messages(chatId)
    .filter((m) => m.text?.includes(text))
    .at(-1);
  if (!found)
    throw new Error(`nothing with ${JSON.stringify(text)} in ${chatId}:\n${allTexts(chatId).join('\n---\n')}`);
  return found;
}

function allTexts(chatId: number): string[] {
  return t.tg.botMessages(chatId).map((m) => m.text ?? '');
}

/** The message as the chat shows it now (after edits). */
function now(chatId: number, message: ChatMessage): ChatMessage {
  return t.tg.messages(chatId).find((m) => m.message_id === message.message_id)!;
}

async function at(time: string): Promise<void> {
  t.clock.set(Date.parse(`2026-04-01T${time}:00+08:00`));
  t.app.scheduler.tick();
  await t.app.outbox.idle();
}

function needRow(id: number) {
  return t.app.database.db.select().from(needs).where(eq(needs.id, id)).get()!;
}

describe('the committee chat is a declared chat', () => {
  it('answers there, with help about its own commands, without the undeclared-group notice', async () => {
    await start();
    await t.send(committeeChat, li.id, '/chatid');
    expect(t.tg.lastBotMessage(committeeChat)!.text).toContain(String(committeeChat));
    await t.send(committeeChat, li.id, '/help');
    const help = t.tg.lastBotMessage(committeeChat)!.text!;
    expect(help).toContain('Riverside committee, for 3 buildings');
    expect(help).toContain('/overview');
    await t.send(committeeChat, li.id, '/needs');
    expect(t.tg.lastBotMessage(committeeChat)!.text).toContain("This is the committee's chat");
    await t.send(committeeChat, li.id, 'good morning everyone');
    expect(allTexts(committeeChat).join('\n')).not.toMatch(/not (yet )?declared|bot\.config\.json/);
    expect(allTexts(committeeChat)).toHaveLength(3);
  });
});

describe('a committee chat upgraded to a supergroup', () => {
  it('is followed to its new id: told once, answered there, its digest sent there', async () => {
    await start({ basicGroup: true, digest: '0 20 * * *' });
    const supergroup = -1001000000501;
    const [inOld, inNew] = t.tg.migrateToSupergroup(committeeChat, supergroup, zhang.id);
    // the new chat's service message first: Telegram does not promise an order
    await t.handled(inNew!.update_id);
    await t.handled(inOld!.update_id);
    const told = allTexts(supergroup);
    expect(told).toHaveLength(1);
    expect(told[0]).toContain('"c1"');
    expect(told[0]).toContain(String(supergroup));

    await t.send(supergroup, li.id, '/overview');
    expect(t.tg.lastBotMessage(supergroup)!.text).toMatch(/^📊 Riverside committee/);
    expect(allTexts(supergroup).join('\n')).not.toMatch(/not (yet )?declared/);

    await at('20:00');
    expect(t.tg.lastBotMessage(supergroup)!.text).toMatch(/^📊 Riverside committee/);
    expect(allTexts(supergroup)).toHaveLength(3);
  });
});

describe('/overview', () => {
  it('gives a line per building that matches its state, totals, and where needs concentrate', async () => {
    await start();
    await t.send(b7, world.alice.id, '/home 1502');
    await t.send(b3, world.bob.id, '/home 301');
    await t.send(b9.chatId, world.carol.id, '/home 101');
    await t.send(b7, world.alice.id, '/need !! #medicine insulin for my father');
    await t.send(b3, world.bob.id, '/need ! #medicine blood pressure tablets');
    await t.send(b3, world.bob.id, '/need #food eggs');
    await t.send(b3, world.bob.id, '/vote Open the back gate? | Yes | No');
    await t.send(b9.chatId, world.carol.id, '/buy Vegetable box | 45');
    const eggs = lastWith(b3, '#3 ');
    await t.press(b3, eggs.message_id, world.alice.id, '🙋');
    await t.press(b3, eggs.message_id, world.bob.id, '✅');
    await t.send(committeeChat, zhang.id, '/notice Water is off from 14:00 to 16:00.');
    const notice = lastWith(b7, 'Water is off');
    await t.press(b7, notice.message_id, world.alice.id, 'Got it');

    t.clock.advance(20 * minute);
    await t.send(committeeChat, li.id, '/overview');
    const page = t.tg.lastBotMessage(committeeChat)!;
    const lines = page.text!.split('\n');
    expect(lines[0]).toMatch(/^📊 Riverside committee — .* · 3 buildings$/);
    expect(lines[1]).toBe('Total: 🏠 3 · 🆘 1 ❗ 1 ▫️ 0 · ✅ 1 · ⏰ — · 🗳 1 · 🛒 1');
    expect(page.text).toContain('#medicine: 2 households in 2 buildings');
    const buildingLines = lines.filter((l) => /^\S.* \(b\d\): /.test(l));
    // the building with an urgent need nobody took comes first
    expect(buildingLines).toEqual([
      'Building 7 (b7): 🏠 1 · 📋 0 · 🆘 1 ❗ 0 ▫️ 0 (🆘 waiting 20m) · ✅ 0 · ⏰ — · 📢 1/1 · 🗳 0 · 🛒 0',
      '3号楼 (b3): 🏠 1 · 📋 0 · 🆘 0 ❗ 1 ▫️ 0 · ✅ 1 · ⏰ — · 📢 0/1 · 🗳 1 · 🛒 0',
      'Building 9 (b9): 🏠 1 · 📋 0 · 🆘 0 ❗ 0 ▫️ 0 · ✅ 0 · ⏰ — · 📢 0/1 · 🗳 0 · 🛒 1',
    ]);
    expect(buttonTexts(page)).toEqual([]);

    await t.send(committeeChat, li.id, '/overview b7');
    const detail = t.tg.lastBotMessage(committeeChat)!.text!;
    expect(detail).toContain('#1 🆘 #medicine · 20m · nobody yet — insulin for my father (1502)');
    expect(detail).toContain('Notice #1: every household acknowledged it (1).');
    await t.send(committeeChat, li.id, '/overview b3');
    expect(t.tg.lastBotMessage(committeeChat)!.text).toContain('Not yet, by floor:\n301');
    await t.send(committeeChat, li.id, '/overview b8');
    expect(t.tg.lastBotMessage(committeeChat)!.text).toContain('b8: not a building of this committee');
  });

  it('answers a committee admin privately (with the units), and refuses anyone else there', async () => {
    await start();
    await t.send(zhang.id, zhang.id, '/overview');
    expect(t.tg.lastBotMessage(zhang.id)!.text).toMatch(/^📊 Riverside committee/);
    await t.send(li.id, li.id, '/overview');
    expect(t.tg.lastBotMessage(li.id)!.text).toContain('/overview is for neighbourhood committees');
    await t.send(b7, world.admin.id, '/overview');
    expect(t.tg.lastBotMessage(b7)!.text).toContain("send it in the committee's chat");
    await t.send(b3, world.bob.id, '/home 301');
    await at('09:00');
    await at('12:00');
    await t.send(zhang.id, zhang.id, '/overview b3');
    expect(t.tg.lastBotMessage(zhang.id)!.text).toContain(
      'Check-ins without an answer today (deadline 12:00), 1:\n1201',
    );
  });

  it('pages a committee of many buildings, each page under 4,096, Next and Previous editing the one message', async () => {
    const extra = Array.from({ length: 150 }, (_, i) => ({
      id: `x${i + 1}`,
      name: `新江湾城 Xinjiangwan New Town, block ${i + 1} 🏢`,
      chatId: -1002000000000 - i,
      language: 'en',
    }));
    await start({ extra });
    await t.send(committeeChat, li.id, '/overview');
    const first = t.tg.lastBotMessage(committeeChat)!;
    const seen = new Set<string>();
    let page = first;
    let pages = 0;
    for (;;) {
      pages += 1;
      expect(page.text!.length).toBeLessThanOrEqual(4096);
      for (const m of page.text!.matchAll(/\(((?:b|x)\d+)\): /g)) seen.add(m[1]!);
      if (!buttonTexts(page).some((b) => b.includes('Next'))) break;
      await t.press(committeeChat, first.message_id, li.id, 'Next');
      page = now(committeeChat, first);
    }
    expect(pages).toBeGreaterThan(3);
    expect(page.text).toContain(`Page ${pages} of ${pages}`);
    expect(seen.size).toBe(153);
    await t.press(committeeChat, first.message_id, li.id, 'Previous');
    expect(now(committeeChat, first).text).toContain(`Page ${pages - 1} of ${pages}`);
    // one message, edited: no new page was posted
    expect(t.tg.botMessages(committeeChat).filter((m) => m.text?.startsWith('📊'))).toHaveLength(1);
    // a page button pressed by someone outside the chat turns nothing
    expect(await t.press(committeeChat, first.message_id, eve.id, 'Next')).toContain('Only the staff');
  });

  it('is posted as the committee digest at its cron time', async () => {
    await start({ digest: '0 20 * * *' });
    await at('20:00');
    expect(t.tg.lastBotMessage(committeeChat)!.text).toMatch(/^📊 Riverside committee — .* · 3 buildings/);
  });
});

describe('an urgent need nobody in the building took', () => {
  it("reaches the committee after its delay, and We'll handle it claims it in the building", async () => {
    await start();
    await t.send(world.alice.id, world.alice.id, '/start');
    await t.send(b7, world.alice.id, '/home 1502');
    await t.send(b7, world.alice.id, '/need !! #medicine insulin for my father');
    await t.send(b3, world.bob.id, '/need ! #food rice');
    const card = lastWith(b7, 'URGENT need #1');
    await at('08:30');
    // the building's own step of the ladder first
    expect(lastWith(b7, 'still open after 30 minutes').text).toContain('insulin');
    expect(allTexts(committeeChat)).toEqual([]);
    await at('09:00');
    const escalation = lastWith(committeeChat, 'Urgent need #1');
    expect(escalation.text).toContain('in Building 7 · #medicine');
    expect(escalation.text).toContain('insulin for my father (1502)');
    expect(buttonTexts(escalation)).toEqual(["🤝 We'll handle it"]);
    // the high need waits twice as long
    expect(allTexts(committeeChat).join('\n')).not.toContain('#2');
    await at('09:01');
    expect(allTexts(committeeChat)).toHaveLength(1);

    // a press by someone outside the committee's chat changes nothing
    expect(await t.press(committeeChat, escalation.message_id, eve.id, "We'll handle it")).toContain('Only the staff');
    expect(needRow(1).status).toBe('open');

    expect(await t.press(committeeChat, escalation.message_id, li.id, "We'll handle it")).toContain('Need #1 is yours');
    const row = needRow(1);
    expect([row.status, row.claimedBy, row.claimedForCommittee]).toEqual(['claimed', li.id, 'c1']);
    expect(now(b7, card).text).toContain('Status: Li is helping, for Riverside committee');
    const taken = now(committeeChat, escalation);
    expect(taken.text).toContain('✅ Li is handling it for Riverside committee.');
    expect(buttonTexts(taken)).toEqual([]);
    expect(t.tg.lastBotMessage(world.alice.id)!.text).toContain(
      'Li (Riverside committee) is helping with your need #1',
    );
    // a second press, by the admin: already taken
    expect(await t.press(committeeChat, escalation.message_id, zhang.id, { data: 'v1:cmte:claim:1' })).toContain(
      'already helping',
    );

    await at('10:00');
    const rice = lastWith(committeeChat, 'High-priority need #2');
    expect(rice.text).toContain('in 3号楼 · #food');
    // taken in the building meanwhile: the press is refused, and the committee's message says so
    await t.press(b3, lastWith(b3, '#2 ').message_id, world.carol.id, '🙋');
    expect(await t.press(committeeChat, rice.message_id, li.id, "We'll handle it")).toContain('already helping');
    expect(now(committeeChat, rice).text).toContain('Taken care of in the building meanwhile (someone is helping)');
    expect(needRow(2).claimedBy).toBe(world.carol.id);
  });

  it('asks the committee again when its claim lapses or is given back', async () => {
    await start();
    await t.send(b7, world.alice.id, '/home 1502');
    await t.send(b7, world.alice.id, '/need !! #medicine insulin for my father');
    const card = lastWith(b7, 'URGENT need #1');
    await at('09:00');
    const escalation = lastWith(committeeChat, 'Urgent need #1');
    await t.press(committeeChat, escalation.message_id, li.id, "We'll handle it");
    expect(buttonTexts(now(committeeChat, escalation))).toEqual([]);

    // no progress for claimExpiresAfterHours (12): the need is open again, and so is the committee's question
    t.clock.advance(12 * 60 * minute + minute);
    t.app.scheduler.tick();
    await t.app.outbox.idle();
    expect(needRow(1).status).toBe('open');
    const asked = now(committeeChat, escalation);
    expect(asked.text).not.toContain('Li is handling it');
    expect(buttonTexts(asked)).toEqual(["🤝 We'll handle it"]);
    expect(allTexts(committeeChat)).toHaveLength(1);

    // taken again, then given back on the building's card by the one who took it
    await t.press(committeeChat, escalation.message_id, li.id, "We'll handle it");
    expect(buttonTexts(now(committeeChat, escalation))).toEqual([]);
    const reposted = lastWith(b7, 'URGENT need #1');
    expect(reposted.message_id).not.toBe(card.message_id);
    t.tg.setMember(b7, li.id, 'member');
    expect(await t.press(b7, reposted.message_id, li.id, 'Release')).toContain('#1');
    expect(needRow(1).status).toBe('open');
    expect(buttonTexts(now(committeeChat, escalation))).toEqual(["🤝 We'll handle it"]);
  });

  it('never shows a private need in the chat; its taker gets the details privately', async () => {
    await start();
    await t.send(b7, world.alice.id, '/home 1502');
    await t.send(world.alice.id, world.alice.id, '/need !! #medicine insulin XYZ-secret');
    await at('09:00');
    const escalation = lastWith(committeeChat, 'Urgent need #1');
    expect(escalation.text).toContain('🔒 Private');
    expect(allTexts(committeeChat).join('\n')).not.toMatch(/XYZ-secret|1502|Alice/);
    // the details can only reach a taker the bot may write to
    expect(await t.press(committeeChat, escalation.message_id, li.id, "We'll handle it")).toContain(
      'private chat with me',
    );
    await t.send(li.id, li.id, '/start');
    await t.press(committeeChat, escalation.message_id, li.id, "We'll handle it");
    expect(t.tg.lastBotMessage(li.id)!.text).toContain('insulin XYZ-secret');
    expect(t.tg.lastBotMessage(li.id)!.text).toContain('Building 7');
    expect(allTexts(committeeChat).join('\n')).not.toMatch(/XYZ-secret|1502|Alice/);
  });
});

describe('check-ins', () => {
  it('arrive as one roll-up of counts for all the buildings, naming no unit', async () => {
    await start();
    await t.send(b7, world.alice.id, '/home 1502');
    await at('09:00');
    await at('11:59');
    expect(allTexts(committeeChat)).toEqual([]);
    await at('12:00');
    await at('12:01');
    const rollups = allTexts(committeeChat);
    expect(rollups).toEqual([
      [
        '⏰ Check-ins without an answer at 12:00: 2 households in 2 buildings',
        '3号楼 (b3): 1',
        'Building 7 (b7): 1',
        "Each building's volunteers have the units and knock on those doors.",
      ].join('\n'),
    ]);
    await t.send(committeeChat, li.id, '/overview b7');
    const detail = t.tg.lastBotMessage(committeeChat)!.text!;
    expect(detail).toContain('Check-ins without an answer today (deadline 12:00): 1.');
    await t.send(committeeChat, li.id, '/overview');
    expect(t.tg.lastBotMessage(committeeChat)!.text).toContain('⏰ 1 · 📢 — ');
    expect(allTexts(committeeChat).join('\n')).not.toMatch(/1502|1201/);
  });
});

describe('notices and alerts from the committee chat', () => {
  it("go to the committee's buildings from its admins, and are refused to a plain member", async () => {
    await start({ buildings: ['b3', 'b7'] });
    await t.send(committeeChat, li.id, '/notice Testing at the gate at 8:00');
    expect(t.tg.lastBotMessage(committeeChat)!.text).toContain('Only the admins of Riverside committee');
    expect(allTexts(b7).join('\n')).not.toContain('Testing');

    await t.send(committeeChat, zhang.id, '/notice Testing at the gate at 8:00');
    expect(t.tg.lastBotMessage(committeeChat)!.text).toContain('on its way to 2 buildings');
    expect(lastWith(b7, 'Testing at the gate').text).toContain('Notice #1');
    expect(lastWith(b3, 'Testing at the gate').text).toContain('#1');
    expect(allTexts(b9.chatId).join('\n')).not.toContain('Testing');

    await t.send(committeeChat, zhang.id, '/notice b7 Lift repair on Friday');
    expect(lastWith(b7, 'Lift repair').text).toContain('Notice #2');
    expect(allTexts(b3).join('\n')).not.toContain('Lift repair');
    await t.send(committeeChat, zhang.id, '/notice b9 Not ours');
    expect(t.tg.lastBotMessage(committeeChat)!.text).toContain('b9: not a building of this committee');

    t.tg.setMember(b3, t.tg.botInfo.id, 'administrator');
    await t.send(committeeChat, zhang.id, '/alert red b3 Stay inside');
    const alert = lastWith(b3, 'Stay inside');
    expect(alert.text).toContain('红色预警');
    expect(t.tg.pinned(b3)).toContain(alert.message_id);
    expect(allTexts(b7).join('\n')).not.toContain('Stay inside');
    await t.send(committeeChat, zhang.id, '/alert orange Boil water');
    expect(lastWith(b7, 'Boil water').text).toContain('ORANGE');
    expect(lastWith(b3, 'Boil water').text).toContain('橙色预警');
    expect(allTexts(b9.chatId).join('\n')).not.toContain('Boil water');
  });
});

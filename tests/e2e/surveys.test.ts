import { afterEach, describe, expect, it } from 'vitest';
import { checkins, dmFlows, events, surveys } from '../../src/db/schema.ts';
import { buildExport } from '../../src/features/export/export.store.ts';
import { buttonTexts, type ChatMessage } from '../../src/local-bot-api/index.ts';
import { startTestBot, type TestBot, testConfigInput, world } from './harness.ts';

const b7 = world.b7.chatId;
const alice: number = world.alice.id;
let t: TestBot;
afterEach(async () => {
  await t?.close();
});

/** The survey message in Alice's chat, as it shows now (the last one the bot sent her). */
function current(userId = alice): ChatMessage {
  return t.tg.lastBotMessage(userId)!;
}

/** Presses a button of the survey's current message and returns what it shows then. */
async function press(button: string, userId = alice): Promise<ChatMessage> {
  const message = current(userId);
  const answer = await t.press(userId, message.message_id, userId, button);
  if (answer) throw new Error(`press ${button}: ${answer}`);
  return current(userId);
}

function savedSurveys() {
  return t.app.database.db.select().from(surveys).all();
}

/** The test world, with private chats paced only by Telegram's fake (a survey is many DMs in a row). */
const fastDms = { editIntervalSeconds: 0, perPrivatePerSecond: 1000 };

async function registered(): Promise<void> {
  t = await startTestBot({ config: testConfigInput({ outbox: fastDms }) });
  await t.send(b7, alice, '/home 1502');
  await t.send(alice, alice, '/start');
}

describe('the household survey', () => {
  it('is answered one question at a time with Back and "prefer not to say", saved only at Save, and acts', async () => {
    await registered();
    await t.send(alice, alice, '/survey');
    expect(current().text).toContain('Question 1 of 9');
    expect(buttonTexts(current())).toContain('Prefer not to say');
    expect((await press('2')).text).toContain('70 or older');
    expect((await press('70+ and living alone')).text).toContain('regular medicine');
    expect((await press('Yes')).text).toContain('Which medicine');
    await t.send(alice, alice, 'insulin');
    expect(current().text).toContain('Question 4 of 9');
    // Back returns to the typed question; a new answer replaces the first
    expect((await press('⬅️ Back')).text).toContain('Which medicine');
    await t.send(alice, alice, 'insulin and metformin');
    await press('Prefer not to say');
    await press('Bedridden');
    await press('No');
    await press('No');
    await press('Yes');
    const summary = await press('Prefer not to say');
    expect(summary.text).toContain('insulin and metformin');
    expect(summary.text).toContain('Bedridden');
    expect(savedSurveys()).toEqual([]);
    await press('✅ Save');
    const [saved] = savedSurveys();
    expect(saved!.answers).toEqual({
      people: '2',
      elderly: 'elderly-alone',
      medicine: 'yes',
      hospital: 'skip',
      mobility: 'bedridden',
      pregnant: 'no',
      infants: 'no',
      pets: 'yes',
      phoneHelp: 'skip',
    });
    expect(saved!.medicineText).toBe('insulin and metformin');
    expect(t.app.database.db.select().from(dmFlows).all()).toEqual([]);
    // the answers act: a daily check offered (one press turns it on), a need suggested for the medicine
    const texts = t.tg.botMessages(alice).map((m) => m.text ?? '');
    expect(texts.some((x) => x.includes('/need'))).toBe(true);
    const offer = t.tg.botMessages(alice).find((m) => buttonTexts(m).includes('👍 Yes, a daily check'))!;
    await t.press(alice, offer.message_id, alice, '👍 Yes, a daily check');
    expect(t.app.database.db.select().from(checkins).all()).toMatchObject([{ active: true }]);
  });

  it('saves nothing when abandoned, by /cancel or by its Cancel button', async () => {
    await registered();
    await t.send(alice, alice, '/survey');
    await press('1');
    await press('No');
    await t.send(alice, alice, '/cancel');
    expect(current().text).toContain('Nothing was saved');
    await t.send(alice, alice, '/survey');
    await press('3');
    await press('✖️ Cancel');
    expect(savedSurveys()).toEqual([]);
    expect(t.app.database.db.select().from(dmFlows).all()).toEqual([]);
    expect(t.app.database.db.select().from(events).all()).toEqual([]);
  });

  it('continues at question four after a restart, and answers no question twice', async () => {
    await registered();
    await t.send(alice, alice, '/survey');
    await press('1');
    await press('No');
    const fourth = await press('No');
    expect(fourth.text).toContain('Question 4 of 9');
    await t.restart();
    expect(current().text).toContain('Question 4 of 9');
    // the hospital question answered once: the same update delivered again changes nothing
    const update = t.tg.pressButton(alice, fourth.message_id, alice, 'Yes');
    await t.handled(update.update_id);
    const fifth = current();
    expect(fifth.text).toContain('Question 5 of 9');
    t.tg.injectUpdate(structuredClone(update) as unknown as Record<string, unknown>);
    await t.handled(update.update_id);
    expect(current().text).toContain('Question 5 of 9');
    const [flow] = t.app.database.db.select().from(dmFlows).all();
    expect(flow!.state).toMatchObject({ step: 'mobility', history: ['people', 'elderly', 'medicine', 'hospital'] });
    // a second tap on the answered question (a new update) is refused as stale
    expect(await t.press(alice, fourth.message_id, alice, { data: 'v1:sv:0:a:no' })).toContain('already answered');
    for (const answer of ['No', 'No', 'No', 'No', 'No', '✅ Save']) await press(answer);
    expect(savedSurveys()[0]!.answers).toMatchObject({ hospital: 'yes', mobility: 'no' });
  });

  it("posts a card with the response rate in the group, lists by floor for staff only, and a second member's survey replaces the first", async () => {
    await registered();
    await t.send(b7, world.bob.id, '/home 301');
    await t.send(b7, world.carol.id, '/home 1201');
    await t.send(b7, world.admin.id, '/survey');
    const card = t.tg.lastBotMessage(b7)!;
    expect(card.text).toContain('Answered: 0 of 3 households');
    const link = card.reply_markup?.inline_keyboard[0]?.[0];
    expect(link && 'url' in link ? link.url : '').toBe('https://t.me/mutual_aid_test_bot?start=survey-b7');
    await t.send(b7, alice, '/survey');
    expect(t.tg.lastBotMessage(b7)!.text).toContain('Only an admin');

    await t.send(alice, alice, '/start survey-b7');
    for (const answer of ['2', '70+ and living alone', 'Yes']) await press(answer);
    await t.send(alice, alice, 'insulin');
    for (const answer of ['No', 'No', 'No', 'No', 'No', 'No', '✅ Save']) await press(answer);
    expect(t.tg.messages(b7).find((m) => m.message_id === card.message_id)!.text).toContain('Answered: 1 of 3');

    await t.send(b7, world.admin.id, '/survey missing');
    expect(t.tg.lastBotMessage(b7)!.text).toMatch(/301, 1201$/);
    await t.send(b7, world.admin.id, '/survey list');
    expect(t.tg.lastBotMessage(b7)!.text).toContain('private chat');
    await t.send(world.carol.id, world.carol.id, '/survey list');
    expect(current(world.carol.id).text).toContain('只有本楼的志愿者和管理员');
    await t.send(world.admin.id, world.admin.id, '/survey list b7');
    expect(current(world.admin.id).text).toContain('1502: People: 2');
    expect(current(world.admin.id).text).toContain('insulin');

    // Bob joins 1502 and answers for it: one survey for the household, his
    await t.send(b7, world.bob.id, '/home 1502');
    await t.send(world.bob.id, world.bob.id, '/survey');
    expect(current(world.bob.id).text).toContain('保存会替换');
    // in Chinese, his Telegram language
    for (const answer of ['3', '没有', '没有', '没有', '没有', '没有', '没有', '没有', '没有', '✅ 保存'])
      await press(answer, world.bob.id);
    expect(savedSurveys()).toMatchObject([{ answeredBy: world.bob.id, medicineText: null }]);
  });

  it('keeps every answer out of the group, the board, the committee, events, the export and the log (at debug)', async () => {
    t = await startTestBot({
      logLevel: 'debug',
      config: {
        timezone: 'Asia/Shanghai',
        language: 'zh',
        admins: [world.admin.id],
        buildings: [
          { ...world.b3, language: 'zh' },
          { ...world.b7, language: 'en' },
        ],
        committees: [{ id: 'c1', name: 'Committee', chatId: -1001000000099, buildings: 'all', language: 'en' }],
        webhooks: [{ url: 'http://127.0.0.1:9/none', secret: 'a-secret-of-16-chars' }],
        outbox: fastDms,
      },
      prepare: (tg) => {
        tg.addChat({ id: -1001000000099, type: 'supergroup', title: 'Committee' });
        tg.setMember(-1001000000099, world.admin.id, 'administrator');
      },
    });
    await t.send(b7, alice, '/home 1502');
    await t.send(alice, alice, '/start');
    await t.send(b7, world.admin.id, '/board');
    await t.send(alice, alice, '/survey');
    for (const answer of ['1', '70+ and living alone', 'Yes']) await press(answer);
    await t.send(alice, alice, 'secret-medicine-name');
    for (const answer of ['Yes', 'Bedridden', 'No', 'No', 'No', 'Yes', '✅ Save']) await press(answer);
    t.clock.advance(61_000);
    t.app.scheduler.tick();
    await t.app.outbox.idle();
    await t.send(-1001000000099, world.admin.id, '/overview');

    const board = t.tg.messages(b7).find((m) => m.text?.includes('Status board'))!;
    expect(board.text).toContain('Survey: 1 of 1 households answered');
    const overview = t.tg.lastBotMessage(-1001000000099)!.text ?? '';
    expect(overview).toContain('📋 1 (⚠️ 1)');
    const secrets = ['secret-medicine-name', 'bedridden', 'Bedridden', 'elderly-alone', '70+'];
    const leaks = (text: string) => secrets.filter((s) => text.includes(s));
    for (const m of [...t.tg.messages(b7), ...t.tg.messages(-1001000000099)]) expect(leaks(m.text ?? '')).toEqual([]);
    const stored = t.app.database.db.select().from(events).all();
    expect(stored.map((e) => e.type)).toContain('survey.updated');
    for (const e of stored) expect(leaks(e.body)).toEqual([]);
    const survey = JSON.parse(stored.find((e) => e.type === 'survey.updated')!.body).data;
    expect(survey).toMatchObject({ building: 'b7', households: 1, answered: 1 });
    const exported = buildExport(t.app.database.db, { timezone: 'Asia/Shanghai', now: t.clock.now() });
    expect(leaks(JSON.stringify(exported))).toEqual([]);
    expect(exported.surveys).toContainEqual({
      building: 'b7',
      households: 1,
      answered: 1,
      counts: {
        elderlyAlone: 1,
        regularMedicine: 1,
        hospitalTreatment: 1,
        limitedMobility: 1,
        pregnant: 0,
        infants: 0,
        pets: 0,
        phoneHelp: 1,
      },
    });
    for (const line of t.logs) expect(leaks(JSON.stringify(line))).toEqual([]);
  });
});

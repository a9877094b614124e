import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { buys, orders } from '../../src/db/schema.ts';
import { buttonTexts, type ChatMessage } from '../../src/local-bot-api/index.ts';
import { parseCsv } from './csv.ts';
import { startTestBot, type TestBot, testConfigInput, world } from './harness.ts';

const b7 = world.b7.chatId;
let t: TestBot;
afterEach(async () => {
  await t?.close();
});

function buyCard(id: number): ChatMessage {
  const card = t.tg.messages(b7).find((m) => m.from_bot && m.text?.startsWith(`🛒 Group buy #${id}:`));
  if (!card) throw new Error(`no card for buy ${id}`);
  return card;
}

function quantities(buyId: number): Record<number, number> {
  return Object.fromEntries(
    t.app.database.db
      .select()
      .from(orders)
      .where(eq(orders.buyId, buyId))
      .all()
      .map((o) => [o.householdId, o.quantity]),
  );
}

describe('ordering', () => {
  it('keeps each household within its limit and the stock, and lets it withdraw', async () => {
    t = await startTestBot();
    await t.send(b7, world.alice.id, '/home 1502');
    await t.send(b7, world.bob.id, '/home 301');
    await t.send(b7, world.carol.id, '/home 902');
    await t.send(b7, world.admin.id, '/home 1001');
    await t.send(b7, world.alice.id, '/buy Vegetable box 蔬菜箱 ｜ ４５ | min 2 | max 5 | 限购 2 | until 18:00');
    const card = buyCard(1);
    expect(card.text).toContain('Price ¥45.00');
    expect(card.text).toContain('Stock left: 5 of 5');
    expect(buttonTexts(card)).toEqual(['+1', '−1', 'My order', 'Close']);

    await t.press(b7, card.message_id, world.bob.id, '+1');
    expect(await t.press(b7, card.message_id, world.bob.id, '+1')).toContain('(301) orders 2');
    expect(await t.press(b7, card.message_id, world.bob.id, '+1')).toContain('At most 2');
    await t.send(b7, world.carol.id, '/order 1 2');
    await t.send(b7, world.admin.id, '/order 1 2');
    expect(t.tg.lastBotMessage(b7)!.text).toContain('Not enough left: 1');
    await t.send(b7, world.admin.id, '/order 1 1');
    expect(t.tg.messages(b7).find((m) => m.message_id === card.message_id)!.text).toContain(
      'Households: 3 · quantity 5 · amount ¥225.00',
    );
    await t.send(b7, world.carol.id, '/order 1 0');
    expect(t.tg.lastBotMessage(b7)!.text).toContain('902 withdrew');
    expect(t.tg.messages(b7).find((m) => m.message_id === card.message_id)!.text).toContain('Stock left: 2 of 5');
    expect(await t.press(b7, card.message_id, world.carol.id, 'My order')).toContain('no order');
  });

  it('handles the next press in the chat while an earlier press is still being answered', async () => {
    t = await startTestBot();
    await t.send(b7, world.alice.id, '/home 1502');
    await t.send(b7, world.bob.id, '/home 301');
    await t.send(b7, world.alice.id, '/buy Rice | 30');
    const card = buyCard(1).message_id;
    // Telegram is slow to take Alice's answer
    t.tg.failNext('answerCallbackQuery', 1, 'hold');
    const alicePress = t.tg.pressButton(b7, card, world.alice.id, '+1');
    await t.tg.waitForHeldCalls(1);
    // presses of one chat are handled in order: Bob's would wait for Alice's answer if the answer held up the chat
    expect(await t.press(b7, card, world.bob.id, '+1')).toContain('(301) orders 1');
    const aliceAnswered = () => t.tg.callbackAnswers.some((a) => a.callback_query_id === alicePress.callback_query!.id);
    expect(aliceAnswered()).toBe(false);
    expect(Object.values(quantities(1))).toEqual([1, 1]);
    t.tg.releaseHeldCalls();
    await t.tg.waitForCall(
      (c) => c.method === 'answerCallbackQuery' && c.params.callback_query_id === alicePress.callback_query!.id,
    );
    expect(aliceAnswered()).toBe(true);
  });

  it('tells a resident without a household to register, and changes nothing', async () => {
    t = await startTestBot();
    await t.send(b7, world.alice.id, '/buy Rice | 30');
    expect(await t.press(b7, buyCard(1).message_id, world.bob.id, '+1')).toContain('/home');
    await t.send(b7, world.bob.id, '/order 1 1');
    expect(t.tg.lastBotMessage(b7)!.text).toContain('/home 1502');
    expect(t.app.database.db.select().from(orders).all()).toEqual([]);
  });

  it('holds the limit and the stock exactly under 200 presses from 60 households', { timeout: 60_000 }, async () => {
    const residents = Array.from({ length: 60 }, (_, i) => ({
      id: 9000 + i,
      first_name: `R${i}`,
      language_code: 'en',
      unit: `${2 + (i % 15)}${String(1 + Math.floor(i / 15)).padStart(2, '0')}`,
    }));
    t = await startTestBot({
      // 60 answers to /home in one group would take Telegram's 20 a minute three minutes to deliver
      config: testConfigInput({ outbox: { perGroupPerMinute: 10_000, editIntervalSeconds: 0 } }),
      prepare: (tg) => {
        tg.addChat({ id: b7, type: 'supergroup', title: 'Building 7' });
        for (const r of residents) {
          tg.addUser(r);
          tg.setMember(b7, r.id, 'member');
        }
      },
    });
    for (const r of residents) await t.send(b7, r.id, `/home ${r.unit}`);
    await t.send(b7, world.alice.id, '/buy Masks | 12.50 | max 100 | limit 3');
    const card = buyCard(1);
    // a fixed pseudo-random sequence of presses, mostly +1
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const presses = Array.from({ length: 200 }, () => ({
      resident: residents[Math.floor(next() * residents.length)]!,
      plus: next() < 0.85,
    }));
    const updates = presses.map((p) => t.tg.pressButton(b7, card.message_id, p.resident.id, p.plus ? '+1' : '−1'));
    for (const u of updates) await t.handled(u.update_id, 20_000);

    // updates of one chat are handled in order, so the expected result is the same presses applied in order
    const expected = new Map<number, number>();
    let total = 0;
    for (const p of presses) {
      const q = expected.get(p.resident.id) ?? 0;
      if (p.plus && q < 3 && total < 100) {
        expected.set(p.resident.id, q + 1);
        total++;
      } else if (!p.plus && q > 0) {
        expected.set(p.resident.id, q - 1);
        total--;
      }
    }
    const stored = t.app.database.db.select({ quantity: orders.quantity }).from(orders).all();
    expect(stored.reduce((s, o) => s + o.quantity, 0)).toBe(total);
    expect(Math.max(...stored.map((o) => o.quantity))).toBeLessThanOrEqual(3);
    expect(total).toBeLessThanOrEqual(100);
    expect(Object.values(quantities(1)).sort()).toEqual(
      [...expected.values()]
        .filter((q) => q > 0)
        .concat(Array(stored.filter((o) => o.quantity === 0).length).fill(0))
        .sort(),
    );
    const shown = await t.tg.waitForBotMessage(
      b7,
      (m) => m.message_id === card.message_id && (m.text?.includes(`quantity ${total} `) ?? false),
      10_000,
    );
    expect(shown.text).toContain(`Stock left: ${100 - total} of 100`);
  });
});

describe('assisted orders, /mine and the Close button', () => {
  it('lets a volunteer order for a household, shows orders in /mine, and closes only for the organizer', async () => {
    t = await startTestBot();
    await t.send(b7, world.alice.id, '/home 1502');
    await t.send(b7, world.alice.id, '/buy Bread | 8');
    await t.send(b7, world.bob.id, '/order 1 2 for 1601');
    expect(t.tg.lastBotMessage(b7)!.text).toContain('Only volunteers and admins');
    await t.send(b7, world.carol.id, '/volunteer');
    await t.send(b7, world.carol.id, '/order 1 2 for １６０１');
    expect(t.tg.lastBotMessage(b7)!.text).toContain('Unit 1601: 2 × Bread');
    await t.send(b7, world.alice.id, '/order 1 1');
    await t.send(world.alice.id, world.alice.id, '/mine');
    expect(t.tg.lastBotMessage(world.alice.id)!.text).toContain('#1 Bread × 1 (1502)');
    expect(await t.press(b7, buyCard(1).message_id, world.bob.id, 'Close')).toContain('Only the organizer');
    await t.press(b7, buyCard(1).message_id, world.alice.id, 'Close');
    await t.press(b7, closeQuestion(1).message_id, world.alice.id, 'Yes, close #1');
    expect(t.app.database.db.select().from(buys).get()?.status).toBe('confirmed');
  });
});

/** The latest "close now?" question about a buy, as asked. */
function closeQuestion(id: number): ChatMessage {
  const question = t.tg.botMessages(b7).findLast((m) => m.text?.startsWith(`Close group buy #${id} `));
  if (!question) throw new Error(`no close question for buy ${id}`);
  return question;
}

describe('the Close button', () => {
  it('sits on a row of its own, and asks the organizer to confirm before it closes', async () => {
    t = await startTestBot();
    await t.send(b7, world.bob.id, '/home 301');
    await t.send(b7, world.alice.id, '/buy Bread | 8 | min 3');
    await t.send(b7, world.bob.id, '/order 1 2');
    expect(buyCard(1).reply_markup?.inline_keyboard.map((row) => row.map((b) => b.text))).toEqual([
      ['+1', '−1', 'My order'],
      ['Close'],
    ]);
    await t.press(b7, buyCard(1).message_id, world.alice.id, 'Close');
    const question = closeQuestion(1);
    expect(question.text).toBe('Close group buy #1 (Bread) now? Only 2 of the 3 needed: it would be cancelled.');
    expect(buttonTexts(question)).toEqual(['Yes, close #1', 'No']);
    expect(t.app.database.db.select().from(buys).get()?.status).toBe('open');

    await t.press(b7, question.message_id, world.alice.id, 'No');
    const settled = t.tg.messages(b7).find((m) => m.message_id === question.message_id)!;
    expect(settled.text).toBe('Group buy #1 stays open.');
    expect(buttonTexts(settled)).toEqual([]);
    expect(t.app.database.db.select().from(buys).get()?.status).toBe('open');
    expect(buttonTexts(buyCard(1))).toContain('+1');
  });

  it('refuses a resident at once, and refuses their confirmation, even forged, leaving the buy open', async () => {
    t = await startTestBot();
    await t.send(b7, world.bob.id, '/home 301');
    await t.send(b7, world.alice.id, '/buy Bread | 8');
    await t.send(b7, world.bob.id, '/order 1 1');
    const before = t.tg.botMessages(b7).length;
    expect(await t.press(b7, buyCard(1).message_id, world.bob.id, 'Close')).toContain('Only the organizer');
    expect(t.tg.botMessages(b7)).toHaveLength(before);

    await t.press(b7, buyCard(1).message_id, world.alice.id, 'Close');
    const question = closeQuestion(1);
    expect(question.text).toBe('Close group buy #1 (Bread) now? No one can order after that.');
    expect(await t.press(b7, question.message_id, world.bob.id, 'Yes, close #1')).toContain('Only the organizer');
    const forged = { data: 'v1:buy:closeyes:1' };
    expect(await t.press(b7, buyCard(1).message_id, world.bob.id, forged)).toContain('Only the organizer');
    expect(await t.press(b7, question.message_id, world.bob.id, 'No')).toContain('Only the organizer');
    expect(t.app.database.db.select().from(buys).get()?.status).toBe('open');
    expect(buttonTexts(closeQuestion(1))).toEqual(['Yes, close #1', 'No']);

    // an admin may confirm what the organizer asked
    await t.press(b7, question.message_id, world.admin.id, 'Yes, close #1');
    expect(t.app.database.db.select().from(buys).get()?.status).toBe('confirmed');
    const settled = t.tg.messages(b7).find((m) => m.message_id === question.message_id)!;
    expect(settled.text).toBe('Group buy #1 is closed.');
    expect(buttonTexts(settled)).toEqual([]);
    expect(t.tg.botMessages(b7).filter((m) => m.text?.includes('is confirmed'))).toHaveLength(1);
    expect(await t.press(b7, question.message_id, world.alice.id, { data: 'v1:buy:closeyes:1' })).toContain('closed');
    expect(t.tg.botMessages(b7).filter((m) => m.text?.includes('is confirmed'))).toHaveLength(1);
  });
});

/** The question a held duplicate /buy got. */
function duplicateQuestion(): ChatMessage {
  const question = t.tg.botMessages(b7).findLast((m) => m.reply_markup && m.text?.includes('is already open'));
  if (!question) throw new Error('no question about a duplicate /buy');
  return question;
}

describe('a /buy like an open buy', () => {
  it('is held with a warning until its sender starts it anyway, starting one buy however often pressed', async () => {
    t = await startTestBot();
    await t.send(b7, world.alice.id, '/buy Vegetable box | 45');
    await t.send(b7, world.bob.id, '/buy  ｖｅｇｅｔａｂｌｅ  BOX  | 40 | limit 2');
    expect(t.app.database.db.select().from(buys).all()).toHaveLength(1);
    const question = t.tg.lastBotMessage(b7)!;
    expect(question.text).toBe('Group buy #1 "Vegetable box" is already open. Start another one anyway?');
    expect(buttonTexts(question)).toEqual(['Start anyway', 'Cancel']);
    const bobsBuy = t.tg.messages(b7).findLast((m) => m.from_id === world.bob.id && m.text?.startsWith('/buy'));
    expect(question.reply_to_message_id).toBe(bobsBuy?.message_id);

    // only the sender may answer, whatever the button says
    expect(await t.press(b7, question.message_id, world.alice.id, 'Start anyway')).toContain('Only the person');
    expect(await t.press(b7, question.message_id, world.alice.id, { data: 'v1:buy:drop:1' })).toContain(
      'Only the person',
    );
    expect(t.app.database.db.select().from(buys).all()).toHaveLength(1);

    // nothing Bob typed is lost across a restart
    await t.restart();
    const press = t.tg.pressButton(b7, question.message_id, world.bob.id, 'Start anyway');
    await t.handled(press.update_id);
    // the same press delivered again, and a second press of the button
    t.tg.injectUpdate(structuredClone(press) as unknown as Record<string, unknown>);
    expect(await t.press(b7, question.message_id, world.bob.id, { data: 'v1:buy:start:1' })).toBe(
      'Started as group buy #2.',
    );
    const all = t.app.database.db.select().from(buys).all();
    expect(all.map((b) => [b.id, b.item, b.organizerId, b.priceCents, b.limitPerHousehold])).toEqual([
      [1, 'Vegetable box', world.alice.id, 4500, null],
      [2, 'ｖｅｇｅｔａｂｌｅ  BOX', world.bob.id, 4000, 2],
    ]);
    expect(t.tg.botMessages(b7).filter((m) => m.text?.startsWith('🛒 Group buy #2:'))).toHaveLength(1);
    expect(buttonTexts(buyCard(2))).toEqual(['+1', '−1', 'My order', 'Close']);
    const settled = t.tg.messages(b7).find((m) => m.message_id === question.message_id)!;
    expect(settled.text).toBe('Started as group buy #2.');
    expect(buttonTexts(settled)).toEqual([]);
  });

  it('is dropped when its sender cancels; another item, or one whose twin closed, starts at once', async () => {
    t = await startTestBot();
    await t.send(b7, world.alice.id, '/buy Rice | 30');
    await t.send(b7, world.bob.id, '/buy rice | 28');
    const question = duplicateQuestion();
    expect(await t.press(b7, question.message_id, world.bob.id, 'Cancel')).toBe('Not started.');
    const settled = t.tg.messages(b7).find((m) => m.message_id === question.message_id)!;
    expect(settled.text).toBe('Not started.');
    expect(buttonTexts(settled)).toEqual([]);
    expect(t.app.database.db.select().from(buys).all()).toHaveLength(1);
    const late = { data: 'v1:buy:start:1' };
    expect(await t.press(b7, question.message_id, world.bob.id, late)).toBe('Not started.');
    expect(t.app.database.db.select().from(buys).all()).toHaveLength(1);

    await t.send(b7, world.bob.id, '/buy Rice noodles | 12');
    expect(buyCard(2).text).toContain('Rice noodles');
    await t.send(b7, world.alice.id, '/closebuy 1');
    await t.send(b7, world.bob.id, '/buy Rice | 28');
    expect(buyCard(3).text).toContain('Rice');
  });
});

describe('a held /buy whose deadline passed', () => {
  it('is not started: its sender is asked to send it again, and may still cancel it', async () => {
    t = await startTestBot();
    await t.send(b7, world.alice.id, '/buy Rice | 30 | until 6h');
    await t.send(b7, world.bob.id, '/buy Rice | 28 | until 1h');
    const question = duplicateQuestion();
    t.clock.advance(2 * 3600_000);
    expect(await t.press(b7, question.message_id, world.bob.id, 'Start anyway')).toContain('deadline of this /buy');
    expect(t.app.database.db.select().from(buys).all()).toHaveLength(1);
    expect(await t.press(b7, question.message_id, world.bob.id, 'Cancel')).toBe('Not started.');
  });
});

describe('an order entered for a household without a phone', () => {
  it('shows the unit and who entered it on the delivery sheet, as text and CSV, not a dash', async () => {
    t = await startTestBot();
    await t.send(world.alice.id, world.alice.id, '/start');
    await t.send(b7, world.alice.id, '/home 1502');
    await t.send(b7, world.carol.id, '/volunteer');
    await t.send(b7, world.alice.id, '/buy Bread | 8');
    await t.send(b7, world.alice.id, '/order 1 2');
    await t.send(b7, world.carol.id, '/order 1 1 for 1101');
    await t.send(b7, world.alice.id, '/closebuy 1');
    await t.send(b7, world.alice.id, '/paid 1 1101');

    const sheet = t.tg.botMessages(world.alice.id).findLast((m) => m.text?.startsWith('Delivery sheet'))!.text!;
    expect(sheet).toContain('#1 1101 (entered by Carol) × 1 = ¥8.00 · paid ☑ · delivered ☐');
    expect(sheet).toContain('#2 1502 Alice Lee × 2 = ¥16.00');
    expect(sheet).not.toContain(' - ');
    const rows = parseCsv(t.tg.documents(world.alice.id).findLast((d) => d.filename.endsWith('.csv'))!.content);
    expect(rows.slice(1, 3).map((r) => r.slice(0, 5))).toEqual([
      ['1', '11', '1101', 'entered by Carol', '1'],
      ['2', '15', '1502', 'Alice Lee', '2'],
    ]);
  });
});

describe('closing a group buy', () => {
  it('cancels a buy below its minimum at the deadline', async () => {
    t = await startTestBot();
    await t.send(b7, world.alice.id, '/home 1502');
    await t.send(b7, world.alice.id, '/buy Rice | 30 | min 10 | until 6h');
    await t.send(b7, world.alice.id, '/order 1 2');
    t.clock.advance(6 * 3600_000 + 60_000);
    t.app.scheduler.tick();
    await t.app.outbox.idle();
    expect(t.app.database.db.select().from(buys).get()?.status).toBe('cancelled');
    expect(t.tg.lastBotMessage(b7)!.text).toContain('is cancelled: 2 ordered, 10 needed');
    expect(buttonTexts(buyCard(1))).toEqual([]);
    expect(await t.press(b7, buyCard(1).message_id, world.alice.id, { data: 'v1:buy:plus:1' })).toContain('closed');
  });

  it('confirms a buy and sends the organizer the delivery sheet in floor order, as text and CSV', async () => {
    t = await startTestBot();
    await t.send(world.alice.id, world.alice.id, '/start');
    for (const [user, unit] of [
      [world.alice, '1502'],
      [world.bob, '301'],
      [world.carol, '902'],
      [world.admin, '1001'],
    ] as const)
      await t.send(b7, user.id, `/home ${unit}`);
    await t.send(b7, world.alice.id, '/buy 蔬菜箱 Vegetable box | 45.50 | min 3');
    await t.send(b7, world.alice.id, '/order 1 1');
    await t.send(b7, world.bob.id, '/order 1 2');
    await t.send(b7, world.carol.id, '/order 1 1');
    await t.send(b7, world.admin.id, '/order 1 3');
    await t.send(b7, world.bob.id, '/closebuy 1');
    expect(t.tg.lastBotMessage(b7)!.text).toContain('Only the organizer or an admin');
    await t.send(b7, world.alice.id, '/closebuy 1');
    expect(t.tg.botMessages(b7).some((m) => m.text?.includes('is confirmed: 4 households, 7 items'))).toBe(true);

    const sheet = t.tg.botMessages(world.alice.id).find((m) => m.text?.startsWith('Delivery sheet'))!.text!;
    expect(sheet.indexOf('Floor 3')).toBeLessThan(sheet.indexOf('Floor 9'));
    expect(sheet.indexOf('Floor 10')).toBeLessThan(sheet.indexOf('Floor 15'));
    expect(sheet).toContain('#1 301 王 波 × 2 = ¥91.00');
    expect(sheet).toContain('Total: 4 households, 7 items, ¥318.50');

    const [doc] = t.tg.documents(world.alice.id);
    expect(doc!.filename).toBe('group-buy-1.csv');
    const rows = parseCsv(doc!.content);
    expect(rows[0]).toEqual(['order', 'floor', 'unit', 'names', 'quantity', 'amount', 'paid', 'delivered']);
    expect(rows.slice(1, 5).map((r) => [r[0], r[1], r[2], r[4], r[5]])).toEqual([
      ['1', '3', '301', '2', '91.00'],
      ['2', '9', '902', '1', '45.50'],
      ['3', '10', '1001', '3', '136.50'],
      ['4', '15', '1502', '1', '45.50'],
    ]);
    expect(rows[1]![3]).toBe('王 波');
    expect(rows[5]!.slice(2, 6)).toEqual(['total', '', '7', '318.50']);
  });

  it('lets only the organizer mark payments and deliveries, and re-sends the sheet with them', async () => {
    t = await startTestBot();
    await t.send(world.alice.id, world.alice.id, '/start');
    await t.send(b7, world.bob.id, '/home 301');
    await t.send(b7, world.alice.id, '/buy Eggs | 20');
    await t.send(b7, world.bob.id, '/order 1 1');
    await t.send(b7, world.alice.id, '/closebuy 1');
    await t.send(b7, world.bob.id, '/paid 1 301');
    expect(t.tg.lastBotMessage(b7)!.text).toContain('Only the organizer or an admin');
    await t.send(b7, world.alice.id, '/paid 1 301');
    expect(t.tg.lastBotMessage(b7)!.text).toContain('301: paid ✓');
    await t.send(b7, world.alice.id, '/delivered 1 999');
    expect(t.tg.lastBotMessage(b7)!.text).toContain('999 has no order');
    const sheets = t.tg.botMessages(world.alice.id).filter((m) => m.text?.startsWith('Delivery sheet'));
    expect(sheets.at(-1)!.text).toContain('paid ☑ · delivered ☐');
    expect(t.app.database.db.select().from(orders).get()).toMatchObject({ paid: true, delivered: false });
  });
});

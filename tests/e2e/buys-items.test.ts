import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { buys, events, orderItems } from '../../src/db/schema.ts';
import { buttonTexts, type ChatMessage } from '../../src/local-bot-api/index.ts';
import { parseCsv } from './csv.ts';
import { startTestBot, type TestBot, testConfigInput, world } from './harness.ts';

// Group buys of several items, their numbered list, their money and their sheets (SPEC §2.12), through the whole
// bot against the local Bot API.

const b7 = world.b7.chatId;
let t: TestBot;
/** More answers than Telegram's 20 a minute go into one group here: the outbox need not pace them. */
const unpaced = () => testConfigInput({ outbox: { perGroupPerMinute: 10_000, editIntervalSeconds: 0 } });
afterEach(async () => {
  await t?.close();
});

function buyCard(id: number): ChatMessage {
  const card = t.tg.messages(b7).find((m) => m.from_bot && m.text?.startsWith(`🛒 Group buy #${id}:`));
  if (!card) throw new Error(`no card for buy ${id}`);
  return card;
}

/** What each household ordered of each item of the buy, as stored: `unit → [item 0, item 1, …]`. */
function stored(buyId: number, unitOf: (householdId: number) => string): Map<string, number[]> {
  const rows = t.app.database.db.select().from(orderItems).where(eq(orderItems.buyId, buyId)).all();
  const byUnit = new Map<string, number[]>();
  for (const row of rows) {
    const unit = unitOf(row.householdId);
    const line = byUnit.get(unit) ?? [0, 0, 0];
    line[row.item] = row.quantity;
    byUnit.set(unit, line);
  }
  return byUnit;
}

const vegetables = [
  '/buy 周三蔬菜团 Wednesday vegetables | until 18:00 | min ¥100',
  '白菜 Cabbage 3 kg | 15 | limit 2',
  '鸡蛋 Eggs, tray of 30 | 30 | max 3',
  'Tofu | 4.5',
].join('\n');

async function homes(...pairs: Array<[number, string]>): Promise<void> {
  for (const [user, unit] of pairs) await t.send(b7, user, `/home ${unit}`);
}

describe('a group buy of three items', () => {
  it('shows each item with its price, ordered and stock, a +1/−1 row per item, My order and Close', async () => {
    t = await startTestBot();
    await t.send(b7, world.alice.id, vegetables);
    const card = buyCard(1);
    expect(card.text).toContain('🛒 Group buy #1: 周三蔬菜团 Wednesday vegetables');
    expect(card.text).toContain('needs ¥100.00 to go ahead');
    expect(card.text).toContain('1. 白菜 Cabbage 3 kg — ¥15.00 · 0 ordered · at most 2 per household');
    expect(card.text).toContain('2. 鸡蛋 Eggs, tray of 30 — ¥30.00 · 0 ordered · 3 of 3 left');
    expect(card.text).toContain('3. Tofu — ¥4.50 · 0 ordered');
    expect(card.reply_markup?.inline_keyboard.map((row) => row.map((b) => b.text))).toEqual([
      ['+1 白菜', '−1'],
      ['+1 鸡蛋', '−1'],
      ['+1 Tofu', '−1'],
      ['My order'],
      ['Close'],
    ]);
    for (const button of card.reply_markup!.inline_keyboard.flat())
      expect(Buffer.byteLength((button as { callback_data: string }).callback_data)).toBeLessThan(64);
  });

  it('keeps each item within its limit and stock, numbers the households as they join, and says My order', async () => {
    t = await startTestBot();
    await homes([world.bob.id, '301'], [world.carol.id, '902'], [world.admin.id, '1001']);
    await t.send(b7, world.alice.id, vegetables);
    const id = buyCard(1).message_id;
    const data = (action: 'inc' | 'dec', item: number) => ({ data: `v1:buy:${action}:1:${item}` });

    await t.press(b7, id, world.bob.id, '+1 白菜');
    expect(await t.press(b7, id, world.bob.id, '+1 白菜')).toBe('Your household (301): 白菜×2 — ¥30.00.');
    expect(await t.press(b7, id, world.bob.id, '+1 白菜')).toContain('At most 2 per household');
    await t.press(b7, id, world.carol.id, '+1 鸡蛋');
    await t.press(b7, id, world.carol.id, '+1 鸡蛋');
    await t.press(b7, id, world.admin.id, '+1 鸡蛋');
    expect(await t.press(b7, id, world.admin.id, '+1 鸡蛋')).toContain('Not enough left: 0');
    await t.press(b7, id, world.carol.id, data('dec', 1));
    expect(await t.press(b7, id, world.admin.id, '+1 鸡蛋')).toBe('Your household (1001): 鸡蛋×2 — ¥60.00.');
    await t.send(b7, world.carol.id, '/order 1 3 2');
    expect(t.tg.lastBotMessage(b7)!.text).toBe('Unit 902: 2 × Tofu (¥9.00).');
    // below zero is no order
    expect(await t.press(b7, id, world.bob.id, data('dec', 2))).toBe('Your household (301): 白菜×2 — ¥30.00.');

    const card = t.tg.messages(b7).find((m) => m.message_id === id)!.text!;
    expect(card).toContain('1. 白菜 Cabbage 3 kg — ¥15.00 · 2 ordered · at most 2 per household');
    expect(card).toContain('2. 鸡蛋 Eggs, tray of 30 — ¥30.00 · 3 ordered · 0 of 3 left');
    expect(card).toContain('Households: 3 · quantity 7 · amount ¥129.00');
    expect(card.split('\n').slice(-3)).toEqual([
      '1. 301 白菜×2 ¥30.00',
      '2. 902 鸡蛋×1 Tofu×2 ¥39.00',
      '3. 1001 鸡蛋×2 ¥60.00',
    ]);
    expect(await t.press(b7, id, world.carol.id, 'My order')).toBe('Your household (902): 鸡蛋×1 Tofu×2 — ¥39.00.');
    expect(await t.press(b7, id, world.alice.id, 'My order')).toContain('/home');

    // a household that withdraws leaves the list; the others move up
    await t.send(b7, world.bob.id, '/order 1 1 0');
    expect(t.tg.lastBotMessage(b7)!.text).toBe('Unit 301 withdrew from 白菜 Cabbage 3 kg.');
    const after = t.tg.messages(b7).find((m) => m.message_id === id)!.text!;
    expect(after.split('\n').slice(-2)).toEqual(['1. 902 鸡蛋×1 Tofu×2 ¥39.00', '2. 1001 鸡蛋×2 ¥60.00']);
  });

  it('asks which item an /order means, and refuses one it does not have, changing nothing', async () => {
    t = await startTestBot();
    await homes([world.bob.id, '301']);
    await t.send(b7, world.alice.id, vegetables);
    await t.send(b7, world.bob.id, '/order 1 2');
    expect(t.tg.lastBotMessage(b7)!.text).toContain('has 3 items: say which, e.g. /order 1 1 2');
    await t.send(b7, world.bob.id, '/order 1 4 1');
    expect(t.tg.lastBotMessage(b7)!.text).toContain('use an item number from 1 to 3');
    await t.send(b7, world.bob.id, '/order 1 1 3');
    expect(t.tg.lastBotMessage(b7)!.text).toContain('At most 2 per household');
    expect(t.app.database.db.select().from(orderItems).all()).toEqual([]);
  });

  it("refuses a forged press for another buy's item, or an item the buy does not have", async () => {
    t = await startTestBot();
    await homes([world.bob.id, '301']);
    await t.send(b7, world.alice.id, vegetables);
    await t.send(b7, world.alice.id, '/buy Rice | 30');
    const card = buyCard(1).message_id;
    for (const data of ['v1:buy:inc:2:0', 'v1:buy:plus:2', 'v1:buy:inc:1:3', 'v1:buy:plus:1', 'v1:buy:inc:1:99'])
      expect(await t.press(b7, card, world.bob.id, { data })).toBe('This button is not valid any more.');
    // an item of a one-line buy pressed on its own card is no item either
    expect(await t.press(b7, buyCard(2).message_id, world.bob.id, { data: 'v1:buy:inc:2:0' })).toBe(
      'This button is not valid any more.',
    );
    expect(t.app.database.db.select().from(orderItems).all()).toEqual([]);
  });

  it('closes for the organizer or an admin only, after a confirmation, and sends the sheet with an item per column', async () => {
    t = await startTestBot();
    await t.send(world.alice.id, world.alice.id, '/start');
    await homes([world.bob.id, '301'], [world.carol.id, '902']);
    await t.send(b7, world.alice.id, vegetables);
    await t.send(b7, world.bob.id, '/order 1 1 2');
    await t.send(b7, world.bob.id, '/order 1 3 2');
    await t.send(b7, world.carol.id, '/order 1 2 3');
    expect(await t.press(b7, buyCard(1).message_id, world.bob.id, 'Close')).toContain('Only the organizer');
    await t.press(b7, buyCard(1).message_id, world.alice.id, 'Close');
    const question = t.tg.botMessages(b7).findLast((m) => m.text?.startsWith('Close group buy #1 '))!;
    expect(question.text).toBe(
      'Close group buy #1 (周三蔬菜团 Wednesday vegetables) now? No one can order after that.',
    );
    expect(await t.press(b7, question.message_id, world.carol.id, 'Yes, close #1')).toContain('Only the organizer');
    expect(t.app.database.db.select().from(buys).get()?.status).toBe('open');
    await t.press(b7, question.message_id, world.admin.id, 'Yes, close #1');
    expect(t.app.database.db.select().from(buys).get()?.status).toBe('confirmed');
    expect(buttonTexts(buyCard(1))).toEqual([]);

    const sheet = t.tg.botMessages(world.alice.id).find((m) => m.text?.startsWith('Delivery sheet'))!.text!;
    expect(sheet).toContain('1. 白菜 Cabbage 3 kg ¥15.00 · 2. 鸡蛋 Eggs, tray of 30 ¥30.00 · 3. Tofu ¥4.50');
    expect(sheet).toContain('#1 301 王 波: 白菜×2 Tofu×2 = ¥39.00 · paid ☐ · delivered ☐');
    expect(sheet).toContain('#2 902 Carol: 鸡蛋×3 = ¥90.00 · paid ☐ · delivered ☐');
    expect(sheet).toContain('Total: 2 households, 7 items, ¥129.00');
    const rows = parseCsv(t.tg.documents(world.alice.id).findLast((d) => d.filename.endsWith('.csv'))!.content);
    expect(rows[0]).toEqual([
      'order',
      'floor',
      'unit',
      'names',
      '白菜 Cabbage 3 kg',
      '鸡蛋 Eggs, tray of 30',
      'Tofu',
      'quantity',
      'amount',
      'paid',
      'delivered',
    ]);
    expect(rows.slice(1)).toEqual([
      ['1', '3', '301', '王 波', '2', '0', '2', '4', '39.00', '0', '0'],
      ['2', '9', '902', 'Carol', '0', '3', '0', '3', '90.00', '0', '0'],
      ['', '', 'total', '', '2', '3', '2', '7', '129.00', '', ''],
    ]);
  });
});

describe('a minimum amount', () => {
  async function start(orderEggs: number): Promise<void> {
    t = await startTestBot();
    await homes([world.bob.id, '301']);
    await t.send(b7, world.alice.id, '/buy Breakfast | until 6h | min ¥90\nEggs | 30\nMilk | 0.5');
    await t.send(b7, world.bob.id, `/order 1 1 ${orderEggs}`);
    await t.send(b7, world.bob.id, '/order 1 2 1');
    t.clock.advance(6 * 3600_000 + 60_000);
    t.app.scheduler.tick();
    await t.app.outbox.idle();
  }

  it('not reached at the deadline cancels the buy and says by how much', async () => {
    await start(2);
    expect(t.app.database.db.select().from(buys).get()?.status).toBe('cancelled');
    expect(t.tg.lastBotMessage(b7)!.text).toBe(
      '🛒 Group buy #1 (Breakfast) is cancelled: ¥60.50 ordered, ¥90.00 needed.',
    );
  });

  it('reached at the deadline confirms the buy', async () => {
    await start(3);
    expect(t.app.database.db.select().from(buys).get()?.status).toBe('confirmed');
    expect(t.tg.botMessages(b7).some((m) => m.text?.includes('is confirmed: 1 households, 4 items'))).toBe(true);
  });

  it('is what Close warns about when it is not reached', async () => {
    t = await startTestBot();
    await t.send(b7, world.alice.id, '/buy Breakfast | min 90元\nEggs | 30\nMilk | 0.5');
    await t.press(b7, buyCard(1).message_id, world.alice.id, 'Close');
    expect(t.tg.lastBotMessage(b7)!.text).toBe(
      'Close group buy #1 (Breakfast) now? Only ¥0.00 of the ¥90.00 needed: it would be cancelled.',
    );
  });
});

describe('the money of a group buy', () => {
  it('adds partial payments up to the cent with prices of 0.1 and 0.2, and posts the account with refunds', async () => {
    t = await startTestBot({ config: unpaced() });
    await homes([world.bob.id, '301'], [world.carol.id, '902'], [world.admin.id, '1001']);
    await t.send(b7, world.alice.id, '/buy Snacks | until 6h\nCandy | 0.1\nGum | 0.2');
    for (const user of [world.bob.id, world.carol.id, world.admin.id]) {
      await t.send(b7, user, '/order 1 1 1');
      await t.send(b7, user, '/order 1 2 1');
    }
    await t.send(b7, world.alice.id, '/payinfo 1 WeChat Pay to Alice, 138 0000 0000');
    expect(t.tg.lastBotMessage(b7)!.text).toBe('Group buy #1: how to pay is on its card.');
    await t.send(b7, world.bob.id, '/paid 1 301 0.1');
    expect(t.tg.lastBotMessage(b7)!.text).toContain('Only the organizer or an admin');
    await t.send(b7, world.alice.id, '/paid 1 301 0.1');
    expect(t.tg.lastBotMessage(b7)!.text).toBe('Unit 301: ¥0.10 received — paid ¥0.10 of ¥0.30.');
    await t.send(b7, world.alice.id, '/paid 1 301 ¥0.2');
    expect(t.tg.lastBotMessage(b7)!.text).toBe('Unit 301: ¥0.20 received — paid ¥0.30 of ¥0.30 ✓');
    await t.send(b7, world.alice.id, '/paid 1 902');
    expect(t.tg.lastBotMessage(b7)!.text).toBe('Unit 902: paid ✓');
    await t.send(b7, world.alice.id, '/paid 1 1001 -0.1');
    expect(t.tg.lastBotMessage(b7)!.text).toContain('below zero');
    await t.send(b7, world.alice.id, '/paid 1 1502 1');
    expect(t.tg.lastBotMessage(b7)!.text).toContain('1502 has no order');
    const card = buyCard(1).text!;
    expect(card).toContain('How to pay: WeChat Pay to Alice, 138 0000 0000');
    expect(card).toContain('Collected ¥0.60 of ¥0.90');
    expect(await t.press(b7, buyCard(1).message_id, world.bob.id, 'My order')).toBe(
      'Your household (301): Candy×1 Gum×1 — ¥0.30. Paid ¥0.30 of ¥0.30.',
    );

    await t.send(b7, world.alice.id, '/settle 1');
    expect(t.tg.lastBotMessage(b7)!.text).toContain('still open: close it first');
    await t.send(b7, world.alice.id, '/closebuy 1');
    await t.send(b7, world.alice.id, '/settle 1');
    expect(t.tg.lastBotMessage(b7)!.text).toContain('Record what was paid to the supplier first');
    await t.send(world.alice.id, world.alice.id, '/cost 1 0.5 Corner shop');
    expect(t.tg.lastBotMessage(world.alice.id)!.text).toBe(
      'Group buy #1: paid to the supplier ¥0.50. /settle 1 posts the account.',
    );
    await t.send(world.alice.id, world.alice.id, '/settle 1');
    expect(t.tg.lastBotMessage(world.alice.id)!.text).toBe('The account of group buy #1 is posted in Building 7.');
    const account = t.tg.lastBotMessage(b7)!.text!;
    // shares of ¥0.50 by what each owed (¥0.30 each): 17, 17 and 16 cents, the earlier lines taking the odd cents
    expect(account.split('\n')).toEqual([
      '💰 Account of group buy #1: Snacks',
      'Collected ¥0.60 of ¥0.90 owed',
      'Paid to the supplier: ¥0.50 (Corner shop)',
      'Difference: ¥0.10 left over, refunded to the households below.',
      '',
      "Per household (its share of the supplier's cost by what it ordered): 2 refunds, ¥0.26 in all; still owed ¥0.16.",
      '301: paid ¥0.30, share ¥0.17 → refund ¥0.13',
      '902: paid ¥0.30, share ¥0.17 → refund ¥0.13',
      '1001: paid ¥0.00, share ¥0.16 → owes ¥0.16',
    ]);

    const kinds = t.app.database.db
      .select({ type: events.type, body: events.body })
      .from(events)
      .all()
      .filter((e) => e.type.startsWith('buy.'));
    expect(kinds.map((e) => e.type)).toEqual(['buy.opened', 'buy.closed', 'buy.settled']);
    const settled = JSON.parse(kinds[2]!.body) as { type: string; subject: string; data: Record<string, unknown> };
    expect(settled.type).toBe('org.mutualaid.buy.settled');
    expect(settled.subject).toBe('1');
    expect(settled.data).toMatchObject({
      id: 1,
      status: 'confirmed',
      item: 'Candy',
      price: '0.10',
      cost: '0.50',
      paymentInfo: 'WeChat Pay to Alice, 138 0000 0000',
      accounts: [
        { unit: '301', due: '0.30', paid: '0.30' },
        { unit: '902', due: '0.30', paid: '0.30' },
        { unit: '1001', due: '0.30', paid: '0.00' },
      ],
    });
    expect((settled.data.orders as unknown[]).length).toBe(6);
  });
});

describe('sheets on demand', () => {
  it('go to the organizer and admins, and to a floor volunteer for their own floor only, privately', async () => {
    t = await startTestBot({ config: unpaced() });
    for (const user of [world.alice.id, world.carol.id, world.admin.id]) await t.send(user, user, '/start');
    await homes([world.bob.id, '301'], [world.carol.id, '902'], [world.admin.id, '1001']);
    await t.send(b7, world.carol.id, '/volunteer');
    await t.send(b7, world.alice.id, vegetables);
    await t.send(b7, world.bob.id, '/order 1 1 1');
    await t.send(b7, world.carol.id, '/order 1 2 1');
    await t.send(b7, world.admin.id, '/order 1 3 2');

    // a resident, and a volunteer for another floor than theirs, are refused
    await t.send(b7, world.bob.id, '/sheet 1 floor 3');
    expect(t.tg.lastBotMessage(b7)!.text).toContain('The sheet is for the organizer and admins');
    // (Carol's Telegram is in French: the bot answers her privately in the config's language, Chinese)
    await t.send(world.carol.id, world.carol.id, '/sheet 1 floor 3');
    expect(t.tg.lastBotMessage(world.carol.id)!.text).toContain('清单只给发起人和管理员');
    await t.send(world.carol.id, world.carol.id, '/sheet 1');
    expect(t.tg.lastBotMessage(world.carol.id)!.text).toContain('清单只给发起人和管理员');
    expect(t.tg.documents(world.carol.id)).toEqual([]);

    // the floor volunteer gets their floor, in the group (by DM) or privately
    await t.send(b7, world.carol.id, '/sheet 1 floor 9');
    expect(t.tg.lastBotMessage(b7)!.text).toBe('The sheet of group buy #1 is in your private chat with me.');
    const floorSheet = t.tg.botMessages(world.carol.id).findLast((m) => m.text?.startsWith('Delivery sheet'))!.text!;
    expect(floorSheet).toContain('Floor 9 only');
    expect(floorSheet).toContain('#- 902 Carol: 鸡蛋×1 = ¥30.00');
    expect(floorSheet).not.toContain('301');
    const [doc] = t.tg.documents(world.carol.id);
    expect(doc!.filename).toBe('group-buy-1-floor-9.csv');
    expect(parseCsv(doc!.content).map((r) => r[2])).toEqual(['unit', '902', 'total']);

    // an admin, anywhere: every floor
    await t.send(world.admin.id, world.admin.id, '/sheet 1');
    const all = t.tg.botMessages(world.admin.id).findLast((m) => m.text?.startsWith('Delivery sheet'))!.text!;
    expect(all).toContain('Floor 3');
    expect(all).toContain('Floor 10');
    expect(t.tg.documents(world.admin.id).at(-1)!.filename).toBe('group-buy-1.xlsx');
  });

  it('asks someone the bot cannot write to privately to open a chat first, sending nothing to the group', async () => {
    t = await startTestBot();
    await t.send(b7, world.alice.id, '/buy Rice | 30');
    const before = t.tg.botMessages(b7).length;
    await t.send(b7, world.alice.id, '/sheet 1');
    expect(t.tg.lastBotMessage(b7)!.text).toContain('open a chat with me, press Start');
    expect(t.tg.botMessages(b7)).toHaveLength(before + 1);
  });
});

describe('a storm of presses on a three-item card', () => {
  it('holds every limit and stock exactly under 300 presses from 100 households, as the same presses in order', {
    timeout: 120_000,
  }, async () => {
    const residents = Array.from({ length: 100 }, (_, i) => ({
      id: 9000 + i,
      first_name: `R${i}`,
      language_code: 'en',
      unit: `${2 + (i % 20)}${String(1 + Math.floor(i / 20)).padStart(2, '0')}`,
    }));
    t = await startTestBot({
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
    // item terms: a limit of 2; a stock of 40; a limit of 3 and a stock of 60; and the buy's own limit of 5
    await t.send(
      b7,
      world.alice.id,
      '/buy Storm | limit 5\nA | 1.10 | limit 2\nB | 2.20 | max 40\nC | 0.30 | limit 3 | max 60',
    );
    const card = buyCard(1);
    let seed = 11;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const presses = Array.from({ length: 300 }, () => ({
      resident: residents[Math.floor(next() * residents.length)]!,
      item: Math.floor(next() * 3),
      plus: next() < 0.8,
    }));
    const updates = presses.map((p) =>
      t.tg.pressButton(b7, card.message_id, p.resident.id, { data: `v1:buy:${p.plus ? 'inc' : 'dec'}:1:${p.item}` }),
    );
    for (const u of updates) await t.handled(u.update_id, 30_000);

    // presses of one chat are handled in order: the expected result is the same presses applied in order
    const limits = [2, null, 3];
    const stocks = [null, 40, 60];
    const expected = new Map<string, number[]>();
    const totals = [0, 0, 0];
    for (const p of presses) {
      const line = expected.get(p.resident.unit) ?? [0, 0, 0];
      const q = line[p.item]!;
      const householdTotal = line.reduce((s, n) => s + n, 0);
      const limit = limits[p.item];
      const stock = stocks[p.item];
      if (p.plus) {
        if ((limit == null || q < limit) && (stock == null || totals[p.item]! < stock) && householdTotal < 5) {
          line[p.item] = q + 1;
          totals[p.item]! += 1;
        }
      } else if (q > 0) {
        line[p.item] = q - 1;
        totals[p.item]! -= 1;
      }
      expected.set(p.resident.unit, line);
    }
    const unitOfHousehold = new Map<number, string>();
    const householdRows = t.app.database.sqlite.prepare('select id, unit from households').all() as Array<{
      id: number;
      unit: string;
    }>;
    for (const h of householdRows) unitOfHousehold.set(h.id, h.unit);
    const actual = stored(1, (id) => unitOfHousehold.get(id) ?? '?');
    const nonZero = (m: Map<string, number[]>) =>
      [...m].filter(([, line]) => line.some((q) => q > 0)).sort(([a], [b]) => a.localeCompare(b));
    expect(nonZero(actual)).toEqual(nonZero(expected));
    for (const [, line] of actual) {
      expect(Math.min(...line)).toBeGreaterThanOrEqual(0);
      expect(line[0]).toBeLessThanOrEqual(2);
      expect(line[2]).toBeLessThanOrEqual(3);
      expect(line.reduce((s, n) => s + n, 0)).toBeLessThanOrEqual(5);
    }
    expect(totals[1]).toBeLessThanOrEqual(40);
    expect(totals[2]).toBeLessThanOrEqual(60);
    const shown = await t.tg.waitForBotMessage(
      b7,
      (m) =>
        m.message_id === card.message_id &&
        (m.text?.includes(
          `Households: ${nonZero(expected).length} · quantity ${totals[0]! + totals[1]! + totals[2]!} `,
        ) ??
          false),
      10_000,
    );
    expect(shown.text).toContain(`2. B — ¥2.20 · ${totals[1]} ordered · ${40 - totals[1]!} of 40 left`);
    expect(shown.text!.length).toBeLessThanOrEqual(4096);
  });
});

describe('one-line buys', () => {
  it('keep their card and buttons, and gain the numbered list and the money', async () => {
    t = await startTestBot();
    await homes([world.bob.id, '301']);
    await t.send(b7, world.alice.id, '/buy Rice | 30 | max 5');
    await t.send(b7, world.bob.id, '/order 1 2');
    await t.send(b7, world.alice.id, '/paid 1 301 20');
    const card = buyCard(1).text!;
    expect(card).toContain('Price ¥30.00');
    expect(card).toContain('Households: 1 · quantity 2 · amount ¥60.00');
    expect(card).toContain('Stock left: 3 of 5');
    expect(card).toContain('Collected ¥20.00 of ¥60.00');
    expect(card.split('\n').at(-1)).toBe('1. 301 ×2 ¥60.00');
    expect(buttonTexts(buyCard(1))).toEqual(['+1', '−1', 'My order', 'Close']);
    const stored = t.app.database.db.select().from(orderItems).all();
    expect(stored.map((o) => [o.item, o.quantity])).toEqual([[0, 2]]);
    expect(
      t.app.database.db
        .select()
        .from(events)
        .all()
        .map((e) => e.type),
    ).toEqual(['buy.opened']);
  });
});

describe('from needs to a group buy', () => {
  it('offers volunteers and admins a /buy template where needs concentrate, in /needs and the digest', async () => {
    t = await startTestBot({
      config: testConfigInput({ needs: { suggestBuyAt: 2 }, outbox: { perGroupPerMinute: 10_000 } }),
    });
    await t.send(world.carol.id, world.carol.id, '/start');
    await homes([world.alice.id, '1501'], [world.bob.id, '1502']);
    await t.send(b7, world.alice.id, '/need #food rice');
    await t.send(b7, world.bob.id, '/need #food rice too');
    await t.send(b7, world.carol.id, '/volunteer');
    await t.send(b7, world.bob.id, '/needs');
    const list = t.tg.lastBotMessage(b7)!;
    expect(list.text).toContain('2 households need #food');
    expect(buttonTexts(list)).toEqual(['🛒 Start a group buy: food']);

    expect(await t.press(b7, list.message_id, world.bob.id, '🛒 Start a group buy: food')).toBe(
      'Volunteers and admins can start a group buy from here.',
    );
    expect(t.tg.botMessages(world.bob.id)).toEqual([]);
    expect(await t.press(b7, list.message_id, world.carol.id, '🛒 Start a group buy: food')).toContain(
      'The /buy template is in your private chat with me',
    );
    const template = t.tg.lastBotMessage(world.carol.id)!.text!;
    expect(template).toBe(
      ['/buy Group buy: food | until 18:00 | min 10', 'First item | 15 | limit 2', 'Second item | 30 | max 100'].join(
        '\n',
      ),
    );
    // completed as it is, it starts a buy of two items
    await t.send(b7, world.carol.id, template);
    expect(buttonTexts(buyCard(1))).toEqual(['+1 First', '−1', '+1 Second', '−1', 'My order', 'Close']);

    await t.send(b7, world.alice.id, '/digest');
    const digest = t.tg.lastBotMessage(b7)!;
    expect(digest.text).toContain('2 households need #food');
    expect(buttonTexts(digest)).toEqual(['🛒 Start a group buy: food']);
    expect(await t.press(b7, digest.message_id, world.admin.id, '🛒 Start a group buy: food')).toBeUndefined();
    // an admin who never opened a private chat gets it in the group
    expect(t.tg.lastBotMessage(b7)!.text).toContain('/buy Group buy: food');
  });
});

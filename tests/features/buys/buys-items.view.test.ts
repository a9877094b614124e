import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BuyRow } from '../../../src/features/buys/buys.store.ts';
import { exportBuy, parseBuyCallbackData, settleAccount } from '../../../src/features/buys/buys.ts';
import {
  type BuyCardDetails,
  type CardItem,
  renderAccount,
  renderBuyCard,
  renderSheetCsv,
  renderSheetText,
  type SheetLine,
} from '../../../src/features/buys/buys.view.ts';
import { languages, rawKeysIn, translatorIn } from '../translations.ts';

const en = translatorIn('en');
const opened = Date.parse('2026-04-01T08:00:00+08:00');

function buyRow(overrides: Partial<BuyRow> = {}): BuyRow {
  return {
    id: 4,
    buildingId: 'b3',
    organizerId: 1,
    item: '周三蔬菜团 Wednesday vegetables',
    priceCents: 1500,
    min: null,
    max: null,
    limitPerHousehold: null,
    closesAt: Date.parse('2026-04-01T18:00:00+08:00'),
    status: 'open',
    closedAt: null,
    closedBy: null,
    createdAt: opened,
    ...overrides,
  };
}

const items: CardItem[] = [
  { name: '白菜 Cabbage 3 kg', priceCents: 1500, max: null, limit: 2, ordered: 4 },
  { name: '鸡蛋 Eggs, tray of 30', priceCents: 3000, max: 100, limit: null, ordered: 2 },
];

function details(overrides: Partial<BuyCardDetails> = {}): BuyCardDetails {
  return {
    items,
    list: {
      count: 2,
      lines: [
        { unit: '1502', quantities: [2, 1] },
        { unit: '301', quantities: [2, 1] },
      ],
    },
    amountCents: 12000,
    collectedCents: 6000,
    minAmountCents: 30000,
    paymentInfo: 'WeChat Pay to Li',
    ...overrides,
  };
}

const card = (overrides: Partial<BuyRow> = {}, d = details(), t = en) =>
  renderBuyCard(t, buyRow(overrides), { households: d.list.count, quantity: 6 }, '¥', '18:00', d);

describe('the card of a buy with several items', () => {
  it('shows each item with its price, ordered and stock left, the money, and the numbered list', () => {
    expect(card().text).toBe(
      [
        '🛒 Group buy #4: 周三蔬菜团 Wednesday vegetables',
        'needs ¥300.00 to go ahead',
        '1. 白菜 Cabbage 3 kg — ¥15.00 · 4 ordered · at most 2 per household',
        '2. 鸡蛋 Eggs, tray of 30 — ¥30.00 · 2 ordered · 98 of 100 left',
        'Households: 2 · quantity 6 · amount ¥120.00',
        'Closes 18:00',
        'How to pay: WeChat Pay to Li',
        'Collected ¥60.00 of ¥120.00',
        '',
        '1. 1502 白菜×2 鸡蛋×1 ¥60.00',
        '2. 301 白菜×2 鸡蛋×1 ¥60.00',
      ].join('\n'),
    );
  });

  it('has a +1 <item> / −1 row per item pressing that item, then My order, then Close on its own row', () => {
    const keyboard = card().replyMarkup.inline_keyboard;
    expect(keyboard.map((row) => row.map((b) => b.text))).toEqual([
      ['+1 白菜', '−1'],
      ['+1 鸡蛋', '−1'],
      ['My order'],
      ['Close'],
    ]);
    expect(keyboard.flat().map((b) => 'callback_data' in b && parseBuyCallbackData(b.callback_data))).toEqual([
      { action: 'inc', id: 4, item: 0 },
      { action: 'dec', id: 4, item: 0 },
      { action: 'inc', id: 4, item: 1 },
      { action: 'dec', id: 4, item: 1 },
      { action: 'mine', id: 4 },
      { action: 'close', id: 4 },
    ]);
  });

  it('numbers the latest lines from where they stand, counting the households before them', () => {
    const text = card({}, details({ list: { count: 40, lines: [{ unit: '902', quantities: [0, 3] }] } })).text;
    expect(text.split('\n').slice(-2)).toEqual([
      '… 39 households before (My order shows yours)',
      '40. 902 鸡蛋×3 ¥90.00',
    ]);
  });

  it('shows what was collected once confirmed, even nothing, and no buttons', () => {
    const confirmed = card({ status: 'confirmed' }, details({ collectedCents: 0 }));
    expect(confirmed.text).toContain('Collected ¥0.00 of ¥120.00');
    expect(confirmed.replyMarkup.inline_keyboard).toEqual([]);
  });

  const name = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 200 });
  it('stays within 4,096 characters, 100 buttons and 64 bytes of data, however long the names and the list', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9_999_999_999_999 }),
        name,
        fc.array(name, { minLength: 2, maxLength: 20 }),
        fc.integer({ min: 0, max: 5000 }),
        fc.string({ unit: 'grapheme', maxLength: 300 }),
        (id, title, names, households, payinfo) => {
          const cardItems = names.map((n) => ({
            name: n,
            priceCents: 99_999_999,
            max: 100_000,
            limit: 100_000,
            ordered: 99_999,
          }));
          const lines = Array.from({ length: Math.min(households, 30) }, (_, i) => ({
            unit: `${i + 1}-${'9'.repeat(12)}`,
            quantities: names.map(() => 99_999),
          }));
          const rendered = renderBuyCard(
            en,
            buyRow({ id, item: title, min: 100_000, max: 100_000, limitPerHousehold: 100_000 }),
            { households, quantity: 99_999 },
            '¥',
            '18:00',
            details({
              items: cardItems,
              list: { count: households, lines },
              paymentInfo: payinfo,
              amountCents: 999_999_999_999,
            }),
          );
          expect(rendered.text.length).toBeLessThanOrEqual(4096);
          const buttons = rendered.replyMarkup.inline_keyboard.flat();
          expect(buttons.length).toBeLessThanOrEqual(100);
          for (const b of buttons) {
            const data = 'callback_data' in b ? b.callback_data : '';
            expect(Buffer.byteLength(data)).toBeLessThan(64);
            expect(parseBuyCallbackData(data)?.id).toBe(id);
          }
          if (households > 0) expect(rendered.text).toMatch(new RegExp(`(^|\\n)${households}\\. `));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('renders in both languages without a raw message key', () => {
    for (const language of languages) {
      for (const status of ['open', 'confirmed', 'cancelled'] as const) {
        const rendered = card({ status, min: 3, limitPerHousehold: 5, max: 9 }, details(), translatorIn(language));
        const texts = [rendered.text, ...rendered.replyMarkup.inline_keyboard.flat().map((b) => b.text)];
        expect(texts.flatMap(rawKeysIn), `${language} ${status}`).toEqual([]);
      }
    }
  });
});

describe('the sheet of a buy with several items', () => {
  const row = (unit: string, quantities: number[], dueCents: number, paidCents: number): SheetLine => ({
    householdId: 1,
    orderNumber: 1,
    unit,
    names: ['Li'],
    enteredBy: null,
    quantity: quantities.reduce((s, q) => s + q, 0),
    paid: false,
    delivered: false,
    quantities,
    dueCents,
    paidCents,
  });
  const rows = [row('301', [2, 1], 6000, 6000), row('902', [0, 1], 3000, 1000)];
  const options = { items, collected: { collectedCents: 7000, dueCents: 9000 } };

  it('lists each household’s items, what it owes and what it paid, with totals per item', () => {
    expect(renderSheetText(en, buyRow(), rows, '¥', { ...options, floor: 3 })).toBe(
      [
        'Delivery sheet — group buy #4: 周三蔬菜团 Wednesday vegetables',
        '1. 白菜 Cabbage 3 kg ¥15.00 · 2. 鸡蛋 Eggs, tray of 30 ¥30.00',
        'Floor 3 only',
        '',
        'Floor 3',
        '#1 301 Li: 白菜×2 鸡蛋×1 = ¥60.00 · paid ☑ · delivered ☐',
        '',
        'Floor 9',
        '#1 902 Li: 鸡蛋×1 = ¥30.00 · paid ¥10.00 (part) · delivered ☐',
        '',
        'Total: 2 households, 4 items, ¥90.00',
        '白菜×2 鸡蛋×2',
        'Collected ¥70.00 of ¥90.00',
      ].join('\n'),
    );
  });

  it('has a column per item in the CSV, paid 1 only when paid in full', () => {
    expect(renderSheetCsv(en, buyRow(), rows, options).split('\r\n')).toEqual([
      '\uFEFForder,floor,unit,names,白菜 Cabbage 3 kg,鸡蛋 Eggs, tray of 30,quantity,amount,paid,delivered'.replace(
        '鸡蛋 Eggs, tray of 30',
        '"鸡蛋 Eggs, tray of 30"',
      ),
      '1,3,301,Li,2,1,3,60.00,1,0',
      '1,9,902,Li,0,1,1,30.00,0,0',
      ',,total,,2,2,4,90.00,,',
      '',
    ]);
  });
});

describe('renderAccount', () => {
  it('gives collected, paid to the supplier, the difference and every household’s line, in both languages', () => {
    const account = settleAccount(
      [
        { unit: '301', dueCents: 30, paidCents: 30 },
        { unit: '1001', dueCents: 30, paidCents: 0 },
      ],
      40,
    );
    expect(renderAccount(en, buyRow({ item: 'Snacks' }), account, '¥', null)).toEqual([
      '💰 Account of group buy #4: Snacks',
      'Collected ¥0.30 of ¥0.60 owed',
      'Paid to the supplier: ¥0.40',
      'Difference: ¥0.10 short: paid to the supplier beyond what was collected.',
      '',
      "Per household (its share of the supplier's cost by what it ordered): 1 refunds, ¥0.10 in all; still owed ¥0.20.",
      '301: paid ¥0.30, share ¥0.20 → refund ¥0.10',
      '1001: paid ¥0.00, share ¥0.20 → owes ¥0.20',
    ]);
    for (const language of languages)
      expect(rawKeysIn(renderAccount(translatorIn(language), buyRow(), account, '¥', 'note').join('\n'))).toEqual([]);
  });
});

describe('exportBuy', () => {
  it('gives the SPEC §5 shape: the first item as item and price, an order row per unit and item, the accounts', () => {
    const exported = exportBuy(
      {
        buy: buyRow({ status: 'confirmed' }),
        items: [
          { item: 0, name: '白菜', priceCents: 10, max: null, limitPerHousehold: 2 },
          { item: 1, name: '鸡蛋', priceCents: 20, max: 100, limitPerHousehold: null },
        ],
        money: { minAmountCents: 30000, paymentInfo: 'WeChat', costCents: 25, settledAt: opened },
        orders: [
          { householdId: 2, unit: '1502', paid: true, delivered: false },
          { householdId: 1, unit: '301', paid: false, delivered: true },
        ],
        orderItems: [
          { householdId: 2, item: 1, quantity: 1 },
          { householdId: 2, item: 0, quantity: 2 },
          { householdId: 1, item: 0, quantity: 0 },
          { householdId: 1, item: 1, quantity: 3 },
        ],
        accounts: [
          { unit: '301', dueCents: 60, paidCents: 0 },
          { unit: '1502', dueCents: 40, paidCents: 40 },
        ],
      },
      (at) => new Date(at).toISOString(),
    );
    expect(exported).toEqual({
      id: 4,
      building: 'b3',
      item: '白菜',
      price: '0.10',
      status: 'confirmed',
      min: null,
      max: null,
      limit: null,
      closesAt: '2026-04-01T10:00:00.000Z',
      orders: [
        { unit: '301', quantity: 3, paid: false, delivered: true, item: 1, amount: '0.60' },
        { unit: '1502', quantity: 2, paid: true, delivered: false, item: 0, amount: '0.20' },
        { unit: '1502', quantity: 1, paid: true, delivered: false, item: 1, amount: '0.20' },
      ],
      items: [
        { name: '白菜', price: '0.10', max: null, limit: 2 },
        { name: '鸡蛋', price: '0.20', max: 100, limit: null },
      ],
      minAmount: '300.00',
      paymentInfo: 'WeChat',
      cost: '0.25',
      settledAt: '2026-04-01T00:00:00.000Z',
      accounts: [
        { unit: '301', due: '0.60', paid: '0.00' },
        { unit: '1502', due: '0.40', paid: '0.40' },
      ],
    });
  });
});

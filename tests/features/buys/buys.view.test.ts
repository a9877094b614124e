import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BuyRow, SheetRow } from '../../../src/features/buys/buys.store.ts';
import { parseBuyCallbackData } from '../../../src/features/buys/buys.ts';
import {
  renderBuyCard,
  renderCloseQuestion,
  renderDuplicateQuestion,
  renderSheetCsv,
  renderSheetText,
} from '../../../src/features/buys/buys.view.ts';
import { languages, rawKeysIn, translatorIn } from '../translations.ts';

const en = translatorIn('en');
const zh = translatorIn('zh');
/** 08:00 on 1 April 2026 in Shanghai, when the buys of these tests open; they close at 18:00. */
const opened = Date.parse('2026-04-01T08:00:00+08:00');
const statuses = ['open', 'confirmed', 'cancelled'] as const;

function buyRow(overrides: Partial<BuyRow> = {}): BuyRow {
  return {
    id: 5,
    buildingId: 'b3',
    organizerId: 1,
    item: 'Vegetable box 蔬菜箱',
    priceCents: 4550,
    min: 20,
    max: 120,
    limitPerHousehold: 2,
    closesAt: Date.parse('2026-04-01T18:00:00+08:00'),
    status: 'open',
    closedAt: null,
    closedBy: null,
    createdAt: opened,
    ...overrides,
  };
}

function card(overrides: Partial<BuyRow> = {}, totals = { households: 3, quantity: 5 }, t = en) {
  return renderBuyCard(t, buyRow(overrides), totals, '¥', '18:00');
}

describe('renderBuyCard', () => {
  it('shows the item, the price and terms, the totals with their amount, the stock left and the deadline', () => {
    expect(card().text).toBe(
      [
        '🛒 Group buy #5: Vegetable box 蔬菜箱',
        'Price ¥45.50 · needs 20 to go ahead · at most 2 per household',
        'Households: 3 · quantity 5 · amount ¥227.50',
        'Stock left: 115 of 120',
        'Closes 18:00',
      ].join('\n'),
    );
  });

  it('leaves out the terms and the stock a buy does not have', () => {
    const lines = card({ min: null, max: null, limitPerHousehold: null }).text.split('\n');
    expect(lines[1]).toBe('Price ¥45.50');
    expect(lines.join('\n')).not.toContain('Stock');
  });

  it('never shows a negative stock, even when it is oversold', () => {
    expect(card({ max: 10 }, { households: 6, quantity: 12 }).text).toContain('Stock left: 0 of 10');
  });

  it('offers +1, −1 and My order in a row while open, and Close in a row of its own, all for this buy', () => {
    const { inline_keyboard } = card({ id: 77 }).replyMarkup;
    expect(inline_keyboard.map((row) => row.map((b) => b.text))).toEqual([['+1', '−1', 'My order'], ['Close']]);
    expect(inline_keyboard.flat().map((b) => 'callback_data' in b && parseBuyCallbackData(b.callback_data))).toEqual(
      ['plus', 'minus', 'mine', 'close'].map((action) => ({ action, id: 77 })),
    );
    expect(card({}, undefined, zh).replyMarkup.inline_keyboard.map((row) => row.map((b) => b.text))).toEqual([
      ['+1', '−1', '我的订单'],
      ['结束'],
    ]);
  });

  it.each([
    ['confirmed', 'Confirmed ✅ — the organizer has the delivery list.'],
    ['cancelled', 'Cancelled: the minimum was not reached.'],
  ] as const)('has no buttons once %s, and says so instead of the deadline', (status, line) => {
    const closed = card({ status, closedAt: opened + 3_600_000 });
    expect(closed.replyMarkup.inline_keyboard).toEqual([]);
    expect(closed.text.split('\n').at(-1)).toBe(line);
    expect(closed.text).not.toContain('18:00');
  });

  it('keeps every button within the 64 bytes of callback data Telegram allows, for any id', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9_999_999_999_999 }), (id) => {
        for (const button of card({ id }).replyMarkup.inline_keyboard.flat()) {
          const data = 'callback_data' in button ? button.callback_data : '';
          expect(Buffer.byteLength(data, 'utf8')).toBeLessThanOrEqual(64);
          expect(parseBuyCallbackData(data)?.id).toBe(id);
        }
      }),
    );
  });

  it('renders every status, with and without terms, in both languages without a raw message key', () => {
    for (const language of languages) {
      for (const status of statuses) {
        for (const terms of [{}, { min: null, max: null, limitPerHousehold: null }]) {
          const rendered = card({ status, ...terms }, undefined, translatorIn(language));
          const texts = [rendered.text, ...rendered.replyMarkup.inline_keyboard.flat().map((b) => b.text)];
          expect(texts.flatMap(rawKeysIn), `${language} ${status}`).toEqual([]);
        }
      }
    }
  });
});

function sheetRow(orderNumber: number | null, unit: string, names: string[], quantity: number): SheetRow {
  return { householdId: quantity, orderNumber, unit, names, enteredBy: null, quantity, paid: false, delivered: false };
}

/** In delivery order, as the store gives them: floor not known first, then floor 3, then floor 15. */
const rows: SheetRow[] = [
  sheetRow(4, '12A', [], 1),
  { ...sheetRow(1, '301', ['Alice Li'], 2), paid: true },
  sheetRow(2, '302', ['Wu Fang'], 1),
  { ...sheetRow(null, '1502', ['Bob Wang', 'Mei Wang'], 3), paid: true, delivered: true },
];

describe('renderSheetText', () => {
  it('lists the households per floor in the order given, with what each owes and has, and the totals', () => {
    expect(renderSheetText(en, buyRow({ item: 'Vegetable box' }), rows, '¥')).toBe(
      [
        'Delivery sheet — group buy #5: Vegetable box (¥45.50 each)',
        '',
        'Floor not known',
        '#4 12A × 1 = ¥45.50 · paid ☐ · delivered ☐',
        '',
        'Floor 3',
        '#1 301 Alice Li × 2 = ¥91.00 · paid ☑ · delivered ☐',
        '#2 302 Wu Fang × 1 = ¥45.50 · paid ☐ · delivered ☐',
        '',
        'Floor 15',
        '#- 1502 Bob Wang, Mei Wang × 3 = ¥136.50 · paid ☑ · delivered ☑',
        '',
        'Total: 4 households, 7 items, ¥318.50',
      ].join('\n'),
    );
  });

  it('gives the totals of an empty sheet', () => {
    expect(renderSheetText(en, buyRow(), [], '¥').split('\n').at(-1)).toBe('Total: 0 households, 0 items, ¥0.00');
  });

  it('renders in both languages without a raw message key', () => {
    for (const language of languages) {
      expect(rawKeysIn(renderSheetText(translatorIn(language), buyRow(), rows, '¥')), language).toEqual([]);
    }
    expect(renderSheetText(zh, buyRow(), rows, '¥')).toContain('\n15 楼\n');
  });
});

describe('renderSheetCsv', () => {
  it('writes a byte order mark, a translated header, a row a household in delivery order and a total row', () => {
    expect(renderSheetCsv(en, buyRow(), rows)).toBe(
      `\uFEFF${[
        'order,floor,unit,names,quantity,amount,paid,delivered',
        '4,0,12A,,1,45.50,0,0',
        '1,3,301,Alice Li,2,91.00,1,0',
        '2,3,302,Wu Fang,1,45.50,0,0',
        ',15,1502,Bob Wang / Mei Wang,3,136.50,1,1',
        ',,total,,7,318.50,,',
      ].join('\r\n')}\r\n`,
    );
  });

  it('writes the header and the total in the language asked for', () => {
    const lines = renderSheetCsv(zh, buyRow(), rows).split('\r\n');
    expect(lines[0]).toBe('\uFEFF订单号,楼层,门牌,姓名,数量,金额,已付款,已送达');
    expect(lines.at(-2)).toBe(',,合计,,7,318.50,,');
    for (const language of languages) {
      expect(rawKeysIn(renderSheetCsv(translatorIn(language), buyRow(), rows)), language).toEqual([]);
    }
  });

  it('quotes names with commas or quotes, and keeps a name from being read as a formula', () => {
    const csv = renderSheetCsv(en, buyRow(), [sheetRow(1, '301', ['=HYPERLINK("x")', 'Li, Mei'], 1)]);
    expect(csv.split('\r\n')[1]).toBe(`1,3,301,"'=HYPERLINK(""x"") / Li, Mei",1,45.50,0,0`);
  });
});

describe('a household without a phone on the sheet', () => {
  const assisted: SheetRow[] = [{ ...sheetRow(1, '1101', [], 1), enteredBy: 'Carol Wu' }, sheetRow(2, '1102', [], 2)];

  it('is named by its unit and who entered its order, or by its unit alone, never with a dash', () => {
    const text = renderSheetText(en, buyRow(), assisted, '¥');
    expect(text).toContain('\n#1 1101 (entered by Carol Wu) × 1 = ¥45.50 · paid ☐ · delivered ☐\n');
    expect(text).toContain('\n#2 1102 × 2 = ¥91.00 · paid ☐ · delivered ☐\n');
    expect(renderSheetText(zh, buyRow(), assisted, '¥')).toContain('\n#1 1101（由 Carol Wu 代订） × 1 = ¥45.50 · ');
    expect(renderSheetText(zh, buyRow(), assisted, '¥')).toContain('\n#2 1102 × 2 = ¥91.00 · ');
  });

  it("has who entered its order in the names column of the CSV, in the sheet's language", () => {
    expect(renderSheetCsv(en, buyRow(), assisted).split('\r\n').slice(1, 3)).toEqual([
      '1,11,1101,entered by Carol Wu,1,45.50,0,0',
      '2,11,1102,,2,91.00,0,0',
    ]);
    expect(renderSheetCsv(zh, buyRow(), assisted).split('\r\n')[1]).toBe('1,11,1101,由 Carol Wu 代订,1,45.50,0,0');
  });

  it('keeps the names of a household with members, whoever entered its order', () => {
    const row = { ...sheetRow(1, '301', ['Alice Li'], 1), enteredBy: null };
    expect(renderSheetText(en, buyRow(), [row], '¥')).toContain('\n#1 301 Alice Li × 1 = ');
  });
});

describe('renderCloseQuestion', () => {
  it('asks to close now with Yes, close #id and No, each pressing back to this buy', () => {
    const question = renderCloseQuestion(en, buyRow({ id: 3, item: 'Bread', min: null }), {
      households: 2,
      quantity: 3,
    });
    expect(question.text).toBe('Close group buy #3 (Bread) now? No one can order after that.');
    const buttons = question.replyMarkup.inline_keyboard.flat();
    expect(buttons.map((b) => b.text)).toEqual(['Yes, close #3', 'No']);
    expect(buttons.map((b) => 'callback_data' in b && parseBuyCallbackData(b.callback_data))).toEqual([
      { action: 'closeyes', id: 3 },
      { action: 'closeno', id: 3 },
    ]);
  });

  it('says when closing now would cancel the buy, short of its minimum', () => {
    const short = renderCloseQuestion(en, buyRow({ id: 3, item: 'Bread', min: 20 }), { households: 2, quantity: 5 });
    expect(short.text).toBe('Close group buy #3 (Bread) now? Only 5 of the 20 needed: it would be cancelled.');
    const reached = renderCloseQuestion(en, buyRow({ min: 20 }), { households: 9, quantity: 20 });
    expect(reached.text).not.toContain('cancelled');
    const zhShort = renderCloseQuestion(zh, buyRow({ id: 3, item: '面包', min: 20 }), { households: 2, quantity: 5 });
    expect(zhShort.text).toBe('现在结束团购 #3（面包）吗？目前只订了 5 份，需要 20 份：结束后将取消。');
    expect(zhShort.replyMarkup.inline_keyboard.flat().map((b) => b.text)).toEqual(['确认结束 #3', '不结束']);
  });
});

describe('renderDuplicateQuestion', () => {
  it('names the open buy and offers Start anyway and Cancel for the held /buy', () => {
    const question = renderDuplicateQuestion(en, buyRow({ id: 3, item: 'Vegetable box' }), 12);
    expect(question.text).toBe('Group buy #3 "Vegetable box" is already open. Start another one anyway?');
    const buttons = question.replyMarkup.inline_keyboard.flat();
    expect(buttons.map((b) => b.text)).toEqual(['Start anyway', 'Cancel']);
    expect(buttons.map((b) => 'callback_data' in b && parseBuyCallbackData(b.callback_data))).toEqual([
      { action: 'start', id: 12 },
      { action: 'drop', id: 12 },
    ]);
    const zhQuestion = renderDuplicateQuestion(zh, buyRow({ id: 3, item: '蔬菜箱' }), 12);
    expect(zhQuestion.text).toBe('团购 #3“蔬菜箱”已在进行中。仍要再发起一个吗？');
    expect(zhQuestion.replyMarkup.inline_keyboard.flat().map((b) => b.text)).toEqual(['仍然发起', '取消']);
  });
});

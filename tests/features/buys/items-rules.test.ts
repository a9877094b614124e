import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/features/access/access.ts';
import {
  buyCallbackData,
  buyTemplateData,
  canReadSheet,
  checkItemQuantity,
  type ItemOrderChange,
  itemLabels,
  maxItems,
  parseBuyCallbackData,
  parseBuyTemplateData,
  parseCost,
  parseOrder,
  parsePaid,
  parsePayInfo,
  parseSheet,
} from '../../../src/features/buys/buys.ts';
import { usageError } from '../usage-error.ts';

describe('checkItemQuantity', () => {
  const change = (item: Partial<ItemOrderChange['item']>, buy: Partial<ItemOrderChange['buy']> = {}) => ({
    item: { current: 0, wanted: 1, othersTotal: 0, limit: null, max: null, ...item },
    buy: { householdTotal: 0, othersTotal: 0, limit: null, max: null, ...buy },
  });
  const key = (c: ItemOrderChange) => usageError(() => checkItemQuantity(c))?.key;

  it('holds an item to its own limit and stock', () => {
    expect(key(change({ wanted: 3, limit: 2 }))).toBe('order-over-limit');
    expect(usageError(() => checkItemQuantity(change({ wanted: 3, othersTotal: 8, max: 10 })))?.args).toEqual({
      left: 2,
    });
    expect(key(change({ wanted: 2, limit: 2, othersTotal: 8, max: 10 }))).toBeUndefined();
  });

  it('holds the household’s whole order to the buy’s limit, and all orders to its stock', () => {
    // 3 of another item already: one more of this one makes 4 of a limit of 4, two more make 5
    expect(key(change({ wanted: 1 }, { householdTotal: 3, limit: 4 }))).toBeUndefined();
    expect(usageError(() => checkItemQuantity(change({ wanted: 2 }, { householdTotal: 3, limit: 4 })))?.args).toEqual({
      limit: 4,
    });
    const soldOut = usageError(() =>
      checkItemQuantity(change({ wanted: 2 }, { householdTotal: 1, othersTotal: 8, max: 10 })),
    );
    expect(soldOut?.key).toBe('order-sold-out');
    expect(soldOut?.args).toEqual({ left: 1 });
  });

  it('always allows less, even over every limit', () => {
    expect(
      key(change({ current: 5, wanted: 4, limit: 1, max: 1, othersTotal: 9 }, { householdTotal: 9, limit: 1 })),
    ).toBe(undefined);
  });

  it('refuses a quantity that is no quantity', () => {
    expect(key(change({ wanted: -1 }))).toBe('order-quantity-invalid');
    expect(key(change({ wanted: 1.5 }))).toBe('order-quantity-invalid');
  });

  it('keeps every allowed change within every term it was within', () => {
    const count = fc.integer({ min: 0, max: 30 });
    const term = fc.option(fc.integer({ min: 1, max: 40 }), { nil: null });
    fc.assert(
      fc.property(count, count, count, count, term, term, term, term, fc.integer({ min: 0, max: 40 }), (...v) => {
        const [current, others, otherItems, everyoneElse, itemLimit, itemMax, buyLimit, buyMax, wanted] = v;
        const householdTotal = current + otherItems;
        const c = change(
          { current, wanted, othersTotal: others, limit: itemLimit, max: itemMax },
          { householdTotal, othersTotal: everyoneElse, limit: buyLimit, max: buyMax },
        );
        if (usageError(() => checkItemQuantity(c)) !== undefined || wanted <= current) return;
        const total = householdTotal - current + wanted;
        expect(itemLimit === null || wanted <= itemLimit).toBe(true);
        expect(itemMax === null || others + wanted <= itemMax).toBe(true);
        expect(buyLimit === null || total <= buyLimit).toBe(true);
        expect(buyMax === null || everyoneElse + total <= buyMax).toBe(true);
      }),
    );
  });
});

describe('callback data of one item', () => {
  it('writes and reads back the item of +1 and −1 on a buy of several, within 64 bytes', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('inc', 'dec' as const),
        fc.integer({ min: 1, max: 9_999_999_999_999 }),
        fc.integer({ min: 0, max: maxItems - 1 }),
        (action, id, item) => {
          const data = buyCallbackData(action, id, item);
          expect(Buffer.byteLength(data)).toBeLessThan(64);
          expect(parseBuyCallbackData(data)).toEqual({ action, id, item });
        },
      ),
    );
  });

  it.each([
    'v1:buy:inc:1',
    'v1:buy:inc:1:',
    'v1:buy:inc:1:01',
    'v1:buy:inc:1:100',
    'v1:buy:inc:1:-1',
    'v1:buy:mine:1:0',
  ])('refuses the forged data %j', (data) => {
    expect(parseBuyCallbackData(data)).toBeUndefined();
  });

  it('names a category for Start a group buy, and nothing else', () => {
    expect(parseBuyTemplateData(buyTemplateData('food'))).toBe('food');
    expect(Buffer.byteLength(buyTemplateData(`a${'b'.repeat(31)}`))).toBeLessThan(64);
    for (const data of ['v1:buy:tpl:', 'v1:buy:tpl:Food', 'v1:buy:tpl:food:1', `v1:buy:tpl:a${'b'.repeat(32)}`])
      expect(parseBuyTemplateData(data)).toBeUndefined();
  });
});

describe('the money and sheet commands', () => {
  it('read /order of one item, numbered from 1, with full-width digits and for a unit', () => {
    expect(parseOrder('3 2 5')).toEqual({ buyId: 3, itemNumber: 2, quantity: 5 });
    expect(parseOrder('３ １ ０ for 1502')).toEqual({ buyId: 3, itemNumber: 1, quantity: 0, forUnit: '1502' });
    expect(usageError(() => parseOrder('3 0 5'))?.key).toBe('order-usage');
    expect(usageError(() => parseOrder(`3 ${maxItems + 1} 5`))?.key).toBe('order-usage');
  });

  it('read /paid with or without an amount, and a correction', () => {
    expect(parsePaid('3 1502')).toEqual({ buyId: 3, unit: '1502', amountCents: null });
    expect(parsePaid('#3 1502 ¥0.1')).toEqual({ buyId: 3, unit: '1502', amountCents: 10 });
    expect(parsePaid('３ １５０２ -２')).toEqual({ buyId: 3, unit: '1502', amountCents: -200 });
    expect(usageError(() => parsePaid('3'))?.key).toBe('paid-usage');
    expect(usageError(() => parsePaid('3 1502 0'))?.key).toBe('buy-amount-invalid');
    expect(usageError(() => parsePaid('3 1502 1.001'))?.key).toBe('buy-amount-invalid');
    expect(usageError(() => parsePaid('3 1502 5 extra'))?.key).toBe('paid-usage');
  });

  it('read /cost with an optional note as typed, zero allowed', () => {
    expect(parseCost('3 280.50 菜场 老王')).toEqual({ buyId: 3, costCents: 28050, note: '菜场 老王' });
    expect(parseCost('3 ０')).toEqual({ buyId: 3, costCents: 0, note: null });
    expect(usageError(() => parseCost('3'))?.key).toBe('cost-usage');
    expect(usageError(() => parseCost('3 -5'))?.key).toBe('buy-amount-invalid');
    expect(usageError(() => parseCost(`3 5 ${'x'.repeat(201)}`))?.key).toBe('cost-note-too-long');
  });

  it('read /payinfo as typed, several lines allowed, within its length', () => {
    expect(parsePayInfo('3 WeChat Pay to Li\n138 0000 0000')).toEqual({
      buyId: 3,
      text: 'WeChat Pay to Li\n138 0000 0000',
    });
    expect(parsePayInfo('＃３ 微信转账')).toEqual({ buyId: 3, text: '微信转账' });
    expect(usageError(() => parsePayInfo('3'))?.key).toBe('payinfo-usage');
    expect(usageError(() => parsePayInfo('abc'))?.key).toBe('payinfo-usage');
    expect(usageError(() => parsePayInfo(`3 ${'付'.repeat(301)}`))?.key).toBe('payinfo-too-long');
  });

  it.each<[string, ReturnType<typeof parseSheet>]>([
    ['3', { buyId: 3, floor: null }],
    ['3 floor 15', { buyId: 3, floor: 15 }],
    ['3 Floor15', { buyId: 3, floor: 15 }],
    ['3 楼层 15', { buyId: 3, floor: 15 }],
    ['3 15楼', { buyId: 3, floor: 15 }],
    ['３ floor １５', { buyId: 3, floor: 15 }],
  ])('read /sheet %j', (args, expected) => {
    expect(parseSheet(args)).toEqual(expected);
  });

  it.each(['', 'floor 15', '3 floor', '3 15', '3 floor 1234'])('refuse /sheet %j', (args) => {
    expect(usageError(() => parseSheet(args))?.key).toBe('sheet-usage');
  });
});

describe('itemLabels', () => {
  it('takes each name’s first word, else the names cut short, else numbers them', () => {
    expect(itemLabels(['白菜 Cabbage 3 kg', '鸡蛋 Eggs', 'Tofu'])).toEqual(['白菜', '鸡蛋', 'Tofu']);
    expect(itemLabels(['Eggs large', 'Eggs small'])).toEqual(['Eggs large', 'Eggs small']);
    expect(itemLabels(['Eggs, a tray of thirty large', 'Eggs, a tray of thirty small'])).toEqual([
      '1.Eggs, a tra…',
      '2.Eggs, a tra…',
    ]);
  });
});

describe('canReadSheet', () => {
  const actor = (overrides: Partial<Actor> = {}): Actor => ({
    userId: 7,
    isAdmin: false,
    isVolunteer: false,
    isAnonymous: false,
    ...overrides,
  });
  const buy = { organizerId: 1 };

  it('lets the organizer and admins read any sheet, and a volunteer only the floor they live on', () => {
    expect(canReadSheet(actor({ userId: 1 }), buy, { floor: null, homeFloor: null })).toBe(true);
    expect(canReadSheet(actor({ isAdmin: true }), buy, { floor: 3, homeFloor: null })).toBe(true);
    expect(canReadSheet(actor({ isVolunteer: true }), buy, { floor: 15, homeFloor: 15 })).toBe(true);
    expect(canReadSheet(actor({ isVolunteer: true }), buy, { floor: 3, homeFloor: 15 })).toBe(false);
    expect(canReadSheet(actor({ isVolunteer: true }), buy, { floor: null, homeFloor: 15 })).toBe(false);
    expect(canReadSheet(actor(), buy, { floor: 15, homeFloor: 15 })).toBe(false);
  });
});

import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../src/db/open.ts';
import { buyPayments, orders } from '../../../src/db/schema.ts';
import {
  accountsOf,
  type BuyRow,
  buyAmount,
  buyCollected,
  buyExportRows,
  buyItemsOf,
  buyMoneyOf,
  buyTotals,
  closeBuy,
  createBuy,
  createBuyDraft,
  draftCommand,
  getBuy,
  getBuyDraft,
  householdAccount,
  itemQuantitiesOf,
  itemTotals,
  listLines,
  markOrder,
  markSettled,
  recordPayment,
  setCost,
  setOrder,
  setPaymentInfo,
} from '../../../src/features/buys/buys.store.ts';
import { type BuyCommand, parseBuy } from '../../../src/features/buys/buys.ts';
import {
  ANN,
  auditRows,
  BO,
  CY,
  DAY,
  HOUR,
  MINUTE,
  ORGANIZER,
  openNeighbourhood,
  seedHousehold,
  T0,
} from '../../db/memory-db.ts';

let handle: DatabaseHandle;
let h1502: number;
let h902: number;
let h301: number;
beforeEach(() => {
  handle = openNeighbourhood();
  h1502 = seedHousehold(handle.db, 'east', '1502', [ANN], T0);
  h902 = seedHousehold(handle.db, 'east', '902', [CY]);
  h301 = seedHousehold(handle.db, 'east', '301', [BO]);
});
afterEach(() => handle.close());

const unitOf = (householdId: number) => ({ [h1502]: '1502', [h902]: '902', [h301]: '301' })[householdId] ?? '?';

function command(text: string): BuyCommand {
  return parseBuy(text, { now: T0, timezone: 'Asia/Shanghai', defaultDurationMs: DAY });
}

function openBuy(text = 'Veg | min ¥1\nCabbage | 0.1 | limit 3\nEggs | 0.2 | max 5'): BuyRow {
  const id = handle.db.transaction((tx) =>
    createBuy(tx, { buildingId: 'east', organizerId: ORGANIZER, command: command(text), now: T0 }),
  );
  return getBuy(handle.db, id)!;
}

function order(buy: BuyRow, householdId: number, item: number, quantity: number, now = T0 + MINUTE): void {
  handle.db.transaction((tx) =>
    setOrder(tx, buy, { householdId, unit: unitOf(householdId), item, quantity, userId: ANN, now }),
  );
}

const pay = (buy: BuyRow, householdId: number, amountCents: number) =>
  handle.db.transaction((tx) =>
    recordPayment(tx, buy, { householdId, unit: unitOf(householdId), amountCents, userId: ORGANIZER, now: T0 + HOUR }),
  );

describe('a buy of several items', () => {
  it('keeps its items in order with their own terms, and its money terms', () => {
    const buy = openBuy();
    expect(buy).toMatchObject({ item: 'Veg', priceCents: 10, min: null, max: null, limitPerHousehold: null });
    expect(buyItemsOf(handle.db, buy.id)).toEqual([
      { buyId: buy.id, item: 0, name: 'Cabbage', priceCents: 10, max: null, limitPerHousehold: 3 },
      { buyId: buy.id, item: 1, name: 'Eggs', priceCents: 20, max: 5, limitPerHousehold: null },
    ]);
    expect(buyMoneyOf(handle.db, buy.id)).toMatchObject({ minAmountCents: 100, paymentInfo: null, costCents: null });
    expect(auditRows(handle.db, 'buy.open')[0]?.details).toEqual({
      priceCents: 10,
      min: null,
      max: null,
      limit: null,
      minAmountCents: 100,
      items: 2,
    });
  });

  it('sums each item, each household and the whole order, and what it comes to, in integer cents', () => {
    const buy = openBuy();
    order(buy, h1502, 0, 2);
    order(buy, h1502, 1, 1);
    order(buy, h902, 1, 3);
    expect(itemTotals(handle.db, buy.id, 2)).toEqual([2, 4]);
    expect(itemQuantitiesOf(handle.db, buy.id, h1502, 2)).toEqual([2, 1]);
    expect(buyTotals(handle.db, buy.id)).toEqual({ households: 2, quantity: 6 });
    // 2 × 0.1 + 1 × 0.2 + 3 × 0.2, exactly
    expect(buyAmount(handle.db, buy.id)).toBe(100);
    expect(householdAccount(handle.db, buy.id, h1502)).toEqual({ dueCents: 40, paidCents: 0 });
    expect(auditRows(handle.db, 'buy.order').map((r) => r.details)).toEqual([
      { unit: '1502', item: 0, quantity: 2 },
      { unit: '1502', item: 1, quantity: 1 },
      { unit: '902', item: 1, quantity: 3 },
    ]);
  });

  it('numbers the households in the order they joined, keeping a place across a withdrawal', () => {
    const buy = openBuy();
    order(buy, h902, 0, 1);
    order(buy, h1502, 1, 1);
    order(buy, h301, 0, 2);
    order(buy, h902, 0, 0);
    expect(listLines(handle.db, buy.id, 2, 30)).toEqual({
      count: 2,
      lines: [
        { householdId: h1502, unit: '1502', quantities: [0, 1] },
        { householdId: h301, unit: '301', quantities: [2, 0] },
      ],
    });
    order(buy, h902, 1, 1);
    expect(listLines(handle.db, buy.id, 2, 2)).toEqual({
      count: 3,
      lines: [
        { householdId: h1502, unit: '1502', quantities: [0, 1] },
        { householdId: h301, unit: '301', quantities: [2, 0] },
      ],
    });
    expect(listLines(handle.db, buy.id, 2, 30).lines.map((l) => l.unit)).toEqual(['902', '1502', '301']);
  });

  it('is cancelled at its close short of its minimum amount, and confirmed at it', () => {
    const short = openBuy();
    order(short, h1502, 1, 4);
    expect(handle.db.transaction((tx) => closeBuy(tx, short, null, T0 + DAY))).toBe('cancelled');
    const enough = openBuy();
    order(enough, h1502, 1, 5);
    expect(handle.db.transaction((tx) => closeBuy(tx, enough, null, T0 + DAY))).toBe('confirmed');
  });
});

describe('payments', () => {
  it('add up, partial ones included, with corrections, and tell when a household paid in full', () => {
    const buy = openBuy();
    order(buy, h1502, 0, 1);
    order(buy, h1502, 1, 1);
    pay(buy, h1502, 10);
    expect(householdAccount(handle.db, buy.id, h1502)).toEqual({ dueCents: 30, paidCents: 10 });
    const paidFlag = () =>
      handle.db.select({ paid: orders.paid }).from(orders).where(eq(orders.householdId, h1502)).get()?.paid;
    expect(paidFlag()).toBe(false);
    pay(buy, h1502, 20);
    expect(paidFlag()).toBe(true);
    // ordering more after paying: no longer paid in full
    order(buy, h1502, 1, 2);
    expect(paidFlag()).toBe(false);
    pay(buy, h1502, -5);
    expect(buyCollected(handle.db, buy.id)).toBe(25);
    expect(auditRows(handle.db, 'buy.paid').map((r) => [r.actor, r.details])).toEqual([
      [ORGANIZER, { unit: '1502', amountCents: 10 }],
      [ORGANIZER, { unit: '1502', amountCents: 20 }],
      [ORGANIZER, { unit: '1502', amountCents: -5 }],
    ]);
  });

  it('of all that is still owed when ticked paid without an amount, and nothing more when ticked again', () => {
    const buy = openBuy();
    order(buy, h902, 1, 2);
    pay(buy, h902, 15);
    const tick = () =>
      handle.db.transaction((tx) =>
        markOrder(tx, buy, { householdId: h902, unit: '902', field: 'paid', userId: ORGANIZER, now: T0 + DAY }),
      );
    expect(tick()).toBe(true);
    expect(tick()).toBe(true);
    expect(
      handle.db
        .select()
        .from(buyPayments)
        .all()
        .map((p) => p.amountCents),
    ).toEqual([15, 25]);
    expect(householdAccount(handle.db, buy.id, h902)).toEqual({ dueCents: 40, paidCents: 40 });
  });

  it('are accounted per household that ordered or paid, in delivery order', () => {
    const buy = openBuy();
    order(buy, h1502, 0, 1);
    order(buy, h301, 1, 1);
    order(buy, h902, 0, 1);
    pay(buy, h902, 10);
    order(buy, h902, 0, 0);
    expect(accountsOf(handle.db, buy.id)).toEqual([
      { householdId: h301, unit: '301', dueCents: 20, paidCents: 0 },
      { householdId: h902, unit: '902', dueCents: 0, paidCents: 10 },
      { householdId: h1502, unit: '1502', dueCents: 10, paidCents: 0 },
    ]);
  });
});

describe('the money record', () => {
  it('keeps how to pay, the cost (replaced, both audited) and when the account was posted', () => {
    const buy = openBuy();
    handle.db.transaction((tx) => {
      setPaymentInfo(tx, buy, { text: 'WeChat to Olga', userId: ORGANIZER, now: T0 });
      setCost(tx, buy, { costCents: 100, note: null, userId: ORGANIZER, now: T0 });
      setCost(tx, buy, { costCents: 90, note: 'discount', userId: ORGANIZER, now: T0 + MINUTE });
      markSettled(tx, buy, { userId: ORGANIZER, now: T0 + DAY, collectedCents: 0, costCents: 90 });
    });
    expect(buyMoneyOf(handle.db, buy.id)).toMatchObject({
      paymentInfo: 'WeChat to Olga',
      costCents: 90,
      costNote: 'discount',
      settledAt: T0 + DAY,
      settledBy: ORGANIZER,
    });
    expect(auditRows(handle.db, 'buy.cost').map((r) => r.details)).toEqual([
      { costCents: 100, before: null, note: null },
      { costCents: 90, before: 100, note: 'discount' },
    ]);
    expect(auditRows(handle.db, 'buy.payinfo', 'buy.settle').map((r) => r.action)).toEqual([
      'buy.payinfo',
      'buy.settle',
    ]);
  });

  it('is what the export of the buy is read from', () => {
    const buy = openBuy();
    order(buy, h1502, 1, 2);
    pay(buy, h1502, 40);
    const rows = buyExportRows(handle.db, buy);
    expect(rows.items.map((i) => i.name)).toEqual(['Cabbage', 'Eggs']);
    expect(rows.orders.map((o) => [o.unit, o.quantity, o.paid])).toEqual([['1502', 2, true]]);
    expect(rows.orderItems.map((o) => [o.item, o.quantity])).toEqual([[1, 2]]);
    expect(rows.accounts).toEqual([{ householdId: h1502, unit: '1502', dueCents: 40, paidCents: 40 }]);
  });
});

describe('a held /buy of several items', () => {
  it('keeps its items and minimum amount until it is started', () => {
    const twin = openBuy();
    const held = command('Veg | min ¥2\nCabbage | 0.1\nEggs | 0.2 | limit 1');
    const id = handle.db.transaction((tx) =>
      createBuyDraft(tx, { buildingId: 'east', userId: BO, duplicateOf: twin.id, command: held, now: T0 }),
    );
    expect(draftCommand(getBuyDraft(handle.db, id)!)).toEqual(held);
  });
});

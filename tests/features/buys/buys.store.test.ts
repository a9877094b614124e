import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/core/usage-error.ts';
import type { DatabaseHandle } from '../../../src/db/open.ts';
import { orders } from '../../../src/db/schema.ts';
import {
  answerBuyDraft,
  type BuyRow,
  buysClosingBy,
  buysDue,
  buyTotals,
  closeBuy,
  createBuy,
  createBuyDraft,
  draftCommand,
  getBuy,
  getBuyDraft,
  markOrder,
  openBuysOf,
  ordersOfUser,
  quantityOf,
  setOrder,
  sheetRows,
} from '../../../src/features/buys/buys.store.ts';
import { type BuyCommand, checkQuantity } from '../../../src/features/buys/buys.ts';
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
  seedHousehold(handle.db, 'east', '1502', [BO], T0 + MINUTE);
  h902 = seedHousehold(handle.db, 'east', '902', [CY]);
  h301 = seedHousehold(handle.db, 'east', '301');
});
afterEach(() => handle.close());

const unitOf = (householdId: number) =>
  ({ [h1502]: '1502', [h902]: '902', [h301]: '301' })[householdId] ?? String(householdId);

function openBuy(overrides: Partial<BuyCommand> = {}, buildingId = 'east', now = T0): BuyRow {
  const command = { item: 'Rice 10kg', priceCents: 4550, min: null, max: null, limit: null, closesAt: T0 + DAY };
  const id = handle.db.transaction((tx) =>
    createBuy(tx, { buildingId, organizerId: ORGANIZER, command: { ...command, ...overrides }, now }),
  );
  return getBuy(handle.db, id)!;
}

function order(buy: BuyRow, householdId: number, quantity: number, userId = ANN, now = T0 + MINUTE): void {
  handle.db.transaction((tx) => setOrder(tx, buy, { householdId, unit: unitOf(householdId), quantity, userId, now }));
}

/** Changes the order as the bot does: the quantity checked against the limit and stock inside the transaction. */
function orderChecked(buy: BuyRow, householdId: number, wanted: number): void {
  handle.db.transaction((tx) => {
    const current = quantityOf(tx, buy.id, householdId);
    const othersTotal = buyTotals(tx, buy.id).quantity - current;
    checkQuantity({ current, wanted, othersTotal, limit: buy.limitPerHousehold, max: buy.max });
    setOrder(tx, buy, { householdId, unit: unitOf(householdId), quantity: wanted, userId: ANN, now: T0 + HOUR });
  });
}

const close = (buy: BuyRow, closedBy: number | null = ORGANIZER, now = T0 + DAY) =>
  handle.db.transaction((tx) => closeBuy(tx, buy, closedBy, now));

describe('createBuy and getBuy', () => {
  it('record an open buy with its terms and audit them', () => {
    const buy = openBuy({ min: 10, max: 50, limit: 5 });
    expect(buy).toEqual({
      id: buy.id,
      buildingId: 'east',
      organizerId: ORGANIZER,
      item: 'Rice 10kg',
      priceCents: 4550,
      min: 10,
      max: 50,
      limitPerHousehold: 5,
      closesAt: T0 + DAY,
      status: 'open',
      closedAt: null,
      closedBy: null,
      createdAt: T0,
    });
    expect(auditRows(handle.db, 'buy.open').map((r) => [r.actor, r.buildingId, r.subject, r.details])).toEqual([
      [ORGANIZER, 'east', `buy:${buy.id}`, { priceCents: 4550, min: 10, max: 50, limit: 5 }],
    ]);
  });

  it('find no buy for an unknown id', () => {
    expect(getBuy(handle.db, 404)).toBeUndefined();
  });
});

describe('setOrder, quantityOf and buyTotals', () => {
  it('start from nothing ordered', () => {
    const buy = openBuy();
    expect(quantityOf(handle.db, buy.id, h1502)).toBe(0);
    expect(buyTotals(handle.db, buy.id)).toEqual({ households: 0, quantity: 0 });
  });

  it('set a household’s quantity, replacing what it had ordered rather than adding to it', () => {
    const buy = openBuy();
    order(buy, h1502, 3);
    order(buy, h1502, 2, BO);
    order(buy, h902, 4, CY);
    expect(quantityOf(handle.db, buy.id, h1502)).toBe(2);
    expect(buyTotals(handle.db, buy.id)).toEqual({ households: 2, quantity: 6 });
  });

  it('withdraw an order with quantity 0, which no longer counts', () => {
    const buy = openBuy();
    order(buy, h1502, 3);
    order(buy, h902, 1, CY);
    order(buy, h1502, 0);
    expect(quantityOf(handle.db, buy.id, h1502)).toBe(0);
    expect(buyTotals(handle.db, buy.id)).toEqual({ households: 1, quantity: 1 });
  });

  it('count only the orders of that buy', () => {
    const rice = openBuy();
    const oil = openBuy({ item: 'Oil' });
    order(rice, h1502, 3);
    order(oil, h1502, 7);
    expect(buyTotals(handle.db, rice.id)).toEqual({ households: 1, quantity: 3 });
    expect(quantityOf(handle.db, oil.id, h1502)).toBe(7);
  });

  it('audit each order and withdrawal with the unit and quantity', () => {
    const buy = openBuy();
    order(buy, h1502, 3, ANN, T0 + MINUTE);
    order(buy, h1502, 0, BO, T0 + HOUR);
    expect(auditRows(handle.db, 'buy.order', 'buy.withdraw').map((r) => [r.action, r.actor, r.at, r.details])).toEqual([
      ['buy.order', ANN, T0 + MINUTE, { unit: '1502', quantity: 3 }],
      ['buy.withdraw', BO, T0 + HOUR, { unit: '1502', quantity: 0 }],
    ]);
  });
});

describe('an order checked inside its transaction', () => {
  it('is refused beyond the stock left, leaving every order as it was', () => {
    const buy = openBuy({ max: 5 });
    orderChecked(buy, h902, 3);
    expect(() => orderChecked(buy, h1502, 3)).toThrow(new UsageError('order-sold-out', { left: 2 }));
    expect(quantityOf(handle.db, buy.id, h1502)).toBe(0);
    expect(buyTotals(handle.db, buy.id)).toEqual({ households: 1, quantity: 3 });
    expect(auditRows(handle.db, 'buy.order')).toHaveLength(1);
  });

  it('is refused beyond the per-household limit, and accepted up to it', () => {
    const buy = openBuy({ limit: 2 });
    expect(() => orderChecked(buy, h1502, 3)).toThrow(new UsageError('order-over-limit', { limit: 2 }));
    orderChecked(buy, h1502, 2);
    expect(quantityOf(handle.db, buy.id, h1502)).toBe(2);
  });

  it('takes the last items up to the stock exactly', () => {
    const buy = openBuy({ max: 5 });
    orderChecked(buy, h902, 3);
    orderChecked(buy, h1502, 2);
    expect(buyTotals(handle.db, buy.id)).toEqual({ households: 2, quantity: 5 });
  });
});

describe('closeBuy', () => {
  it('confirms a buy that reached its minimum, numbering the orders in delivery order', () => {
    const buy = openBuy({ min: 5 });
    order(buy, h1502, 2);
    order(buy, h301, 1);
    order(buy, h902, 2, CY);
    expect(close(buy)).toBe('confirmed');
    expect(getBuy(handle.db, buy.id)).toMatchObject({ status: 'confirmed', closedAt: T0 + DAY, closedBy: ORGANIZER });
    expect(sheetRows(handle.db, buy.id).map((r) => [r.unit, r.orderNumber])).toEqual([
      ['301', 1],
      ['902', 2],
      ['1502', 3],
    ]);
    expect(auditRows(handle.db, 'buy.confirmed').map((r) => [r.actor, r.subject, r.details])).toEqual([
      [ORGANIZER, `buy:${buy.id}`, { quantity: 5, households: 3 }],
    ]);
  });

  it('gives no number to a household that withdrew', () => {
    const buy = openBuy();
    order(buy, h1502, 2);
    order(buy, h902, 1, CY);
    order(buy, h902, 0, CY);
    close(buy);
    const numbers = handle.db
      .select({ householdId: orders.householdId, orderNumber: orders.orderNumber })
      .from(orders)
      .where(eq(orders.buyId, buy.id))
      .orderBy(orders.householdId)
      .all();
    expect(numbers).toEqual([
      { householdId: h1502, orderNumber: 1 },
      { householdId: h902, orderNumber: null },
    ]);
  });

  it('cancels a buy short of its minimum, numbering nothing', () => {
    const buy = openBuy({ min: 10 });
    order(buy, h1502, 9);
    expect(close(buy, null)).toBe('cancelled');
    expect(getBuy(handle.db, buy.id)).toMatchObject({ status: 'cancelled', closedBy: null });
    expect(sheetRows(handle.db, buy.id).map((r) => r.orderNumber)).toEqual([null]);
    expect(auditRows(handle.db, 'buy.cancelled').map((r) => [r.actor, r.details])).toEqual([
      [null, { quantity: 9, households: 1 }],
    ]);
  });

  it('cancels a buy nobody ordered, even without a minimum', () => {
    const buy = openBuy();
    expect(close(buy)).toBe('cancelled');
    expect(getBuy(handle.db, buy.id)?.status).toBe('cancelled');
  });

  it('closes a buy once: a second close changes and audits nothing', () => {
    const buy = openBuy();
    order(buy, h1502, 1);
    close(buy, ORGANIZER, T0 + HOUR);
    expect(close(buy, null, T0 + DAY)).toBeUndefined();
    expect(getBuy(handle.db, buy.id)).toMatchObject({ status: 'confirmed', closedAt: T0 + HOUR, closedBy: ORGANIZER });
    expect(auditRows(handle.db, 'buy.confirmed', 'buy.cancelled')).toHaveLength(1);
  });
});

describe('sheetRows', () => {
  it('lists the households with a quantity by floor then unit, with their members in the order they joined', () => {
    const buy = openBuy();
    order(buy, h1502, 2);
    order(buy, h902, 1, CY);
    expect(sheetRows(handle.db, buy.id)).toEqual([
      {
        householdId: h902,
        orderNumber: null,
        unit: '902',
        names: ['Cy'],
        enteredBy: null,
        quantity: 1,
        paid: false,
        delivered: false,
      },
      {
        householdId: h1502,
        orderNumber: null,
        unit: '1502',
        names: ['Ann Lee', 'Bo'],
        enteredBy: null,
        quantity: 2,
        paid: false,
        delivered: false,
      },
    ]);
  });

  it('lists a household entered for someone without a phone with no names, and who entered its order', () => {
    const buy = openBuy();
    order(buy, h301, 1, CY);
    order(buy, h301, 2, ANN);
    expect(sheetRows(handle.db, buy.id).map((r) => [r.unit, r.names, r.enteredBy])).toEqual([['301', [], 'Ann Lee']]);
  });

  it('keeps who entered an order when the organizer ticks it paid or delivered', () => {
    const buy = openBuy();
    order(buy, h301, 1, CY);
    handle.db.transaction((tx) =>
      markOrder(tx, buy, { householdId: h301, unit: '301', field: 'paid', userId: ORGANIZER, now: T0 + HOUR }),
    );
    expect(sheetRows(handle.db, buy.id)[0]).toMatchObject({ enteredBy: 'Cy', paid: true });
  });

  it('is empty for a buy without orders', () => {
    expect(sheetRows(handle.db, openBuy().id)).toEqual([]);
  });
});

describe('markOrder', () => {
  const mark = (buy: BuyRow, householdId: number, field: 'paid' | 'delivered') =>
    handle.db.transaction((tx) =>
      markOrder(tx, buy, { householdId, unit: unitOf(householdId), field, userId: ORGANIZER, now: T0 + 2 * DAY }),
    );

  it('marks a household’s order paid, then delivered, and audits each', () => {
    const buy = openBuy();
    order(buy, h1502, 2);
    expect(mark(buy, h1502, 'paid')).toBe(true);
    expect(sheetRows(handle.db, buy.id)[0]).toMatchObject({ paid: true, delivered: false });
    expect(mark(buy, h1502, 'delivered')).toBe(true);
    expect(sheetRows(handle.db, buy.id)[0]).toMatchObject({ paid: true, delivered: true });
    expect(auditRows(handle.db, 'buy.paid', 'buy.delivered').map((r) => [r.action, r.actor, r.details])).toEqual([
      ['buy.paid', ORGANIZER, { unit: '1502' }],
      ['buy.delivered', ORGANIZER, { unit: '1502' }],
    ]);
  });

  it('is false for a household with no order or a withdrawn one, changing nothing', () => {
    const buy = openBuy();
    order(buy, h902, 1, CY);
    order(buy, h902, 0, CY);
    expect(mark(buy, h1502, 'paid')).toBe(false);
    expect(mark(buy, h902, 'paid')).toBe(false);
    expect(auditRows(handle.db, 'buy.paid')).toEqual([]);
  });
});

describe('buysDue', () => {
  it('lists the open buys whose closing time has come', () => {
    const soon = openBuy({ closesAt: T0 + HOUR });
    const later = openBuy({ closesAt: T0 + DAY });
    const closed = openBuy({ closesAt: T0 + HOUR });
    close(closed, ORGANIZER, T0 + MINUTE);
    const due = (now: number) => handle.db.transaction((tx) => buysDue(tx, now).map((b) => b.id));
    expect(due(T0 + HOUR - 1)).toEqual([]);
    expect(due(T0 + HOUR)).toEqual([soon.id]);
    expect(due(T0 + DAY).sort((a, b) => a - b)).toEqual([soon.id, later.id]);
  });
});

describe('ordersOfUser', () => {
  it('lists what the user’s household ordered in open and confirmed buys, by buy', () => {
    const confirmed = openBuy({ item: 'Oil' });
    const open = openBuy({ item: 'Rice' });
    const cancelled = openBuy({ item: 'Masks', min: 100 });
    const withdrawn = openBuy({ item: 'Eggs' });
    order(open, h1502, 3);
    order(confirmed, h1502, 1, BO);
    close(confirmed);
    order(cancelled, h1502, 2);
    close(cancelled);
    order(withdrawn, h1502, 2);
    order(withdrawn, h1502, 0);
    order(open, h902, 5, CY);
    expect(ordersOfUser(handle.db, ANN)).toEqual([
      { buyId: confirmed.id, item: 'Oil', quantity: 1, status: 'confirmed', unit: '1502' },
      { buyId: open.id, item: 'Rice', quantity: 3, status: 'open', unit: '1502' },
    ]);
  });

  it('is empty for a user without a household', () => {
    const buy = openBuy();
    order(buy, h1502, 3);
    expect(ordersOfUser(handle.db, ORGANIZER)).toEqual([]);
  });
});

describe('buysClosingBy', () => {
  it('lists the building’s open buys that close by the given time, including at it', () => {
    const soon = openBuy({ closesAt: T0 + HOUR });
    const atLimit = openBuy({ closesAt: T0 + 2 * HOUR });
    openBuy({ closesAt: T0 + 2 * HOUR + 1 });
    const closed = openBuy({ closesAt: T0 + HOUR });
    close(closed, ORGANIZER, T0);
    openBuy({ closesAt: T0 + HOUR }, 'west');
    expect(
      buysClosingBy(handle.db, 'east', T0 + 2 * HOUR)
        .map((b) => b.id)
        .sort((a, b) => a - b),
    ).toEqual([soon.id, atLimit.id]);
    expect(buysClosingBy(handle.db, 'east', T0)).toEqual([]);
  });
});

describe('openBuysOf', () => {
  it('lists the building’s buys still taking orders, oldest first', () => {
    const first = openBuy({ item: 'Rice' });
    const second = openBuy({ item: 'Eggs', closesAt: T0 + HOUR });
    close(openBuy({ item: 'Oil' }), ORGANIZER, T0);
    openBuy({ item: 'Salt' }, 'west');
    expect(openBuysOf(handle.db, 'east', T0).map((b) => b.id)).toEqual([first.id, second.id]);
    // a buy whose deadline came is not open any more, even before the job closes it
    expect(openBuysOf(handle.db, 'east', T0 + HOUR).map((b) => b.id)).toEqual([first.id]);
  });
});

describe('buy drafts', () => {
  const command: BuyCommand = { item: 'Rice 10kg', priceCents: 3000, min: 5, max: 50, limit: 2, closesAt: T0 + DAY };
  const hold = (duplicateOf: number) =>
    handle.db.transaction((tx) =>
      createBuyDraft(tx, { buildingId: 'east', userId: BO, duplicateOf, command, now: T0 + MINUTE }),
    );

  it('keep a held /buy as it was parsed, with who sent it and the buy it looked like, audited', () => {
    const twin = openBuy();
    const draft = getBuyDraft(handle.db, hold(twin.id))!;
    expect(draft).toMatchObject({
      buildingId: 'east',
      userId: BO,
      duplicateOf: twin.id,
      status: 'pending',
      buyId: null,
    });
    expect(draftCommand(draft)).toEqual(command);
    expect(auditRows(handle.db, 'buy.held').map((r) => [r.actor, r.subject, r.details])).toEqual([
      [BO, `buy-draft:${draft.id}`, { duplicateOf: twin.id }],
    ]);
  });

  it('are answered once: a second answer, either way, changes nothing', () => {
    const twin = openBuy();
    const id = hold(twin.id);
    const started = openBuy({ item: 'Rice 10kg' });
    const answer = (a: Parameters<typeof answerBuyDraft>[2]) =>
      handle.db.transaction((tx) => answerBuyDraft(tx, getBuyDraft(tx, id)!, a, T0 + HOUR));
    expect(answer({ status: 'started', buyId: started.id })).toBe(true);
    expect(answer({ status: 'started', buyId: started.id + 1 })).toBe(false);
    expect(answer({ status: 'dropped' })).toBe(false);
    expect(getBuyDraft(handle.db, id)).toMatchObject({ status: 'started', buyId: started.id, answeredAt: T0 + HOUR });
  });

  it('record a dropped /buy, audited', () => {
    const id = hold(openBuy().id);
    handle.db.transaction((tx) => answerBuyDraft(tx, getBuyDraft(tx, id)!, { status: 'dropped' }, T0 + HOUR));
    expect(getBuyDraft(handle.db, id)).toMatchObject({ status: 'dropped', buyId: null });
    expect(auditRows(handle.db, 'buy.dropped').map((r) => [r.actor, r.subject])).toEqual([[BO, `buy-draft:${id}`]]);
  });
});

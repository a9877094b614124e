import { and, asc, desc, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import { appendAudit } from '../../db/audit.ts';
import type { Db, Tx } from '../../db/open.ts';
import { fromInsert, preparedOnce } from '../../db/prepared.ts';
import {
  buyDrafts,
  buyItems,
  buyMoney,
  buyPayments,
  buys,
  householdMembers,
  households,
  orderItems,
  orders,
  users,
} from '../../db/schema.ts';
import { fullName } from '../../db/users.ts';
import { type BuyCommand, byFloorThenUnit, itemsOf } from './buys.ts';

export type BuyRow = typeof buys.$inferSelect;
export type BuyItemRow = typeof buyItems.$inferSelect;
export type BuyMoneyRow = typeof buyMoney.$inferSelect;

/** The columns a parsed `/buy` fills, the same in a buy and in a held draft of one. */
function commandColumns(command: BuyCommand) {
  return {
    item: command.item,
    priceCents: command.priceCents,
    min: command.min,
    max: command.max,
    limitPerHousehold: command.limit,
    closesAt: command.closesAt,
  };
}

/**
 * Records an open buy from its parsed command, with its items (a one-line buy has one) and its money terms, audited.
 * Returns its id; posting its card is the caller's.
 */
export function createBuy(
  tx: Tx,
  input: { buildingId: string; organizerId: number; command: BuyCommand; now: number },
): number {
  const { command, now } = input;
  const { id } = tx
    .insert(buys)
    .values({
      buildingId: input.buildingId,
      organizerId: input.organizerId,
      ...commandColumns(command),
      status: 'open',
      createdAt: now,
    })
    .returning({ id: buys.id })
    .get();
  tx.insert(buyItems)
    .values(
      itemsOf(command).map((item, i) => ({
        buyId: id,
        item: i,
        name: item.name,
        priceCents: item.priceCents,
        max: item.max,
        limitPerHousehold: item.limit,
      })),
    )
    .run();
  tx.insert(buyMoney)
    .values({ buyId: id, minAmountCents: command.minAmountCents ?? null })
    .run();
  appendAudit(tx, {
    at: now,
    actor: input.organizerId,
    buildingId: input.buildingId,
    action: 'buy.open',
    subject: `buy:${id}`,
    details: {
      priceCents: command.priceCents,
      min: command.min,
      max: command.max,
      limit: command.limit,
      ...(command.minAmountCents === undefined ? {} : { minAmountCents: command.minAmountCents }),
      ...(command.items === undefined ? {} : { items: command.items.length }),
    },
  });
  return id;
}

const p = sql.placeholder;
const buyQuery = preparedOnce((db) =>
  db
    .select()
    .from(buys)
    .where(eq(buys.id, p('id')))
    .prepare(),
);

/** The buy, whatever its status, or undefined. */
export function getBuy(db: Db | Tx, id: number): BuyRow | undefined {
  return buyQuery(db).get({ id });
}

const itemsQuery = preparedOnce((db) =>
  db
    .select()
    .from(buyItems)
    .where(eq(buyItems.buyId, p('buyId')))
    .orderBy(asc(buyItems.item))
    .prepare(),
);

/** The buy's items in their order (index from 0): one for a one-line buy. */
export function buyItemsOf(db: Db | Tx, buyId: number): BuyItemRow[] {
  return itemsQuery(db).all({ buyId });
}

const moneyQuery = preparedOnce((db) =>
  db
    .select()
    .from(buyMoney)
    .where(eq(buyMoney.buyId, p('buyId')))
    .prepare(),
);

/** The buy's money terms and record: minimum amount, how to pay, cost, when its account was posted. */
export function buyMoneyOf(db: Db | Tx, buyId: number): BuyMoneyRow {
  return (
    moneyQuery(db).get({ buyId }) ?? {
      buyId,
      minAmountCents: null,
      paymentInfo: null,
      costCents: null,
      costNote: null,
      settledAt: null,
      settledBy: null,
    }
  );
}

export interface BuyTotals {
  households: number;
  quantity: number;
}

const totalsQuery = preparedOnce((db) =>
  db
    .select({ households: sql<number>`count(*)`, quantity: sql<number>`coalesce(sum(${orders.quantity}), 0)` })
    .from(orders)
    .where(and(eq(orders.buyId, p('buyId')), gt(orders.quantity, 0)))
    .prepare(),
);

/** The households with a quantity and the quantity of all of them (a withdrawn order, at 0, counts for none). */
export function buyTotals(db: Db | Tx, buyId: number): BuyTotals {
  const row = totalsQuery(db).get({ buyId });
  return { households: row?.households ?? 0, quantity: row?.quantity ?? 0 };
}

const quantityQuery = preparedOnce((db) =>
  db
    .select({ q: orders.quantity })
    .from(orders)
    .where(and(eq(orders.buyId, p('buyId')), eq(orders.householdId, p('householdId'))))
    .prepare(),
);

/** The household's quantity in the buy (of all its items): 0 when it has not ordered or withdrew. */
export function quantityOf(db: Db | Tx, buyId: number, householdId: number): number {
  return quantityQuery(db).get({ buyId, householdId })?.q ?? 0;
}

const itemTotalsQuery = preparedOnce((db) =>
  db
    .select({ item: orderItems.item, quantity: sql<number>`coalesce(sum(${orderItems.quantity}), 0)` })
    .from(orderItems)
    .where(eq(orderItems.buyId, p('buyId')))
    .groupBy(orderItems.item)
    .prepare(),
);

/** What all households ordered of each of the buy's `itemCount` items, by index. */
export function itemTotals(db: Db | Tx, buyId: number, itemCount: number): number[] {
  const totals = new Array<number>(itemCount).fill(0);
  for (const row of itemTotalsQuery(db).all({ buyId })) if (row.item < itemCount) totals[row.item] = row.quantity;
  return totals;
}

const householdItemsQuery = preparedOnce((db) =>
  db
    .select({ item: orderItems.item, quantity: orderItems.quantity })
    .from(orderItems)
    .where(and(eq(orderItems.buyId, p('buyId')), eq(orderItems.householdId, p('householdId'))))
    .prepare(),
);

/** What the household ordered of each of the buy's `itemCount` items, by index. */
export function itemQuantitiesOf(db: Db | Tx, buyId: number, householdId: number, itemCount: number): number[] {
  const quantities = new Array<number>(itemCount).fill(0);
  for (const row of householdItemsQuery(db).all({ buyId, householdId }))
    if (row.item < itemCount) quantities[row.item] = row.quantity;
  return quantities;
}

const setItemQuery = preparedOnce((db) =>
  db
    .insert(orderItems)
    .values({ buyId: p('buyId'), householdId: p('householdId'), item: p('item'), quantity: p('quantity') })
    .onConflictDoUpdate({
      target: [orderItems.buyId, orderItems.householdId, orderItems.item],
      set: fromInsert({ quantity: orderItems.quantity }),
    })
    .prepare(),
);

const setOrderQuery = preparedOnce((db) =>
  db
    .insert(orders)
    .values({
      buyId: p('buyId'),
      householdId: p('householdId'),
      // the sum of its items, just written
      quantity: sql`(select coalesce(sum(${orderItems.quantity}), 0) from ${orderItems}
        where ${orderItems.buyId} = ${p('buyId')} and ${orderItems.householdId} = ${p('householdId')})`,
      updatedBy: p('userId'),
      updatedAt: p('now'),
      enteredBy: p('userId'),
      // the next place in the numbered list; an existing order keeps its own
      joinOrder: sql`(select coalesce(max(${orders.joinOrder}), 0) + 1 from ${orders}
        where ${orders.buyId} = ${p('buyId')})`,
    })
    .onConflictDoUpdate({
      target: [orders.buyId, orders.householdId],
      set: fromInsert({
        quantity: orders.quantity,
        updatedBy: orders.updatedBy,
        updatedAt: orders.updatedAt,
        enteredBy: orders.enteredBy,
      }),
    })
    .prepare(),
);

/** The household's payments to the buy, in cents (a subquery, for use inside an update of `orders`). */
const paidSql = sql`(select coalesce(sum(${buyPayments.amountCents}), 0) from ${buyPayments}
  where ${buyPayments.buyId} = ${orders.buyId} and ${buyPayments.householdId} = ${orders.householdId})`;
/** What the household owes for its items at their prices, in cents (a subquery, inside an update of `orders`). */
const dueSql = sql`(select coalesce(sum(${orderItems.quantity} * ${buyItems.priceCents}), 0) from ${orderItems}
  join ${buyItems} on ${buyItems.buyId} = ${orderItems.buyId} and ${buyItems.item} = ${orderItems.item}
  where ${orderItems.buyId} = ${orders.buyId} and ${orderItems.householdId} = ${orders.householdId})`;

const paidFlagQuery = preparedOnce((db) =>
  db
    .update(orders)
    .set({ paid: sql`(${dueSql} > 0 and ${paidSql} >= ${dueSql})` })
    .where(
      and(
        eq(orders.buyId, p('buyId')),
        eq(orders.householdId, p('householdId')),
        sql`exists (select 1 from ${buyPayments} where ${buyPayments.buyId} = ${orders.buyId}
          and ${buyPayments.householdId} = ${orders.householdId})`,
      ),
    )
    .prepare(),
);

/**
 * Sets the household's quantity of an item (`item`, index from 0; the only item of a one-line buy when left out;
 * 0 withdraws); the caller checked it with `checkItemQuantity`. The household's whole order follows (its total, its
 * place in the numbered list when new, and whether what it paid covers it). Audited.
 */
export function setOrder(
  tx: Tx,
  buy: BuyRow,
  input: { householdId: number; unit: string; quantity: number; userId: number; now: number; item?: number },
): void {
  const { householdId, quantity, userId, now } = input;
  setItemQuery(tx).run({ buyId: buy.id, householdId, item: input.item ?? 0, quantity });
  setOrderQuery(tx).run({ buyId: buy.id, householdId, userId, now });
  paidFlagQuery(tx).run({ buyId: buy.id, householdId });
  appendAudit(tx, {
    at: now,
    actor: userId,
    buildingId: buy.buildingId,
    action: quantity === 0 ? 'buy.withdraw' : 'buy.order',
    subject: `buy:${buy.id}`,
    details: { unit: input.unit, ...(input.item === undefined ? {} : { item: input.item }), quantity },
  });
}

/** What the selected order lines come to at their items' prices, in cents (with {@link itemOfLine} joined). */
const linesAmount = () => sql<number>`coalesce(sum(${orderItems.quantity} * ${buyItems.priceCents}), 0)`;
/** Joins each order line to its item, for its price. */
const itemOfLine = () => and(eq(buyItems.buyId, orderItems.buyId), eq(buyItems.item, orderItems.item));

const amountQuery = preparedOnce((db) =>
  db
    .select({ amount: linesAmount() })
    .from(orderItems)
    .innerJoin(buyItems, itemOfLine())
    .where(eq(orderItems.buyId, p('buyId')))
    .prepare(),
);

/** What all orders of the buy come to at its prices, in cents. */
export function buyAmount(db: Db | Tx, buyId: number): number {
  return amountQuery(db).get({ buyId })?.amount ?? 0;
}

const collectedQuery = preparedOnce((db) =>
  db
    .select({ collected: sql<number>`coalesce(sum(${buyPayments.amountCents}), 0)` })
    .from(buyPayments)
    .where(eq(buyPayments.buyId, p('buyId')))
    .prepare(),
);

/** What the households paid towards the buy, in cents. */
export function buyCollected(db: Db | Tx, buyId: number): number {
  return collectedQuery(db).get({ buyId })?.collected ?? 0;
}

/**
 * Closes the buy: confirmed when it reached its minimum quantity and amount (each ordering household then gets an
 * order number, in delivery order), cancelled otherwise. Returns the new status, or undefined when it was closed already.
 */
export function closeBuy(
  tx: Tx,
  buy: BuyRow,
  closedBy: number | null,
  now: number,
): 'confirmed' | 'cancelled' | undefined {
  const totals = buyTotals(tx, buy.id);
  const minAmount = buyMoneyOf(tx, buy.id).minAmountCents;
  const short =
    totals.quantity === 0 ||
    (buy.min !== null && totals.quantity < buy.min) ||
    (minAmount !== null && buyAmount(tx, buy.id) < minAmount);
  const status = short ? 'cancelled' : 'confirmed';
  const result = tx
    .update(buys)
    .set({ status, closedAt: now, closedBy })
    .where(and(eq(buys.id, buy.id), eq(buys.status, 'open')))
    .run();
  if (result.changes === 0) return undefined;
  if (status === 'confirmed') {
    const rows = sheetRows(tx, buy.id);
    rows.forEach((row, i) => {
      tx.update(orders)
        .set({ orderNumber: i + 1 })
        .where(and(eq(orders.buyId, buy.id), eq(orders.householdId, row.householdId)))
        .run();
    });
  }
  appendAudit(tx, {
    at: now,
    actor: closedBy,
    buildingId: buy.buildingId,
    action: `buy.${status}`,
    subject: `buy:${buy.id}`,
    details: { quantity: totals.quantity, households: totals.households },
  });
  return status;
}

export interface SheetRow {
  householdId: number;
  orderNumber: number | null;
  unit: string;
  names: string[];
  /**
   * For a household with no member known (no phone: a volunteer or admin ordered for it), who entered its order;
   * null when the household has names, or when that is not known.
   */
  enteredBy: string | null;
  quantity: number;
  paid: boolean;
  delivered: boolean;
}

/** The households with a quantity, in delivery order (floor, then unit), with their members' names. */
export function sheetRows(db: Db | Tx, buyId: number): SheetRow[] {
  const rows = db
    .select({
      householdId: orders.householdId,
      orderNumber: orders.orderNumber,
      unit: households.unit,
      quantity: orders.quantity,
      paid: orders.paid,
      delivered: orders.delivered,
      entererFirstName: users.firstName,
      entererLastName: users.lastName,
    })
    .from(orders)
    .innerJoin(households, eq(households.id, orders.householdId))
    .leftJoin(users, eq(users.id, orders.enteredBy))
    .where(and(eq(orders.buyId, buyId), gt(orders.quantity, 0)))
    .all();
  const names = db
    .select({ householdId: householdMembers.householdId, firstName: users.firstName, lastName: users.lastName })
    .from(householdMembers)
    .innerJoin(users, eq(users.id, householdMembers.userId))
    .where(sql`${householdMembers.householdId} in (select household_id from orders where buy_id = ${buyId})`)
    .orderBy(asc(householdMembers.joinedAt))
    .all();
  return rows
    .map(({ entererFirstName, entererLastName, ...r }) => {
      const members = names.filter((n) => n.householdId === r.householdId).map(fullName);
      const enteredBy =
        members.length === 0 && entererFirstName !== null
          ? fullName({ firstName: entererFirstName, lastName: entererLastName })
          : null;
      return { ...r, names: members, enteredBy };
    })
    .sort((a, b) => byFloorThenUnit(a.unit, b.unit));
}

/**
 * Marks a household's order paid in full (recording what it still owed as a payment) or delivered (organizer).
 * Returns false when the household has no order.
 */
export function markOrder(
  tx: Tx,
  buy: BuyRow,
  input: { householdId: number; unit: string; field: 'paid' | 'delivered'; userId: number; now: number },
): boolean {
  const { householdId, userId, now } = input;
  const result = tx
    .update(orders)
    .set({ [input.field]: true, updatedBy: userId, updatedAt: now })
    .where(and(eq(orders.buyId, buy.id), eq(orders.householdId, householdId), gt(orders.quantity, 0)))
    .run();
  if (result.changes === 0) return false;
  if (input.field === 'paid') {
    const { dueCents, paidCents } = householdAccount(tx, buy.id, householdId);
    if (dueCents > paidCents) insertPayment(tx, buy.id, householdId, dueCents - paidCents, userId, now);
  }
  appendAudit(tx, {
    at: now,
    actor: userId,
    buildingId: buy.buildingId,
    action: `buy.${input.field}`,
    subject: `buy:${buy.id}`,
    details: { unit: input.unit },
  });
  return true;
}

function insertPayment(tx: Tx, buyId: number, householdId: number, amountCents: number, userId: number, at: number) {
  tx.insert(buyPayments).values({ buyId, householdId, amountCents, recordedBy: userId, at }).run();
}

/**
 * Records a payment of the household (partial payments add up; a negative amount corrects a mistake), with whether
 * its order is now paid in full. The caller checked it (`checkPayment`). Audited with the amount.
 */
export function recordPayment(
  tx: Tx,
  buy: BuyRow,
  input: { householdId: number; unit: string; amountCents: number; userId: number; now: number },
): void {
  const { householdId, amountCents, userId, now } = input;
  insertPayment(tx, buy.id, householdId, amountCents, userId, now);
  tx.update(orders)
    .set({ updatedBy: userId, updatedAt: now })
    .where(and(eq(orders.buyId, buy.id), eq(orders.householdId, householdId)))
    .run();
  paidFlagQuery(tx).run({ buyId: buy.id, householdId });
  appendAudit(tx, {
    at: now,
    actor: userId,
    buildingId: buy.buildingId,
    action: 'buy.paid',
    subject: `buy:${buy.id}`,
    details: { unit: input.unit, amountCents },
  });
}

const householdDueQuery = preparedOnce((db) =>
  db
    .select({ due: linesAmount() })
    .from(orderItems)
    .innerJoin(buyItems, itemOfLine())
    .where(and(eq(orderItems.buyId, p('buyId')), eq(orderItems.householdId, p('householdId'))))
    .prepare(),
);

const householdPaidQuery = preparedOnce((db) =>
  db
    .select({ paid: sql<number>`coalesce(sum(${buyPayments.amountCents}), 0)` })
    .from(buyPayments)
    .where(and(eq(buyPayments.buyId, p('buyId')), eq(buyPayments.householdId, p('householdId'))))
    .prepare(),
);

/** What the household owes for what it ordered, and what it paid, in cents. */
export function householdAccount(
  db: Db | Tx,
  buyId: number,
  householdId: number,
): { dueCents: number; paidCents: number } {
  return {
    dueCents: householdDueQuery(db).get({ buyId, householdId })?.due ?? 0,
    paidCents: householdPaidQuery(db).get({ buyId, householdId })?.paid ?? 0,
  };
}

/** A household's money in a buy, for the account and the export. */
export interface AccountRow {
  householdId: number;
  unit: string;
  dueCents: number;
  paidCents: number;
}

/**
 * Every household that ordered (still) or paid something towards the buy, in delivery order (floor, then unit),
 * with what it owes and what it paid.
 */
export function accountsOf(db: Db | Tx, buyId: number): AccountRow[] {
  const due = db
    .select({
      householdId: orderItems.householdId,
      cents: linesAmount(),
    })
    .from(orderItems)
    .innerJoin(buyItems, itemOfLine())
    .where(eq(orderItems.buyId, buyId))
    .groupBy(orderItems.householdId)
    .all();
  const paid = db
    .select({ householdId: buyPayments.householdId, cents: sql<number>`sum(${buyPayments.amountCents})` })
    .from(buyPayments)
    .where(eq(buyPayments.buyId, buyId))
    .groupBy(buyPayments.householdId)
    .all();
  const byHousehold = new Map<number, { dueCents: number; paidCents: number }>();
  for (const row of due) byHousehold.set(row.householdId, { dueCents: row.cents, paidCents: 0 });
  for (const row of paid) {
    const entry = byHousehold.get(row.householdId) ?? { dueCents: 0, paidCents: 0 };
    entry.paidCents = row.cents;
    byHousehold.set(row.householdId, entry);
  }
  const ids = [...byHousehold].filter(([, a]) => a.dueCents !== 0 || a.paidCents !== 0).map(([id]) => id);
  if (ids.length === 0) return [];
  const units = new Map(
    db
      .select({ id: households.id, unit: households.unit })
      .from(households)
      .where(inArray(households.id, ids))
      .all()
      .map((h) => [h.id, h.unit]),
  );
  return ids
    .map((householdId) => ({ householdId, unit: units.get(householdId) ?? '', ...byHousehold.get(householdId)! }))
    .sort((a, b) => byFloorThenUnit(a.unit, b.unit));
}

/** A line of the card's numbered list: a household still ordering and what it ordered of each item. */
export interface ListLine {
  householdId: number;
  unit: string;
  quantities: number[];
}

/**
 * The card's numbered list (接龙): the households still ordering in the order they joined, the latest `latest` of
 * them, with how many there are in all (the first shown is number `count - lines.length + 1`).
 */
export function listLines(
  db: Db | Tx,
  buyId: number,
  itemCount: number,
  latest: number,
): { count: number; lines: ListLine[] } {
  const count = buyTotals(db, buyId).households;
  const rows = db
    .select({ householdId: orders.householdId, unit: households.unit })
    .from(orders)
    .innerJoin(households, eq(households.id, orders.householdId))
    .where(and(eq(orders.buyId, buyId), gt(orders.quantity, 0)))
    .orderBy(desc(orders.joinOrder), desc(orders.householdId))
    .limit(latest)
    .all()
    .reverse();
  if (rows.length === 0) return { count, lines: [] };
  const quantities = db
    .select()
    .from(orderItems)
    .where(
      and(
        eq(orderItems.buyId, buyId),
        inArray(
          orderItems.householdId,
          rows.map((r) => r.householdId),
        ),
      ),
    )
    .all();
  return {
    count,
    lines: rows.map((r) => {
      const line = new Array<number>(itemCount).fill(0);
      for (const q of quantities) if (q.householdId === r.householdId && q.item < itemCount) line[q.item] = q.quantity;
      return { ...r, quantities: line };
    }),
  };
}

/** The quantities of each item per household of the buy (index from 0), for the sheet. */
export function itemQuantitiesByHousehold(db: Db | Tx, buyId: number, itemCount: number): Map<number, number[]> {
  const byHousehold = new Map<number, number[]>();
  for (const row of db.select().from(orderItems).where(eq(orderItems.buyId, buyId)).all()) {
    if (row.item >= itemCount) continue;
    let line = byHousehold.get(row.householdId);
    if (!line) {
      line = new Array<number>(itemCount).fill(0);
      byHousehold.set(row.householdId, line);
    }
    line[row.item] = row.quantity;
  }
  return byHousehold;
}

/** Attaches how to pay (`/payinfo`, organizer or admin), audited. */
export function setPaymentInfo(tx: Tx, buy: BuyRow, input: { text: string; userId: number; now: number }): void {
  tx.update(buyMoney).set({ paymentInfo: input.text }).where(eq(buyMoney.buyId, buy.id)).run();
  appendAudit(tx, {
    at: input.now,
    actor: input.userId,
    buildingId: buy.buildingId,
    action: 'buy.payinfo',
    subject: `buy:${buy.id}`,
  });
}

/** Records what was paid to the supplier in all (`/cost`), replacing an earlier figure, audited with both. */
export function setCost(
  tx: Tx,
  buy: BuyRow,
  input: { costCents: number; note: string | null; userId: number; now: number },
): void {
  const before = buyMoneyOf(tx, buy.id).costCents;
  tx.update(buyMoney).set({ costCents: input.costCents, costNote: input.note }).where(eq(buyMoney.buyId, buy.id)).run();
  appendAudit(tx, {
    at: input.now,
    actor: input.userId,
    buildingId: buy.buildingId,
    action: 'buy.cost',
    subject: `buy:${buy.id}`,
    details: { costCents: input.costCents, before, note: input.note },
  });
}

/** Records that the buy's account was posted (`/settle`; posted again after a correction: the latest time). */
export function markSettled(
  tx: Tx,
  buy: BuyRow,
  input: { userId: number; now: number; collectedCents: number; costCents: number },
): void {
  tx.update(buyMoney).set({ settledAt: input.now, settledBy: input.userId }).where(eq(buyMoney.buyId, buy.id)).run();
  appendAudit(tx, {
    at: input.now,
    actor: input.userId,
    buildingId: buy.buildingId,
    action: 'buy.settle',
    subject: `buy:${buy.id}`,
    details: { collectedCents: input.collectedCents, costCents: input.costCents },
  });
}

/** The household's unit of the building where `userId` lives, for a floor volunteer's sheet; undefined if none. */
export function homeUnitOf(db: Db | Tx, buildingId: string, userId: number): string | undefined {
  return db
    .select({ unit: households.unit })
    .from(householdMembers)
    .innerJoin(households, eq(households.id, householdMembers.householdId))
    .where(and(eq(householdMembers.buildingId, buildingId), eq(householdMembers.userId, userId)))
    .get()?.unit;
}

/** Everything a buy's export entry (SPEC §5) and its events are made of, read in the caller's transaction. */
export interface BuyExportRows {
  buy: BuyRow;
  items: BuyItemRow[];
  money: BuyMoneyRow;
  /** The households' orders (with their units) and what each ordered of each item. */
  orders: Array<typeof orders.$inferSelect & { unit: string }>;
  orderItems: Array<typeof orderItems.$inferSelect>;
  accounts: AccountRow[];
}

/** The rows of one buy's export entry, for an event about it. */
export function buyExportRows(db: Db | Tx, buy: BuyRow): BuyExportRows {
  return {
    buy,
    items: buyItemsOf(db, buy.id),
    money: buyMoneyOf(db, buy.id),
    orders: db
      .select({ order: orders, unit: households.unit })
      .from(orders)
      .innerJoin(households, eq(households.id, orders.householdId))
      .where(eq(orders.buyId, buy.id))
      .all()
      .map((r) => ({ ...r.order, unit: r.unit })),
    orderItems: db.select().from(orderItems).where(eq(orderItems.buyId, buy.id)).all(),
    accounts: accountsOf(db, buy.id),
  };
}

/** The building's buys still taking orders at `now` (open, deadline not come), oldest first. */
export function openBuysOf(db: Db | Tx, buildingId: string, now: number): BuyRow[] {
  return db
    .select()
    .from(buys)
    .where(and(eq(buys.buildingId, buildingId), eq(buys.status, 'open'), gt(buys.closesAt, now)))
    .orderBy(asc(buys.id))
    .all();
}

export type BuyDraftRow = typeof buyDrafts.$inferSelect;

/**
 * Holds a `/buy` that looks like the open buy `duplicateOf` until its sender answers (audited). Returns its id;
 * asking them is the caller's.
 */
export function createBuyDraft(
  tx: Tx,
  input: { buildingId: string; userId: number; duplicateOf: number; command: BuyCommand; now: number },
): number {
  const { command, now } = input;
  const { id } = tx
    .insert(buyDrafts)
    .values({
      buildingId: input.buildingId,
      userId: input.userId,
      duplicateOf: input.duplicateOf,
      ...commandColumns(command),
      items: command.items ?? null,
      minAmountCents: command.minAmountCents ?? null,
      createdAt: now,
    })
    .returning({ id: buyDrafts.id })
    .get();
  appendAudit(tx, {
    at: now,
    actor: input.userId,
    buildingId: input.buildingId,
    action: 'buy.held',
    subject: `buy-draft:${id}`,
    details: { duplicateOf: input.duplicateOf },
  });
  return id;
}

/** The held `/buy`, whatever became of it, or undefined. */
export function getBuyDraft(db: Db | Tx, id: number): BuyDraftRow | undefined {
  return db.select().from(buyDrafts).where(eq(buyDrafts.id, id)).get();
}

/** The command a held `/buy` was, as parsed when it was sent (its deadline included). */
export function draftCommand(draft: BuyDraftRow): BuyCommand {
  return {
    item: draft.item,
    priceCents: draft.priceCents,
    min: draft.min,
    max: draft.max,
    limit: draft.limitPerHousehold,
    closesAt: draft.closesAt,
    ...(draft.minAmountCents === null ? {} : { minAmountCents: draft.minAmountCents }),
    ...(draft.items === null ? {} : { items: draft.items }),
  };
}

/**
 * Records the sender's answer to a held `/buy`: started as the buy `buyId`, or dropped (audited). Only a pending
 * draft changes: returns false when it was answered already, and then nothing changed.
 */
export function answerBuyDraft(
  tx: Tx,
  draft: BuyDraftRow,
  answer: { status: 'started'; buyId: number } | { status: 'dropped' },
  now: number,
): boolean {
  const result = tx
    .update(buyDrafts)
    .set({ status: answer.status, buyId: answer.status === 'started' ? answer.buyId : null, answeredAt: now })
    .where(and(eq(buyDrafts.id, draft.id), eq(buyDrafts.status, 'pending')))
    .run();
  if (result.changes === 0) return false;
  if (answer.status === 'dropped')
    appendAudit(tx, {
      at: now,
      actor: draft.userId,
      buildingId: draft.buildingId,
      action: 'buy.dropped',
      subject: `buy-draft:${draft.id}`,
    });
  return true;
}

const buysDueQuery = preparedOnce((db) =>
  db
    .select()
    .from(buys)
    .where(and(eq(buys.status, 'open'), lte(buys.closesAt, p('now'))))
    .prepare(),
);

/** Open buys whose deadline has come, for the job that closes them. */
export function buysDue(tx: Tx, now: number): BuyRow[] {
  return buysDueQuery(tx).all({ now });
}

/** The user's households' orders in open or confirmed buys, for `/mine`. */
export function ordersOfUser(
  db: Db | Tx,
  userId: number,
): Array<{ buyId: number; item: string; quantity: number; status: string; unit: string }> {
  return db
    .select({ buyId: buys.id, item: buys.item, quantity: orders.quantity, status: buys.status, unit: households.unit })
    .from(householdMembers)
    .innerJoin(orders, eq(orders.householdId, householdMembers.householdId))
    .innerJoin(buys, eq(buys.id, orders.buyId))
    .innerJoin(households, eq(households.id, householdMembers.householdId))
    .where(and(eq(householdMembers.userId, userId), gt(orders.quantity, 0), sql`${buys.status} != 'cancelled'`))
    .orderBy(asc(buys.id))
    .all();
}

/** The building's open buys that close by `until`. */
export function buysClosingBy(db: Db | Tx, buildingId: string, until: number): BuyRow[] {
  return db
    .select()
    .from(buys)
    .where(and(eq(buys.buildingId, buildingId), eq(buys.status, 'open'), lte(buys.closesAt, until)))
    .all();
}

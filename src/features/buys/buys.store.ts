import { and, asc, eq, gt, lte, sql } from 'drizzle-orm';
import { appendAudit } from '../../db/audit.ts';
import type { Db, Tx } from '../../db/open.ts';
import { fromInsert, preparedOnce } from '../../db/prepared.ts';
import { buyDrafts, buys, householdMembers, households, orders, users } from '../../db/schema.ts';
import { fullName } from '../../db/users.ts';
import { type BuyCommand, byFloorThenUnit } from './buys.ts';

export type BuyRow = typeof buys.$inferSelect;

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

/** Records an open buy from its parsed command, audited. Returns its id; posting its card is the caller's. */
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
  appendAudit(tx, {
    at: now,
    actor: input.organizerId,
    buildingId: input.buildingId,
    action: 'buy.open',
    subject: `buy:${id}`,
    details: { priceCents: command.priceCents, min: command.min, max: command.max, limit: command.limit },
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

/** The household's quantity in the buy: 0 when it has not ordered or withdrew. */
export function quantityOf(db: Db | Tx, buyId: number, householdId: number): number {
  return quantityQuery(db).get({ buyId, householdId })?.q ?? 0;
}

const setOrderQuery = preparedOnce((db) =>
  db
    .insert(orders)
    .values({
      buyId: p('buyId'),
      householdId: p('householdId'),
      quantity: p('quantity'),
      updatedBy: p('userId'),
      updatedAt: p('now'),
      enteredBy: p('userId'),
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

/** Sets the household's quantity (0 withdraws); the caller checked it with `checkQuantity`. Audited. */
export function setOrder(
  tx: Tx,
  buy: BuyRow,
  input: { householdId: number; unit: string; quantity: number; userId: number; now: number },
): void {
  const { householdId, quantity, userId, now } = input;
  setOrderQuery(tx).run({ buyId: buy.id, householdId, quantity, userId, now });
  appendAudit(tx, {
    at: now,
    actor: userId,
    buildingId: buy.buildingId,
    action: quantity === 0 ? 'buy.withdraw' : 'buy.order',
    subject: `buy:${buy.id}`,
    details: { unit: input.unit, quantity },
  });
}

/**
 * Closes the buy: confirmed when it reached its minimum (each ordering household then gets an order number,
 * in delivery order), cancelled otherwise. Returns the new status, or undefined when it was closed already.
 */
export function closeBuy(
  tx: Tx,
  buy: BuyRow,
  closedBy: number | null,
  now: number,
): 'confirmed' | 'cancelled' | undefined {
  const totals = buyTotals(tx, buy.id);
  const status =
    buy.min !== null && totals.quantity < buy.min ? 'cancelled' : totals.quantity === 0 ? 'cancelled' : 'confirmed';
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

/** Marks a household's order paid or delivered (organizer). Returns false when the household has no order. */
export function markOrder(
  tx: Tx,
  buy: BuyRow,
  input: { householdId: number; unit: string; field: 'paid' | 'delivered'; userId: number; now: number },
): boolean {
  const result = tx
    .update(orders)
    .set({ [input.field]: true, updatedBy: input.userId, updatedAt: input.now })
    .where(and(eq(orders.buyId, buy.id), eq(orders.householdId, input.householdId), gt(orders.quantity, 0)))
    .run();
  if (result.changes === 0) return false;
  appendAudit(tx, {
    at: input.now,
    actor: input.userId,
    buildingId: buy.buildingId,
    action: `buy.${input.field}`,
    subject: `buy:${buy.id}`,
    details: { unit: input.unit },
  });
  return true;
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

/** Open buys whose deadline has come, for the job that closes them. */
export function buysDue(tx: Tx, now: number): BuyRow[] {
  return tx
    .select()
    .from(buys)
    .where(and(eq(buys.status, 'open'), lte(buys.closesAt, now)))
    .all();
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

import { and, asc, count, eq, lte, sql } from 'drizzle-orm';
import { appendAudit } from '../../db/audit.ts';
import type { Db, Tx } from '../../db/open.ts';
import { preparedOnce } from '../../db/prepared.ts';
import { offers, users } from '../../db/schema.ts';
import { fullName } from '../../db/users.ts';
import { recordEvent } from '../events/events.store.ts';
import type { EventContext } from '../events/events.ts';
import { type OfferStatus, offerForExport } from './offers.ts';

export type OfferRow = typeof offers.$inferSelect;

/** An offer with its author's name, as its card shows it. */
export interface OfferView extends OfferRow {
  authorName: string;
}

export interface NewOffer {
  buildingId: string;
  offeredBy: number;
  householdId: number | null;
  unit: string | null;
  category: string;
  text: string;
}

/** The event of a change to an offer, with the offer as exported after it. */
function recordOfferEvent(
  tx: Tx,
  events: EventContext,
  type: 'offer.created' | 'offer.given' | 'offer.withdrawn',
  offer: OfferRow,
  now: number,
): void {
  recordEvent(tx, events, {
    type,
    buildingId: offer.buildingId,
    subject: String(offer.id),
    data: offerForExport(offer, events.timezone),
    at: now,
  });
}

/** Records an open offer (audited, an `offer.created` event) and returns its id. */
export function createOffer(tx: Tx, offer: NewOffer, now: number, events: EventContext): number {
  const created = tx
    .insert(offers)
    .values({ ...offer, status: 'open', createdAt: now, updatedAt: now })
    .returning()
    .get();
  appendAudit(tx, {
    at: now,
    actor: offer.offeredBy,
    buildingId: offer.buildingId,
    action: 'offer.open',
    subject: `offer:${created.id}`,
    details: { category: offer.category },
  });
  recordOfferEvent(tx, events, 'offer.created', created, now);
  return created.id;
}

function viewQuery(db: Db | Tx) {
  return db
    .select({ offer: offers, firstName: users.firstName, lastName: users.lastName })
    .from(offers)
    .innerJoin(users, eq(users.id, offers.offeredBy));
}

function toView(row: { offer: OfferRow; firstName: string; lastName: string | null }): OfferView {
  return { ...row.offer, authorName: fullName(row) };
}

/** The offer with its author's name, or undefined. */
export function getOffer(db: Db | Tx, id: number): OfferView | undefined {
  const row = viewQuery(db).where(eq(offers.id, id)).get();
  return row ? toView(row) : undefined;
}

// prepared once: every new need asks for the open offers of its category (SPEC §2.11), on the hot path of /need
const openOffersQuery = preparedOnce((db) =>
  viewQuery(db)
    .where(and(eq(offers.buildingId, sql.placeholder('buildingId')), eq(offers.status, 'open')))
    .orderBy(asc(offers.createdAt), asc(offers.id))
    .prepare(),
);

const openOffersOfCategoryQuery = preparedOnce((db) =>
  viewQuery(db)
    .where(
      and(
        eq(offers.buildingId, sql.placeholder('buildingId')),
        eq(offers.status, 'open'),
        eq(offers.category, sql.placeholder('category')),
      ),
    )
    .orderBy(asc(offers.createdAt), asc(offers.id))
    .prepare(),
);

/** The building's open offers, oldest first; of one category when `category` is given. */
export function listOpenOffers(db: Db | Tx, buildingId: string, category?: string): OfferView[] {
  const rows =
    category === undefined
      ? openOffersQuery(db).all({ buildingId })
      : openOffersOfCategoryQuery(db).all({ buildingId, category });
  return rows.map(toView);
}

/** How many offers of the building are open, per category (the `/needs` header and the digest count them). */
export function openOfferCounts(db: Db | Tx, buildingId: string): Map<string, number> {
  const rows = db
    .select({ category: offers.category, n: count() })
    .from(offers)
    .where(and(eq(offers.buildingId, buildingId), eq(offers.status, 'open')))
    .groupBy(offers.category)
    .all();
  return new Map(rows.map((r) => [r.category, r.n]));
}

/** A user's offers still open, in every building. */
export function openOffersOfUser(db: Db | Tx, userId: number): OfferView[] {
  return viewQuery(db)
    .where(and(eq(offers.offeredBy, userId), eq(offers.status, 'open')))
    .orderBy(asc(offers.id))
    .all()
    .map(toView);
}

const auditAction = { given: 'offer.give', withdrawn: 'offer.withdraw', expired: 'offer.expire' } as const;

/**
 * Closes an open offer: `given` (to `needId`, a match, or outside the bot), `withdrawn` or `expired`; audited, and an
 * `offer.given` or `offer.withdrawn` event (SPEC §2.9 has none for expiry). Open is part of the update's condition, so
 * of two residents asking for one offer at once only one gets it: false for the other, and nothing changed.
 */
export function closeOffer(
  tx: Tx,
  offer: Pick<OfferRow, 'id' | 'buildingId'>,
  status: Exclude<OfferStatus, 'open'>,
  change: { actorId: number | null; needId?: number },
  now: number,
  events: EventContext,
): boolean {
  const updated = tx
    .update(offers)
    .set({ status, needId: change.needId ?? null, closedAt: now, updatedAt: now })
    .where(and(eq(offers.id, offer.id), eq(offers.status, 'open')))
    .returning()
    .get();
  if (!updated) return false;
  appendAudit(tx, {
    at: now,
    actor: change.actorId,
    buildingId: offer.buildingId,
    action: auditAction[status],
    subject: `offer:${offer.id}`,
    ...(change.needId !== undefined ? { details: { need: change.needId } } : {}),
  });
  if (status === 'given') recordOfferEvent(tx, events, 'offer.given', updated, now);
  if (status === 'withdrawn') recordOfferEvent(tx, events, 'offer.withdrawn', updated, now);
  return true;
}

const toExpireQuery = preparedOnce((db) =>
  viewQuery(db)
    .where(and(eq(offers.status, 'open'), lte(offers.createdAt, sql.placeholder('postedBefore'))))
    .orderBy(asc(offers.id))
    .prepare(),
);

/** Open offers posted `days` or more before `now`: they expire. */
export function offersToExpire(tx: Tx, now: number, days: number): OfferView[] {
  return toExpireQuery(tx)
    .all({ postedBefore: now - days * 86_400_000 })
    .map(toView);
}

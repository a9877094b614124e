import { aliasedTable, and, asc, count, eq, gt, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { appendAudit } from '../../db/audit.ts';
import type { Db, Tx } from '../../db/open.ts';
import { preparedOnce } from '../../db/prepared.ts';
import { householdMembers, needs, users } from '../../db/schema.ts';
import { fullName } from '../../db/users.ts';
import { recordEvent } from '../events/events.store.ts';
import type { EventContext } from '../events/events.ts';
import { needForExport } from '../export/export.view.ts';
import { type NeedAction, type NeedStatus, type Priority, statusAfter } from './needs.ts';

export type NeedRow = typeof needs.$inferSelect;

/** A need with the names a card shows. */
export interface NeedView extends NeedRow {
  /** Null for a household without a phone (assisted mode). */
  requesterName: string | null;
  enteredByName: string;
  claimerName: string | null;
}

export interface NewNeed {
  buildingId: string | null;
  requesterId: number | null;
  enteredBy: number;
  householdId: number | null;
  unit: string | null;
  priority: Priority;
  category: string;
  text: string;
  private: boolean;
  /** `draft` while a private need waits for its author to choose the building. */
  status: 'open' | 'draft';
}

const p = sql.placeholder;
const insertNeedQuery = preparedOnce((db) =>
  db
    .insert(needs)
    .values({
      buildingId: p('buildingId'),
      requesterId: p('requesterId'),
      enteredBy: p('enteredBy'),
      householdId: p('householdId'),
      unit: p('unit'),
      priority: p('priority'),
      category: p('category'),
      text: p('text'),
      private: p('private'),
      status: p('status'),
      createdAt: p('now'),
      updatedAt: p('now'),
    })
    .returning()
    .prepare(),
);

/**
 * Records a need and returns its id. An open need is audited now (never with its text) and is a `need.created`
 * event; a draft only when {@link placeDraftNeed} opens it.
 */
export function createNeed(tx: Tx, need: NewNeed, now: number, events: EventContext): number {
  const values = { ...need, now };
  const created = insertNeedQuery(tx).get(values)!;
  if (need.status === 'open') {
    auditNeed(tx, created.id, need.buildingId, need.enteredBy, 'need.open', now, need);
    recordNeedEvent(tx, events, 'need.created', created, now);
  }
  return created.id;
}

/** The event of a change to a need, with the need as exported after it (a private one without text, asker or unit). */
function recordNeedEvent(
  tx: Tx,
  events: EventContext,
  type: 'need.created' | 'need.claimed' | 'need.released' | 'need.done' | 'need.cancelled' | 'need.escalated',
  need: NeedRow,
  now: number,
): void {
  recordEvent(tx, events, {
    type,
    buildingId: need.buildingId,
    subject: String(need.id),
    data: needForExport(need, events.timezone),
    at: now,
  });
}

const eventOfAction = {
  claim: 'need.claimed',
  release: 'need.released',
  done: 'need.done',
  cancel: 'need.cancelled',
} as const satisfies Record<NeedAction, string>;

function auditNeed(
  tx: Tx,
  id: number,
  buildingId: string | null,
  actor: number,
  action: string,
  now: number,
  need: Pick<NewNeed, 'priority' | 'category' | 'private' | 'requesterId' | 'enteredBy'>,
): void {
  appendAudit(tx, {
    at: now,
    actor,
    buildingId,
    action,
    subject: `need:${id}`,
    details: {
      priority: need.priority,
      category: need.category,
      private: need.private,
      ...(need.enteredBy !== need.requesterId ? { for: need.requesterId } : {}),
    },
  });
}

/** Places a draft private need in the building its author chose, opening it: only now is it `need.created`. */
export function placeDraftNeed(
  tx: Tx,
  id: number,
  place: { buildingId: string; householdId: number; unit: string },
  now: number,
  events: EventContext,
): NeedRow | undefined {
  const updated = tx
    .update(needs)
    .set({ ...place, status: 'open', createdAt: now, updatedAt: now })
    .where(and(eq(needs.id, id), eq(needs.status, 'draft')))
    .returning()
    .get();
  if (updated) {
    auditNeed(tx, id, place.buildingId, updated.enteredBy, 'need.open', now, updated);
    recordNeedEvent(tx, events, 'need.created', updated, now);
  }
  return updated;
}

const claimers = aliasedTable(users, 'claimers');
const enterers = aliasedTable(users, 'enterers');

const nameOf = (table: typeof users) => ({ firstName: table.firstName, lastName: table.lastName });

/**
 * A need with the names of who asked, who typed it and who claimed it: only the name columns of the people,
 * since mapping a wide joined row is what such a query spends most of its time on.
 */
function viewQuery(db: Db | Tx) {
  return db
    .select({ need: needs, requester: nameOf(users), enterer: nameOf(enterers), claimer: nameOf(claimers) })
    .from(needs)
    .leftJoin(users, eq(users.id, needs.requesterId))
    .innerJoin(enterers, eq(enterers.id, needs.enteredBy))
    .leftJoin(claimers, eq(claimers.id, needs.claimedBy));
}

type PersonName = { firstName: string; lastName: string | null };
interface ViewRow {
  need: NeedRow;
  requester: PersonName | null;
  enterer: PersonName;
  claimer: PersonName | null;
}

function toView(row: ViewRow): NeedView {
  return {
    ...row.need,
    requesterName: row.requester ? fullName(row.requester) : null,
    enteredByName: fullName(row.enterer),
    claimerName: row.claimer ? fullName(row.claimer) : null,
  };
}

const needQuery = preparedOnce((db) =>
  viewQuery(db)
    .where(eq(needs.id, sql.placeholder('id')))
    .prepare(),
);

/** The need with the names its card shows, or undefined; whatever its status, drafts included. */
export function getNeed(db: Db | Tx, id: number): NeedView | undefined {
  const row = needQuery(db).get({ id });
  return row ? toView(row) : undefined;
}

/**
 * Applies a permitted action (the caller checked it with `checkNeedAction`), audits it and records its event
 * (`need.claimed`, `released`, `done`, `cancelled`); the status the need had is part of the update's condition, so
 * two concurrent presses cannot both claim it.
 */
export function applyNeedAction(
  tx: Tx,
  need: NeedRow,
  action: NeedAction,
  actorId: number,
  now: number,
  events: EventContext,
): boolean {
  const status = statusAfter(action);
  const changes: Partial<NeedRow> = { status, updatedAt: now };
  // a claim is a committee's only when *We'll handle it* says so (`recordCommitteeClaim`, right after)
  if (action === 'claim')
    Object.assign(changes, { claimedBy: actorId, claimedAt: now, claimExpiredAt: null, claimedForCommittee: null });
  if (action === 'release') Object.assign(changes, { claimedBy: null, claimedAt: null, claimedForCommittee: null });
  if (action === 'done') Object.assign(changes, { doneAt: now, doneBy: actorId });
  if (action === 'cancel') Object.assign(changes, { cancelledAt: now });
  const updated = tx
    .update(needs)
    .set(changes)
    .where(and(eq(needs.id, need.id), eq(needs.status, need.status as NeedStatus)))
    .returning()
    .get();
  if (!updated) return false;
  appendAudit(tx, {
    at: now,
    actor: actorId,
    buildingId: need.buildingId,
    action: `need.${action}`,
    subject: `need:${need.id}`,
    details: { from: need.status, to: status },
  });
  recordNeedEvent(tx, events, eventOfAction[action], updated, now);
  return true;
}

const activeNeedsQuery = preparedOnce((db) =>
  viewQuery(db)
    .where(and(eq(needs.buildingId, sql.placeholder('buildingId')), inArray(needs.status, ['open', 'claimed'])))
    .prepare(),
);

/** The building's open and claimed needs, unsorted (the pure rules sort them). */
export function listActiveNeeds(db: Db | Tx, buildingId: string): NeedView[] {
  return activeNeedsQuery(db).all({ buildingId }).map(toView);
}

/** A user's needs still in progress (asked by or for them, or entered by them) and their claims. */
export function needsOfUser(db: Db | Tx, userId: number): { asked: NeedView[]; claimed: NeedView[] } {
  const active = inArray(needs.status, ['open', 'claimed']);
  const asked = viewQuery(db)
    .where(and(active, or(eq(needs.requesterId, userId), eq(needs.enteredBy, userId))))
    .orderBy(asc(needs.id))
    .all()
    .map(toView);
  const claimed = viewQuery(db)
    .where(and(eq(needs.status, 'claimed'), eq(needs.claimedBy, userId)))
    .orderBy(asc(needs.id))
    .all()
    .map(toView);
  return { asked, claimed };
}

/**
 * The needs in progress of the households the user is registered in (`/home`), but asked or entered by someone else
 * (a family member, a volunteer in assisted mode): what a family member follows (SPEC §2.10). Private ones included;
 * the caller decides where they may be shown.
 */
export function householdNeedsOfUser(db: Db | Tx, userId: number): NeedView[] {
  const homes = db
    .select({ id: householdMembers.householdId })
    .from(householdMembers)
    .where(eq(householdMembers.userId, userId));
  return viewQuery(db)
    .where(
      and(
        inArray(needs.status, ['open', 'claimed']),
        inArray(needs.householdId, homes),
        sql`coalesce(${needs.requesterId}, 0) <> ${userId}`,
        sql`${needs.enteredBy} <> ${userId}`,
      ),
    )
    .orderBy(asc(needs.id))
    .all()
    .map(toView);
}

/** Urgent needs still open `minutes` after they were posted (high ones twice as long), not yet raised again. */
export function needsToEscalate(tx: Tx, now: number, minutes: number): NeedView[] {
  return viewQuery(tx)
    .where(
      and(
        eq(needs.status, 'open'),
        isNull(needs.escalatedAt),
        // a high need follows the urgent ladder at twice the delay (SPEC §2.1)
        or(
          and(eq(needs.priority, 'urgent'), lte(needs.createdAt, now - minutes * 60_000)),
          and(eq(needs.priority, 'high'), lte(needs.createdAt, now - 2 * minutes * 60_000)),
        ),
      ),
    )
    .all()
    .map(toView);
}

/**
 * Records (audited, and as a `need.escalated` event) that a need was raised again, so {@link needsToEscalate} leaves
 * it out from now on.
 */
export function markEscalated(
  tx: Tx,
  need: Pick<NeedRow, 'id' | 'buildingId'>,
  now: number,
  events: EventContext,
): void {
  const updated = tx.update(needs).set({ escalatedAt: now }).where(eq(needs.id, need.id)).returning().get();
  if (updated) recordNeedEvent(tx, events, 'need.escalated', updated, now);
  appendAudit(tx, {
    at: now,
    actor: null,
    buildingId: need.buildingId,
    action: 'need.escalate',
    subject: `need:${need.id}`,
  });
}

/** Claims with no progress for `hours`: they go back to open. */
export function claimsToExpire(tx: Tx, now: number, hours: number): NeedView[] {
  return viewQuery(tx)
    .where(and(eq(needs.status, 'claimed'), lte(needs.claimedAt, now - hours * 3600_000)))
    .all()
    .map(toView);
}

/**
 * Gives a lapsed claim back: the need is open again, audited, a `need.released` event. False when it was no longer
 * claimed (done, released or cancelled meanwhile): then nobody is to be told.
 */
export function expireClaim(tx: Tx, need: NeedRow, now: number, events: EventContext): boolean {
  const updated = tx
    .update(needs)
    .set({
      status: 'open',
      claimedBy: null,
      claimedAt: null,
      claimedForCommittee: null,
      claimExpiredAt: now,
      updatedAt: now,
    })
    .where(and(eq(needs.id, need.id), eq(needs.status, 'claimed')))
    .returning()
    .get();
  if (!updated) return false;
  recordNeedEvent(tx, events, 'need.released', updated, now);
  appendAudit(tx, {
    at: now,
    actor: null,
    buildingId: need.buildingId,
    action: 'need.claim_expired',
    subject: `need:${need.id}`,
    details: { claimer: need.claimedBy },
  });
  return true;
}

/**
 * Forgets the text of private needs closed more than `days` ago (SPEC §2.6: the only thing the retention
 * purge removes). Returns how many texts were purged.
 */
export function purgePrivateTexts(tx: Tx, now: number, days: number): number {
  const before = now - days * 86_400_000;
  const result = tx
    .update(needs)
    .set({ text: null })
    // the terms of the partial index needs_private_texts written out as it has them (a bound `private = ?` would
    // not use it), and `+status` so that the planner does not walk the 95% of needs that are done instead
    .where(
      and(
        sql`${needs.private} = 1 AND ${needs.text} IS NOT NULL AND +${needs.status} IN ('done', 'cancelled')`,
        lte(needs.updatedAt, before),
      ),
    )
    .run();
  if (result.changes > 0)
    appendAudit(tx, {
      at: now,
      actor: null,
      buildingId: null,
      action: 'retention.purge',
      subject: 'needs',
      details: { privateTexts: result.changes },
    });
  return result.changes;
}

/** How many of the building's needs were finished after `since`, and by how many helpers (the digest's good news). */
export function finishedSince(db: Db | Tx, buildingId: string, since: number): { needs: number; volunteers: number } {
  const row = db
    .select({ n: count(), helpers: sql<number>`count(distinct ${needs.claimedBy})` })
    .from(needs)
    .where(and(eq(needs.buildingId, buildingId), eq(needs.status, 'done'), gt(needs.doneAt, since)))
    .get();
  return { needs: row?.n ?? 0, volunteers: row?.helpers ?? 0 };
}

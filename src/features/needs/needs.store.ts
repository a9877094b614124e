import { aliasedTable, and, asc, count, desc, eq, gt, inArray, isNotNull, isNull, lte, or, sql } from 'drizzle-orm';
import { appendAudit } from '../../db/audit.ts';
import type { Db, Tx } from '../../db/open.ts';
import { preparedOnce } from '../../db/prepared.ts';
import { householdMembers, needs, users } from '../../db/schema.ts';
import { fullName } from '../../db/users.ts';
import { recordEvent } from '../events/events.store.ts';
import type { EventContext } from '../events/events.ts';
import { needForExport } from '../export/export.view.ts';
import { type NeedAction, type NeedStatus, type Priority, statusAfter } from './needs.ts';
import { nextOpening, rhythmOf } from './recurring.ts';

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
  /** A recurring need's normalised rhythm (SPEC §2.11); absent or null for a one-off need. */
  repeat?: string | null;
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
      repeat: p('repeat'),
      seriesId: p('seriesId'),
      createdAt: p('now'),
      updatedAt: p('now'),
    })
    .prepare(),
);

/**
 * Records a need and returns its id. An open need is audited now (never with its text) and is a `need.created`
 * event; a draft only when {@link placeDraftNeed} opens it.
 */
export function createNeed(tx: Tx, need: NewNeed, now: number, events: EventContext): number {
  return insertNeed(tx, need, now, events).id;
}

/**
 * {@link createNeed} for a need typed by the person whose update this is (`enteredBy`, named as the update recorded
 * them): the need with the names its card shows, from the row the insert returned rather than read back with its
 * people (a need just posted has no claimer, and its asker is the one who typed it, or nobody for a unit).
 */
export function createNeedByAuthor(
  tx: Tx,
  need: NewNeed & { requesterId: number | null },
  author: { firstName: string; lastName: string | null },
  now: number,
  events: EventContext,
): NeedView {
  if (need.requesterId !== null && need.requesterId !== need.enteredBy)
    throw new Error('createNeedByAuthor: the asker is the author or nobody');
  const row = insertNeed(tx, need, now, events);
  const authorName = fullName(author);
  return {
    ...row,
    requesterName: need.requesterId === null ? null : authorName,
    enteredByName: authorName,
    claimerName: null,
  };
}

/**
 * Stores a need (of the series `seriesId`, null for a one-off or a series' first) and returns its row as stored, made
 * here rather than read back: RETURNING its 26 columns cost more than the insert itself (15 against 9 us). What was
 * given, and nothing yet of the rest (a test holds it equal to the row read back).
 */
function storeNeed(
  tx: Tx,
  // a series' next need copies the last one's text, null once a private text was purged
  need: Omit<NewNeed, 'text'> & { text: string | null },
  seriesId: number | null,
  now: number,
): NeedRow {
  const repeat = need.repeat ?? null;
  const { lastInsertRowid } = insertNeedQuery(tx).run({ ...need, repeat, seriesId, now });
  return {
    id: Number(lastInsertRowid),
    buildingId: need.buildingId,
    requesterId: need.requesterId,
    enteredBy: need.enteredBy,
    householdId: need.householdId,
    unit: need.unit,
    priority: need.priority,
    category: need.category,
    text: need.text,
    private: need.private,
    status: need.status,
    claimedBy: null,
    claimedAt: null,
    doneAt: null,
    doneBy: null,
    cancelledAt: null,
    escalatedAt: null,
    committeeEscalatedAt: null,
    claimedForCommittee: null,
    claimExpiredAt: null,
    repeat,
    seriesId,
    nextAt: null,
    offerId: null,
    createdAt: now,
    updatedAt: now,
  };
}

function insertNeed(tx: Tx, need: NewNeed, now: number, events: EventContext): NeedRow {
  const created = storeNeed(tx, need, null, now);
  if (need.status === 'open') {
    auditNeed(tx, created.id, need.buildingId, need.enteredBy, 'need.open', now, need);
    recordNeedEvent(tx, events, 'need.created', created, now);
  }
  return created;
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
  need: Pick<NewNeed, 'priority' | 'category' | 'private' | 'requesterId' | 'enteredBy' | 'repeat'>,
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
      ...(need.repeat ? { repeat: need.repeat } : {}),
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
 * two concurrent presses cannot both claim it. A recurring need that is done gets the time its series' next need
 * opens (`nextAt`, in the config's time zone); one cancelled ends its series.
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
  const rhythm = need.repeat === null ? undefined : rhythmOf(need.repeat);
  const nextAt = action === 'done' && rhythm ? nextOpening(rhythm, now, events.timezone) : null;
  if (action === 'done') Object.assign(changes, { doneAt: now, doneBy: actorId, nextAt });
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
    details: { from: need.status, to: status, ...(nextAt !== null ? { nextAt } : {}) },
  });
  recordNeedEvent(tx, events, eventOfAction[action], updated, now);
  return true;
}

/**
 * A match (SPEC §2.11): the open need is claimed by the offer's author and linked to the offer, audited as a claim
 * made by `actorId` (who pressed: the asker or the author) and a `need.claimed` event. False when it was no longer
 * open (claimed, done or cancelled meanwhile): nothing changed.
 */
export function claimNeedForOffer(
  tx: Tx,
  need: Pick<NeedRow, 'id' | 'buildingId'>,
  offer: { id: number; offeredBy: number },
  actorId: number,
  now: number,
  events: EventContext,
): boolean {
  const updated = tx
    .update(needs)
    .set({
      status: 'claimed',
      claimedBy: offer.offeredBy,
      claimedAt: now,
      claimExpiredAt: null,
      claimedForCommittee: null,
      offerId: offer.id,
      updatedAt: now,
    })
    .where(and(eq(needs.id, need.id), eq(needs.status, 'open')))
    .returning()
    .get();
  if (!updated) return false;
  appendAudit(tx, {
    at: now,
    actor: actorId,
    buildingId: need.buildingId,
    action: 'need.claim',
    subject: `need:${need.id}`,
    details: { from: 'open', to: 'claimed', offer: offer.id, claimer: offer.offeredBy },
  });
  recordNeedEvent(tx, events, 'need.claimed', updated, now);
  return true;
}

// --- recurring needs (SPEC §2.11) ------------------------------------------------------------------------

const recurringDueQuery = preparedOnce((db) =>
  viewQuery(db)
    .where(and(isNotNull(needs.nextAt), lte(needs.nextAt, p('now')), eq(needs.status, 'done')))
    .orderBy(asc(needs.nextAt), asc(needs.id))
    .prepare(),
);

/** Done needs of a series whose next need is due to open at `now` (however late: a restart opens each once). */
export function recurringDue(tx: Tx, now: number): NeedView[] {
  return recurringDueQuery(tx).all({ now }).map(toView);
}

/**
 * Opens the next need of the series `done` belongs to: a new row (its own claim, its own done time, its own events)
 * with the same asker, household, priority, category, text, privacy and rhythm, linked to the series' first need.
 * The done need's `nextAt` is cleared in the same statement's condition, so it opens once however often this runs.
 * Audited as `need.reopen` by nobody (the bot), with the need it follows; a `need.created` event. Returns the new id.
 */
export function openNextOfSeries(tx: Tx, done: NeedRow, now: number, events: EventContext): number | undefined {
  const cleared = tx
    .update(needs)
    .set({ nextAt: null })
    .where(and(eq(needs.id, done.id), isNotNull(needs.nextAt), eq(needs.status, 'done')))
    .returning({ id: needs.id })
    .get();
  if (!cleared || done.repeat === null) return undefined;
  const created = storeNeed(
    tx,
    {
      buildingId: done.buildingId,
      requesterId: done.requesterId,
      enteredBy: done.enteredBy,
      householdId: done.householdId,
      unit: done.unit,
      priority: done.priority,
      category: done.category,
      text: done.text,
      private: done.private,
      status: 'open',
      repeat: done.repeat,
    },
    done.seriesId ?? done.id,
    now,
  );
  appendAudit(tx, {
    at: now,
    actor: null,
    buildingId: done.buildingId,
    action: 'need.reopen',
    subject: `need:${created.id}`,
    details: { after: done.id, series: done.seriesId ?? done.id, repeat: done.repeat },
  });
  recordNeedEvent(tx, events, 'need.created', created, now);
  return created.id;
}

/** The newest need of the series `need` belongs to (itself when it is one-off or the newest). */
export function latestOfSeries(db: Db | Tx, need: Pick<NeedRow, 'id' | 'seriesId'>): NeedView {
  const first = need.seriesId ?? need.id;
  const row = viewQuery(db)
    .where(or(eq(needs.id, first), eq(needs.seriesId, first)))
    .orderBy(desc(needs.id))
    .limit(1)
    .get();
  return toView(row!);
}

/**
 * `/stop`: the series ends with this need (its newest): it keeps its status, but is no longer re-opened when done,
 * and a next need waiting for its date does not open. Audited as `need.stop` with the rhythm it had.
 */
export function stopSeries(tx: Tx, need: Pick<NeedRow, 'id' | 'buildingId' | 'repeat'>, actorId: number, now: number) {
  tx.update(needs).set({ repeat: null, nextAt: null, updatedAt: now }).where(eq(needs.id, need.id)).run();
  appendAudit(tx, {
    at: now,
    actor: actorId,
    buildingId: need.buildingId,
    action: 'need.stop',
    subject: `need:${need.id}`,
    details: { repeat: need.repeat },
  });
}

/** A user's recurring needs done and waiting for their next date (asked by or for them, or entered by them). */
export function waitingRecurringOfUser(db: Db | Tx, userId: number): NeedView[] {
  return viewQuery(db)
    .where(
      and(
        isNotNull(needs.nextAt),
        eq(needs.status, 'done'),
        or(eq(needs.requesterId, userId), eq(needs.enteredBy, userId)),
      ),
    )
    .orderBy(asc(needs.nextAt))
    .all()
    .map(toView);
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

const toEscalateQuery = preparedOnce((db) =>
  viewQuery(db)
    .where(
      and(
        eq(needs.status, 'open'),
        eq(needs.priority, p('priority')),
        isNull(needs.escalatedAt),
        lte(needs.createdAt, p('postedBefore')),
      ),
    )
    .prepare(),
);

/**
 * Urgent needs still open `minutes` after they were posted (high ones twice as long), not yet raised again. One
 * query a priority, each a range of the escalation index: with both in one `OR`, and the names joined, SQLite read
 * every open need (90 ms every 15 s at a million needs, stalling the commands that came meanwhile).
 */
export function needsToEscalate(tx: Tx, now: number, minutes: number): NeedView[] {
  // a high need follows the urgent ladder at twice the delay (SPEC §2.1)
  const postedBefore = { urgent: now - minutes * 60_000, high: now - 2 * minutes * 60_000 } as const;
  return (['urgent', 'high'] as const)
    .flatMap((priority) => toEscalateQuery(tx).all({ priority, postedBefore: postedBefore[priority] }))
    .map(toView)
    .sort((a, b) => a.id - b.id);
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

const claimsToExpireQuery = preparedOnce((db) =>
  viewQuery(db)
    .where(and(sql`${needs.status} = 'claimed'`, lte(needs.claimedAt, p('claimedBefore'))))
    .prepare(),
);

/** Claims with no progress for `hours`: they go back to open. */
export function claimsToExpire(tx: Tx, now: number, hours: number): NeedView[] {
  return claimsToExpireQuery(tx)
    .all({ claimedBefore: now - hours * 3600_000 })
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

const purgePrivateTextsQuery = preparedOnce((db) =>
  db
    .update(needs)
    .set({ text: null })
    // the terms of the partial index needs_private_texts written out as it has them (a bound `private = ?` would
    // not use it), and `+status` so that the planner does not walk the 95% of needs that are done instead
    .where(
      and(
        sql`${needs.private} = 1 AND ${needs.text} IS NOT NULL AND +${needs.status} IN ('done', 'cancelled')`,
        lte(needs.updatedAt, p('before')),
        // a done need whose series' next need has yet to open still holds the text that need copies
        isNull(needs.nextAt),
      ),
    )
    .prepare(),
);

/**
 * Forgets the text of private needs closed more than `days` ago (SPEC §2.6: the only thing the retention
 * purge removes). Returns how many texts were purged.
 */
export function purgePrivateTexts(tx: Tx, now: number, days: number): number {
  const result = purgePrivateTextsQuery(tx).run({ before: now - days * 86_400_000 });
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

import { and, asc, count, eq, gt, gte, isNull, type SQL, sql } from 'drizzle-orm';
import { timeOrderedId } from '../../core/ids.ts';
import { appendAudit } from '../../db/audit.ts';
import type { Db, Tx } from '../../db/open.ts';
import { preparedOnce } from '../../db/prepared.ts';
import { events, webhookDeliveries } from '../../db/schema.ts';
import {
  type AfterFailure,
  afterFailure,
  cloudEventBody,
  type EventContext,
  type NewEvent,
  patternsMatch,
  webhookLabel,
  webhookWants,
} from './events.ts';

const insertEventQuery = preparedOnce((db) =>
  db
    .insert(events)
    .values({
      id: sql.placeholder('id'),
      type: sql.placeholder('type'),
      buildingId: sql.placeholder('buildingId'),
      committeeId: sql.placeholder('committeeId'),
      subject: sql.placeholder('subject'),
      at: sql.placeholder('at'),
      body: sql.placeholder('body'),
    })
    .prepare(),
);

const insertDeliveryQuery = preparedOnce((db) =>
  db
    .insert(webhookDeliveries)
    .values({
      webhook: sql.placeholder('webhook'),
      eventSeq: sql.placeholder('eventSeq'),
      nextAt: sql.placeholder('at'),
    })
    .prepare(),
);

/**
 * Stores an event in the caller's transaction (so it exists if and only if the change does), with a pending
 * delivery for every webhook that wants it. Returns its CloudEvent `id`. Call it from the store function that makes
 * the change, with the item's export shape after the change as `data`.
 */
export function recordEvent(tx: Tx, context: EventContext, event: NewEvent): string {
  // time-ordered, so each id lands at the end of the table's unique index: a random one (v4) landed on a page of its
  // own, and a commit of 60 events rewrote some 60 pages of that index (and the checkpoint after it)
  const id = timeOrderedId();
  const body = cloudEventBody(event, id);
  // its seq is its rowid (INTEGER PRIMARY KEY): read from the run, not RETURNING, which cost twice the insert's time
  const seq = Number(
    insertEventQuery(tx).run({
      id,
      type: event.type,
      buildingId: event.buildingId,
      committeeId: event.committeeId ?? null,
      subject: event.subject,
      at: event.at,
      body,
    }).lastInsertRowid,
  );
  // a URL is one receiver (its deliveries are keyed by it), however many times the config lists it
  const urls = new Set(context.webhooks.filter((webhook) => webhookWants(webhook, event)).map((w) => w.url));
  for (const url of urls) insertDeliveryQuery(tx).run({ webhook: url, eventSeq: seq, at: event.at });
  return id;
}

// --- delivery ------------------------------------------------------------------------------------------------

/** A delivery waiting for its webhook to accept it, with the exact body to send. */
export interface PendingDelivery {
  eventSeq: number;
  /** The CloudEvent `id`. */
  id: string;
  type: string;
  buildingId: string | null;
  body: string;
  attempts: number;
  firstFailedAt: number | null;
  nextAt: number;
}

const pendingQuery = preparedOnce((db) =>
  db
    .select({
      eventSeq: webhookDeliveries.eventSeq,
      id: events.id,
      type: events.type,
      buildingId: events.buildingId,
      body: events.body,
      attempts: webhookDeliveries.attempts,
      firstFailedAt: webhookDeliveries.firstFailedAt,
      nextAt: webhookDeliveries.nextAt,
    })
    .from(webhookDeliveries)
    .innerJoin(events, eq(events.seq, webhookDeliveries.eventSeq))
    .where(
      and(
        eq(webhookDeliveries.status, 'pending'),
        eq(webhookDeliveries.webhook, sql.placeholder('webhook')),
        gt(webhookDeliveries.eventSeq, sql.placeholder('after')),
      ),
    )
    .orderBy(asc(webhookDeliveries.eventSeq))
    .limit(sql.placeholder('limit'))
    .prepare(),
);

/** The webhook's next pending deliveries in event order, after `afterSeq`: the first is the one to send now. */
export function pendingDeliveries(db: Db | Tx, webhook: string, limit: number, afterSeq = 0): PendingDelivery[] {
  return pendingQuery(db).all({ webhook, limit, after: afterSeq });
}

const deleteDeliveryQuery = preparedOnce((db) =>
  db
    .delete(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.webhook, sql.placeholder('webhook')),
        eq(webhookDeliveries.eventSeq, sql.placeholder('eventSeq')),
      ),
    )
    .prepare(),
);

/** The webhook accepted these events (2xx): their deliveries are done and deleted, in one commit. */
export function acceptDeliveries(db: Db, webhook: string, eventSeqs: readonly number[]): void {
  if (eventSeqs.length === 0) return;
  db.transaction((tx) => {
    for (const eventSeq of eventSeqs) deleteDeliveryQuery(tx).run({ webhook, eventSeq });
  });
}

/**
 * Records a failed attempt: the next try (backoff), or after 24 hours of failures the dead letters, audited without
 * the event's content. A dead delivery hands its first failure on to the webhook's next pending one, so an outage
 * that outlasted one event's 24 hours gives each event queued behind it one more try, not a day each.
 */
export function recordFailedAttempt(
  db: Db,
  webhook: string,
  delivery: Pick<PendingDelivery, 'eventSeq' | 'id' | 'type' | 'buildingId' | 'attempts' | 'firstFailedAt'>,
  error: string,
  now: number,
): AfterFailure {
  const next = afterFailure(delivery, now);
  const row = and(eq(webhookDeliveries.webhook, webhook), eq(webhookDeliveries.eventSeq, delivery.eventSeq));
  db.transaction((tx) => {
    if (next.status === 'pending') {
      tx.update(webhookDeliveries)
        .set({ attempts: next.attempts, firstFailedAt: next.firstFailedAt, nextAt: next.nextAt, lastError: error })
        .where(row)
        .run();
      return;
    }
    tx.update(webhookDeliveries)
      .set({ status: 'dead', attempts: next.attempts, firstFailedAt: next.firstFailedAt, lastError: error })
      .where(row)
      .run();
    appendAudit(tx, {
      at: now,
      actor: null,
      buildingId: delivery.buildingId,
      action: 'event.dead_letter',
      subject: `event:${delivery.id}`,
      details: { type: delivery.type, webhook: webhookLabel(webhook), attempts: next.attempts, error },
    });
    const following = pendingDeliveries(tx, webhook, 1, delivery.eventSeq)[0];
    if (following && following.firstFailedAt === null)
      tx.update(webhookDeliveries)
        .set({ firstFailedAt: next.firstFailedAt })
        .where(and(eq(webhookDeliveries.webhook, webhook), eq(webhookDeliveries.eventSeq, following.eventSeq)))
        .run();
  });
  return next;
}

/** A delivery given up after 24 hours of failures (SPEC §2.9: `events --failed`). */
export interface DeadLetter {
  webhook: string;
  eventSeq: number;
  id: string;
  type: string;
  body: string;
  attempts: number;
  firstFailedAt: number | null;
  lastError: string | null;
}

/** Dead letters, per webhook in event order (every webhook's, or one's). */
export function deadLetters(db: Db | Tx, webhook?: string): DeadLetter[] {
  return db
    .select({
      webhook: webhookDeliveries.webhook,
      eventSeq: webhookDeliveries.eventSeq,
      id: events.id,
      type: events.type,
      body: events.body,
      attempts: webhookDeliveries.attempts,
      firstFailedAt: webhookDeliveries.firstFailedAt,
      lastError: webhookDeliveries.lastError,
    })
    .from(webhookDeliveries)
    .innerJoin(events, eq(events.seq, webhookDeliveries.eventSeq))
    .where(
      and(
        eq(webhookDeliveries.status, 'dead'),
        webhook === undefined ? undefined : eq(webhookDeliveries.webhook, webhook),
      ),
    )
    .orderBy(asc(webhookDeliveries.webhook), asc(webhookDeliveries.eventSeq))
    .all();
}

/**
 * The outcome of sending dead letters again by hand (`events --retry`): the accepted ones are deleted, a failure
 * stays dead with its new error; one audit entry per webhook says how many went.
 */
export function recordRetriedDeadLetters(
  db: Db,
  webhook: string,
  outcome: { accepted: readonly number[]; failed?: { eventSeq: number; error: string } },
  now: number,
): void {
  db.transaction((tx) => {
    for (const eventSeq of outcome.accepted) deleteDeliveryQuery(tx).run({ webhook, eventSeq });
    const { failed } = outcome;
    if (failed)
      tx.update(webhookDeliveries)
        .set({ attempts: sql`${webhookDeliveries.attempts} + 1`, lastError: failed.error })
        .where(and(eq(webhookDeliveries.webhook, webhook), eq(webhookDeliveries.eventSeq, failed.eventSeq)))
        .run();
    appendAudit(tx, {
      at: now,
      actor: null,
      action: 'event.retry',
      subject: `webhook:${webhookLabel(webhook)}`,
      details: { delivered: outcome.accepted.length, failed: failed ? 1 : 0 },
    });
  });
}

/** Deliveries by webhook and status (`stats`): what is still to go, and what was given up. */
export function deliveryCounts(db: Db | Tx): Array<{ webhook: string; status: 'pending' | 'dead'; count: number }> {
  return db
    .select({ webhook: webhookDeliveries.webhook, status: webhookDeliveries.status, count: count() })
    .from(webhookDeliveries)
    .groupBy(webhookDeliveries.status, webhookDeliveries.webhook)
    .orderBy(asc(webhookDeliveries.webhook), asc(webhookDeliveries.status))
    .all();
}

/** How many events are stored (every one, delivered or not: the table is the record `events` prints). */
export function eventCount(db: Db | Tx): number {
  return db.select({ n: count() }).from(events).get()?.n ?? 0;
}

// --- reading stored events (`events` CLI) ---------------------------------------------------------------------

export interface StoredEventFilter {
  /** Only events at or after this time (ms). */
  since?: number;
  /** Only types matching one of these patterns (`need.*`, `alert.issued`). */
  types?: readonly string[];
  /** Only events of this building (an event of several buildings when it is one of them; committee-wide ones too). */
  buildingId?: string;
}

/**
 * The stored events matching `filter`, oldest first, read a page at a time so a large table is never held in
 * memory: each is the CloudEvent body exactly as the webhooks got it.
 */
export function* storedEvents(db: Db, filter: StoredEventFilter, pageSize = 1000): Generator<string> {
  const conditions: SQL[] = [];
  if (filter.since !== undefined) conditions.push(gte(events.at, filter.since));
  if (filter.buildingId !== undefined)
    conditions.push(
      sql`(${events.buildingId} = ${filter.buildingId} or (${isNull(events.buildingId)} and (
        json_type(${events.body}, '$.data.buildings') is null
        or exists (select 1 from json_each(${events.body}, '$.data.buildings') where value = ${filter.buildingId}))))`,
    );
  let after = 0;
  for (;;) {
    const page = db
      .select({ seq: events.seq, type: events.type, body: events.body })
      .from(events)
      .where(and(gt(events.seq, after), ...conditions))
      .orderBy(asc(events.seq))
      .limit(pageSize)
      .all();
    for (const row of page) if (!filter.types || patternsMatch(filter.types, row.type)) yield row.body;
    if (page.length < pageSize) return;
    after = page.at(-1)!.seq;
  }
}

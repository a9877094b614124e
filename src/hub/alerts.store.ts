import { randomUUID } from 'node:crypto';
import { asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { type AlertRetry, type CityAlertInput, cityAlertBody, nextAttempt } from './alerts.ts';
import type { HubDb } from './db/open.ts';
import { hubAlertDeliveries, hubAlerts } from './db/schema.ts';

/** The channel hub processes LISTEN on: a new alert wakes their senders at once rather than at the next poll. */
export const ALERTS_CHANNEL = 'hub_alerts';

/**
 * Records a city alert and its delivery to each of its districts, in one transaction that also notifies every
 * listening hub process (PostgreSQL delivers the NOTIFY on commit). Returns the alert's id.
 */
export async function recordAlert(db: HubDb, input: CityAlertInput & { city: string }): Promise<string> {
  const id = randomUUID();
  return db.transaction(async (tx) => {
    const [{ now }] = (await tx.execute<{ now: Date }>(sql`SELECT now() AS now`)).rows as [{ now: Date }];
    const at = new Date(now);
    const body = cityAlertBody({ id, level: input.level, text: input.text, at, city: input.city });
    await tx
      .insert(hubAlerts)
      .values({ id, level: input.level, text: input.text, sentBy: input.sentBy, createdAt: at, body });
    await tx.insert(hubAlertDeliveries).values(input.districts.map((districtId) => ({ alertId: id, districtId })));
    await tx.execute(sql`SELECT pg_notify(${ALERTS_CHANNEL}, '')`);
    return id;
  });
}

/** A delivery taken by this process: the exact body to POST, and how it fared so far. */
export interface DueDelivery {
  seq: number;
  alertId: string;
  districtId: string;
  body: string;
  attempts: number;
  /** When its first attempt failed (the 24 hours of retries count from it); null before any failed. */
  firstFailedAt: Date | null;
}

/** How a POST of a delivery ended. */
export type DeliveryOutcome = { accepted: true } | { accepted: false; error: string };

/** A delivery's attempt, ended. */
export interface DeliveryAttempt {
  delivery: DueDelivery;
  outcome: DeliveryOutcome;
}

/**
 * The first key of a delivery's advisory lock, its seq's lowest 31 bits the second (two deliveries 2^31 apart share a
 * lock, which only makes them wait for each other). A two-key lock: apart from the migrations' one-key lock.
 */
export const DELIVERY_LOCK_CLASS = 0x6875_6202;

/** The two keys of the advisory lock of the delivery `seq` (an SQL expression of its seq). */
const lockKeys = (seq: SQL) => sql`${DELIVERY_LOCK_CLASS}, (${seq} & 2147483647)::int`;

const listOf = (values: ReadonlyArray<string | number>) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );

/**
 * Takes up to `limit` due deliveries of `districts` for this session (a connection of its own, held while they are
 * POSTed): each under a session-level advisory lock, so several hub processes (and the CLI) never take one at once,
 * and none holds a transaction open while a district answers. A row is due when no earlier row of its district is
 * pending (in order per district: a locked head row hides the rest of its district from the others too). `held`: the
 * seqs this session holds already (a lock taken twice by one session would need two unlocks).
 * If the session dies mid-POST, PostgreSQL lets its locks go and the row is taken again later: a district may then
 * see an alert twice, by the same id, and stores it once.
 */
export async function claimDeliveries(
  session: HubDb,
  districts: readonly string[],
  limit: number,
  held: readonly number[],
): Promise<DueDelivery[]> {
  if (districts.length === 0 || limit <= 0) return [];
  // the candidates first (MATERIALIZED: the LIMIT applies before any lock is tried), then a lock tried on each
  const locked = await session.execute<{ seq: string }>(sql`
    WITH due AS MATERIALIZED (
      SELECT d.seq FROM ${hubAlertDeliveries} d
      WHERE d.status = 'pending' AND d.next_at <= now() AND d.district_id IN (${listOf(districts)})
        ${held.length > 0 ? sql`AND d.seq NOT IN (${listOf(held)})` : sql``}
        AND NOT EXISTS (
          SELECT 1 FROM ${hubAlertDeliveries} e
          WHERE e.district_id = d.district_id AND e.status = 'pending' AND e.seq < d.seq)
      ORDER BY d.seq
      LIMIT ${limit})
    SELECT seq FROM due WHERE pg_try_advisory_lock(${lockKeys(sql`seq`)})`);
  const seqs = locked.rows.map((r) => Number(r.seq));
  if (seqs.length === 0) return [];
  // a statement of its own, so a snapshot taken after the locks: a process that held one of them let it go only
  // after its outcome committed, and a row it finished (delivered, or failed and not due yet) is not taken again
  const taken = await session.execute<{
    seq: string;
    alert_id: string;
    district_id: string;
    attempts: number;
    /** As PostgreSQL wrote it: drizzle's driver leaves timestamps as text in a raw statement's rows. */
    first_failed_at: string | null;
    body: string;
  }>(sql`
    SELECT d.seq, d.alert_id, d.district_id, d.attempts, d.first_failed_at, a.body
    FROM ${hubAlertDeliveries} d JOIN ${hubAlerts} a ON a.id = d.alert_id
    WHERE d.seq IN (${listOf(seqs)}) AND d.status = 'pending' AND d.next_at <= now()
    ORDER BY d.seq`);
  const due = taken.rows.map((row) => ({
    seq: Number(row.seq),
    alertId: row.alert_id,
    districtId: row.district_id,
    body: row.body,
    attempts: row.attempts,
    firstFailedAt: row.first_failed_at === null ? null : new Date(row.first_failed_at),
  }));
  const finished = seqs.filter((seq) => !due.some((d) => d.seq === seq));
  if (finished.length > 0) await unlockDeliveries(session, finished);
  return due;
}

/**
 * Records how each attempt ended (delivered; or failed, to be retried with backoff, or dead past the give-up time),
 * then lets their locks go: only after the outcomes committed, so whoever takes one of them next sees its outcome.
 * An error leaves the locks held: the caller ends the session, which lets them go.
 */
export async function recordAttempts(
  session: HubDb,
  attempts: readonly DeliveryAttempt[],
  retry: AlertRetry,
): Promise<Array<DeliveryAttempt & { dead: boolean }>> {
  if (attempts.length === 0) return [];
  const accepted = attempts.filter((a) => a.outcome.accepted).map((a) => a.delivery.seq);
  if (accepted.length > 0)
    await session
      .update(hubAlertDeliveries)
      .set({
        status: 'delivered',
        attempts: sql`${hubAlertDeliveries.attempts} + 1`,
        deliveredAt: sql`clock_timestamp()`,
        lastError: null,
      })
      .where(inArray(hubAlertDeliveries.seq, accepted));
  // a failure is retried later, or dead once its first failure is older than the give-up time
  const dead = new Set<number>();
  const failed = attempts.filter(
    (a): a is DeliveryAttempt & { outcome: { accepted: false; error: string } } => !a.outcome.accepted,
  );
  if (failed.length > 0) {
    const [{ now }] = (await session.execute<{ now: Date }>(sql`SELECT clock_timestamp() AS now`)).rows as [
      { now: Date },
    ];
    const at = new Date(now);
    for (const { delivery, outcome } of failed) {
      const tries = delivery.attempts + 1;
      const firstFailedAt = delivery.firstFailedAt ?? at;
      const next = nextAttempt(retry, tries, firstFailedAt, at);
      if (next.dead) dead.add(delivery.seq);
      await session
        .update(hubAlertDeliveries)
        .set({
          attempts: tries,
          firstFailedAt,
          lastError: outcome.error.slice(0, 300),
          ...(next.dead ? { status: 'dead' as const } : { nextAt: next.at }),
        })
        .where(eq(hubAlertDeliveries.seq, delivery.seq));
    }
  }
  await unlockDeliveries(
    session,
    attempts.map((a) => a.delivery.seq),
  );
  return attempts.map((a) => ({ ...a, dead: dead.has(a.delivery.seq) }));
}

/** Lets go of this session's locks on these deliveries. */
async function unlockDeliveries(session: HubDb, seqs: readonly number[]): Promise<void> {
  await session.execute(sql`
    SELECT pg_advisory_unlock(${lockKeys(sql`v.seq`)})
    FROM (VALUES ${sql.join(
      seqs.map((seq) => sql`(${seq}::bigint)`),
      sql`, `,
    )}) AS v(seq)`);
}

/** The deliveries of one alert, by district (the CLI's progress, tests). */
export async function alertDeliveries(
  db: HubDb,
  alertId: string,
): Promise<Array<{ districtId: string; status: string; attempts: number; lastError: string | null }>> {
  return db
    .select({
      districtId: hubAlertDeliveries.districtId,
      status: hubAlertDeliveries.status,
      attempts: hubAlertDeliveries.attempts,
      lastError: hubAlertDeliveries.lastError,
    })
    .from(hubAlertDeliveries)
    .where(eq(hubAlertDeliveries.alertId, alertId))
    .orderBy(asc(hubAlertDeliveries.seq));
}

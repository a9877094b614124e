import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { type AlertRetry, type CityAlertInput, cityAlertBody, nextAttempt } from './alerts.ts';
import type { HubDb } from './db/open.ts';
import { hubAlertDeliveries, hubAlerts } from './db/schema.ts';

/**
 * The channel hub processes LISTEN on: a new alert wakes their senders at once rather than at the next poll. The
 * payload is the alert's number of deliveries (its districts), as many as its senders need to look for.
 */
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
    await tx.execute(sql`SELECT pg_notify(${ALERTS_CHANNEL}, ${String(input.districts.length)})`);
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
}

/** How a POST of a delivery ended. */
export type DeliveryOutcome = { accepted: true } | { accepted: false; error: string };

/**
 * Takes the next due delivery of one of `districts` and runs `send` on it while holding its row locked
 * (`FOR UPDATE SKIP LOCKED`), then records the outcome in the same transaction: several hub processes (and the CLI)
 * may call this at once, and none takes a row another holds, so an alert is never POSTed twice to a district at once.
 * A row is due when no earlier row of its district is pending (in order per district: a locked head row hides the
 * rest of its district from the others too). If the process dies mid-POST, the transaction rolls back and the row is
 * taken again later: a district may then see an alert twice, by the same id, and stores it once.
 * Returns what was done, or undefined when nothing was due.
 */
export async function deliverNext(
  db: HubDb,
  districts: readonly string[],
  retry: AlertRetry,
  send: (delivery: DueDelivery) => Promise<DeliveryOutcome>,
): Promise<(DueDelivery & { outcome: DeliveryOutcome; dead: boolean }) | undefined> {
  if (districts.length === 0) return undefined;
  return db.transaction(async (tx) => {
    // one statement before the POST, the body with it (each round trip to PostgreSQL came before every district's
    // first copy). A row another process finished after this statement's snapshot is not taken: PostgreSQL locks
    // its newest version and checks the WHERE again on it (READ COMMITTED), and skips a row still locked
    const taken = await tx.execute<{
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
      WHERE d.status = 'pending' AND d.next_at <= now()
        AND d.district_id IN (${sql.join(
          districts.map((d) => sql`${d}`),
          sql`, `,
        )})
        AND NOT EXISTS (
          SELECT 1 FROM ${hubAlertDeliveries} e
          WHERE e.district_id = d.district_id AND e.status = 'pending' AND e.seq < d.seq)
      ORDER BY d.seq
      LIMIT 1
      FOR UPDATE OF d SKIP LOCKED`);
    const row = taken.rows[0];
    if (!row) return undefined;
    const seq = Number(row.seq);
    const delivery: DueDelivery = {
      seq,
      alertId: row.alert_id,
      districtId: row.district_id,
      body: row.body,
      attempts: row.attempts,
    };
    const outcome = await send(delivery);
    if (outcome.accepted) {
      // the time after the POST, not the transaction's start (`now()`)
      await tx
        .update(hubAlertDeliveries)
        .set({
          status: 'delivered',
          attempts: delivery.attempts + 1,
          deliveredAt: sql`clock_timestamp()`,
          lastError: null,
        })
        .where(eq(hubAlertDeliveries.seq, seq));
      return { ...delivery, outcome, dead: false };
    }
    const [{ now }] = (await tx.execute<{ now: Date }>(sql`SELECT clock_timestamp() AS now`)).rows as [{ now: Date }];
    const at = new Date(now);
    const attempts = delivery.attempts + 1;
    const firstFailedAt = row.first_failed_at === null ? at : new Date(row.first_failed_at);
    const next = nextAttempt(retry, attempts, firstFailedAt, at);
    await tx
      .update(hubAlertDeliveries)
      .set({
        attempts,
        firstFailedAt,
        lastError: outcome.error.slice(0, 300),
        ...(next.dead ? { status: 'dead' as const } : { nextAt: next.at }),
      })
      .where(eq(hubAlertDeliveries.seq, seq));
    return { ...delivery, outcome, dead: next.dead };
  });
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

/** How many deliveries of `districts` are pending and due now: the sender's poll wakes its workers when there are. */
export async function dueDeliveries(db: HubDb, districts: readonly string[]): Promise<number> {
  if (districts.length === 0) return 0;
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(hubAlertDeliveries)
    .where(
      and(
        eq(hubAlertDeliveries.status, 'pending'),
        inArray(hubAlertDeliveries.districtId, [...districts]),
        sql`${hubAlertDeliveries.nextAt} <= now()`,
      ),
    );
  return row?.n ?? 0;
}

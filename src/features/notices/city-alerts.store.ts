import { and, eq, gt, gte, like, lt, max, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/open.ts';
import { appSettings, outbox } from '../../db/schema.ts';
import { lanes } from '../../jobs/outbox.store.ts';
import { recordEvent } from '../events/events.store.ts';
import type { EventContext } from '../events/events.ts';

// A city alert from the hub (SPEC §7) is remembered under `hub.alert:<its id>` in the app settings, with the notice it
// became and whether its `alert.delivered` event was recorded: the id makes a repeat change nothing, and the bot's
// own tables (the survey's migration is under way beside this) need no new column.
const keyPrefix = 'hub.alert:';

interface Remembered {
  notice: number;
  reported: boolean;
}

/** The notice a city alert became, when this id was received before. */
export function cityAlertNotice(db: Db | Tx, alertId: string): number | undefined {
  const row = db
    .select({ value: appSettings.value })
    .from(appSettings)
    .where(eq(appSettings.key, `${keyPrefix}${alertId}`))
    .get();
  return row ? (JSON.parse(row.value) as Remembered).notice : undefined;
}

/** Remembers, in the transaction that issued it, that the hub's alert `alertId` became notice `noticeId`. */
export function rememberCityAlert(tx: Tx, alertId: string, noticeId: number): void {
  const value: Remembered = { notice: noticeId, reported: false };
  tx.insert(appSettings)
    .values({ key: `${keyPrefix}${alertId}`, value: JSON.stringify(value) })
    .run();
}

/** The newest outbox row's id (0 when empty): what a city alert queues comes after it. */
export function lastOutboxId(tx: Tx): number {
  return (
    tx
      .select({ id: max(outbox.id) })
      .from(outbox)
      .get()?.id ?? 0
  );
}

/**
 * Moves the pins a city alert queued (rows after `afterId`) from the urgent lane to the answers' lane, so every
 * building's copy goes before any pin: the bot's pace (about 30 calls a second) counts pins too, and with a pin after
 * each copy 300 buildings would wait twice as long for the alert itself. Each pin still follows its copy in its chat.
 */
export function pinsAfterCopies(tx: Tx, afterId: number): void {
  tx.update(outbox)
    .set({ priority: lanes.answer })
    .where(and(gt(outbox.id, afterId), eq(outbox.method, 'pinChatMessage'), eq(outbox.status, 'pending')))
    .run();
}

/** Whether a city alert is still to be reported up (the district watches its copies leave the outbox until then). */
export function cityAlertsUnreported(db: Db | Tx): boolean {
  return (
    db
      .select({ key: appSettings.key })
      .from(appSettings)
      .where(and(like(appSettings.key, `${keyPrefix}%`), sql`json_extract(${appSettings.value}, '$.reported') = 0`))
      .limit(1)
      .get() !== undefined
  );
}

/**
 * The due check that reports each city alert back up (SPEC §7): once none of its building copies waits in the outbox
 * any more, an `alert.delivered` event with `hubAlert` (the hub's id), `notice`, `buildings` (copies queued),
 * `delivered` (sent) and `failed` (given up). Idempotent: each alert is reported once.
 */
export function reportCityAlerts(tx: Tx, events: EventContext, now: number): number {
  const waiting = tx
    .select({ key: appSettings.key, value: appSettings.value })
    .from(appSettings)
    .where(and(like(appSettings.key, `${keyPrefix}%`), sql`json_extract(${appSettings.value}, '$.reported') = 0`))
    .all();
  let reported = 0;
  for (const row of waiting) {
    const alertId = row.key.slice(keyPrefix.length);
    const remembered = JSON.parse(row.value) as Remembered;
    // the copies' refs are `notice:<id>:<building>`: a range on the indexed ref
    const prefix = `notice:${remembered.notice}:`;
    const copies = tx
      .select({ status: outbox.status, n: sql<number>`count(*)` })
      .from(outbox)
      .where(
        and(gte(outbox.ref, prefix), lt(outbox.ref, `notice:${remembered.notice};`), eq(outbox.method, 'sendMessage')),
      )
      .groupBy(outbox.status)
      .all();
    const byStatus = new Map(copies.map((c) => [c.status, c.n]));
    if ((byStatus.get('pending') ?? 0) > 0) continue;
    const delivered = byStatus.get('sent') ?? 0;
    const failed = byStatus.get('failed') ?? 0;
    recordEvent(tx, events, {
      type: 'alert.delivered',
      buildingId: null,
      subject: String(remembered.notice),
      data: { hubAlert: alertId, notice: remembered.notice, buildings: delivered + failed, delivered, failed },
      at: now,
    });
    tx.update(appSettings)
      .set({ value: JSON.stringify({ ...remembered, reported: true } satisfies Remembered) })
      .where(eq(appSettings.key, row.key))
      .run();
    reported++;
  }
  return reported;
}

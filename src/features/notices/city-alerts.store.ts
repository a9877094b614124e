import { and, desc, eq, gt, gte, lt, max, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/open.ts';
import { preparedOnce } from '../../db/prepared.ts';
import { appSettings, outbox } from '../../db/schema.ts';
import { lanes } from '../../jobs/outbox.store.ts';
import { recordEvent } from '../events/events.store.ts';
import type { EventContext } from '../events/events.ts';
import { queueNoticePins } from './notices.messages.ts';
import { getNotice } from './notices.store.ts';

// A city alert from the hub (SPEC §7) is remembered under `hub.alert:<its id>` in the app settings, with the notice it
// became and whether its `alert.delivered` event was recorded: the id makes a repeat change nothing, and the bot's
// own tables (the survey's migration is under way beside this) need no new column.
const keyPrefix = 'hub.alert:';

interface Remembered {
  notice: number;
  reported: boolean;
  /**
   * Of the notice's buildings (in its order), how many have their copy queued: the copies are queued a part at a
   * time, so the first ones leave while the rest are composed. Absent (alerts remembered before): all of them.
   */
  queued?: number;
  /** How many buildings the notice is for. */
  buildings?: number;
  /**
   * The newest outbox row before its first copy: its copies and pins are the rows after it. Absent (alerts
   * remembered before): the copies are found by their refs alone.
   */
  after?: number;
  /**
   * Its pins are queued when it is reported, every copy sent: while the copies leave, each pin queued with them
   * would only cost the district a write (twenty districts sharing a machine's cores). Absent (alerts remembered
   * before): they were queued with the copies.
   */
  pinsLater?: boolean;
}

/** Whether every building's copy of the alert is queued (see {@link Remembered.queued}). */
const allQueued = (remembered: Remembered): boolean =>
  remembered.queued === undefined || remembered.queued >= (remembered.buildings ?? 0);

/** The notice a city alert became, when this id was received before. */
export function cityAlertNotice(db: Db | Tx, alertId: string): number | undefined {
  const row = db
    .select({ value: appSettings.value })
    .from(appSettings)
    .where(eq(appSettings.key, `${keyPrefix}${alertId}`))
    .get();
  return row ? (JSON.parse(row.value) as Remembered).notice : undefined;
}

/**
 * Remembers, in the transaction that issued it, that the hub's alert `alertId` became notice `noticeId` for
 * `buildings` buildings, of which the first `queued` have their copy queued, all of them after the outbox row `after`.
 */
export function rememberCityAlert(
  tx: Tx,
  alertId: string,
  notice: { id: number; buildings: number; queued: number; after: number; pinsLater?: boolean },
): void {
  const value: Remembered = {
    notice: notice.id,
    reported: false,
    queued: notice.queued,
    buildings: notice.buildings,
    after: notice.after,
    ...(notice.pinsLater ? { pinsLater: true } : {}),
  };
  tx.insert(appSettings)
    .values({ key: `${keyPrefix}${alertId}`, value: JSON.stringify(value) })
    .run();
}

/**
 * A city alert whose copies are not all queued yet: its notice, how many buildings have theirs, and whether its pins
 * wait for its report ({@link Remembered.pinsLater}).
 */
export function cityAlertToQueue(
  db: Db | Tx,
): { alertId: string; notice: number; queued: number; pinsLater: boolean } | undefined {
  const alert = unreportedCityAlerts(db).find(({ remembered }) => !allQueued(remembered));
  return (
    alert && {
      alertId: alert.alertId,
      notice: alert.remembered.notice,
      queued: alert.remembered.queued ?? 0,
      pinsLater: alert.remembered.pinsLater === true,
    }
  );
}

/** Records that the first `queued` buildings of the city alert have their copy queued. */
export function recordCopiesQueued(tx: Tx, alertId: string, queued: number): void {
  tx.update(appSettings)
    .set({ value: sql`json_set(${appSettings.value}, '$.queued', ${queued})` })
    .where(eq(appSettings.key, `${keyPrefix}${alertId}`))
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
 * Only for an alert remembered before pins waited for the report ({@link Remembered.pinsLater}), whose later parts
 * queue their pins with their copies.
 */
export function pinsAfterCopies(tx: Tx, afterId: number): void {
  tx.update(outbox)
    .set({ priority: lanes.answer })
    .where(and(gt(outbox.id, afterId), eq(outbox.method, 'pinChatMessage'), eq(outbox.status, 'pending')))
    .run();
}

// the keys of the remembered alerts, as a range of the primary key: `hub.alert:` up to `hub.alert;` (`;` follows `:`)
const unreportedQuery = preparedOnce((db) =>
  db
    .select({ key: appSettings.key, value: appSettings.value })
    .from(appSettings)
    .where(
      and(
        gte(appSettings.key, keyPrefix),
        lt(appSettings.key, `${keyPrefix.slice(0, -1)};`),
        sql`json_extract(${appSettings.value}, '$.reported') = 0`,
      ),
    )
    .prepare(),
);

/** The city alerts not reported up yet, each with the notice it became. */
function unreportedCityAlerts(db: Db | Tx): Array<{ key: string; alertId: string; remembered: Remembered }> {
  return unreportedQuery(db)
    .all()
    .map((row) => ({
      key: row.key,
      alertId: row.key.slice(keyPrefix.length),
      remembered: JSON.parse(row.value) as Remembered,
    }));
}

/** Whether a city alert is still to be reported up (the district watches its copies leave the outbox until then). */
export function cityAlertsUnreported(db: Db | Tx): boolean {
  return unreportedCityAlerts(db).length > 0;
}

// the copies' refs are `notice:<id>:<building>`: a range on the indexed ref (`;` follows `:`), the placeholders of
// {@link copiesIn}
const copyRefRange = (notice: number) => ({ from: `notice:${notice}:`, to: `notice:${notice};` });
const copyRefs = (notice: number) => {
  const { from, to } = copyRefRange(notice);
  return and(gte(outbox.ref, from), lt(outbox.ref, to));
};

/** The copies (of the notice whose refs run `from` up to `to`) in `status`: for a prepared query. */
const copiesIn = (status: 'pending' | 'sent') =>
  and(
    gte(outbox.ref, sql.placeholder('from')),
    lt(outbox.ref, sql.placeholder('to')),
    eq(outbox.method, 'sendMessage'),
    eq(outbox.status, status),
  );

const pendingCopyQuery = preparedOnce((db) =>
  db.select({ id: outbox.id }).from(outbox).where(copiesIn('pending')).limit(1).prepare(),
);

// The copies leave in the order they were queued (one lane, one chat each), so while they are leaving the newest is
// still pending: reading the rows after the alert's first one newest first finds it at once, where the range of refs
// (building order) would read every copy sent so far, five times a second. The `+` keeps SQLite on the rows' own order
// rather than an index on those columns.
const pendingCopyNewestFirstQuery = preparedOnce((db) =>
  db
    .select({ id: outbox.id })
    .from(outbox)
    .where(
      and(
        gt(outbox.id, sql.placeholder('after')),
        sql`+${outbox.ref} >= ${sql.placeholder('from')}`,
        sql`+${outbox.ref} < ${sql.placeholder('to')}`,
        sql`+${outbox.method} = 'sendMessage'`,
        sql`+${outbox.status} = 'pending'`,
      ),
    )
    .orderBy(desc(outbox.id))
    .limit(1)
    .prepare(),
);

/** Whether a building's copy of this city alert still waits in the outbox. */
function copyPending(db: Db | Tx, remembered: Remembered): boolean {
  const refs = copyRefRange(remembered.notice);
  const found =
    remembered.after === undefined
      ? pendingCopyQuery(db).get(refs)
      : pendingCopyNewestFirstQuery(db).get({ ...refs, after: remembered.after });
  return found !== undefined;
}

/**
 * Where the city alerts stand, by a read: `none` unreported, some still `sending` (a copy waits in the outbox), or one
 * `ready` to report. The district's frequent look while the copies leave (SPEC §7) opens a write transaction only for
 * `ready`.
 */
export function cityAlertsState(db: Db | Tx): 'none' | 'sending' | 'ready' {
  const unreported = unreportedCityAlerts(db);
  if (unreported.length === 0) return 'none';
  const sending = (remembered: Remembered) => !allQueued(remembered) || copyPending(db, remembered);
  return unreported.every((alert) => sending(alert.remembered)) ? 'sending' : 'ready';
}

const sentCopiesQuery = preparedOnce((db) =>
  db
    .select({ chatId: outbox.chatId, ref: sql<string>`${outbox.ref}` })
    .from(outbox)
    .where(copiesIn('sent'))
    .orderBy(outbox.id)
    .prepare(),
);

/**
 * The due check that reports each city alert back up (SPEC §7): once every building's copy was queued and none
 * waits in the outbox any more, an `alert.delivered` event with `hubAlert` (the hub's id), `notice`, `buildings` (copies queued),
 * `delivered` (sent) and `failed` (given up); and the pins of the copies sent, when they were left for now
 * ({@link Remembered.pinsLater}). Idempotent: each alert is reported once.
 */
export function reportCityAlerts(tx: Tx, events: EventContext, now: number): number {
  let reported = 0;
  for (const { key, alertId, remembered } of unreportedCityAlerts(tx)) {
    if (!allQueued(remembered) || copyPending(tx, remembered)) continue;
    const notice = remembered.pinsLater ? getNotice(tx, remembered.notice) : undefined;
    if (notice) {
      queueNoticePins(tx, notice, sentCopiesQuery(tx).all(copyRefRange(remembered.notice)), now);
    }
    const copies = tx
      .select({ status: outbox.status, n: sql<number>`count(*)` })
      .from(outbox)
      .where(and(copyRefs(remembered.notice), eq(outbox.method, 'sendMessage')))
      .groupBy(outbox.status)
      .all();
    const byStatus = new Map(copies.map((c) => [c.status, c.n]));
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
      .where(eq(appSettings.key, key))
      .run();
    reported++;
  }
  return reported;
}

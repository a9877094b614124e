import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Translate } from '../bot/i18n.ts';
import type { BotConfig } from '../config/index.ts';
import type { Clock } from '../core/clock.ts';
import { type DatabaseHandle, rolledBack, type Tx } from '../db/open.ts';
import { signatureMatches } from '../features/events/events.ts';
import {
  cityAlertNotice,
  cityAlertsState,
  cityAlertsUnreported,
  cityAlertToQueue,
  lastOutboxId,
  pinsAfterCopies,
  recordCopiesQueued,
  rememberCityAlert,
  reportCityAlerts,
} from '../features/notices/city-alerts.store.ts';
import { queueNoticeCopies, recordNotice } from '../features/notices/notices.messages.ts';
import { getNotice, type NoticeRow } from '../features/notices/notices.store.ts';
import { alertLevels, maxNoticeLength } from '../features/notices/notices.ts';

/** The path of the district bot's side of city alerts (SPEC §7) on its HTTP server. */
export const CITY_ALERTS_PATH = '/v1/alerts';

const maxBodyBytes = 64 * 1024;

/**
 * While a city alert is not reported up, the district looks this often whether all its copies have left the outbox,
 * so `alert.delivered` follows the last copy within a fraction of a second (the scheduler's due check, every 15 s,
 * stays as the fallback: after a restart, or if this look failed).
 */
export const REPORT_LOOK_MS = 200;

/** A city alert's copies are queued a part (a second's worth at the outbox's pace) this often. */
const PART_EVERY_MS = 500;

/** The hub's CloudEvent: an `alert.issued` with the level and text, its `id` the same on every retry. */
const cityAlertSchema = z.object({
  specversion: z.literal('1.0'),
  id: z.string().regex(/^[A-Za-z0-9._:-]{1,100}$/),
  type: z.literal('org.mutualaid.alert.issued'),
  data: z.object({
    level: z.enum(alertLevels),
    text: z
      .string()
      .trim()
      .min(1)
      .refine((text) => text.length <= maxNoticeLength),
  }),
});

type CityAlert = z.infer<typeof cityAlertSchema>;

/**
 * Issues an alert once, when the bot starts, and rolls it back: nothing is stored or sent. The first alert must not
 * pay for what a path's first run costs (the schema's compiled check, the statements prepared, plural rules loaded,
 * the code compiled): storing it took 15-21 ms of CPU against 6 ms for the next (the hub bench's twenty districts
 * on two cores; 6-12 ms rehearsed), and a city alert comes to every district at once.
 */
function rehearse(
  database: DatabaseHandle,
  logger: Logger,
  issue: (tx: Tx, id: string, data: CityAlert['data']) => unknown,
): void {
  try {
    const alert = cityAlertSchema.parse({
      specversion: '1.0',
      id: 'rehearsal',
      type: 'org.mutualaid.alert.issued',
      data: { level: 'red', text: 'Rehearsal' },
    });
    rolledBack(database, (tx) => {
      issue(tx, alert.id, alert.data);
      cityAlertsState(tx);
    });
  } catch (err) {
    // only the first alert is slower for it
    logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'city alert rehearsal failed');
  }
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** Starts (if not started) looking for city alerts to report up, until none is left unreported. */
function reportWatcher(options: {
  config: BotConfig;
  database: DatabaseHandle;
  clock: Clock;
  logger: Logger;
  afterChanges: () => void;
}): () => void {
  const { database } = options;
  let timer: NodeJS.Timeout | undefined;
  const look = () => {
    timer = undefined;
    // the app stopped: the next start looks again
    if (!database.sqlite.open) return;
    try {
      // while copies are still leaving, a read says so: no commit (and no group flush) five times a second
      const state = cityAlertsState(database.db);
      if (state === 'none') return;
      if (state === 'sending') {
        watch();
        return;
      }
      database.group.flush();
      const reported = database.db.transaction((tx) => reportCityAlerts(tx, options.config, options.clock.now()));
      if (reported > 0) options.afterChanges();
      if (cityAlertsUnreported(database.db)) watch();
    } catch (err) {
      options.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'city alert report not recorded');
      watch();
    }
  };
  const watch = () => {
    if (timer !== undefined) return;
    timer = setTimeout(look, REPORT_LOOK_MS);
    timer.unref();
  };
  return watch;
}

/**
 * `POST /v1/alerts` of a district bot: a city alert from the hub, signed (`X-Signature-256`) with the config's
 * `hub.alertSecret`. A valid one is issued to every building at once as the bot's own `/alert` would (the outbox's
 * urgent lane, quiet hours ignored; pinned too, each pin once every building's copy has gone), committed before the
 * 2xx; the same id again answers 200 and changes nothing; `alert.delivered` goes up as soon as its last copy left.
 * Refused: a bad signature (401, nothing stored), anything but such a CloudEvent (400).
 */
export function cityAlertRoute(options: {
  secret: string;
  config: BotConfig;
  database: DatabaseHandle;
  translate: Translate;
  clock: Clock;
  logger: Logger;
  /** After a commit: the outbox sends at once. */
  afterChanges: () => void;
}): (req: IncomingMessage, res: ServerResponse) => void {
  const { database, logger } = options;
  const watchReports = reportWatcher(options);
  // the copies are queued a second's worth at a time, a part every half second: the first ones leave while the rest
  // are composed, each part queued well before the pace lets its copies go (twenty districts composing 300 copies
  // each at once on a shared machine held every first copy back by more than a second)
  const part = Math.max(1, Math.floor(options.config.outbox.perSecond));
  /**
   * Queues the copies of the next `part` buildings after the first `from`; returns how many now are queued. Their pins
   * wait for the alert's report (`pinsLater`), unless it was remembered before pins did.
   */
  const queueCopies = (tx: Tx, notice: NoticeRow, from: number, pinsLater: boolean): number => {
    const before = pinsLater ? undefined : lastOutboxId(tx);
    const buildingIds = notice.buildingIds.slice(from, from + part);
    queueNoticeCopies(tx, options, notice, buildingIds, null, options.clock.now(), { pinsLater });
    if (before !== undefined) pinsAfterCopies(tx, before);
    return from + buildingIds.length;
  };
  let queueing = false;
  /** Queues the copies not queued yet, a part per commit, each sent as soon as it is committed. */
  const queueTheRest = async (): Promise<void> => {
    if (queueing) return;
    queueing = true;
    try {
      for (;;) {
        // the outbox sends what was committed before the next part is composed; the first part's copies too (queued
        // with the alert): composing the next at once held them back, twenty districts doing so on two cores
        await new Promise((resolve) => setTimeout(resolve, PART_EVERY_MS).unref());
        if (!database.sqlite.open) return;
        database.group.flush();
        const more = database.db.transaction((tx) => {
          const alert = cityAlertToQueue(tx);
          const notice = alert && getNotice(tx, alert.notice);
          if (!alert || !notice) return false;
          recordCopiesQueued(tx, alert.alertId, queueCopies(tx, notice, alert.queued, alert.pinsLater));
          return true;
        });
        if (!more) return;
        options.afterChanges();
      }
    } catch (err) {
      // a full disk, a locked file: tried again in a second (and at the next start)
      logger.error({ err: err instanceof Error ? err.message : String(err) }, 'city alert: copies not queued yet');
      setTimeout(() => void queueTheRest(), 1000).unref();
    } finally {
      queueing = false;
    }
  };
  /** Stores the alert (its notice, its first part of copies) unless its id is known. */
  const issue = (tx: Tx, id: string, data: CityAlert['data']) => {
    const known = cityAlertNotice(tx, id);
    if (known !== undefined) return { notice: known, duplicate: true };
    const buildingIds = options.config.buildings.map((b) => b.id);
    const notice = recordNotice(
      tx,
      options.config,
      { buildingIds, level: data.level, text: data.text, authorId: null, pin: true, notBefore: null },
      options.clock.now(),
    );
    const after = lastOutboxId(tx);
    const queued = queueCopies(tx, notice, 0, true);
    rememberCityAlert(tx, id, { id: notice.id, buildings: buildingIds.length, queued, after, pinsLater: true });
    return { notice: notice.id, duplicate: false };
  };
  rehearse(database, logger, issue);
  // alerts issued before a restart: the copies not queued yet, and the report if not made
  if (cityAlertToQueue(database.db)) void queueTheRest();
  if (cityAlertsUnreported(database.db)) watchReports();
  const handle = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const signature = req.headers['x-signature-256'];
    if (!signatureMatches(body, typeof signature === 'string' ? signature : undefined, options.secret)) {
      logger.warn('city alert refused: bad or missing X-Signature-256');
      return answer(res, 401, { error: 'bad signature' });
    }
    let raw: unknown;
    try {
      raw = JSON.parse(body.toString('utf8'));
    } catch {
      return answer(res, 400, { error: 'expected a CloudEvent (JSON)' });
    }
    const parsed = cityAlertSchema.safeParse(raw);
    if (!parsed.success) return answer(res, 400, { error: 'expected an org.mutualaid.alert.issued CloudEvent' });
    const { id, data } = parsed.data;
    // changes held for a group commit go first: this commit must be durable before the hub hears 2xx
    database.group.flush();
    const outcome = database.db.transaction((tx) => issue(tx, id, data));
    if (!outcome.duplicate) {
      options.afterChanges();
      void queueTheRest();
      watchReports();
      logger.info({ alertId: id, notice: outcome.notice, level: data.level }, 'city alert issued to every building');
    }
    answer(res, 200, outcome);
  };
  return (req, res) => {
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBodyBytes) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > maxBodyBytes) return answer(res, 413, { error: 'too large' });
      try {
        handle(req, res, Buffer.concat(chunks));
      } catch (err) {
        // not committed: the hub retries
        logger.error({ err: err instanceof Error ? err.message : String(err) }, 'city alert not stored');
        if (!res.headersSent) answer(res, 503, { error: 'not stored, try again' });
      }
    });
  };
}

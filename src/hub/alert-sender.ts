import { setMaxListeners } from 'node:events';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type pg from 'pg';
import type { Logger } from 'pino';
import { postEvent } from '../jobs/webhook-sender.ts';
import { ALERTS_CHANNEL, type DeliveryOutcome, type DueDelivery, deliverNext, dueDeliveries } from './alerts.store.ts';
import { type AlertRetry, defaultAlertRetry } from './alerts.ts';
import type { DistrictConfig } from './config.ts';
import type { HubDb } from './db/open.ts';

export interface AlertSenderOptions {
  db: HubDb;
  /** For the LISTEN connection of its own. */
  pool: pg.Pool;
  districts: readonly DistrictConfig[];
  logger: Logger;
  /**
   * Deliveries in flight at once in this process (each holds a pooled connection while it POSTs); default 8 (the
   * hub's: one per district, up to 32).
   */
  concurrency?: number;
  /** A district that has not answered within this long has failed the attempt; default 10 s. */
  timeoutMs?: number;
  retry?: AlertRetry;
  /**
   * Counts the due deliveries this often even without a NOTIFY (retries fall due with time, another hub may have
   * stopped mid-delivery), and wakes the workers if there are; default 1 s.
   */
  pollMs?: number;
  /** Each attempt, after it is recorded (tests, the CLI's progress). */
  onAttempt?: (attempt: DueDelivery & { outcome: DeliveryOutcome; dead: boolean }) => void;
}

/**
 * Delivers city alerts to the district bots (SPEC §7, down): a few workers each take a due delivery under a row
 * lock ({@link deliverNext}), POST the alert's CloudEvent signed with the district's `alertSecret`, and record the
 * outcome; a failure is retried with backoff for 24 hours, then dead. Every hub process runs one; they share the work
 * through the database and never send one alert to one district at once. A NOTIFY on each new alert wakes as many
 * as it has districts.
 */
export class AlertSender {
  private running = false;
  private readonly stopping = new AbortController();
  private readonly workers: Promise<void>[] = [];
  /** The workers waiting for something to look for. */
  private idleWorkers: Array<() => void> = [];
  /**
   * Deliveries this process counts as pending (those in flight included): each alert's NOTIFY adds its districts, each
   * ended attempt takes one away, each poll counts them again. No more workers look at once than there are, so a city
   * alert to twenty districts costs twenty transactions, not twenty and a look by each worker that finds nothing.
   */
  private pending = 0;
  /** Workers in a {@link deliverNext} now (looking, or delivering what they took). */
  private looking = 0;
  /**
   * Counts the events that may let a worker find a delivery where it found none: an alert, a poll that counted some,
   * an attempt ended (a district's next alert waits for the one before it). A worker that found nothing waits for the next.
   */
  private chances = 0;
  /** Counts the NOTIFYs heard: a poll's count that an alert overtook does not lower what the alert added. */
  private alertsHeard = 0;
  private listener: pg.PoolClient | undefined;
  private poll: NodeJS.Timeout | undefined;
  private counting = false;
  private readonly byId: Map<string, DistrictConfig>;
  private readonly districtIds: readonly string[];
  private readonly concurrency: number;
  private readonly agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

  constructor(private readonly options: AlertSenderOptions) {
    this.byId = new Map(options.districts.map((d) => [d.id, d]));
    this.districtIds = [...this.byId.keys()];
    this.concurrency = options.concurrency ?? 8;
    // each POST in flight listens for the stop once: a worker each at a time is no leak (Node warns past 10)
    setMaxListeners(this.concurrency, this.stopping.signal);
  }

  /** LISTENs for new alerts, starts the workers and counts what is due (left by a stop or a crash). */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    const listener = await this.options.pool.connect();
    this.listener = listener;
    listener.on('notification', (message) => {
      this.alertsHeard++;
      // an alert's payload is its number of deliveries; anything else (a hub of an older version): count them all
      const deliveries = Number(message.payload);
      if (Number.isInteger(deliveries) && deliveries > 0) this.expect(this.pending + deliveries);
      else void this.countDue();
    });
    // a lost LISTEN connection only delays alerts to the next poll; logged, not fatal
    listener.on('error', (err) => this.options.logger.warn({ err: err.message }, 'alert listener lost'));
    await listener.query(`LISTEN ${ALERTS_CHANNEL}`);
    this.poll = setInterval(() => void this.countDue(), this.options.pollMs ?? 1000);
    for (let i = 0; i < this.concurrency; i++) this.workers.push(this.work());
    await this.countDue();
  }

  /** `pending` deliveries may be due: the idle workers look, as many as there are deliveries no worker is on. */
  private expect(pending: number): void {
    this.pending = pending;
    this.chances++;
    const idle = this.idleWorkers;
    this.idleWorkers = [];
    for (const resume of idle) resume();
  }

  /**
   * The poll: one count of the due deliveries (those in flight included, being still pending), the workers woken
   * only if there are some. Waking them all instead cost a transaction per worker each time (twenty a second for an
   * idle hub of twenty districts, and as many through a city alert, on the cores its districts share in the bench).
   */
  private async countDue(): Promise<void> {
    if (this.counting) return;
    this.counting = true;
    try {
      const heard = this.alertsHeard;
      const due = await dueDeliveries(this.options.db, this.districtIds);
      // an alert heard meanwhile committed after the count began, perhaps after its snapshot
      const pending = this.alertsHeard === heard ? due : Math.max(due, this.pending);
      if (pending > 0) this.expect(pending);
      else this.pending = 0;
    } catch {
      // the workers look for themselves (and log what fails)
      this.expect(this.concurrency);
    } finally {
      this.counting = false;
    }
  }

  /** Stops taking deliveries; a POST in flight is abandoned (its row unlocked, taken again by a hub later). */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.stopping.abort();
    clearInterval(this.poll);
    this.expect(0);
    await Promise.allSettled(this.workers);
    if (this.listener) {
      await this.listener.query(`UNLISTEN ${ALERTS_CHANNEL}`).catch(() => undefined);
      this.listener.release();
    }
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  private async work(): Promise<void> {
    const { db, logger } = this.options;
    // the chance after which this worker last found nothing to take: it looks again only after the next one
    let foundNothingAt = -1;
    // each worker looks once at the start, for what a stop left undelivered, and so that the PostgreSQL backend of
    // its connection reads the tables' catalogs and plans the query then: a city alert's first second found twenty
    // cold backends otherwise, some 20 ms of CPU each (traced in the hub bench) on the cores its districts need
    let started = false;
    while (this.running) {
      if (started && (this.pending - this.looking <= 0 || foundNothingAt === this.chances)) {
        await new Promise<void>((resume) => this.idleWorkers.push(resume));
        continue;
      }
      started = true;
      this.looking++;
      const chance = this.chances;
      let done: Awaited<ReturnType<typeof deliverNext>>;
      try {
        done = await deliverNext(db, this.districtIds, this.options.retry ?? defaultAlertRetry, (d) => this.post(d));
      } catch (err) {
        if (this.running)
          logger.error({ err: err instanceof Error ? err.message : String(err) }, 'alert delivery failed');
        done = undefined;
      } finally {
        this.looking--;
      }
      if (!done) {
        // the rest are in flight (here or in another hub), wait behind a district's earlier alert, or are not due yet
        foundNothingAt = chance;
        continue;
      }
      // a failed attempt is pending again later: the poll counts it when it falls due
      this.expect(Math.max(0, this.pending - 1));
      const { alertId, districtId, outcome, dead } = done;
      if (outcome.accepted) logger.info({ alertId, districtId }, 'city alert delivered');
      else
        logger[dead ? 'error' : 'warn'](
          { alertId, districtId, error: outcome.error, dead },
          'city alert not delivered',
        );
      this.options.onAttempt?.(done);
    }
  }

  private async post(delivery: DueDelivery): Promise<DeliveryOutcome> {
    const district = this.byId.get(delivery.districtId)!;
    const result = await postEvent(
      { url: district.alertUrl, secret: district.alertSecret },
      delivery.body,
      this.options.timeoutMs ?? 10_000,
      { stop: this.stopping.signal, agents: this.agents },
    );
    if (result.accepted) return { accepted: true };
    // a stop mid-POST: throw so the transaction rolls back and the attempt does not count
    if (result.stopped) throw new Error('stopped');
    return { accepted: false, error: result.error };
  }
}

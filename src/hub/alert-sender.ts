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
   * Counts the due deliveries this often even without a NOTIFY (retries fall due with time), and wakes the workers if
   * there are; default 1 s.
   */
  pollMs?: number;
  /** Each attempt, after it is recorded (tests, the CLI's progress). */
  onAttempt?: (attempt: DueDelivery & { outcome: DeliveryOutcome; dead: boolean }) => void;
}

/**
 * Delivers city alerts to the district bots (SPEC §7, down): a few workers each take a due delivery under a row
 * lock ({@link deliverNext}), POST the alert's CloudEvent signed with the district's `alertSecret`, and record the
 * outcome; a failure is retried with backoff for 24 hours, then dead. Every hub process runs one; they share the work
 * through the database and never send one alert to one district at once. A NOTIFY on each new alert wakes them all.
 */
export class AlertSender {
  private running = false;
  private readonly stopping = new AbortController();
  private readonly workers: Promise<void>[] = [];
  private wakers: Array<() => void> = [];
  /** Counts wake-ups: a worker that saw it change while it looked looks again rather than waiting. */
  private wakes = 0;
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

  /** LISTENs for new alerts and starts the workers. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    const listener = await this.options.pool.connect();
    this.listener = listener;
    listener.on('notification', () => this.wake());
    // a lost LISTEN connection only delays alerts to the next poll; logged, not fatal
    listener.on('error', (err) => this.options.logger.warn({ err: err.message }, 'alert listener lost'));
    await listener.query(`LISTEN ${ALERTS_CHANNEL}`);
    this.poll = setInterval(() => void this.wakeIfDue(), this.options.pollMs ?? 1000);
    for (let i = 0; i < this.concurrency; i++) this.workers.push(this.work());
  }

  /** Every idle worker looks again now. */
  wake(): void {
    this.wakes++;
    const wakers = this.wakers;
    this.wakers = [];
    for (const wake of wakers) wake();
  }

  /**
   * The poll: one count of the due deliveries, the workers woken only if there are some. Waking them all instead cost
   * a transaction per worker each time (twenty a second for an idle hub of twenty districts, and as many through a
   * city alert, on the cores its districts share in the bench).
   */
  private async wakeIfDue(): Promise<void> {
    if (this.counting) return;
    this.counting = true;
    try {
      if ((await dueDeliveries(this.options.db, this.districtIds)) > 0) this.wake();
    } catch {
      // the workers look for themselves (and log what fails)
      this.wake();
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
    this.wake();
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
    while (this.running) {
      const wakes = this.wakes;
      let done: Awaited<ReturnType<typeof deliverNext>>;
      try {
        done = await deliverNext(db, this.districtIds, this.options.retry ?? defaultAlertRetry, (d) => this.post(d));
      } catch (err) {
        if (!this.running) break;
        logger.error({ err: err instanceof Error ? err.message : String(err) }, 'alert delivery failed');
        done = undefined;
      }
      if (done) {
        const { alertId, districtId, outcome, dead } = done;
        if (outcome.accepted) logger.info({ alertId, districtId }, 'city alert delivered');
        else
          logger[dead ? 'error' : 'warn'](
            { alertId, districtId, error: outcome.error, dead },
            'city alert not delivered',
          );
        this.options.onAttempt?.(done);
        continue;
      }
      if (this.wakes !== wakes) continue;
      await new Promise<void>((resolve) => this.wakers.push(resolve));
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

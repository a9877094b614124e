import { setMaxListeners } from 'node:events';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type pg from 'pg';
import type { Logger } from 'pino';
import { WakeableWait } from '../jobs/wakeable-wait.ts';
import { postEvent } from '../jobs/webhook-sender.ts';
import {
  ALERTS_CHANNEL,
  claimDeliveries,
  type DeliveryAttempt,
  type DeliveryOutcome,
  type DueDelivery,
  recordAttempts,
} from './alerts.store.ts';
import { type AlertRetry, defaultAlertRetry } from './alerts.ts';
import type { DistrictConfig } from './config.ts';
import { type HubDb, sessionDb } from './db/open.ts';

export interface AlertSenderOptions {
  /** For the connections of its own: the LISTEN, and the session whose locks hold its deliveries. */
  pool: pg.Pool;
  districts: readonly DistrictConfig[];
  logger: Logger;
  /** Deliveries in flight at once in this process; default 8 (the hub's: one per district, up to 32). */
  concurrency?: number;
  /** A district that has not answered within this long has failed the attempt; default 10 s. */
  timeoutMs?: number;
  retry?: AlertRetry;
  /**
   * Looks for due deliveries this often even without a NOTIFY (retries fall due with time, another hub may have
   * stopped mid-delivery); default 1 s.
   */
  pollMs?: number;
  /** Each look for due deliveries, with how many it took (tests). */
  onLook?: (taken: number) => void;
  /** Each attempt, after it is recorded (tests, the CLI's progress). */
  onAttempt?: (attempt: DueDelivery & { outcome: DeliveryOutcome; dead: boolean }) => void;
}

/**
 * Delivers city alerts to the district bots (SPEC §7, down): it takes the due deliveries (as many as it has places for)
 * under advisory locks of its own database session ({@link claimDeliveries}), POSTs each alert's CloudEvent signed
 * with the district's `alertSecret`, and records the outcomes, which lets their locks go; a failure is retried with
 * backoff for 24 hours, then dead. Every hub process runs one; they share the work through the database and never
 * send one alert to one district at once. It looks when an alert's NOTIFY comes, when attempts end (places free, and
 * a district's next alert may be due), and every `pollMs`: each look is one statement, and one more when it takes
 * something.
 */
export class AlertSender {
  private running = false;
  private readonly stopping = new AbortController();
  private readonly waiting = new WakeableWait();
  private loop: Promise<void> | undefined;
  private listener: pg.PoolClient | undefined;
  /**
   * The connection whose advisory locks hold this process's deliveries: taken from the pool for as long as it works
   * (a pooled connection given back would keep its locks), ended when it fails, which lets its locks go.
   */
  private session: { client: pg.PoolClient; db: HubDb; generation: number } | undefined;
  private generations = 0;
  /** The deliveries this process took, by seq, until their outcome is recorded and their lock let go. */
  private readonly held = new Set<number>();
  /** Attempts in progress (POSTs, or their end waiting to be recorded). */
  private readonly attempts = new Set<Promise<void>>();
  /** Attempts ended, not recorded yet, with the session that took them. */
  private ended: Array<DeliveryAttempt & { generation: number }> = [];
  private recording: Promise<void> | undefined;
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

  /** LISTENs for new alerts and starts looking (first for what a stop or a crash left undelivered). */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    const listener = await this.options.pool.connect();
    this.listener = listener;
    listener.on('notification', () => this.waiting.wake());
    // a lost LISTEN connection only delays alerts to the next poll; logged, not fatal
    listener.on('error', (err) => this.options.logger.warn({ err: err.message }, 'alert listener lost'));
    await listener.query(`LISTEN ${ALERTS_CHANNEL}`);
    // the session at once: the first alert must not wait for a connection, nor for PostgreSQL to start its backend
    await this.sessionNow();
    this.loop = this.run();
  }

  /**
   * Stops taking deliveries; POSTs in flight are abandoned, and the session ends, which lets their locks go (they are
   * taken again by a hub later).
   */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.stopping.abort();
    this.waiting.wake();
    await this.loop;
    await Promise.allSettled(this.attempts);
    while (this.recording) await this.recording;
    if (this.session) this.endSession(this.session);
    if (this.listener) {
      await this.listener.query(`UNLISTEN ${ALERTS_CHANNEL}`).catch(() => undefined);
      this.listener.release();
    }
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  private async run(): Promise<void> {
    while (this.running) {
      const room = this.concurrency - this.held.size;
      // as many as there was room for: more may be due behind them
      if (room > 0 && (await this.look(room)) === room) continue;
      await this.waiting.wait(this.options.pollMs ?? 1000);
    }
  }

  /** Takes up to `room` due deliveries and starts their POSTs; returns how many. */
  private async look(room: number): Promise<number> {
    const session = await this.sessionNow();
    if (!session) return 0;
    let taken: DueDelivery[];
    try {
      taken = await claimDeliveries(session.db, this.districtIds, room, [...this.held]);
    } catch (err) {
      this.lose(session, err);
      return 0;
    }
    this.options.onLook?.(taken.length);
    for (const delivery of taken) {
      this.held.add(delivery.seq);
      const attempt = this.attempt(delivery, session.generation).finally(() => this.attempts.delete(attempt));
      this.attempts.add(attempt);
    }
    return taken.length;
  }

  private async attempt(delivery: DueDelivery, generation: number): Promise<void> {
    const outcome = await this.post(delivery);
    // stopped mid-POST: not an attempt; its lock goes with the session
    if (outcome === undefined) return;
    this.ended.push({ delivery, outcome, generation });
    this.recordSoon();
  }

  private recordSoon(): void {
    if (this.recording) return;
    this.recording = this.recordEnded().finally(() => {
      this.recording = undefined;
      // ended while the last record settled
      if (this.ended.length > 0) this.recordSoon();
    });
  }

  /** Records the attempts ended meanwhile together, until none is left. */
  private async recordEnded(): Promise<void> {
    const { logger } = this.options;
    while (this.ended.length > 0) {
      const ended = this.ended.splice(0);
      const session = this.session;
      // taken by a session since lost: its lock went with it, and the delivery is someone's to take again
      const ofSession = ended.filter((a) => a.generation === session?.generation);
      for (const a of ended) if (!ofSession.includes(a)) this.held.delete(a.delivery.seq);
      if (!session || ofSession.length === 0) continue;
      try {
        for (const done of await recordAttempts(session.db, ofSession, this.options.retry ?? defaultAlertRetry)) {
          const { delivery, outcome, dead } = done;
          const { alertId, districtId } = delivery;
          if (outcome.accepted) logger.info({ alertId, districtId }, 'city alert delivered');
          else
            logger[dead ? 'error' : 'warn'](
              { alertId, districtId, error: outcome.error, dead },
              'city alert not delivered',
            );
          this.options.onAttempt?.({ ...delivery, outcome, dead });
        }
      } catch (err) {
        this.lose(session, err);
      } finally {
        for (const a of ofSession) this.held.delete(a.delivery.seq);
      }
      // places are free, and a district's next alert may be due now
      this.waiting.wake();
    }
  }

  /** The session, connected if it is not (undefined while the database cannot be reached: the next look tries again). */
  private async sessionNow(): Promise<AlertSender['session']> {
    if (this.session) return this.session;
    try {
      const client = await this.options.pool.connect();
      const session = { client, db: sessionDb(client), generation: ++this.generations };
      // a connection that breaks between statements: ended, so the next look connects again
      client.on('error', (err) => this.lose(session, err));
      this.session = session;
      return session;
    } catch (err) {
      this.options.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'alert delivery failed');
      return undefined;
    }
  }

  /** The session failed: ended, its locks gone with it (the deliveries it held are taken again later, by any hub). */
  private lose(session: NonNullable<AlertSender['session']>, err: unknown): void {
    if (this.session !== session) return;
    if (this.running)
      this.options.logger.error(
        { err: err instanceof Error ? err.message : String(err) },
        'alert delivery failed: its database session is lost',
      );
    this.endSession(session);
  }

  private endSession(session: NonNullable<AlertSender['session']>): void {
    this.session = undefined;
    // destroyed, not given back to the pool: a pooled connection would keep the session's locks
    session.client.release(true);
  }

  /** POSTs the delivery's alert; undefined when the sender stopped meanwhile. */
  private async post(delivery: DueDelivery): Promise<DeliveryOutcome | undefined> {
    const district = this.byId.get(delivery.districtId)!;
    const result = await postEvent(
      { url: district.alertUrl, secret: district.alertSecret },
      delivery.body,
      this.options.timeoutMs ?? 10_000,
      { stop: this.stopping.signal, agents: this.agents },
    );
    if (result.accepted) return { accepted: true };
    if (result.stopped) return undefined;
    return { accepted: false, error: result.error };
  }
}

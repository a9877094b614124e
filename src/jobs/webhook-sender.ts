import { EventEmitter } from 'node:events';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Logger } from 'pino';
import type { WebhookConfig } from '../config/index.ts';
import type { Clock } from '../core/clock.ts';
import type { Db } from '../db/open.ts';
import {
  acceptDeliveries,
  type PendingDelivery,
  pendingDeliveries,
  recordFailedAttempt,
} from '../features/events/events.store.ts';
import {
  type AfterFailure,
  CLOUDEVENTS_CONTENT_TYPE,
  webhookLabel,
  webhookSignature,
} from '../features/events/events.ts';
import { WakeableWait } from './wakeable-wait.ts';

/** A receiver that has not answered within this long has failed the attempt (SPEC §2.9). */
export const DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000;

/** Deliveries read per look; each is still sent only after the one before it was accepted. */
const batchSize = 100;
/**
 * Accepted deliveries are deleted this many at a time (and at the end of a look): one commit per event would cost
 * more than its POST to a nearby receiver; a crash sends at most these again.
 */
const recordEvery = 10;
/** The bot's clock may jump (the sandbox, tests): a retry that is not due yet is looked at again this often. */
const lookEveryMs = 1000;

export interface WebhookSenderOptions {
  db: Db;
  webhooks: readonly WebhookConfig[];
  /** The bot's clock: when a retry is due, and when 24 hours of failures are over. */
  clock: Clock;
  logger: Logger;
  /** No answer within this many (real) milliseconds is a failed attempt; default 10 s, tests shorten it. */
  timeoutMs?: number;
  /** Called before each read and write: commits changes still held for a group commit, so only those are sent. */
  beforeRead?: () => void;
}

/** How one attempt to deliver an event ended (the sender's listeners: tests, and whoever counts). */
export type DeliveryAttempt = { webhook: string; id: string; eventSeq: number } & (
  | { outcome: 'accepted'; status: number }
  | { outcome: 'failed'; error: string; next: AfterFailure }
);

/** What a POST of an event came to. */
export type PostResult = { accepted: true; status: number } | { accepted: false; error: string; stopped: boolean };

/** Connection pools a sender keeps its receivers' connections in (kept alive between events). */
export interface WebhookAgents {
  http: HttpAgent;
  https: HttpsAgent;
}

/**
 * POSTs one stored CloudEvent body to a webhook (SPEC §2.9): `Content-Type: application/cloudevents+json`,
 * `X-Signature-256` over the exact bytes. A 2xx answer accepts it; anything else, a network error or no answer within
 * `timeoutMs` does not. A redirect is a failure, never followed: node:http does not follow one (fetch with
 * `redirect: 'manual'` would do the same, at several times the cost per event). `stop` abandons it: then `stopped`,
 * which is not an attempt at all.
 */
export function postEvent(
  webhook: Pick<WebhookConfig, 'url' | 'secret'>,
  body: string,
  timeoutMs: number,
  options: { stop?: AbortSignal; agents?: WebhookAgents } = {},
): Promise<PostResult> {
  const { stop, agents } = options;
  if (stop?.aborted) return Promise.resolve({ accepted: false, error: 'stopped', stopped: true });
  const url = new URL(webhook.url);
  const secure = url.protocol === 'https:';
  const payload = Buffer.from(body, 'utf8');
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: PostResult) => {
      if (settled) return;
      settled = true;
      stop?.removeEventListener('abort', onStop);
      resolve(result);
    };
    const request = (secure ? httpsRequest : httpRequest)(url, {
      method: 'POST',
      headers: {
        'content-type': CLOUDEVENTS_CONTENT_TYPE,
        'content-length': payload.length,
        'x-signature-256': webhookSignature(body, webhook.secret),
        'user-agent': 'mutual-aid-bot',
      },
      ...(agents ? { agent: secure ? agents.https : agents.http } : {}),
    });
    // the whole exchange, the answer's content included, must end within the timeout, or the connection is dropped
    const timer = setTimeout(() => {
      settle({ accepted: false, error: `no answer within ${timeoutMs} ms`, stopped: false });
      request.destroy();
    }, timeoutMs);
    const onStop = () => {
      settle({ accepted: false, error: 'stopped', stopped: true });
      request.destroy();
    };
    stop?.addEventListener('abort', onStop, { once: true });
    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      // the status decides; the content is read (and dropped) so the connection can carry the next event
      response.resume();
      response.on('error', () => undefined);
      if (status >= 200 && status < 300) settle({ accepted: true, status });
      else {
        const error = status >= 300 && status < 400 ? `HTTP ${status}: redirects are not followed` : `HTTP ${status}`;
        settle({ accepted: false, error, stopped: false });
      }
    });
    request.on('error', (err) => settle({ accepted: false, error: networkError(err), stopped: false }));
    request.on('close', () => clearTimeout(timer));
    request.end(payload);
  });
}

/** `connect ECONNREFUSED 127.0.0.1:9`: one line, without a stack. */
function networkError(err: unknown): string {
  const text = err instanceof Error ? err.message || (err as { code?: string }).code || err.name : String(err);
  return text.split('\n')[0]!.slice(0, 200);
}

/** One webhook's loop: what it waits on, and whether it has something due. */
interface WebhookLoop {
  webhook: WebhookConfig;
  label: string;
  waiting: WakeableWait;
  /** Accepted by the receiver, not yet recorded (the database refused a write): never sent again meanwhile. */
  unrecorded: number[];
  done: Promise<void> | undefined;
}

/**
 * The sender of events to the configured webhooks, apart from the Telegram outbox so a slow department never slows
 * the chat. Each webhook has a loop of its own (one stuck receiver holds up nobody else) that sends its pending
 * deliveries in event order, the next only once the one before was accepted: a failure is retried with backoff
 * (10 s doubling to an hour, on the bot's clock) for 24 hours, then dead-lettered (audited) and the next one goes.
 * A delivery whose webhook is no longer configured stays pending (`stats` shows it) until a config names it again.
 */
export class WebhookSender {
  private readonly events = new EventEmitter();
  private readonly loops: WebhookLoop[];
  private readonly stopping = new AbortController();
  private running = false;
  private readonly timeoutMs: number;
  /** Loops in the middle of a look (reading, sending, recording): not idle whatever the queue says. */
  private readonly busy = new Set<WebhookLoop>();
  /** Its own connection pools, kept alive between events: a receiver's connection carries one event after another. */
  private readonly agents: WebhookAgents = {
    http: new HttpAgent({ keepAlive: true }),
    https: new HttpsAgent({ keepAlive: true }),
  };

  constructor(private readonly options: WebhookSenderOptions) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS;
    // the URL is a webhook's identity (its deliveries name it): a URL listed twice is one receiver, sent to once
    const byUrl = new Map(options.webhooks.map((w) => [w.url, w]));
    this.loops = [...byUrl.values()].map((webhook) => ({
      webhook,
      label: webhookLabel(webhook.url),
      waiting: new WakeableWait(),
      unrecorded: [],
      done: undefined,
    }));
    this.events.setMaxListeners(0);
  }

  /** Starts a loop per webhook; a second call does nothing. */
  start(): void {
    if (this.running) return;
    this.running = true;
    for (const loop of this.loops) {
      loop.done = this.run(loop).catch((err: unknown) => {
        this.options.logger.fatal({ err, webhook: loop.label }, 'webhook sender stopped by an error');
      });
    }
  }

  /** Events were committed (or the clock moved): every loop looks again now instead of at its next timer. */
  wake(): void {
    for (const loop of this.loops) loop.waiting.wake();
  }

  /** Stops every loop; an attempt in flight is abandoned (its delivery stays pending, sent again at the next start). */
  async stop(): Promise<void> {
    this.running = false;
    this.stopping.abort();
    this.wake();
    await Promise.all(this.loops.map((loop) => loop.done));
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  /** Fires after each attempt, accepted or failed. Returns the unsubscribe function. */
  onAttempt(listener: (attempt: DeliveryAttempt) => void): () => void {
    this.events.on('attempt', listener);
    return () => this.events.off('attempt', listener);
  }

  /** Resolves when no configured webhook has a delivery due now (for tests and the sandbox). */
  idle(timeoutMs = 10_000): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!this.isIdle()) return;
        cleanUp();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanUp();
        reject(new Error(`webhook sender not idle after ${timeoutMs} ms`));
      }, timeoutMs);
      const cleanUp = () => {
        clearTimeout(timer);
        this.events.off('looked', check);
      };
      this.events.on('looked', check);
      this.wake();
    });
  }

  private isIdle(): boolean {
    if (this.busy.size > 0) return false;
    const now = this.options.clock.now();
    return this.loops.every((loop) => {
      const head = pendingDeliveries(this.options.db, loop.webhook.url, 1)[0];
      return head === undefined || head.nextAt > now;
    });
  }

  private async run(loop: WebhookLoop): Promise<void> {
    let failingWrites = 0;
    while (this.running) {
      let waitMs: number;
      this.busy.add(loop);
      try {
        waitMs = await this.sendDue(loop);
        if (failingWrites > 0)
          this.options.logger.warn({ webhook: loop.label }, 'webhooks: the database is writable again');
        failingWrites = 0;
      } catch (err) {
        // a full disk, a locked database: hold this webhook's queue and try again rather than stop for good
        if (failingWrites === 0)
          this.options.logger.error(
            { webhook: loop.label, err: err instanceof Error ? err.message : String(err) },
            'webhooks: cannot write to the database; holding the queue and retrying',
          );
        failingWrites++;
        waitMs = Math.min(30_000, 500 * 2 ** Math.min(failingWrites, 6));
      }
      this.busy.delete(loop);
      this.events.emit('looked');
      await this.sleep(loop, waitMs);
    }
    this.busy.delete(loop);
  }

  /**
   * Sends what is due to the loop's webhook, in order; returns how long to wait before looking again. The deliveries
   * accepted are recorded a few at a time ({@link recordEvery}) and at the end of a look: a crash before that only
   * sends them again, with the same ids, which a receiver must expect anyway.
   */
  private async sendDue(loop: WebhookLoop): Promise<number> {
    try {
      return await this.sendBatch(loop);
    } finally {
      this.recordAccepted(loop);
    }
  }

  /** Deletes the deliveries the receiver accepted; kept in memory until that is written (a full disk meanwhile). */
  private recordAccepted(loop: WebhookLoop): void {
    if (loop.unrecorded.length === 0) return;
    this.options.beforeRead?.();
    acceptDeliveries(this.options.db, loop.webhook.url, loop.unrecorded);
    loop.unrecorded = [];
  }

  private async sendBatch(loop: WebhookLoop): Promise<number> {
    const { db, clock } = this.options;
    const url = loop.webhook.url;
    this.options.beforeRead?.();
    this.recordAccepted(loop);
    const batch = pendingDeliveries(db, url, batchSize);
    for (const delivery of batch) {
      if (!this.running) return 0;
      const now = clock.now();
      // only a delivery that failed waits for a later time, and nothing behind it may overtake it
      if (delivery.nextAt > now) return Math.min(delivery.nextAt - now, lookEveryMs);
      const result = await postEvent(loop.webhook, delivery.body, this.timeoutMs, {
        stop: this.stopping.signal,
        agents: this.agents,
      });
      if (result.accepted) {
        loop.unrecorded.push(delivery.eventSeq);
        if (loop.unrecorded.length >= recordEvery) this.recordAccepted(loop);
        if (delivery.attempts > 0)
          this.options.logger.info(
            { webhook: loop.label, event: delivery.id, attempts: delivery.attempts + 1 },
            'webhook accepted an event after failures',
          );
        this.emit(loop, delivery, { outcome: 'accepted', status: result.status });
        continue;
      }
      if (result.stopped) return 0;
      this.recordAccepted(loop);
      this.options.beforeRead?.();
      const next = recordFailedAttempt(db, url, delivery, result.error, clock.now());
      this.logFailure(loop, delivery, result.error, next);
      this.emit(loop, delivery, { outcome: 'failed', error: result.error, next });
      // dead: the next delivery goes at once; else this one waits for its retry
      return next.status === 'dead' ? 0 : Math.min(next.nextAt - clock.now(), lookEveryMs);
    }
    // a full batch: more may be waiting right behind it
    return batch.length === batchSize ? 0 : lookEveryMs;
  }

  private emit(
    loop: WebhookLoop,
    delivery: PendingDelivery,
    outcome: { outcome: 'accepted'; status: number } | { outcome: 'failed'; error: string; next: AfterFailure },
  ): void {
    const attempt: DeliveryAttempt = {
      webhook: loop.webhook.url,
      id: delivery.id,
      eventSeq: delivery.eventSeq,
      ...outcome,
    };
    this.events.emit('attempt', attempt);
  }

  /** The first failure of an outage at warn, the retries at debug, a dead letter at error; never the event's content. */
  private logFailure(loop: WebhookLoop, delivery: PendingDelivery, error: string, next: AfterFailure): void {
    const fields = { webhook: loop.label, event: delivery.id, type: delivery.type, attempts: next.attempts, error };
    const { logger, clock } = this.options;
    if (next.status === 'dead')
      logger.error(fields, 'webhook: event given up after 24 hours of failures (dead letter)');
    else if (next.attempts === 1)
      logger.warn(
        { ...fields, retryInMs: next.nextAt - clock.now() },
        'webhook: delivery failed; retrying with backoff',
      );
    else logger.debug({ ...fields, retryInMs: next.nextAt - clock.now() }, 'webhook: delivery failed again');
  }

  /** Waits `ms`, or until woken (the events of updates handled together make one look, not one each). */
  private sleep(loop: WebhookLoop, ms: number): Promise<void> {
    return this.running ? loop.waiting.wait(ms) : Promise.resolve();
  }
}

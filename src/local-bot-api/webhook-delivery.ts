// Delivery of updates by webhook, as Telegram does after setWebhook: each pending update is POSTed to the URL (with
// the secret token header), in order, one at a time; a 2xx answer confirms it, anything else is retried.
import type { EventEmitter } from 'node:events';
import type { Update } from './types.ts';
import type { UpdateQueue } from './updates.ts';

export interface WebhookSettings {
  url: string;
  secretToken: string | undefined;
}

export interface WebhookDeliveryOptions {
  /** A delivery that has not been answered in this long has failed (Telegram waits about a minute). */
  timeoutMs?: number;
  /** The pause after a failed delivery before the same update is tried again. */
  retryMs?: number;
}

/** What getWebhookInfo reports of the last failure. */
export interface WebhookError {
  date: number;
  message: string;
}

export class WebhookDelivery {
  private settings: WebhookSettings | undefined;
  private running: Promise<void> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private inFlight: AbortController | undefined;
  private closed = false;
  lastError: WebhookError | undefined;
  /** Updates delivered and confirmed (answered 2xx). */
  delivered = 0;

  constructor(
    private readonly updates: UpdateQueue,
    events: EventEmitter,
    private readonly options: WebhookDeliveryOptions = {},
  ) {
    events.on('update', () => this.wake());
  }

  get url(): string {
    return this.settings?.url ?? '';
  }

  set(settings: WebhookSettings | undefined): void {
    this.settings = settings;
    this.lastError = undefined;
    this.inFlight?.abort();
    this.wake();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.inFlight?.abort();
  }

  private wake(): void {
    if (this.running || this.closed || this.settings === undefined) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.running = this.deliverPending().finally(() => {
      this.running = undefined;
    });
  }

  private async deliverPending(): Promise<void> {
    for (;;) {
      const settings = this.settings;
      const update = this.updates.nextDeliverable();
      if (settings === undefined || update === undefined || this.closed) return;
      const failure = await this.post(settings, update);
      if (failure === undefined) {
        this.updates.confirmDelivered(update.update_id);
        this.delivered += 1;
        continue;
      }
      if (this.settings !== settings) continue; // changed meanwhile: start over with the new one
      this.lastError = { date: Math.floor(Date.now() / 1000), message: failure };
      this.retryTimer = setTimeout(() => this.wake(), this.options.retryMs ?? 1000);
      this.retryTimer.unref();
      return;
    }
  }

  /** Posts one update; undefined when it was accepted, else why not. */
  private async post(settings: WebhookSettings, update: Update): Promise<string | undefined> {
    const abort = new AbortController();
    this.inFlight = abort;
    const timer = setTimeout(() => abort.abort(), this.options.timeoutMs ?? 60_000);
    try {
      const res = await fetch(settings.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(settings.secretToken ? { 'x-telegram-bot-api-secret-token': settings.secretToken } : {}),
        },
        body: JSON.stringify(update),
        redirect: 'manual',
        signal: abort.signal,
      });
      await res.arrayBuffer();
      return res.status >= 200 && res.status < 300 ? undefined : `Wrong response from the webhook: ${res.status}`;
    } catch (err) {
      return abort.signal.aborted ? 'Read timeout expired' : `Connection failed: ${(err as Error).message}`;
    } finally {
      clearTimeout(timer);
      this.inFlight = undefined;
    }
  }
}

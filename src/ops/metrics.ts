import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Clock } from '../core/clock.ts';
import type { Db } from '../db/open.ts';
import { unhandledInboxCount } from '../db/updates.ts';
import { deliveryCounts } from '../features/events/events.store.ts';
import { outboxDepth } from '../jobs/outbox.store.ts';

/** How a send ended, as `/metrics` counts them. */
export type SendResult = 'ok' | '429' | '5xx' | '403' | 'ambiguous' | 'failed';

/** The bot's metrics: one registry per app (never prom-client's global one, so tests and apps do not mix). */
export interface BotMetrics {
  registry: Registry;
  /** An update was handled (or failed) after `seconds`. */
  updateHandled(seconds: number, failed: boolean): void;
  sendEnded(result: SendResult): void;
}

/**
 * Creates the metrics of SPEC §4 (`GET /metrics`), named by Prometheus conventions: counters of updates and sends,
 * the handling latency, and gauges read from the database at each scrape (inbox backlog, outbox depth and age).
 */
export function createMetrics(db: Db, clock: Clock, scheduler?: { lastLagMs: number | undefined }): BotMetrics {
  const registry = new Registry();
  const handled = new Counter({
    name: 'mutual_aid_updates_handled_total',
    help: 'Updates handled, by outcome',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'mutual_aid_update_handling_seconds',
    help: 'Time from taking an update to having handled it',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const sends = new Counter({
    name: 'mutual_aid_outbox_sends_total',
    help: 'Bot API calls of the outbox, by result',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'mutual_aid_inbox_unhandled',
    help: 'Updates received and not handled yet',
    registers: [registry],
    collect() {
      this.set(unhandledInboxCount(db));
    },
  });
  const depth = () => outboxDepth(db, clock.now());
  new Gauge({
    name: 'mutual_aid_outbox_pending',
    help: 'Messages waiting in the outbox',
    registers: [registry],
    collect() {
      this.set(depth().pending);
    },
  });
  new Gauge({
    name: 'mutual_aid_outbox_oldest_pending_seconds',
    help: 'How long the oldest waiting message has waited',
    registers: [registry],
    collect() {
      this.set(depth().oldestPendingMs / 1000);
    },
  });
  new Gauge({
    name: 'mutual_aid_webhook_deliveries',
    help: "Events waiting for a department's webhook (pending) or given up after 24 hours (dead)",
    labelNames: ['status'] as const,
    registers: [registry],
    collect() {
      const totals = { pending: 0, dead: 0 };
      for (const row of deliveryCounts(db)) totals[row.status] += row.count;
      this.set({ status: 'pending' }, totals.pending);
      this.set({ status: 'dead' }, totals.dead);
    },
  });
  new Gauge({
    name: 'mutual_aid_scheduler_lag_seconds',
    help: 'How late the latest scheduled run (digest, notice, check-in) was made after its time',
    registers: [registry],
    collect() {
      this.set((scheduler?.lastLagMs ?? 0) / 1000);
    },
  });
  return {
    registry,
    updateHandled(seconds, failed) {
      handled.inc({ outcome: failed ? 'failed' : 'ok' });
      latency.observe(seconds);
    },
    sendEnded(result) {
      sends.inc({ result });
    },
  };
}

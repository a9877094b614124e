import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WebhookConfig } from '../../src/config/index.ts';
import { ManualClock } from '../../src/core/clock.ts';
import type { DatabaseHandle } from '../../src/db/open.ts';
import { deadLetters, pendingDeliveries, recordEvent } from '../../src/features/events/events.store.ts';
import { type DeliveryAttempt, WebhookSender } from '../../src/jobs/webhook-sender.ts';
import { openTestDatabase, seedBuildings } from '../db/memory-db.ts';
import { signatureValid, startWebhookReceiver, type WebhookReceiver } from '../e2e/webhook-receiver.ts';

const SECRET = 'sixteen-chars-key!';
/** How long a wait for the sender may take before the test fails (event driven: normally milliseconds). */
const WAIT_MS = 5000;

let handle: DatabaseHandle;
let clock: ManualClock;
let receivers: WebhookReceiver[];
let sender: WebhookSender | undefined;
let logs: Array<{ msg: string } & Record<string, unknown>>;

beforeEach(() => {
  handle = openTestDatabase();
  seedBuildings(handle.db, ['east']);
  clock = new ManualClock(Date.parse('2026-04-01T08:00:00+08:00'));
  receivers = [];
  logs = [];
});
afterEach(async () => {
  await sender?.stop();
  sender = undefined;
  for (const r of receivers) await r.close();
  handle.close();
});

async function receiver(answer?: Parameters<typeof startWebhookReceiver>[0]): Promise<WebhookReceiver> {
  const r = await startWebhookReceiver(answer);
  receivers.push(r);
  return r;
}

function webhookOf(r: WebhookReceiver): WebhookConfig {
  return { url: r.url, secret: SECRET, events: ['*'], buildings: 'all' };
}

function startSender(webhooks: WebhookConfig[], timeoutMs = 300): WebhookSender {
  sender = new WebhookSender({
    db: handle.db,
    webhooks,
    clock,
    logger: pino({ level: 'debug' }, { write: (line: string) => logs.push(JSON.parse(line)) }),
    timeoutMs,
  });
  sender.start();
  return sender;
}

/** Stores `n` events for these webhooks, as a change would; returns their ids in order. */
function events(webhooks: WebhookConfig[], n: number, text = 'need'): string[] {
  return handle.db.transaction((tx) =>
    Array.from({ length: n }, (_, i) =>
      recordEvent(
        tx,
        { webhooks, timezone: 'Asia/Shanghai' },
        {
          type: 'need.created',
          buildingId: 'east',
          subject: String(i + 1),
          data: { text: `${text} ${i + 1}` },
          at: clock.now(),
        },
      ),
    ),
  );
}

/** Resolves with the next attempt the sender reports that `matches`. */
function nextAttempt(
  s: WebhookSender,
  matches: (a: DeliveryAttempt) => boolean = () => true,
): Promise<DeliveryAttempt> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no attempt within the wait')), WAIT_MS);
    const stop = s.onAttempt((attempt) => {
      if (!matches(attempt)) return;
      clearTimeout(timer);
      stop();
      resolve(attempt);
    });
  });
}

const idsOf = (r: WebhookReceiver) => r.requests.map((q) => JSON.parse(q.body).id as string);

describe('WebhookSender', () => {
  it('POSTs each event as a signed CloudEvent, in order, and forgets the deliveries accepted', async () => {
    const r = await receiver();
    const hook = webhookOf(r);
    const ids = events([hook], 5);
    const s = startSender([hook]);
    await r.until((q) => q.length === 5, WAIT_MS);
    await s.idle(WAIT_MS);
    expect(idsOf(r)).toEqual(ids);
    for (const request of r.requests) {
      expect(request.headers['content-type']).toBe('application/cloudevents+json');
      expect(signatureValid(request, SECRET)).toBe(true);
      expect(signatureValid(request, 'another-secret-16ch')).toBe(false);
    }
    expect(pendingDeliveries(handle.db, hook.url, 10)).toEqual([]);
  });

  it('sends nothing past a failed event: it is retried on the clock (10 s, then 20 s) until accepted', async () => {
    const r = await receiver((n) => (n < 2 ? 500 : 200));
    const hook = webhookOf(r);
    const ids = events([hook], 3);
    const s = startSender([hook]);
    const first = await nextAttempt(s);
    expect(first).toMatchObject({ outcome: 'failed', error: 'HTTP 500', next: { nextAt: clock.now() + 10_000 } });
    // the clock has not moved: nothing else goes, the later events wait behind the first
    await s.idle(WAIT_MS);
    expect(r.requests).toHaveLength(1);
    clock.advance(10_000);
    const second = nextAttempt(s);
    s.wake();
    expect(await second).toMatchObject({ outcome: 'failed', next: { nextAt: clock.now() + 20_000 } });
    clock.advance(20_000);
    s.wake();
    await r.until((q) => q.length === 5, WAIT_MS);
    expect(idsOf(r)).toEqual([ids[0], ids[0], ids[0], ids[1], ids[2]]);
    // a retry carries the same bytes: the same id, the same signature
    expect(new Set(r.requests.slice(0, 3).map((q) => q.body)).size).toBe(1);
    expect(logs.filter((l) => l.msg.includes('delivery failed')).map((l) => l.level)).toEqual([40, 20]);
    expect(JSON.stringify(logs)).not.toContain('need 1');
  });

  it('lets a stuck webhook hold up nobody else: the other gets its events while the first hangs', async () => {
    const stuck = await receiver(() => 'hang');
    const quick = await receiver();
    const hooks = [webhookOf(stuck), webhookOf(quick)];
    events(hooks, 20);
    startSender(hooks, 2000);
    await quick.until((q) => q.length === 20, WAIT_MS);
    await stuck.until((q) => q.length === 1, WAIT_MS);
    // every event reached the quick receiver while the stuck one's first request was still waiting for an answer
    expect(stuck.requests[0]!.abandonedAt).toBeUndefined();
    expect(quick.requests.at(-1)!.at).toBeGreaterThan(stuck.requests[0]!.at);
  });

  it('gives up an attempt that gets no answer within the timeout', async () => {
    const r = await receiver((n) => (n === 0 ? 'hang' : 200));
    const hook = webhookOf(r);
    events([hook], 1);
    const s = startSender([hook], 300);
    const attempt = await nextAttempt(s);
    expect(attempt).toMatchObject({ outcome: 'failed', error: 'no answer within 300 ms' });
    await r.until((q) => q[0]!.abandonedAt !== undefined, WAIT_MS);
  });

  it('follows no redirect: a 302 is a failed attempt, and the place it points to hears nothing', async () => {
    const elsewhere = await receiver();
    const r = await receiver(() => ({ status: 302, headers: { location: elsewhere.url } }));
    const hook = webhookOf(r);
    events([hook], 1);
    const s = startSender([hook]);
    expect(await nextAttempt(s)).toMatchObject({ outcome: 'failed', error: 'HTTP 302: redirects are not followed' });
    expect(elsewhere.requests).toEqual([]);
  });

  it('dead-letters a delivery after 24 hours of failures, and then sends the next', async () => {
    const r = await receiver(() => 503);
    const hook = webhookOf(r);
    const ids = events([hook], 2);
    const s = startSender([hook]);
    let attempt = await nextAttempt(s);
    while (attempt.outcome === 'failed' && attempt.next.status === 'pending') {
      clock.set(attempt.next.nextAt);
      const next = nextAttempt(s);
      s.wake();
      attempt = await next;
    }
    expect(attempt).toMatchObject({ id: ids[0], outcome: 'failed', next: { status: 'dead', attempts: 33 } });
    // the next one inherited the day of failures: one try, and it is given up too
    const second = await nextAttempt(s);
    expect(second).toMatchObject({ id: ids[1], outcome: 'failed', next: { status: 'dead', attempts: 1 } });
    expect(deadLetters(handle.db).map((d) => d.id)).toEqual(ids);
    expect(logs.filter((l) => l.level === 50).map((l) => l.msg)).toEqual([
      'webhook: event given up after 24 hours of failures (dead letter)',
      'webhook: event given up after 24 hours of failures (dead letter)',
    ]);
  });

  it('abandons an attempt in flight when stopped: the delivery stays pending, not counted as a failure', async () => {
    const r = await receiver(() => 'hang');
    const hook = webhookOf(r);
    events([hook], 1);
    const s = startSender([hook], 5000);
    await r.until((q) => q.length === 1, WAIT_MS);
    const started = performance.now();
    await s.stop();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(pendingDeliveries(handle.db, hook.url, 10)).toMatchObject([{ attempts: 0, firstFailedAt: null }]);
  });
});

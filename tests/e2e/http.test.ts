import { afterEach, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot, testConfigInput, world } from './harness.ts';

// The bot's HTTP server (SPEC §4): GET /healthz and GET /metrics, on HTTP_PORT.
let t: TestBot;
afterEach(async () => {
  await t?.close();
});

async function get(path: string): Promise<{ status: number; type: string; body: string }> {
  const res = await fetch(`http://127.0.0.1:${t.app.httpPort}${path}`);
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
}

/** A counter's value in Prometheus text format (0 when the series is not there yet). */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe('/healthz', () => {
  it('answers 200 with the status while updates flow and the database takes writes, 503 when it does not', async () => {
    t = await startTestBot({ http: true });
    await t.send(world.b7.chatId, world.alice.id, '/help');
    const healthy = await get('/healthz');
    expect(healthy.status).toBe(200);
    expect(JSON.parse(healthy.body)).toMatchObject({
      healthy: true,
      database: 'writable',
      updates: { flowing: true },
      outbox: { pending: 0 },
    });
    t.app.database.sqlite.pragma('query_only = ON');
    const sick = await get('/healthz');
    expect(sick.status).toBe(503);
    expect(JSON.parse(sick.body)).toMatchObject({ healthy: false, database: 'not writable' });
    t.app.database.sqlite.pragma('query_only = OFF');
  });

  it('is healthy as soon as the bot has started, before its first long poll comes back in a quiet chat', async () => {
    t = await startTestBot({ http: true });
    // nobody writes: the first getUpdates waits out its whole timeout (5 s here, 30 s in production)
    const fresh = await get('/healthz');
    expect(fresh.status).toBe(200);
    expect(JSON.parse(fresh.body)).toMatchObject({
      healthy: true,
      updates: { flowing: true, secondsSinceLastPoll: 0 },
    });
  });
});

describe('/metrics', () => {
  it('serves Prometheus text whose counters move when commands are handled and answered', async () => {
    t = await startTestBot({ http: true });
    const before = await get('/metrics');
    expect(before.status).toBe(200);
    expect(before.type).toContain('text/plain');
    const handled = 'mutual_aid_updates_handled_total{outcome="ok"}';
    const sent = 'mutual_aid_outbox_sends_total{result="ok"}';
    await t.send(world.b7.chatId, world.alice.id, '/help');
    await t.send(world.b7.chatId, world.alice.id, '/needs');
    const after = (await get('/metrics')).body;
    expect(sample(after, handled) - sample(before.body, handled)).toBeGreaterThanOrEqual(2);
    expect(sample(after, sent) - sample(before.body, sent)).toBeGreaterThanOrEqual(2);
    for (const name of [
      'mutual_aid_update_handling_seconds_count',
      'mutual_aid_inbox_unhandled',
      'mutual_aid_outbox_pending',
      'mutual_aid_outbox_oldest_pending_seconds',
    ]) {
      expect(after).toMatch(new RegExp(`^${name} \\d`, 'm'));
    }
    expect((await get('/nothing-here')).status).toBe(404);
  });

  it("counts a department's webhook deliveries waiting, and how late the scheduler ran its latest job", async () => {
    t = await startTestBot({
      http: true,
      // a receiver that is never there: the event waits
      config: testConfigInput({
        webhooks: [{ url: 'http://127.0.0.1:9/hook', secret: 'a-secret-of-16-chars', events: ['need.*'] }],
        notices: [{ cron: '0 9 * * *', text: 'Testing at the gate' }],
      }),
      startAt: '2026-04-01T08:59:00+08:00',
    });
    await t.send(world.b7.chatId, world.alice.id, '/need #food rice');
    t.clock.set(Date.parse('2026-04-01T09:00:20+08:00'));
    t.app.scheduler.tick();
    const body = (await get('/metrics')).body;
    expect(sample(body, 'mutual_aid_webhook_deliveries{status="pending"}')).toBe(1);
    expect(sample(body, 'mutual_aid_webhook_deliveries{status="dead"}')).toBe(0);
    expect(sample(body, 'mutual_aid_scheduler_lag_seconds')).toBe(20);
  });
});

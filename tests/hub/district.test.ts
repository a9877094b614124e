import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { type RunningHub, startHub } from '../../src/hub/hub.ts';
import { startTestBot, type TestBot, testConfigInput, world } from '../e2e/harness.ts';
import { asViewer, eventually, hubConfig, quietLogger } from './helpers.ts';
import { createTestDatabase, type TestDatabase } from './pg.ts';

// A real district bot (against the local Bot API) and a hub on PostgreSQL, wired as SPEC §7 says: the bot lists the
// hub among its webhooks; the hub sends city alerts to the bot's POST /v1/alerts.
let database: TestDatabase;
let t: TestBot | undefined;
let hub: RunningHub | undefined;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
});
afterEach(async () => {
  await hub?.stop();
  await t?.close();
});

/** A port free now: the bot must know the hub's URL before the hub (which must know the bot's) starts. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

interface OverviewJson {
  districts: Array<{ events: Record<string, number>; needs: { open: Record<string, number> } }>;
  alerts: Array<{ districts: Array<{ status: string; reached: unknown }> }>;
}

it('takes a district bot’s events once each, even across a hub restart, and sends its city alert down', {
  timeout: 40_000,
}, async () => {
  const hubPort = await freePort();
  t = await startTestBot({
    http: true,
    config: testConfigInput({
      hub: { alertSecret: 'alert-secret-of-d1' },
      webhooks: [{ url: `http://127.0.0.1:${hubPort}/v1/events/d1`, secret: 'events-secret-of-d1' }],
    }),
  });
  for (const chat of [world.b3.chatId, world.b7.chatId]) t.tg.setMember(chat, t.tg.botInfo.id, 'administrator');
  const config = hubConfig([`http://127.0.0.1:${t.app.httpPort}/v1/alerts`]);
  const startIt = () =>
    startHub({
      config,
      databaseUrl: database.url,
      logger: quietLogger,
      port: hubPort,
      sender: { pollMs: 50, retry: { firstMs: 50, maxMs: 500, giveUpMs: 60_000 } },
    });
  hub = await startIt();
  const overview = async () => (await asViewer(`http://127.0.0.1:${hubPort}/v1/overview`)).json as OverviewJson;

  await t.send(world.b7.chatId, world.alice.id, '/need #food rice');
  await eventually(async () => ((await overview()).districts[0]!.needs.open.normal === 1 ? true : undefined));

  // the hub down for a while: the bot keeps its event and retries; nothing is lost or stored twice
  await hub.stop();
  hub = undefined;
  await t.send(world.b7.chatId, world.bob.id, '/need #medicine insulin');
  await eventually(async () =>
    (
      t!.app.database.sqlite.prepare('SELECT attempts FROM webhook_deliveries').get() as
        | { attempts: number }
        | undefined
    )?.attempts
      ? true
      : undefined,
  );
  hub = await startIt();
  t.clock.advance(11_000);
  t.app.webhooks.wake();
  const after = await eventually(async () => {
    const o = await overview();
    return o.districts[0]!.events['need.created'] === 2 ? o : undefined;
  });
  // what the hub counts is what the district holds
  const open = t.app.database.sqlite
    .prepare("SELECT priority, count(*) AS n FROM needs WHERE status = 'open' GROUP BY priority")
    .all() as Array<{ priority: string; n: number }>;
  for (const { priority, n } of open) expect(after.districts[0]!.needs.open[priority]).toBe(n);
  expect(Object.values(after.districts[0]!.needs.open).reduce((a, b) => a + b, 0)).toBe(2);

  // a city alert down: issued in every building, then reported up with its counts
  const sent = await asViewer(`http://127.0.0.1:${hubPort}/v1/alerts`, {
    method: 'POST',
    body: { level: 'red', text: 'City-wide: stay inside until further notice' },
  });
  expect(sent.status).toBe(201);
  await eventually(async () => ((await overview()).alerts[0]!.districts[0]!.status === 'delivered' ? true : undefined));
  await t.app.outbox.idle(5000);
  for (const chat of [world.b3.chatId, world.b7.chatId])
    expect(t.tg.botMessages(chat).filter((m) => m.text?.includes('City-wide: stay inside'))).toHaveLength(1);
  t.app.scheduler.tick();
  const reached = await eventually(async () => (await overview()).alerts[0]!.districts[0]!.reached ?? undefined);
  expect(reached).toEqual({ buildings: 2, delivered: 2, failed: 0 });
  const final = await overview();
  expect(final.districts[0]!.events).toMatchObject({ 'need.created': 2, 'alert.issued': 1, 'alert.delivered': 1 });
});

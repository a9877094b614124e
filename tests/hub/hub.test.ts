import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signatureMatches } from '../../src/features/events/events.ts';
import { DELIVERY_LOCK_CLASS } from '../../src/hub/alerts.store.ts';
import { type RunningHub, startHub } from '../../src/hub/hub.ts';
import {
  asViewer,
  type DistrictReceiver,
  districtEvent,
  eventually,
  hubConfig,
  postSigned,
  quietLogger,
  startDistrictReceiver,
} from './helpers.ts';
import { createTestDatabase, type TestDatabase } from './pg.ts';

// The hub (SPEC §7) against a real PostgreSQL: a database of this file's own, emptied before each test.
let database: TestDatabase;
let sql: pg.Pool;
const hubs: RunningHub[] = [];
const receivers: DistrictReceiver[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  sql = new pg.Pool({ connectionString: database.url, max: 2 });
});
afterAll(async () => {
  await sql?.end();
  await database?.drop();
});
beforeEach(async () => {
  // the first hub of the file creates the tables; later tests start from empty ones
  const tables = await sql.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name = 'alerts'",
  );
  if (tables.rows[0]!.n > 0)
    await sql.query(
      'TRUNCATE events, needs, checkins_missed, notices, notice_acks, surveys, alert_reports, alert_deliveries, alerts',
    );
});
afterEach(async () => {
  for (const hub of hubs.splice(0)) await hub.stop();
  for (const receiver of receivers.splice(0)) await receiver.close();
});

async function receiversFor(n: number): Promise<DistrictReceiver[]> {
  const started = await Promise.all(Array.from({ length: n }, () => startDistrictReceiver()));
  receivers.push(...started);
  return started;
}

async function hub(config: ReturnType<typeof hubConfig>, retryMs = 20, giveUpMs = 60_000): Promise<RunningHub> {
  const started = await startHub({
    config,
    databaseUrl: database.url,
    logger: quietLogger,
    port: 0,
    sender: { concurrency: 4, pollMs: 50, timeoutMs: 2000, retry: { firstMs: retryMs, maxMs: 200, giveUpMs } },
  });
  hubs.push(started);
  return started;
}

/** Waits until `n` deliveries are recorded delivered (and no more). */
async function deliveredAll(n: number): Promise<void> {
  const delivered = await eventually(async () => {
    const rows = await sql.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM alert_deliveries WHERE status = 'delivered'",
    );
    return rows.rows[0]!.n >= n ? rows.rows[0]!.n : undefined;
  });
  expect(delivered).toBe(n);
}

/** A hub whose sender looks every 50 ms and records how many deliveries each look took in `looks`. */
async function lookingHub(config: ReturnType<typeof hubConfig>, looks: number[]): Promise<RunningHub> {
  const started = await startHub({
    config,
    databaseUrl: database.url,
    logger: quietLogger,
    port: 0,
    sender: { pollMs: 50, timeoutMs: 2000, onLook: (n) => looks.push(n) },
  });
  hubs.push(started);
  return started;
}

const at = (minute: number) => `2026-04-01T08:${String(minute).padStart(2, '0')}:00.000Z`;

async function count(table: string): Promise<number> {
  return (await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;
}

describe('the intake of district events', () => {
  it('stores a signed event once by its id, and refuses a forged, unsigned or foreign one, storing it nowhere', async () => {
    const config = hubConfig(['http://127.0.0.1:9/a', 'http://127.0.0.1:9/b']);
    const h = await hub(config);
    const url = (d: string) => `http://127.0.0.1:${h.port}/v1/events/${d}`;
    const need = districtEvent({
      id: 'e-1',
      type: 'need.created',
      building: 'b3',
      subject: '1',
      time: at(0),
      data: { building: 'b3', status: 'open', priority: 'urgent', text: 'rice' },
    });
    expect(await postSigned(url('d1'), need, 'events-secret-of-d1')).toEqual({ status: 200, json: { stored: 'e-1' } });
    // the district retries (its answer was lost): accepted, nothing changes
    expect(await postSigned(url('d1'), need, 'events-secret-of-d1')).toEqual({
      status: 200,
      json: { duplicate: 'e-1' },
    });
    expect(await count('events')).toBe(1);

    const forged = need.replace('e-1', 'e-2');
    expect((await postSigned(url('d1'), forged, 'events-secret-of-d2')).status).toBe(401); // another district's key
    expect((await postSigned(url('d1'), forged, '', 'sha256=00')).status).toBe(401);
    const unsigned = await fetch(url('d1'), { method: 'POST', body: forged });
    expect(unsigned.status).toBe(401);
    expect((await postSigned(url('d9'), forged, 'events-secret-of-d1')).status).toBe(404);
    expect((await postSigned(url('d1'), '{"not":"an event"}', 'events-secret-of-d1')).status).toBe(400);
    expect(await count('events')).toBe(1);
    expect(await count('needs')).toBe(1);
  });

  it('commits requests that arrive together in one batch: each stored once, each item at its latest state', async () => {
    const h = await hub(hubConfig(['http://127.0.0.1:9/a', 'http://127.0.0.1:9/b']));
    const url = (d: string) => `http://127.0.0.1:${h.port}/v1/events/${d}`;
    // need 5's life sent all at once, newest first, each event twice, from two districts: one batch or a few
    const steps = ['open', 'claimed', 'open', 'claimed', 'done'];
    const bodies = ['d1', 'd2'].flatMap((d) =>
      steps.map((status, i) => ({
        d,
        body: districtEvent({
          id: `${d}-life-${i}`,
          type: `need.${status === 'open' ? 'created' : status}`,
          building: 'b3',
          subject: '5',
          time: at(10 + i),
          data: { building: 'b3', status, priority: 'high', createdAt: at(10) },
        }),
      })),
    );
    const answers = await Promise.all(
      [...bodies, ...bodies].reverse().map(({ d, body }) => postSigned(url(d), body, `events-secret-of-${d}`)),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const outcomes = answers.map((a) => Object.keys(a.json as object)[0]);
    expect(outcomes.filter((o) => o === 'stored')).toHaveLength(10);
    expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(10);
    expect(await count('events')).toBe(10);
    const needs = await sql.query('SELECT district_id, status, created_at FROM needs ORDER BY district_id');
    expect(needs.rows).toEqual([
      { district_id: 'd1', status: 'done', created_at: new Date(at(10)) },
      { district_id: 'd2', status: 'done', created_at: new Date(at(10)) },
    ]);
  });

  it('holds no text a district sent: not in any text or json column of any table', async () => {
    const h = await hub(hubConfig(['http://127.0.0.1:9/a']));
    const secretWords = 'Zelda-lives-alone-in-1502';
    const body = districtEvent({
      id: 'e-private',
      type: 'need.created',
      building: 'b3',
      subject: '7',
      time: at(1),
      // a bot never sends a private text (SPEC §2.9); even if one did, the hub keeps no event body
      data: { building: 'b3', status: 'open', priority: 'high', text: secretWords, requester: secretWords },
    });
    expect((await postSigned(`http://127.0.0.1:${h.port}/v1/events/d1`, body, 'events-secret-of-d1')).status).toBe(200);
    const notice = districtEvent({
      id: 'e-notice',
      type: 'notice.sent',
      building: 'b3',
      subject: '4',
      time: at(2),
      data: { id: 4, buildings: ['b3'], level: 'info', text: secretWords, sentAt: at(2), acknowledged: 0 },
    });
    expect((await postSigned(`http://127.0.0.1:${h.port}/v1/events/d1`, notice, 'events-secret-of-d1')).status).toBe(
      200,
    );
    const ack = districtEvent({
      id: 'e-ack',
      type: 'notice.acknowledged',
      building: 'b3',
      subject: '4',
      time: at(3),
      // a bot sends counts only; a name or unit alongside them is never kept
      data: { notice: 4, building: 'b3', acknowledged: 1, households: 9, unit: secretWords, user: secretWords },
    });
    expect((await postSigned(`http://127.0.0.1:${h.port}/v1/events/d1`, ack, 'events-secret-of-d1')).status).toBe(200);
    expect(await count('notices')).toBe(1);
    expect(await count('notice_acks')).toBe(1);
    const columns = await sql.query<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns
       WHERE table_schema = 'public' AND data_type IN ('text', 'jsonb', 'json', 'character varying')`,
    );
    expect(columns.rows.length).toBeGreaterThan(10);
    for (const { table_name, column_name } of columns.rows) {
      const found = await sql.query(
        `SELECT 1 FROM "${table_name}" WHERE "${column_name}"::text LIKE '%' || $1 || '%' LIMIT 1`,
        [secretWords],
      );
      expect(found.rowCount, `${table_name}.${column_name}`).toBe(0);
    }
  });
});

describe('the overview', () => {
  it('counts events by type, needs by priority, the oldest urgent one, missed check-ins, notices and surveys per building', async () => {
    const h = await hub(hubConfig(['http://127.0.0.1:9/a', 'http://127.0.0.1:9/b', 'http://127.0.0.1:9/c']));
    const send = (district: string, n: number, type: string, subject: string, data: unknown, minute: number) =>
      postSigned(
        `http://127.0.0.1:${h.port}/v1/events/${district}`,
        districtEvent({ id: `${district}-${n}`, type, building: 'b3', subject, time: at(minute), data }),
        `events-secret-of-${district}`,
      );
    const need = (priority: string, status: string, building = 'b3') => ({ building, status, priority });
    await send('d1', 1, 'need.created', '1', need('urgent', 'open'), 1);
    await send('d1', 2, 'need.created', '2', need('high', 'open', 'b7'), 2);
    await send('d1', 3, 'need.created', '3', need('normal', 'open'), 3);
    await send('d1', 4, 'need.claimed', '1', need('urgent', 'claimed'), 4);
    await send('d1', 5, 'need.done', '3', need('normal', 'done'), 5);
    // an older event arriving late (a dead letter retried) does not turn need 1 back to open
    await send('d1', 6, 'need.created', '1', need('urgent', 'open'), 0);
    await send('d1', 7, 'notice.sent', '4', { id: 4, buildings: ['b3', 'b7'], level: 'info', sentAt: at(6) }, 6);
    // households of b3 acknowledged notice 4; none of b7 yet (nothing reported: unknown, not 0 of 0)
    const acked = (n: number, acknowledged: number, minute: number) =>
      send('d1', n, 'notice.acknowledged', '4', { notice: 4, building: 'b3', acknowledged, households: 20 }, minute);
    await acked(8, 11, 7);
    await acked(9, 12, 8);

    // per building: missed check-ins of today in the hub's time zone (yesterday's are not today's), the latest notice,
    // the survey's counts, the oldest urgent need nobody has claimed
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const missed = (n: number, building: string, day: string, count: number) =>
      send('d2', n, 'checkin.missed', day, { building, day, missed: count }, 10 + n);
    await missed(1, 'b1', '2026-03-31', 9);
    await missed(2, 'b1', today, 2);
    await missed(3, 'b2', today, 1);
    await send('d2', 4, 'survey.updated', 'b1', { building: 'b1', households: 40, answered: 31, counts: {} }, 20);
    await send('d2', 5, 'alert.issued', '9', { id: 9, buildings: ['b1', 'b2'], level: 'red', sentAt: at(21) }, 21);
    await send('d2', 6, 'notice.sent', '10', { id: 10, buildings: ['b2'], level: 'info', sentAt: at(22) }, 22);
    const posted = new Date(Date.now() - 90 * 60_000).toISOString();
    const urgent = { building: 'b2', status: 'open', priority: 'urgent', createdAt: posted };
    await send('d2', 7, 'need.created', '31', urgent, 23);
    await send('d2', 8, 'need.created', '32', { ...urgent, createdAt: new Date().toISOString() }, 24);

    expect((await asViewer(`http://127.0.0.1:${h.port}/v1/overview`, { token: null })).status).toBe(401);
    expect((await asViewer(`http://127.0.0.1:${h.port}/v1/overview`, { token: 'wrong' })).status).toBe(401);
    const { status, json } = await asViewer(`http://127.0.0.1:${h.port}/v1/overview`);
    expect(status).toBe(200);
    const overview = json as {
      districts: Array<{ id: string; lastEventAt: string | null; silent: boolean } & Record<string, unknown>>;
    };
    const none = { urgent: 0, high: 0, normal: 0 };
    const latest = { id: '4', level: 'info', sentAt: at(6) };
    expect(overview.districts[0]).toMatchObject({
      id: 'd1',
      lastEventAt: at(8),
      events: { 'need.created': 4, 'need.claimed': 1, 'need.done': 1, 'notice.sent': 1, 'notice.acknowledged': 2 },
      needs: { open: { ...none, high: 1 }, claimed: { ...none, urgent: 1 } },
      oldestUrgent: null,
      checkinsMissedToday: 0,
      buildings: [
        {
          id: 'b3',
          needs: { open: none, claimed: { ...none, urgent: 1 } },
          latestNotice: { ...latest, acknowledged: 12, households: 20 },
          survey: null,
        },
        {
          id: 'b7',
          needs: { open: { ...none, high: 1 }, claimed: none },
          latestNotice: { ...latest, acknowledged: null, households: null },
        },
      ],
    });
    const oldest = { since: posted, minutes: 90 };
    expect(overview.districts[1]).toMatchObject({
      id: 'd2',
      needs: { open: { ...none, urgent: 2 }, claimed: none },
      oldestUrgent: oldest,
      checkinsMissedToday: 3,
      survey: { households: 40, answered: 31 },
      buildings: [
        {
          id: 'b1',
          needs: { open: none, claimed: none },
          oldestUrgent: null,
          checkinsMissedToday: 2,
          latestNotice: { id: '9', level: 'red', sentAt: at(21), acknowledged: null, households: null },
          survey: { households: 40, answered: 31 },
        },
        {
          id: 'b2',
          needs: { open: { ...none, urgent: 2 }, claimed: none },
          oldestUrgent: oldest,
          checkinsMissedToday: 1,
          latestNotice: { id: '10', level: 'info', sentAt: at(22), acknowledged: null, households: null },
          survey: null,
        },
      ],
    });
    // events from April 2026 are long past: silent; a district that never sent one is silent too
    expect(overview.districts.map((d) => [d.id, d.silent, d.lastEventAt])).toEqual([
      ['d1', true, at(8)],
      ['d2', true, at(24)],
      ['d3', true, null],
    ]);
  });
});

describe('notice acknowledgements', () => {
  it('keeps the latest count per notice and building: an older count arriving late never lowers it', async () => {
    const h = await hub(hubConfig(['http://127.0.0.1:9/a']));
    const send = (n: number, type: string, subject: string, data: unknown, minute: number) =>
      postSigned(
        `http://127.0.0.1:${h.port}/v1/events/d1`,
        districtEvent({ id: `d1-${n}`, type, building: 'b3', subject, time: at(minute), data }),
        'events-secret-of-d1',
      );
    const acked = (n: number, notice: number, building: string, acknowledged: number, minute: number) =>
      send(n, 'notice.acknowledged', String(notice), { notice, building, acknowledged, households: 8 }, minute);
    await send(1, 'notice.sent', '4', { id: 4, buildings: ['b3', 'b7'], level: 'info', sentAt: at(1) }, 1);
    await acked(2, 4, 'b3', 1, 2);
    await acked(3, 4, 'b3', 3, 5);
    // the count of minute 3 was held up (a dead letter retried): it arrives after that of minute 5
    expect((await acked(4, 4, 'b3', 2, 3)).status).toBe(200);
    await acked(5, 4, 'b7', 1, 4);
    // several counts of one building in one batch, in any order: the latest wins
    await Promise.all([acked(6, 4, 'b7', 4, 9), acked(7, 4, 'b7', 2, 6), acked(8, 4, 'b7', 3, 7)]);
    // an event of a notice the hub has not heard of is kept, but shows on no building
    await acked(9, 5, 'b9', 1, 10);

    const rows = await sql.query(
      'SELECT notice_id, building_id, acknowledged, households FROM notice_acks ORDER BY notice_id, building_id',
    );
    expect(rows.rows).toEqual([
      { notice_id: '4', building_id: 'b3', acknowledged: 3, households: 8 },
      { notice_id: '4', building_id: 'b7', acknowledged: 4, households: 8 },
      { notice_id: '5', building_id: 'b9', acknowledged: 1, households: 8 },
    ]);
    const { json } = await asViewer(`http://127.0.0.1:${h.port}/v1/overview`);
    const [d1] = (json as { districts: Array<{ buildings: Array<{ id: string; latestNotice: unknown }> }> }).districts;
    expect(d1!.buildings.map((b) => [b.id, b.latestNotice])).toEqual([
      ['b3', { id: '4', level: 'info', sentAt: at(1), acknowledged: 3, households: 8 }],
      ['b7', { id: '4', level: 'info', sentAt: at(1), acknowledged: 4, households: 8 }],
    ]);

    // a newer notice to b3 is shown without the older one's count until its own is reported
    await send(10, 'notice.sent', '6', { id: 6, buildings: ['b3'], level: 'yellow', sentAt: at(11) }, 11);
    const later = await asViewer(`http://127.0.0.1:${h.port}/v1/overview`);
    const [after] = (later.json as { districts: Array<{ buildings: Array<{ latestNotice: unknown }> }> }).districts;
    expect(after!.buildings[0]!.latestNotice).toEqual({
      id: '6',
      level: 'yellow',
      sentAt: at(11),
      acknowledged: null,
      households: null,
    });
  });

  it('refuses to derive a count from an acknowledgement that is not counts: the event is kept, the count not', async () => {
    const h = await hub(hubConfig(['http://127.0.0.1:9/a']));
    const body = districtEvent({
      id: 'e-bad-ack',
      type: 'notice.acknowledged',
      building: 'b3',
      subject: '4',
      time: at(1),
      data: { notice: 4, building: 'flat 1502, Zelda', acknowledged: 1, households: 8 },
    });
    expect((await postSigned(`http://127.0.0.1:${h.port}/v1/events/d1`, body, 'events-secret-of-d1')).status).toBe(200);
    expect(await count('events')).toBe(1);
    expect(await count('notice_acks')).toBe(0);
  });
});

describe('city alerts down to the districts', () => {
  it('two hub processes on one database deliver each alert to each district exactly once, in order, signed', async () => {
    const districts = await receiversFor(3);
    const config = hubConfig(districts.map((d) => d.url));
    const [a, b] = [await hub(config), await hub(config)];
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const via = i % 2 === 0 ? a : b;
      const { status, json } = await asViewer(`http://127.0.0.1:${via.port}/v1/alerts`, {
        method: 'POST',
        body: { level: i === 11 ? 'red' : 'orange', text: `Alert number ${i}` },
      });
      expect(status).toBe(201);
      ids.push((json as { id: string }).id);
    }
    await Promise.all(districts.map((d) => d.waitFor(12)));
    await deliveredAll(36);
    districts.forEach((district, i) => {
      // exactly once each, in the order they were recorded
      expect(district.received.map((r) => r.id)).toEqual(ids);
      for (const request of district.received)
        expect(signatureMatches(Buffer.from(request.body), request.signature, `alert-secret-of-d${i + 1}`)).toBe(true);
    });
    const last = JSON.parse(districts[0]!.received.at(-1)!.body) as Record<string, unknown>;
    expect(last).toMatchObject({
      type: 'org.mutualaid.alert.issued',
      id: ids[11],
      data: { level: 'red', text: 'Alert number 11', city: 'Test city' },
    });
  });

  it('delivers to more districts at once than a signal has listeners by default, without a warning', async () => {
    // every district holds its answer until all twelve POSTs are in: twelve deliveries in flight at once, each
    // listening for the sender's stop (Node warns past ten listeners on one signal)
    const held: Array<() => void> = [];
    const servers = await Promise.all(
      Array.from({ length: 12 }, async () => {
        const server = createServer((req, res) => {
          req.resume();
          req.on('end', () => {
            held.push(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
            if (held.length === 12) for (const answer of held) answer();
          });
        });
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
        return server;
      }),
    );
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
    process.on('warning', onWarning);
    try {
      const config = hubConfig(servers.map((s) => `http://127.0.0.1:${(s.address() as AddressInfo).port}/v1/alerts`));
      const h = await startHub({ config, databaseUrl: database.url, logger: quietLogger, port: 0 });
      hubs.push(h);
      const { status } = await asViewer(`http://127.0.0.1:${h.port}/v1/alerts`, {
        method: 'POST',
        body: { level: 'red', text: 'Twelve districts at once' },
      });
      expect(status).toBe(201);
      await deliveredAll(12);
      // a warning is emitted on the next tick
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((w) => w.startsWith('MaxListenersExceededWarning'))).toEqual([]);
    } finally {
      process.off('warning', onWarning);
      for (const server of servers) server.close();
    }
  });

  it('looks once a poll while idle, on its own session: no connection taken from the pool for it', async () => {
    const pollMs = 50;
    const looks: number[] = [];
    const h = await startHub({
      config: hubConfig(['http://127.0.0.1:9/a', 'http://127.0.0.1:9/b']),
      databaseUrl: database.url,
      logger: quietLogger,
      port: 0,
      sender: { concurrency: 4, pollMs, onLook: () => looks.push(performance.now()) },
    });
    hubs.push(h);
    // the pool hands out a connection for each statement outside a transaction and for each transaction
    let acquired = 0;
    h.database.pool.on('acquire', () => acquired++);
    const from = looks.length;
    await eventually(async () => (looks.length >= from + 11 ? true : undefined));
    // one look a poll (a look that finds nothing is one statement), not one for each of its places
    expect(looks[from + 10]! - looks[from]!).toBeGreaterThanOrEqual(9 * pollMs);
    expect(acquired).toBe(0);
  });

  it('takes an alert’s deliveries to all its districts in one look, and records them on its session', async () => {
    const districts = await receiversFor(3);
    let attempts = 0;
    const taken: number[] = [];
    const started = await startHub({
      config: hubConfig(districts.map((d) => d.url)),
      databaseUrl: database.url,
      logger: quietLogger,
      port: 0,
      // no poll meanwhile: the NOTIFY alone wakes the sender
      sender: {
        concurrency: 8,
        pollMs: 600_000,
        timeoutMs: 2000,
        onLook: (n) => taken.push(n),
        onAttempt: () => attempts++,
      },
    });
    hubs.push(started);
    let acquired = 0;
    started.database.pool.on('acquire', () => acquired++);
    for (const [i, text] of ['Water off at noon', 'Water back at six'].entries()) {
      const { status } = await asViewer(`http://127.0.0.1:${started.port}/v1/alerts`, {
        method: 'POST',
        body: { level: 'orange', text },
      });
      expect(status).toBe(201);
      await eventually(async () => (attempts >= 3 * (i + 1) ? true : undefined));
    }
    await Promise.all(districts.map((d) => d.waitFor(2)));
    // each alert's three deliveries in one look (the looks after their outcomes find nothing)
    expect(taken.filter((n) => n > 0)).toEqual([3, 3]);
    // from the pool: each alert's own transaction, nothing for its deliveries. A transaction each held through its
    // POST, with a worker per place, took 8 for the two alerts, and 41-42 when every worker looked at each alert
    expect(acquired).toBe(2);
  });

  it('keeps its LISTEN, its session and the intake’s connections open however long it idles', async () => {
    const h = await hub(hubConfig(['http://127.0.0.1:9/a', 'http://127.0.0.1:9/b']));
    // pg-pool closes idle connections above `min` after 10 s
    expect(h.database.pool.options.min).toBe(2 + 2);
  });

  it('connects its session again after it was cut while idle, and delivers the next alert', async () => {
    const [district] = await receiversFor(1);
    const looks: number[] = [];
    const h = await lookingHub(hubConfig([district!.url]), looks);
    await eventually(async () => (looks.length >= 2 ? true : undefined));
    // the sender's session: the backend whose last statement was a look (a PostgreSQL restart cuts it the same way)
    const cut = await sql.query<{ ended: boolean }>(
      `SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity
       WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE '%pg_try_advisory_lock%'`,
    );
    expect(cut.rows.map((r) => r.ended)).toEqual([true]);
    const { status } = await asViewer(`http://127.0.0.1:${h.port}/v1/alerts`, {
      method: 'POST',
      body: { level: 'orange', text: 'Water off at noon' },
    });
    expect(status).toBe(201);
    await district!.waitFor(1);
    await deliveredAll(1);
  });

  it('never takes a delivery another hub holds mid-POST; once that hub’s session dies, takes it again, recorded once', async () => {
    const [district] = await receiversFor(1);
    let answerFirst: (status: number) => void = () => undefined;
    // the first POST hangs (a hub stuck on a district that does not answer), the next are answered
    district!.answer = (_request, index) => (index === 0 ? new Promise<number>((r) => (answerFirst = r)) : 200);
    const config = hubConfig([district!.url]);
    const stuck = await startHub({
      config,
      databaseUrl: database.url,
      logger: quietLogger,
      port: 0,
      sender: { pollMs: 50, timeoutMs: 30_000 },
    });
    hubs.push(stuck);
    const { json } = await asViewer(`http://127.0.0.1:${stuck.port}/v1/alerts`, {
      method: 'POST',
      body: { level: 'red', text: 'Stay inside' },
    });
    await district!.waitFor(1);
    const looks: number[] = [];
    await lookingHub(config, looks);
    await eventually(async () => (looks.length >= 5 ? true : undefined));
    // five looks while the first hub holds it: none took it
    expect(looks.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
    expect(district!.received).toHaveLength(1);
    // the stuck hub's session ends (its process killed, its connection cut): PostgreSQL lets its lock go
    const ended = await sql.query<{ ended: boolean }>(
      `SELECT pg_terminate_backend(pid) AS ended FROM pg_locks
       WHERE locktype = 'advisory' AND classid = $1 AND granted`,
      [DELIVERY_LOCK_CLASS],
    );
    expect(ended.rows.map((r) => r.ended)).toEqual([true]);
    await district!.waitFor(2);
    const row = await eventually(async () => {
      const result = await sql.query<{ status: string; attempts: number }>(
        'SELECT status, attempts FROM alert_deliveries WHERE alert_id = $1',
        [(json as { id: string }).id],
      );
      return result.rows[0]?.status === 'delivered' ? result.rows[0] : undefined;
    });
    const id = (json as { id: string }).id;
    // the same alert again, by its id (the district stores it once)
    expect(district!.received.map((r) => r.id)).toEqual([id, id]);
    expect(row).toEqual({ status: 'delivered', attempts: 1 });
    // the stuck hub's answer at last, then its stop: it records nothing under the session it lost
    answerFirst(200);
    await stuck.stop();
    const after = await sql.query('SELECT status, attempts FROM alert_deliveries WHERE alert_id = $1', [id]);
    expect(after.rows).toEqual([{ status: 'delivered', attempts: 1 }]);
  });

  it('retries a district that fails with backoff, holding its later alerts back until it accepts, and only it', async () => {
    const [down, up] = await receiversFor(2);
    down!.answer = (_request, index) => (index < 3 ? 503 : 200);
    const h = await hub(hubConfig([down!.url, up!.url]));
    const first = await asViewer(`http://127.0.0.1:${h.port}/v1/alerts`, {
      method: 'POST',
      body: { level: 'yellow', text: 'first' },
    });
    const second = await asViewer(`http://127.0.0.1:${h.port}/v1/alerts`, {
      method: 'POST',
      body: { level: 'red', text: 'second', districts: ['d1'] },
    });
    const [id1, id2] = [(first.json as { id: string }).id, (second.json as { id: string }).id];
    await down!.waitFor(5);
    await up!.waitFor(1);
    // three refusals of the first, then the first accepted, then the second: never the second before the first
    expect(down!.received.map((r) => r.id)).toEqual([id1, id1, id1, id1, id2]);
    expect(up!.received.map((r) => r.id)).toEqual([id1]);
    const rows = await eventually(async () => {
      const result = await sql.query<{ district_id: string; status: string; attempts: number }>(
        'SELECT district_id, status, attempts FROM alert_deliveries WHERE alert_id = $1 ORDER BY district_id',
        [id1],
      );
      return result.rows.every((r) => r.status === 'delivered') ? result.rows : undefined;
    });
    expect(rows).toEqual([
      { district_id: 'd1', status: 'delivered', attempts: 4 },
      { district_id: 'd2', status: 'delivered', attempts: 1 },
    ]);
    const bad = await asViewer(`http://127.0.0.1:${h.port}/v1/alerts`, {
      method: 'POST',
      body: { level: 'purple', text: 'x' },
    });
    expect(bad).toEqual({ status: 400, json: { error: 'level: expected one of blue, yellow, orange, red' } });
    const unknown = await asViewer(`http://127.0.0.1:${h.port}/v1/alerts`, {
      method: 'POST',
      body: { level: 'red', text: 'x', districts: ['d9'] },
    });
    expect(unknown.status).toBe(400);
    expect((await asViewer(`http://127.0.0.1:${h.port}/v1/alerts`, { method: 'POST', token: null })).status).toBe(401);
  });

  it('gives a district up (dead) once its first failure is older than the give-up time, counting from that failure', async () => {
    const [down, up] = await receiversFor(2);
    down!.answer = () => 503;
    const h = await hub(hubConfig([down!.url, up!.url]), 20, 300);
    const issued = await asViewer(`http://127.0.0.1:${h.port}/v1/alerts`, {
      method: 'POST',
      body: { level: 'red', text: 'stay inside' },
    });
    const id = (issued.json as { id: string }).id;
    // each retry keeps the first failure's time: counted from the latest one instead, it would never be given up
    const dead = await eventually(async () => {
      const result = await sql.query<{ status: string; attempts: number; first: Date; last: Date }>(
        `SELECT status, attempts, first_failed_at AS first, next_at AS last FROM alert_deliveries
         WHERE alert_id = $1 AND district_id = 'd1'`,
        [id],
      );
      return result.rows[0]?.status === 'dead' ? result.rows[0] : undefined;
    });
    expect(dead.attempts).toBeGreaterThanOrEqual(3);
    expect(down!.received.length).toBe(dead.attempts);
    expect(dead.first.getTime()).toBeLessThan(dead.last.getTime());
    await up!.waitFor(1);
  });

  it('`npm run hub -- alert` records an alert and delivers it beside a running hub, once', async () => {
    const [d1, d2] = await receiversFor(2);
    const config = hubConfig([d1!.url, d2!.url]);
    await hub(config);
    const file = `${process.env.TMPDIR ?? '/tmp'}/hub-cli-${process.pid}.json`;
    const { writeFileSync, rmSync } = await import('node:fs');
    writeFileSync(
      file,
      JSON.stringify({
        city: 'Test city',
        districts: config.districts,
        viewers: [],
      }),
    );
    try {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', 'src/hub/main.ts', 'alert', 'red', 'Stay', 'inside', '--districts', 'd2', '--wait', '10'],
        { env: { ...process.env, DATABASE_URL: database.url, HUB_CONFIG: file, LOG_LEVEL: 'error' }, timeout: 20_000 },
      );
      expect(stdout).toMatch(/recorded for 1 district/);
      expect(stdout).toMatch(/d2: delivered, 1 attempt/);
    } finally {
      rmSync(file, { force: true });
    }
    await d2!.waitFor(1);
    expect(JSON.parse(d2!.received[0]!.body)).toMatchObject({ data: { level: 'red', text: 'Stay inside' } });
    expect(d2!.received).toHaveLength(1);
    expect(d1!.received).toHaveLength(0);
  });
});

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { type RunningHub, startHub } from '../../src/hub/hub.ts';
import { type LocalBotApi, startLocalBotApi } from '../../src/local-bot-api/index.ts';
import { asViewer, eventually, hubConfig, quietLogger } from './helpers.ts';
import { createTestDatabase, type TestDatabase } from './pg.ts';

// SPEC §7, up and down with real district bots: three bot processes (`src/main.ts`, as `npm start` runs it), each
// with its own token, local Bot API, SQLite and HTTP port, list the hub among their webhooks. The hub is stopped for a
// while and started again: every event of every district arrives in it once.

const dir = mkdtempSync(join(tmpdir(), 'mutual-aid-hub-districts-'));
let database: TestDatabase | undefined;
let sql: pg.Pool | undefined;
let hub: RunningHub | undefined;
const apis: LocalBotApi[] = [];
const bots: ChildProcess[] = [];
const exits: Array<Promise<number | null>> = [];

afterAll(async () => {
  for (const bot of bots) if (bot.exitCode === null && bot.signalCode === null) bot.kill('SIGKILL');
  await hub?.stop();
  for (const api of apis) await api.close();
  await sql?.end();
  await database?.drop();
  rmSync(dir, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

const chatOf = (district: number, building: number) => -1007000000000 - district * 100 - building;
const residentOf = (district: number, k: number) => 7000 + district * 10 + k;

/** The events a district bot stored (its own SQLite, read while it runs: WAL lets a reader in). */
function districtEvents(district: number): Array<{ id: string; type: string }> {
  const db = new Database(join(dir, `d${district}.db`), { readonly: true });
  try {
    return db.prepare('SELECT id, type FROM events ORDER BY seq').all() as Array<{ id: string; type: string }>;
  } finally {
    db.close();
  }
}

function failedAttempts(district: number): number {
  const db = new Database(join(dir, `d${district}.db`), { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM webhook_deliveries WHERE attempts > 0').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

async function hubEvents(district: string): Promise<string[]> {
  const rows = await sql!.query<{ id: string }>('SELECT id FROM events WHERE district_id = $1 ORDER BY id', [district]);
  return rows.rows.map((r) => r.id);
}

it('takes every event of three district bot processes once, across a hub stopped for a while and restarted', {
  timeout: 180_000,
}, async () => {
  database = await createTestDatabase();
  sql = new pg.Pool({ connectionString: database.url, max: 2 });
  // an idle connection the server drops is the pool's to replace, not an error of the test
  sql.on('error', () => undefined);
  const hubPort = await freePort();
  const districts = [1, 2, 3];
  const httpPorts: number[] = [];
  for (const d of districts) {
    const api = await startLocalBotApi({
      token: `${600000 + d}:DISTRICT-${d}`,
      bot: { id: 600000 + d, username: `district_${d}_bot` },
    });
    apis.push(api);
    for (const b of [1, 2]) {
      api.addChat({ id: chatOf(d, b), type: 'supergroup', title: `D${d} tower ${b}` });
      api.setMember(chatOf(d, b), api.botInfo.id, 'administrator');
    }
    for (const k of [0, 1]) {
      api.addUser({ id: residentOf(d, k), first_name: `Resident ${d}${k}`, language_code: 'en' });
      api.setMember(chatOf(d, 1 + k), residentOf(d, k), 'member');
    }
    const port = await freePort();
    httpPorts.push(port);
    const config = join(dir, `d${d}.json`);
    writeFileSync(
      config,
      JSON.stringify({
        language: 'en',
        buildings: [1, 2].map((b) => ({ id: `t${b}`, name: `Tower ${b}`, chatId: chatOf(d, b) })),
        hub: { alertSecret: `alert-secret-of-d${d}` },
        webhooks: [{ url: `http://127.0.0.1:${hubPort}/v1/events/d${d}`, secret: `events-secret-of-d${d}` }],
      }),
    );
    const bot = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: {
        PATH: process.env.PATH ?? '',
        BOT_TOKEN: api.token,
        TELEGRAM_API_ROOT: api.apiRoot,
        DB_PATH: join(dir, `d${d}.db`),
        BOT_CONFIG: config,
        HTTP_PORT: String(port),
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    // a process that cannot be spawned fails the test through its exit code, not as an unhandled 'error' event
    bot.on('error', () => undefined);
    bots.push(bot);
    exits.push(new Promise((resolve) => bot.once('exit', (code) => resolve(code))));
  }
  const config = hubConfig(httpPorts.map((port) => `http://127.0.0.1:${port}/v1/alerts`));
  const startIt = () =>
    startHub({
      config,
      databaseUrl: database!.url,
      logger: quietLogger,
      port: hubPort,
      sender: { pollMs: 50, retry: { firstMs: 100, maxMs: 1000, giveUpMs: 60_000 } },
    });
  hub = await startIt();
  // each bot polls its local Bot API once it is up
  for (const api of apis)
    await eventually(async () => (api.calls.some((c) => c.method === 'getUpdates') ? true : undefined), 60_000);

  const need = (d: number, k: number, text: string) => apis[d - 1]!.sendText(chatOf(d, 1 + k), residentOf(d, k), text);
  for (const d of districts) {
    need(d, 0, '/need #food rice');
    need(d, 1, '/need !! #medicine insulin');
  }
  await eventually(async () => ((await sql!.query('SELECT 1 FROM events')).rowCount === 6 ? true : undefined), 30_000);

  // the hub down: each district keeps its events and retries them (first after 10 s), none waits on the hub
  await hub.stop();
  hub = undefined;
  for (const d of districts) {
    need(d, 0, '/need #medicine 2 bottles of water');
    need(d, 1, '/need #food bread');
  }
  const created = (d: number) => districtEvents(d).filter((e) => e.type === 'need.created').length;
  for (const d of districts) {
    await eventually(async () => (created(d) === 4 ? true : undefined), 30_000);
    await eventually(async () => (failedAttempts(d) > 0 ? true : undefined), 30_000);
  }
  hub = await startIt();

  // back: every event of every district arrives, once (the same ids the districts stored, no more, no fewer)
  for (const d of districts) {
    const stored = districtEvents(d);
    const ids = stored.map((e) => e.id).sort();
    await eventually(async () => ((await hubEvents(`d${d}`)).length === ids.length ? true : undefined), 40_000);
    expect(await hubEvents(`d${d}`)).toEqual(ids);
  }
  const { json } = await asViewer(`http://127.0.0.1:${hubPort}/v1/overview`);
  const overview = json as {
    districts: Array<{ id: string; needs: { open: Record<string, number> }; oldestUrgent: unknown }>;
  };
  for (const d of overview.districts) {
    expect(d.needs.open).toEqual({ urgent: 1, high: 0, normal: 3 });
    expect(d.oldestUrgent).not.toBeNull();
  }

  // and down: a city alert reaches each district's two towers, reported back up with its counts
  const sent = await asViewer(`http://127.0.0.1:${hubPort}/v1/alerts`, {
    method: 'POST',
    body: { level: 'red', text: 'City-wide: stay inside' },
  });
  expect(sent.status).toBe(201);
  await eventually(async () => {
    const rows = await sql!.query<{ n: number }>('SELECT count(*)::int AS n FROM alert_reports');
    return rows.rows[0]!.n === 3 ? true : undefined;
  }, 30_000);
  const reports = await sql.query<{ counts: unknown }>('SELECT counts FROM alert_reports ORDER BY district_id');
  expect(reports.rows.map((r) => r.counts)).toEqual(districts.map(() => ({ buildings: 2, delivered: 2, failed: 0 })));
  for (const [i, api] of apis.entries())
    for (const b of [1, 2])
      expect(api.botMessages(chatOf(i + 1, b)).filter((m) => m.text?.includes('City-wide: stay inside'))).toHaveLength(
        1,
      );

  for (const bot of bots) bot.kill('SIGTERM');
  expect(await Promise.all(exits)).toEqual([0, 0, 0]);
});

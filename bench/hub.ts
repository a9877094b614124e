// The city hub's scenario (SPEC §7): district bots, each a process of its own (`src/main.ts` as `npm start` runs it)
// with its own token, SQLite and local Bot API limited to 30 messages/s, and the hub (`src/hub/main.ts` as
// `npm run hub` runs it) on PostgreSQL. Measures a city red alert from the hub's command to every building's group,
// and the hub's intake of events, and checks that every event arrived once.
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { createServer } from 'node:net';
import { getPriority, setPriority } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { parseConfig } from '../src/config/index.ts';
import { postEvent } from '../src/jobs/webhook-sender.ts';
import { type LocalBotApi, startLocalBotApi } from '../src/local-bot-api/index.ts';
import { BotProcess, mainThreadTimes, runtimeInUse } from './processes.ts';

export interface HubSizes {
  districts: number;
  buildingsPerDistrict: number;
  /** `/need` commands per district before the alert: real events, up through the bots' webhooks. */
  needsPerDistrict: number;
  /** Events per district POSTed to the hub's intake, one at a time per district as a bot's webhook sender does. */
  eventsPerDistrict: number;
  /** How long the district bots' CPU is read while they wait for the alert (a scheduler tick is every 15 s). */
  idleSeconds: number;
}

export const HUB_FULL: HubSizes = {
  districts: 20,
  buildingsPerDistrict: 300,
  needsPerDistrict: 10,
  eventsPerDistrict: 1500,
  idleSeconds: 30,
};
export const HUB_QUICK: HubSizes = {
  districts: 3,
  buildingsPerDistrict: 20,
  needsPerDistrict: 3,
  eventsPerDistrict: 200,
  idleSeconds: 2,
};

/** Telegram's flood limits, enforced by each district's local Bot API (429 past them). */
const TELEGRAM_LIMITS = { perSecond: 30, perGroupPerMinute: 20, perPrivatePerSecond: 1 };
/**
 * Each district bot's own pace: the config's default (Telegram's 30 a second; each send counted until a second after
 * its answer, so the local Bot APIs never see more in a second and the copies go in bursts of 30).
 */
const DISTRICT_PER_SECOND = parseConfig({ buildings: [{ id: 'b', name: 'B', chatId: -1 }] }).config.outbox.perSecond;
/** After a district's last send, its pace holds places until a second after the answer: this is well past that. */
const PACE_CLEAR_MS = 1500;
/**
 * The nice value of the bench process's threads while the two alerts are sent. The local Bot APIs run there and stand
 * in for Telegram, whose servers do not share the districts' cores. At the default share of two cores among some 23
 * busy processes, the one thread that answers all twenty tokens fell behind in the alert's first second: every
 * district's first 30 requests waited their turn in it, and so did the times it gives each copy. At nice -10 it still
 * had only about half a core beside ten busy bots on it (the kernel's weights: 9,548 against 1,024 each); at -20 about
 * nine tenths (88,761).
 */
const LOCAL_API_NICE = -20;
const VIEWER_TOKEN = 'bench-command-room-token';
const ALERT_MARK = 'City red alert (bench)';
const ALERT_TEXT = `${ALERT_MARK}: stay inside, testing in every building from 9:00`;

export interface HubResults {
  sizes: HubSizes;
  alert: {
    /** From the hub's `POST /v1/alerts` to the last building's copy, ms. */
    totalMs: number;
    /** Per district, ms after the command: the hub's delivery to it, its first and last copy, its last pin. */
    districts: Array<{
      id: string;
      receivedMs: number;
      firstCopyMs: number;
      /** Its copy number {@link firstSecondsWorth}: the last of its first second's worth. */
      firstSecondsWorthMs: number;
      lastCopyMs: number;
      lastPinMs: number;
      /** {@link windowWaits} of its copies. */
      windowWaitsMs: number[];
    }>;
    copies: number;
    pins: number;
    /** 429 answers of the local Bot APIs during the alert. */
    tooMany: number;
    /** Every district's `alert.delivered` in the hub, ms after the command. */
    reportedMs: number;
    reached: { buildings: number; delivered: number; failed: number };
    /** CPU used from the command to the last copy. */
    cpu: CpuUse;
    /** CPU used in the first second after the command. */
    firstSecond?: CpuUse;
    /** A second alert to district 1 alone, the others idle: ms from the command to its first and last copy. */
    oneDistrict?: { firstCopyMs: number; lastCopyMs: number; cpu: CpuUse };
    /** The local Bot APIs' priority during both alerts: `nice -20`, or why it could not be raised. */
    localApiPriority: string;
  };
  realEvents: { needCreated: number; alertIssued: number; alertDelivered: number; expectedNeeds: number };
  overviewMatches: boolean;
  intake: {
    events: number;
    elapsedMs: number;
    perSecond: number;
    p50: number;
    p99: number;
    duplicatesSent: number;
    duplicatesAnswered: number;
    forgedRefused: number;
    stored: number;
    needsRight: boolean;
    cpu: CpuUse;
  };
  startMs: { hub: number; bots: number };
  /** CPU the district bots used while they waited for the alert, their work done (polling, timers, due checks). */
  idle: CpuUse;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const chatIdOf = (district: number, building: number) => -1008000000000 - district * 10_000 - building;
const residentOf = (district: number, k: number) => 900_000 + district * 1000 + k;

/** Ports handed out by {@link freePort} in this run. */
const handedOut = new Set<number>();

/**
 * A port free now, below the range the system gives to port-0 listeners and outgoing connections (32768 and up on
 * Linux): a district bot listens on it seconds later, and a port of that range, free at the probe, was once taken in
 * between by one of the hundreds of connections the other processes open meanwhile (EADDRINUSE).
 */
async function freePort(): Promise<number> {
  const start = 20_000 + Math.floor(Math.random() * 10_000);
  for (let port = start; port < 32_768; port++) {
    if (handedOut.has(port)) continue;
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    if (free) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`hub bench: no free port from ${start} to 32767`);
}

/** Looks every `everyMs` until `check` gives a value, for at most `timeoutMs` (then fails, naming `what`). */
async function until<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs: number,
  everyMs = 20,
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`hub bench: ${what} not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

/** CPU seconds (user + system) the processes used so far, from /proc (Linux; 100 ticks a second); 0 for one gone. */
function cpuSecondsOf(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      // the fields after the command's name, which is in parentheses and may hold spaces
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // exited
    }
  }
  return ticks / 100;
}

/** The PostgreSQL server's processes on this machine (its backends included). */
function postgresPids(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres') pids.push(Number(entry));
    } catch {
      // exited
    }
  }
  return pids;
}

/** CPU seconds used meanwhile, by whom: the district bots, the hub, PostgreSQL, this process (local Bot APIs, load). */
export interface CpuUse {
  bots: number;
  hub: number;
  postgres: number;
  bench: number;
  wallSeconds: number;
  /** The bots' main threads (their event loops), seconds: on a core, and ready to run but waiting for one. */
  botThreads: { running: number; waiting: number };
}

/** The main threads of `pids` (each process's event loop), in seconds: their time on a core and waiting for one. */
export function schedSecondsOf(pids: readonly number[]): { running: number; waiting: number } {
  let running = 0;
  let waiting = 0;
  for (const pid of pids) {
    // exited, or a kernel without scheduler statistics: nothing
    const times = mainThreadTimes(pid);
    running += (times?.cpuMs ?? 0) / 1000;
    waiting += (times?.waitedMs ?? 0) / 1000;
  }
  return { running, waiting };
}

function cpuMeter(bots: () => number[], hub: () => number[]): () => CpuUse {
  const read = () => {
    const botPids = bots();
    return {
      bots: cpuSecondsOf(botPids),
      hub: cpuSecondsOf(hub()),
      postgres: cpuSecondsOf(postgresPids()),
      bench: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
      botThreads: schedSecondsOf(botPids),
      at: performance.now(),
    };
  };
  const start = read();
  return () => {
    const end = read();
    return {
      bots: end.bots - start.bots,
      hub: end.hub - start.hub,
      postgres: end.postgres - start.postgres,
      bench: end.bench - start.bench,
      wallSeconds: (end.at - start.at) / 1000,
      botThreads: {
        running: end.botThreads.running - start.botThreads.running,
        waiting: end.botThreads.waiting - start.botThreads.waiting,
      },
    };
  };
}

/** A fresh database on the bench's PostgreSQL, named after its base (so `.ci/run` drops one a crash left). */
async function createBenchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const base =
    process.env.HUB_BENCH_DATABASE_URL ??
    process.env.HUB_TEST_DATABASE_URL ??
    'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = new pg.Client({ connectionString: base, connectionTimeoutMillis: 5000 });
  try {
    await admin.connect();
  } catch (err) {
    throw new Error(
      `the hub's scenario needs PostgreSQL (HUB_BENCH_DATABASE_URL, or postgres@127.0.0.1:5432): ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const name = `${new URL(base).pathname.slice(1) || 'postgres'}_bench_${randomBytes(4).toString('hex')}`.toLowerCase();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Each window's wait, averaged over the districts: `256, 62, 31 ms`. */
function meanWindowWaits(perDistrict: readonly number[][]): string {
  const windows = Math.min(...perDistrict.map((waits) => waits.length));
  if (perDistrict.length === 0 || windows <= 0) return '–';
  const means = Array.from({ length: windows }, (_, k) =>
    Math.round(perDistrict.reduce((sum, waits) => sum + waits[k]!, 0) / perDistrict.length),
  );
  return `${means.join(', ')} ms`;
}

/**
 * How much more than a second each window of a district's copies came after the window before (copy n + `perWindow`
 * after copy n, less a second, averaged over the window), ms, for the second window on. The outbox frees a place in
 * its pace a second after the answer of the send that held it: this is the round trips, and whatever held up the
 * sends and the answers (the machine's other processes among them).
 */
export function windowWaits(copyTimes: readonly number[], perWindow: number): number[] {
  const sorted = [...copyTimes].sort((a, b) => a - b);
  const waits: number[] = [];
  for (let start = 0; start + 2 * perWindow <= sorted.length; start += perWindow) {
    let sum = 0;
    for (let i = start; i < start + perWindow; i++) sum += sorted[i + perWindow]! - sorted[i]! - 1000;
    waits.push(sum / perWindow);
  }
  return waits;
}

/** How many copies a district sends in its first second: its pace's worth, or all of them when it has fewer groups. */
function firstSecondsWorth(sizes: HubSizes): number {
  return Math.min(DISTRICT_PER_SECOND, sizes.buildingsPerDistrict);
}

/** This process's threads (Linux: /proc/self/task); just this one where there is no such folder. */
function threadsOfThisProcess(): number[] {
  try {
    return readdirSync('/proc/self/task').map(Number);
  } catch {
    return [0];
  }
}

/**
 * Gives every thread of this process `nice` (Linux sets it per thread; raising a priority needs root, or
 * CAP_SYS_NICE); `restore` puts the old values back, and `note` says which it was, for the table. Not the main thread
 * alone: it waits on the others (V8's garbage collector's helpers, libuv's pool), and those left at the default
 * share held it up in the alert's first seconds (scavenges of 23-100 ms; mostly 2-16 ms with every thread raised).
 */
function raisePriority(nice: number): { restore: () => void; note: string } {
  const before = new Map(threadsOfThisProcess().map((thread) => [thread, getPriority(thread)]));
  const restore = () => {
    for (const [thread, value] of before) {
      try {
        setPriority(thread, value);
      } catch {
        // a thread that ended meanwhile
      }
    }
  };
  try {
    for (const thread of before.keys()) setPriority(thread, nice);
    return { restore, note: `nice ${nice}` };
  } catch (err) {
    restore();
    return {
      restore: () => {},
      note: `left at nice ${getPriority(0)} (${err instanceof Error ? err.message : String(err)})`,
    };
  }
}

interface District {
  n: number;
  id: string;
  eventsSecret: string;
  alertSecret: string;
  httpPort: number;
  api: LocalBotApi;
  bot?: BotProcess;
}

/**
 * Runs the scenario: PostgreSQL database, local Bot APIs (in this process, one per district token), the hub and the
 * district bots (processes), real events, the city alert, then the intake under load. Cleans up whatever happens.
 */
export async function hubBench(options: {
  sizes: HubSizes;
  work: string;
  log: (line: string) => void;
  /** Write V8 CPU profiles of the hub and the district bots there (`npm run bench -- --profile DIR`). */
  profileDir?: string;
}): Promise<HubResults> {
  const { sizes, work, log, profileDir } = options;
  const database = await createBenchDatabase();
  const sql = new pg.Pool({ connectionString: database.url, max: 2 });
  const districts: District[] = [];
  let hub: BotProcess | undefined;
  let restorePriority = () => {};
  try {
    for (let n = 1; n <= sizes.districts; n++) {
      const api = await startLocalBotApi({
        token: `${700000 + n}:DISTRICT-${n}-TOKEN`,
        bot: { id: 700000 + n, username: `district_${n}_bot`, first_name: `District ${n}` },
        rateLimits: TELEGRAM_LIMITS,
      });
      for (let b = 1; b <= sizes.buildingsPerDistrict; b++) {
        const chatId = chatIdOf(n, b);
        api.addChat({ id: chatId, type: 'supergroup', title: `D${n} building ${b}` });
        // an admin, so the alert can be pinned
        api.setMember(chatId, api.botInfo.id, 'administrator');
      }
      for (let k = 0; k < sizes.needsPerDistrict; k++) {
        const id = residentOf(n, k);
        api.addUser({ id, first_name: `Resident ${n}-${k}`, language_code: 'en' });
        api.setMember(chatIdOf(n, 1 + (k % sizes.buildingsPerDistrict)), id, 'member');
      }
      districts.push({
        n,
        id: `d${n}`,
        eventsSecret: `events-secret-of-district-${n}`,
        alertSecret: `alert-secret-of-district-${n}`,
        httpPort: await freePort(),
        api,
      });
    }
    const hubPort = await freePort();
    const hubUrl = `http://127.0.0.1:${hubPort}`;
    const hubConfig = join(work, 'hub.config.json');
    writeFileSync(
      hubConfig,
      JSON.stringify({
        city: 'Bench city',
        districts: districts.map((d) => ({
          id: d.id,
          name: `District ${d.n}`,
          eventsSecret: d.eventsSecret,
          alertUrl: `http://127.0.0.1:${d.httpPort}/v1/alerts`,
          alertSecret: d.alertSecret,
        })),
        viewers: [{ name: 'bench', tokenSha256: sha256(VIEWER_TOKEN) }],
      }),
    );
    let started = performance.now();
    hub = BotProcess.start(
      'src/hub/main.ts',
      { DATABASE_URL: database.url, HUB_PORT: String(hubPort), HUB_CONFIG: hubConfig, LOG_LEVEL: 'warn' },
      join(work, 'hub.log'),
      profileDir,
    );
    hub.ready.catch(() => undefined);
    await until(
      'the hub answering /healthz',
      async () => ((await fetch(`${hubUrl}/healthz`).catch(() => undefined))?.ok ? true : undefined),
      60_000,
      100,
    );
    const hubStartMs = Math.round(performance.now() - started);
    log(`hub: up in ${hubStartMs} ms (${sizes.districts} districts)`);

    started = performance.now();
    for (const d of districts) {
      const config = join(work, `district-${d.n}.json`);
      writeFileSync(
        config,
        JSON.stringify({
          timezone: 'Asia/Shanghai',
          language: 'en',
          admins: [1],
          buildings: Array.from({ length: sizes.buildingsPerDistrict }, (_, i) => ({
            id: `b${i + 1}`,
            name: `Building ${i + 1}`,
            chatId: chatIdOf(d.n, i + 1),
          })),
          hub: { alertSecret: d.alertSecret },
          webhooks: [{ url: `${hubUrl}/v1/events/${d.id}`, secret: d.eventsSecret }],
        }),
      );
      d.bot = BotProcess.start(
        'src/main.ts',
        {
          BOT_TOKEN: d.api.token,
          TELEGRAM_API_ROOT: d.api.apiRoot,
          DB_PATH: join(work, `district-${d.n}.db`),
          BOT_CONFIG: config,
          HTTP_PORT: String(d.httpPort),
          LOG_LEVEL: 'warn',
        },
        join(work, `district-${d.n}.log`),
        profileDir,
      );
      d.bot.ready.catch(() => undefined);
    }
    for (const d of districts) {
      await until(
        `district ${d.n} serving /v1/alerts`,
        async () =>
          (await fetch(`http://127.0.0.1:${d.httpPort}/healthz`).catch(() => undefined))?.ok ? true : undefined,
        180_000,
        100,
      );
    }
    const botsStartMs = Math.round(performance.now() - started);
    log(`district bots: ${sizes.districts} processes up in ${botsStartMs} ms`);

    // real events, up through each bot's webhook sender
    for (const d of districts)
      for (let k = 0; k < sizes.needsPerDistrict; k++)
        d.api.sendText(
          chatIdOf(d.n, 1 + (k % sizes.buildingsPerDistrict)),
          residentOf(d.n, k),
          `/need #food rice for ${k}`,
        );
    const expectedNeeds = sizes.districts * sizes.needsPerDistrict;
    const countOf = async (type: string) =>
      (await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE type = $1', [type])).rows[0]!.n;
    await until(
      'the needs’ events in the hub',
      async () => ((await countOf('need.created')) >= expectedNeeds ? true : undefined),
      120_000,
      100,
    );
    log(`real events: ${expectedNeeds} need.created from the bots, in the hub`);

    // what twenty districts cost the machine while nothing happens: the CPU that an alert then shares the cores with
    const idleCpu = cpuMeter(
      () => districts.map((d) => d.bot!.child.pid!),
      () => [hub!.child.pid!],
    );
    await new Promise((resolve) => setTimeout(resolve, sizes.idleSeconds * 1000));
    const idle = idleCpu();
    log(`idle: the bots used ${idle.bots.toFixed(2)} CPU s in ${idle.wallSeconds.toFixed(1)} s`);

    // the city alert
    const seen = districts.map((d) => ({
      from: d.api.calls.length,
      copies: [] as number[],
      pins: [] as number[],
      tooMany: 0,
    }));
    /** Reads the calls each local Bot API received since the last look (a look costs only what is new). */
    const scan = () => {
      districts.forEach((d, i) => {
        const mine = seen[i]!;
        const calls = d.api.calls;
        for (; mine.from < calls.length; mine.from++) {
          const call = calls[mine.from]!;
          if (call.status === 429) mine.tooMany++;
          else if (call.status !== 200) continue;
          else if (call.method === 'sendMessage' && String(call.params.text).includes(ALERT_MARK))
            mine.copies.push(call.at);
          else if (call.method === 'pinChatMessage') mine.pins.push(call.at);
        }
      });
    };
    scan();
    for (const mine of seen) mine.copies.length = mine.pins.length = mine.tooMany = 0;
    const alertCpu = cpuMeter(
      () => districts.map((d) => d.bot!.child.pid!),
      () => [hub!.child.pid!],
    );
    const priority = raisePriority(LOCAL_API_NICE);
    restorePriority = priority.restore;
    const commandAt = Date.now();
    // what the first second asks of the cores: every district storing the alert and sending its first copies at once
    let firstSecond: CpuUse | undefined;
    setTimeout(() => {
      firstSecond = alertCpu();
    }, 1000);
    const issued = await fetch(`${hubUrl}/v1/alerts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${VIEWER_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ level: 'red', text: ALERT_TEXT }),
    });
    if (issued.status !== 201) throw new Error(`hub bench: POST /v1/alerts answered ${issued.status}`);
    const alertId = ((await issued.json()) as { id: string }).id;
    const groups = sizes.buildingsPerDistrict;
    await until(
      'every building’s copy of the alert',
      () => {
        scan();
        return seen.every((mine) => mine.copies.length >= groups) ? true : undefined;
      },
      180_000,
    );
    const copiesCpu = alertCpu();
    const lastCopyAt = Math.max(...seen.map((mine) => mine.copies.at(-1)!));
    log(
      `city alert: ${sizes.districts * groups} copies, the last ${lastCopyAt - commandAt} ms after the command; CPU s: bots ${copiesCpu.bots.toFixed(1)}, hub ${copiesCpu.hub.toFixed(1)}, postgres ${copiesCpu.postgres.toFixed(1)}, bench ${copiesCpu.bench.toFixed(1)} in ${copiesCpu.wallSeconds.toFixed(1)} s`,
    );
    await until(
      'every pin',
      () => {
        scan();
        return seen.every((mine) => mine.pins.length >= groups) ? true : undefined;
      },
      180_000,
    );
    const reports = await until(
      'every district’s alert.delivered in the hub',
      async () => {
        const rows = await sql.query<{
          district_id: string;
          counts: { buildings: number; delivered: number; failed: number };
          at: Date;
        }>(
          `SELECT r.district_id, r.counts, e.received_at AS at FROM alert_reports r
           JOIN events e ON e.district_id = r.district_id AND e.type = 'alert.delivered' WHERE r.alert_id = $1`,
          [alertId],
        );
        return rows.rows.length >= sizes.districts ? rows.rows : undefined;
      },
      60_000,
      50,
    );
    const deliveries = await sql.query<{ district_id: string; delivered_at: Date }>(
      'SELECT district_id, delivered_at FROM alert_deliveries WHERE alert_id = $1',
      [alertId],
    );
    const alert: HubResults['alert'] = {
      totalMs: lastCopyAt - commandAt,
      districts: districts.map((d, i) => {
        const mine = seen[i]!;
        const delivered = deliveries.rows.find((r) => r.district_id === d.id)?.delivered_at;
        return {
          id: d.id,
          receivedMs: delivered ? delivered.getTime() - commandAt : Number.NaN,
          firstCopyMs: mine.copies[0]! - commandAt,
          firstSecondsWorthMs: mine.copies[firstSecondsWorth(sizes) - 1]! - commandAt,
          lastCopyMs: mine.copies.at(-1)! - commandAt,
          lastPinMs: mine.pins.at(-1)! - commandAt,
          windowWaitsMs: windowWaits(mine.copies, firstSecondsWorth(sizes)),
        };
      }),
      copies: seen.reduce((sum, mine) => sum + mine.copies.length, 0),
      pins: seen.reduce((sum, mine) => sum + mine.pins.length, 0),
      tooMany: seen.reduce((sum, mine) => sum + mine.tooMany, 0),
      reportedMs: Math.max(...reports.map((r) => new Date(r.at).getTime())) - commandAt,
      reached: reports.reduce(
        (sum, r) => ({
          buildings: sum.buildings + r.counts.buildings,
          delivered: sum.delivered + r.counts.delivered,
          failed: sum.failed + r.counts.failed,
        }),
        { buildings: 0, delivered: 0, failed: 0 },
      ),
      cpu: copiesCpu,
      ...(firstSecond ? { firstSecond } : {}),
      localApiPriority: priority.note,
    };
    log(
      `alert.delivered from all ${sizes.districts} districts in the hub ${alert.reportedMs} ms after the command; ${alert.tooMany} 429s`,
    );

    // one district alone (the others idle): what a district on a machine of its own does. Its own pace must start
    // empty too: the city alert's last pins went moments ago and would hold its first second's places
    const solo = seen[0]!;
    scan();
    const lastPinAt = Math.max(...seen.map((mine) => mine.pins.at(-1)!));
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, lastPinAt + PACE_CLEAR_MS - Date.now())));
    scan();
    solo.copies.length = 0;
    const soloCpu = cpuMeter(
      () => [districts[0]!.bot!.child.pid!],
      () => [hub!.child.pid!],
    );
    const soloAt = Date.now();
    const soloIssued = await fetch(`${hubUrl}/v1/alerts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${VIEWER_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ level: 'red', text: `${ALERT_MARK}: district 1 only`, districts: ['d1'] }),
    });
    if (soloIssued.status !== 201) throw new Error(`hub bench: POST /v1/alerts answered ${soloIssued.status}`);
    await until(
      'district 1’s copies of its own alert',
      () => {
        scan();
        return solo.copies.length >= groups ? true : undefined;
      },
      120_000,
    );
    alert.oneDistrict = {
      lastCopyMs: solo.copies.at(-1)! - soloAt,
      firstCopyMs: solo.copies[0]! - soloAt,
      cpu: soloCpu(),
    };
    // the intake is the hub's measure: its senders (this process) get no more than their share
    restorePriority();
    log(
      `one district alone: ${groups} copies, the last ${alert.oneDistrict.lastCopyMs} ms after the command (bot CPU ${alert.oneDistrict.cpu.bots.toFixed(1)} s)`,
    );

    await until(
      'district 1’s second alert.delivered',
      async () => ((await countOf('alert.delivered')) > sizes.districts ? true : undefined),
      30_000,
      50,
    );
    const realEvents = {
      needCreated: await countOf('need.created'),
      alertIssued: await countOf('alert.issued'),
      alertDelivered: await countOf('alert.delivered'),
      expectedNeeds,
    };
    const overview = (await (
      await fetch(`${hubUrl}/v1/overview`, { headers: { authorization: `Bearer ${VIEWER_TOKEN}` } })
    ).json()) as { districts: Array<{ needs: { open: Record<string, number> } }> };
    const overviewMatches = overview.districts.every(
      (d) => Object.values(d.needs.open).reduce((a, b) => a + b, 0) === sizes.needsPerDistrict,
    );

    // the intake is the hub's own measure: the district bots (still pinning the last alert, running their timers) are
    // stopped first, and the bench process sends the events as their webhook senders would
    await Promise.all(districts.map((d) => d.bot?.stop()));
    const intakeCpu = cpuMeter(
      () => [],
      () => [hub!.child.pid!],
    );
    const intake = { ...(await intakeLoad(hubUrl, districts, sizes.eventsPerDistrict, sql)), cpu: intakeCpu() };
    log(
      `intake: ${intake.events} events from ${sizes.districts} districts in ${intake.elapsedMs} ms = ${Math.round(intake.perSecond)}/s (p50 ${intake.p50} ms, p99 ${intake.p99} ms per event); CPU s: hub ${intake.cpu.hub.toFixed(1)}, postgres ${intake.cpu.postgres.toFixed(1)}, bench ${intake.cpu.bench.toFixed(1)}, bots ${intake.cpu.bots.toFixed(1)} in ${intake.cpu.wallSeconds.toFixed(1)} s`,
    );
    return { sizes, alert, realEvents, overviewMatches, intake, startMs: { hub: hubStartMs, bots: botsStartMs }, idle };
  } finally {
    restorePriority();
    await Promise.all(districts.map((d) => d.bot?.stop()));
    await hub?.stop();
    await Promise.all(districts.map((d) => d.api.close()));
    await sql.end();
    await database.drop();
  }
}

/**
 * The hub's intake under load: each district POSTs its events one at a time (the next once the last was answered), as
 * a district bot's webhook sender does, all districts at once, with `postEvent` (the bots' own sender function) on
 * kept-alive connections. Every 50th event is sent twice (a retry: answered as a duplicate, stored once) and each
 * district sends one forged event (refused). The events are a need's life: created, then claimed, then done.
 */
async function intakeLoad(
  hubUrl: string,
  districts: District[],
  perDistrict: number,
  sql: pg.Pool,
): Promise<Omit<HubResults['intake'], 'cpu'>> {
  const latencies: number[] = [];
  let duplicatesSent = 0;
  let duplicatesAnswered = 0;
  let forgedRefused = 0;
  const base = Date.parse('2026-04-01T10:00:00Z');
  const agents = { http: new Agent({ keepAlive: true }), https: undefined as never };
  const body = (d: District, i: number) => {
    // need n of this load: created at i = 3n, claimed at 3n + 1, done at 3n + 2
    const need = 100_000 + Math.floor(i / 3);
    const step = i % 3;
    const status = ['open', 'claimed', 'done'][step]!;
    const type = ['need.created', 'need.claimed', 'need.done'][step]!;
    const building = `b${1 + (need % 300)}`;
    return JSON.stringify({
      specversion: '1.0',
      id: `load-${d.id}-${i}`,
      source: `mutual-aid-bot/${building}`,
      type: `org.mutualaid.${type}`,
      time: new Date(base + i * 1000).toISOString(),
      datacontenttype: 'application/json',
      subject: String(need),
      data: {
        id: need,
        building,
        status,
        priority: ['urgent', 'high', 'normal'][need % 3],
        category: 'food',
        text: 'rice',
        private: false,
        createdAt: new Date(base + (i - step) * 1000).toISOString(),
      },
    });
  };
  const started = performance.now();
  await Promise.all(
    districts.map(async (d) => {
      const webhook = { url: `${hubUrl}/v1/events/${d.id}`, secret: d.eventsSecret };
      for (let i = 0; i < perDistrict; i++) {
        const sent = performance.now();
        const result = await postEvent(webhook, body(d, i), 10_000, { agents });
        latencies.push(performance.now() - sent);
        if (!result.accepted) throw new Error(`hub bench: event ${i} of ${d.id} refused: ${result.error}`);
        if (i % 50 === 49) {
          duplicatesSent++;
          const again = await postEvent(webhook, body(d, i), 10_000, { agents });
          if (again.accepted) duplicatesAnswered++;
        }
      }
      const forged = await postEvent(
        { ...webhook, secret: 'not-this-districts-secret' },
        body(d, perDistrict),
        10_000,
        { agents },
      );
      if (!forged.accepted && forged.error === 'HTTP 401') forgedRefused++;
    }),
  );
  const elapsedMs = performance.now() - started;
  agents.http.destroy();
  const stored = (await sql.query<{ n: number }>("SELECT count(*)::int AS n FROM events WHERE id LIKE 'load-%'"))
    .rows[0]!.n;
  // every need of the load ends as its last event said (done, or claimed/open for the last one)
  const wrong = await sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM needs WHERE need_id::int >= 100000 AND status <> CASE
       WHEN need_id::int < 100000 + $1 / 3 THEN 'done'
       WHEN $1 % 3 = 2 THEN 'claimed' ELSE 'open' END`,
    [perDistrict],
  );
  latencies.sort((a, b) => a - b);
  const events = districts.length * perDistrict;
  return {
    events,
    elapsedMs: Math.round(elapsedMs),
    perSecond: (events / elapsedMs) * 1000,
    p50: Math.round(percentile(latencies, 0.5) * 10) / 10,
    p99: Math.round(percentile(latencies, 0.99) * 10) / 10,
    duplicatesSent,
    duplicatesAnswered,
    forgedRefused,
    stored,
    needsRight: wrong.rows[0]!.n === 0,
  };
}

const n = (x: number): string => Math.round(x).toLocaleString('en-US');
const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const verdict = (ok: boolean): string => (ok ? 'met' : '**not met**');

const cpuTotal = (c: CpuUse): number => c.bots + c.hub + c.postgres + c.bench;
const cpuLine = (c: CpuUse): string =>
  `bots ${c.bots.toFixed(1)}, hub ${c.hub.toFixed(1)}, PostgreSQL ${c.postgres.toFixed(1)}, bench process ${c.bench.toFixed(1)} in ${c.wallSeconds.toFixed(1)} s`;

/** min / median / max of `xs`, in seconds. */
function spread(xs: number[]): string {
  const sorted = [...xs].sort((a, b) => a - b);
  return `${s(sorted[0]!)} / ${s(sorted[Math.floor(sorted.length / 2)]!)} / ${s(sorted.at(-1)!)}`;
}

/** The RESULTS.md section of the hub's scenario: the table, then how it is measured. */
export function hubSectionText(r: HubResults, how: { quick: boolean; when: string; machine: string }): string {
  const { sizes, alert, intake, realEvents } = r;
  const groups = sizes.districts * sizes.buildingsPerDistrict;
  const rows = [
    ['measure', 'result', 'goal'],
    [
      `city red alert to ${n(sizes.districts)} districts × ${n(sizes.buildingsPerDistrict)} buildings: from the hub's \`POST /v1/alerts\` to the last of ${n(groups)} groups`,
      s(alert.totalMs),
      `≤ 10 s: ${verdict(alert.totalMs <= 10_000 && alert.copies === groups)}`,
    ],
    [
      '   per district, min / median / max after the command: the hub delivered it',
      spread(alert.districts.map((d) => d.receivedMs)),
      '–',
    ],
    ['   its first copy in a group', spread(alert.districts.map((d) => d.firstCopyMs)), '–'],
    [
      `   its copy ${firstSecondsWorth(sizes)}, the last of its first second's worth (each later batch keeps their spread)`,
      spread(alert.districts.map((d) => d.firstSecondsWorthMs)),
      '–',
    ],
    ['   its last copy (the district done)', spread(alert.districts.map((d) => d.lastCopyMs)), '–'],
    [
      '   its copies, from its first to its last',
      spread(alert.districts.map((d) => d.lastCopyMs - d.firstCopyMs)),
      alert.oneDistrict
        ? `one district alone: ${s(alert.oneDistrict.lastCopyMs - alert.oneDistrict.firstCopyMs)} (see "The pace" below)`
        : '–',
    ],
    [
      `   its windows of ${firstSecondsWorth(sizes)} copies, from the second on: how much more than a second after the one before (mean over districts)`,
      meanWindowWaits(alert.districts.map((d) => d.windowWaitsMs)),
      'the round trips: a place frees a second after its answer',
    ],
    [
      '   its last pin (pins go after every copy)',
      spread(alert.districts.map((d) => d.lastPinMs)),
      `${n(alert.pins)} pins`,
    ],
    [
      '   copies, 429 answers',
      `${n(alert.copies)} copies, ${n(alert.tooMany)} 429s`,
      `every group once, no 429: ${verdict(alert.copies === groups && alert.tooMany === 0)}`,
    ],
    [
      '   CPU used meanwhile (from /proc), seconds',
      cpuLine(alert.cpu),
      `${(cpuTotal(alert.cpu) / alert.cpu.wallSeconds).toFixed(2)} of the 2 cores`,
    ],
    ...(alert.firstSecond
      ? [
          [
            '   of which in its first second (every district storing it and sending its first copies)',
            cpuLine(alert.firstSecond),
            `${(cpuTotal(alert.firstSecond) / alert.firstSecond.wallSeconds).toFixed(2)} of the 2 cores`,
          ],
          [
            "   in that second, the bots' main threads (their event loops): on a core / ready but waiting for one, seconds",
            `${alert.firstSecond.botThreads.running.toFixed(2)} / ${alert.firstSecond.botThreads.waiting.toFixed(2)}`,
            `each waited ${((1000 * alert.firstSecond.botThreads.waiting) / sizes.districts).toFixed(0)} ms on average (over the whole alert: ${((1000 * alert.cpu.botThreads.waiting) / sizes.districts).toFixed(0)} ms)`,
          ],
        ]
      : []),
    [
      '   before it, the same bots idle (polling, timers, due checks): CPU used, seconds',
      `bots ${r.idle.bots.toFixed(2)} in ${r.idle.wallSeconds.toFixed(1)} s`,
      `${((1000 * r.idle.bots) / r.idle.wallSeconds / sizes.districts).toFixed(1)} ms a second each`,
    ],
    ...(alert.oneDistrict
      ? [
          [
            `one district alone (a second alert, to d1 only; the other ${n(sizes.districts - 1)} idle): its ${n(sizes.buildingsPerDistrict)} copies, first / last`,
            `${s(alert.oneDistrict.firstCopyMs)} / ${s(alert.oneDistrict.lastCopyMs)}`,
            `≤ 10 s: ${verdict(alert.oneDistrict.lastCopyMs <= 10_000)} (the bot used ${alert.oneDistrict.cpu.bots.toFixed(1)} CPU s)`,
          ],
        ]
      : []),
    [
      "   every district's `alert.delivered` in the hub",
      s(alert.reportedMs),
      `reached ${n(alert.reached.delivered)} of ${n(alert.reached.buildings)} buildings, ${n(alert.reached.failed)} failed`,
    ],
    [
      `hub intake: ${n(intake.events)} events from ${n(sizes.districts)} districts, each one at a time (as a bot's webhook sender), events/s`,
      `${n(intake.perSecond)}/s`,
      `≥ 2,000/s: ${verdict(intake.perSecond >= 2000)}`,
    ],
    [
      '   CPU used meanwhile, seconds (per event)',
      `${cpuLine(intake.cpu)}`,
      `hub ${((intake.cpu.hub / intake.events) * 1000).toFixed(2)} ms, PostgreSQL ${((intake.cpu.postgres / intake.events) * 1000).toFixed(2)} ms, the senders ${((intake.cpu.bench / intake.events) * 1000).toFixed(2)} ms per event`,
    ],
    [
      '   per event, POST to answer (committed)',
      `p50 ${intake.p50} ms, p99 ${intake.p99} ms`,
      `in ${n(intake.elapsedMs)} ms`,
    ],
    [
      '   idempotent and signed',
      `${n(intake.stored)} stored of ${n(intake.events)}; ${n(intake.duplicatesAnswered)} of ${n(intake.duplicatesSent)} repeats answered as duplicates; ${n(intake.forgedRefused)} of ${n(sizes.districts)} forged refused (401)`,
      `once each, forged refused, needs as their last event: ${verdict(intake.stored === intake.events && intake.duplicatesAnswered === intake.duplicatesSent && intake.forgedRefused === sizes.districts && intake.needsRight)}`,
    ],
    [
      "   the bots' own events, through their webhook senders",
      `${n(realEvents.needCreated)} \`need.created\`, ${n(realEvents.alertIssued)} \`alert.issued\`, ${n(realEvents.alertDelivered)} \`alert.delivered\``,
      `once each (${n(realEvents.expectedNeeds)}, ${n(sizes.districts + 1)}, ${n(sizes.districts + 1)}), overview = districts: ${verdict(realEvents.needCreated === realEvents.expectedNeeds && realEvents.alertIssued === sizes.districts + 1 && realEvents.alertDelivered === sizes.districts + 1 && r.overviewMatches)}`,
    ],
  ];
  const table = [
    `| ${rows[0]!.join(' | ')} |`,
    `|${rows[0]!.map(() => ' --- ').join('|')}|`,
    ...rows.slice(1).map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
  return `## A city of districts: the hub on PostgreSQL

${how.quick ? '`npm run bench -- --quick`: sizes cut down for CI; these numbers are not the benchmark.' : '`npm run bench -- --only hub` (or as part of `npm run bench`)'}, ${how.when}; ${how.machine}.
${n(sizes.districts)} district bots started in ${s(r.startMs.bots)} (all at once), the hub in ${s(r.startMs.hub)}; the local Bot APIs' threads ran at ${alert.localApiPriority} during the alerts.

${table}

How it is measured (\`bench/hub.ts\`):
- **Processes.** Each district bot is a process of its own, \`src/main.ts\` (${runtimeInUse() === 'compiled' ? 'compiled, as `npm start` runs it' : 'through tsx, as `npm run dev` runs it'}), with its
  own token, SQLite file, \`HTTP_PORT\` (its \`POST /v1/alerts\`) and config (${n(sizes.buildingsPerDistrict)} buildings, \`hub.alertSecret\`,
  the hub among its \`webhooks\`, \`outbox\` at its defaults: ${DISTRICT_PER_SECOND} messages/s). The hub is one process, \`src/hub/main.ts\` as
  \`npm run hub\` runs it, on a fresh PostgreSQL database (dropped after). The ${n(sizes.districts)} local Bot APIs, one per
  token, each answering 429 past ${TELEGRAM_LIMITS.perSecond} messages/s (and ${TELEGRAM_LIMITS.perGroupPerMinute}/min per group) as Telegram does, run in the bench
  process, which also times them: everything shares the machine's two cores with PostgreSQL. The local Bot APIs
  stand in for Telegram, whose servers do not share the districts' cores: during the two alerts every thread of the
  bench process (its main thread answers all ${n(sizes.districts)} tokens; the garbage collector's helpers and libuv's pool, which it
  waits on) runs at nice ${LOCAL_API_NICE} (as root). At the default share among some 23 busy processes it fell behind in the
  alert's first second, and every copy's time (taken when it reads the request) waited with it (over the runs of the
  session that raised its main thread to nice -10, whose other changes varied between them, the alert took
  10.28–10.87 s in 7 runs without it and 9.95–10.56 s in 9 with it; raising its other threads too took its scavenges
  in that second from 23–100 ms to mostly 2–16 ms). The hub, PostgreSQL and the bots keep the default; so does the
  intake.
- **The alert.** Timed from just before the bench's \`POST /v1/alerts\` to the hub (the command room's way) to the
  moment each local Bot API received a \`sendMessage\` of the alert; "the hub delivered it" is the hub's
  \`alert_deliveries.delivered_at\` (after the district answered 2xx). The goal is at the edge of what the limit
  allows: at 30 a second a district's 300 copies take ten windows of a second. The outbox counts each send from when
  it leaves until a second after its answer, so it sends 30 at once and the next 30 a second after their answers: the
  300th goes about 9 s after the first, with no 429 (an earlier pace spaced the sends evenly, 28 a second, and the
  300th went 10.7 s after the first; at 30 a second evenly spaced, sends a few ms late provoked 224 429s). Pins count
  against the same pace, so each district sends every copy first and then the pins (queued, in the answers' lane,
  once its last copy has left). A district commits the alert with its first ${DISTRICT_PER_SECOND} buildings' copies (a second's worth)
  and answers the hub; it queues the next ${DISTRICT_PER_SECOND} every half second while the first ones leave (twenty districts
  composing all their copies at once held every first copy back by more than a second). Then, once a second and a
  half has passed since the city alert's last pin (its places in district 1's pace free again), a second red alert
  to district 1 alone, the others idle: what one district does when the machine is not shared with nineteen others
  (as the design has it, each district on a small machine of its own).
- **The pace.** A district's copies go in batches of a second's worth, each a second after the answers to the last:
  from its first copy to its last is nine seconds and the round trips of nine batches. A round trip runs from the
  bot's timer firing, through its sends and the local Bot API's answers (in the bench process), to the bot reading
  them: milliseconds for one district alone, and more where some 22 busy processes share two cores. The row "its
  copies, from its first to its last" beside the district alone shows that stretch; the rows above it, the time
  before the first copy (the hub's POST, and twenty districts composing their first part at once).
- **CPU.** User + system seconds of the bot processes, the hub, PostgreSQL's processes and the bench process, read
  from /proc before and after; "of the 2 cores" is their sum over the wall time (for the first second, read one
  second after the command). The machine also runs other
  work (the load averages above): what the table cannot show is how much of the two cores that left to these, and
  the results move with it from run to run (the city alert took 28 to 42 s and the intake gave 1,600 to 3,000
  events/s over this scenario's runs while it was written). The idle row reads the bots over ${n(sizes.idleSeconds)} s after
  their residents' needs reached the hub and before the alert: what twenty waiting districts take from the cores the
  alert then shares (long polling, the outbox's and node-cron's timers, the due checks every 15 s). The row on the
  bots' main threads reads the kernel's scheduler statistics (\`/proc/PID/task/PID/schedstat\`) of each bot's event loop: its
  time on a core, and its time ready to run but waiting for one. Summed over the districts, the wait can exceed the
  second: it counts how many event loops stood in the cores' queue at once. Each turn of an event loop that waits for
  a core holds up whatever that turn would do: send the next copies, or read the answers by which its pace frees
  its places a second later.
- **Events.** First each district's residents post ${n(sizes.needsPerDistrict)} \`/need\`s (real events, up through each bot's webhook
  sender); their \`need.created\`, every district's \`alert.issued\` and its \`alert.delivered\` (sent as soon as the last
  copy left its outbox) are counted in the hub: each once. Then, with the district bots stopped (the intake is the
  hub's measure; they were still pinning the last alert), the intake under load: every district at once POSTs
  ${n(sizes.eventsPerDistrict)} events one at a time, each after the answer to the last (as a bot's webhook sender does, with its \`postEvent\`
  on a kept-alive connection), a need's life (created, claimed, done); every 50th is sent again (a retry) and one
  per district is forged (another key). The rate is all the events over the time from the first POST to the last
  answer (the repeats and forged ones included in that time). The hub commits the events that arrive together in one
  statement (\`src/hub/intake-queue.ts\`), each request answered only after its commit.
`;
}

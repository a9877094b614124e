// `npm run bench [-- --quick] [-- --out FILE] [-- --only hub|throughput|storm|broadcast|latency|client]`: the local Bot API in its own process, then
// this bot and a bare grammY + runner bot measured side by side in one run, then the city hub's scenario
// (bench/hub.ts); prints the table and writes it with the commands and the machine to bench/RESULTS.md (the full run)
// or to --out. `--only hub` runs the hub's scenario alone and writes its section in place; `--only throughput` runs
// scenario 1 alone and only prints (per run, the median ratio, with --profile the profile tables, and with
// --statements this bot's SQL statements per update and their time, and with --against REV this bot as it was at the
// git revision REV in the bare bot's place: a change's before and after in one run); `--only storm`
// runs scenario 2 alone and prints each bot's memory after it; `--only broadcast` runs scenario 3 alone and prints it;
// `--only latency` runs scenario 4's commands against this bot alone and prints them; `--only client` prints the Bot
// API client's CPU per call beside grammY's default.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, parseConfig } from '../src/config/index.ts';
import { exportWorkbookBench, xlsxRow } from './export-xlsx.ts';
import { HUB_FULL, HUB_QUICK, type HubResults, hubBench, hubSectionText } from './hub.ts';
import { withHubSection } from './hub-section.ts';
import { LocalApiClient } from './local-api-client.ts';
import {
  buildCompiled,
  buildRevision,
  type Runtime,
  root,
  runTs,
  startLocalApi,
  stopAll,
  useRuntime,
} from './processes.ts';
import { profileOf, profileTable, summariseProfile } from './profile.ts';
import {
  addUsers,
  type Bench,
  type BotKind,
  type BroadcastResult,
  broadcast,
  buttonStorm,
  commandLatency,
  commandThroughput,
  handlerLatency,
  type LatencyResult,
  type StormResult,
  startBot,
  type ThroughputRun,
  webhookDelivery,
} from './scenarios.ts';
import { STARTUP_HEADING, startupSection } from './startup-section.ts';
import { surveyAnswers, synchronousFullVsNormal } from './wave.ts';
import {
  buildingChatId,
  CLOCK_START,
  COMMITTEE,
  FULL,
  LIFTED_OUTBOX,
  type OutboxLimits,
  QUICK,
  type StormTotals,
  scaledLimits,
  stormItems,
  writeBenchConfig,
} from './workload.ts';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean' },
    out: { type: 'string' },
    keep: { type: 'boolean' },
    profile: { type: 'string' },
    statements: { type: 'boolean' },
    only: { type: 'string' },
    runtime: { type: 'string' },
    against: { type: 'string' },
  },
});
/** `--only NAME`: the scenarios run alone (function declarations below, hoisted). */
const scenariosAlone: Record<string, () => Promise<void>> = {
  hub: onlyHub,
  throughput: onlyThroughput,
  storm: onlyStorm,
  broadcast: onlyBroadcast,
  latency: onlyLatency,
  client: onlyClient,
};
if (values.only !== undefined && !Object.hasOwn(scenariosAlone, values.only))
  throw new Error(
    `--only: the scenarios run alone are ${Object.keys(scenariosAlone)
      .map((name) => `"${name}"`)
      .join(', ')}`,
  );
const quick = values.quick ?? false;
if (values.runtime !== undefined && values.runtime !== 'compiled' && values.runtime !== 'tsx')
  throw new Error('--runtime: compiled (as npm start runs the bot, the default) or tsx');
/** How the bots run in every scenario (the throughput is also measured the other way, side by side). */
const runtime: Runtime = (values.runtime as Runtime | undefined) ?? 'compiled';
const otherRuntime: Runtime = runtime === 'compiled' ? 'tsx' : 'compiled';
if (values.against !== undefined && (values.only !== 'throughput' || runtime !== 'compiled' || values.profile))
  throw new Error('--against REV: with --only throughput, compiled (the default runtime), and without --profile');
/** What the runs call each bot: with `--against REV`, the bot at REV stands where the bare bot would. */
const nameOf = (kind: BotKind): string => (kind === 'bare' && values.against ? `bot@${values.against}` : kind);
const sizes = quick ? QUICK : FULL;
const out = values.out ?? (quick ? undefined : join(root, 'bench', 'RESULTS.md'));

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const n = (x: number): string => x.toLocaleString('en-US');
const fixed = (x: number, digits = 1): string => x.toFixed(digits);
const verdict = (ok: boolean): string => (ok ? 'met' : '**not met**');
const sameStorm = (a: StormTotals, b: StormTotals): boolean => JSON.stringify(a) === JSON.stringify(b);
const money = (cents: number): string =>
  `¥${Math.floor(cents / 100).toLocaleString('en-US')}.${String(cents % 100).padStart(2, '0')}`;
const stormTotals = (t: StormTotals): string =>
  `${t.items.map(n).join(' / ')} (${n(t.households)} households, ${n(t.quantity)} items, ${money(t.amountCents)})`;
/** The storm's totals: stored, on the card and as the presses add up in order; once when all three agree. */
const stormLine = (stored: StormTotals, card: StormTotals, expected: StormTotals): string =>
  sameStorm(stored, expected) && sameStorm(card, expected)
    ? `per item ${stormTotals(stored)}: stored = on the card = the presses applied in order`
    : `stored ${stormTotals(stored)}; card ${stormTotals(card)}; expected ${stormTotals(expected)}`;

/** The machine's 1-minute load average: how much else ran beside the benchmark. */
const load = (): string => loadavg()[0]!.toFixed(1);

/** What a run starts with: when, the machine's load then, a work folder, and a log line that says the seconds since. */
function startRun(folderPrefix: string) {
  const began = Date.now();
  const loadBefore = load();
  const work = mkdtempSync(join(tmpdir(), folderPrefix));
  const log = (line: string): void =>
    void process.stderr.write(`[${((Date.now() - began) / 1000).toFixed(0).padStart(3)} s] ${line}\n`);
  return { began, loadBefore, work, log };
}

/** The hub's section, with when and on what it ran. */
function hubSectionOf(results: HubResults, loadBefore: string): string {
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, load average (1 min) ${loadBefore} before, ${load()} after`;
  return hubSectionText(results, { quick, when: new Date().toISOString().slice(0, 10), machine });
}

/** `npm run bench -- --only hub`: the hub's scenario alone, its section written into `out` in place. */
async function onlyHub(): Promise<void> {
  const { loadBefore, work, log } = startRun('mutual-aid-bench-hub-');
  try {
    // the bots run as in the full bench: compiled unless `--runtime tsx`
    if (runtime === 'compiled') await buildCompiled(join(work, 'build.log'));
    useRuntime(runtime);
    const sizes = quick ? HUB_QUICK : HUB_FULL;
    const results = await hubBench({ sizes, work, log, ...(values.profile ? { profileDir: values.profile } : {}) });
    const section = hubSectionOf(results, loadBefore);
    process.stdout.write(`\n${section}\n`);
    if (out) {
      writeFileSync(out, withHubSection(existsSync(out) ? readFileSync(out, 'utf8') : '', section, STARTUP_HEADING));
      log(`wrote its section into ${out}`);
    }
  } finally {
    await stopAll();
    if (!values.keep) rmSync(work, { recursive: true, force: true });
  }
}

/** The throughput runs (scenario 1), `count` of each bot alternating which goes first; each logged as it ends. */
async function throughputRuns(
  bench: Bench,
  count: number,
  first: number,
  label: string,
  warmUp = 0,
): Promise<ThroughputRun[]> {
  const done: ThroughputRun[] = [];
  for (let run = 0; run < count; run++) {
    const order: BotKind[] = run % 2 === 0 ? ['bare', 'bot'] : ['bot', 'bare'];
    for (const kind of order) {
      const r = await commandThroughput(bench, kind, first + run, warmUp);
      bench.log(
        `throughput${label} run ${run + 1} ${nameOf(kind)}: ${fixed(r.updatesPerSecond, 0)} updates/s, ${fixed(r.cpuMicrosPerUpdate, 0)} µs CPU per update (${r.elapsedMs} ms)`,
      );
      done.push(r);
    }
  }
  return done;
}

const medianOf = (of: ThroughputRun[], kind: BotKind, value: (r: ThroughputRun) => number): number =>
  median(of.filter((r) => r.kind === kind).map(value));

/**
 * Scenario 1's runs with each bot warmed up first: each answers as many `/need` as a measured run before the measured
 * run starts ({@link commandThroughput}'s warm-up). A bot started for a run of 5,000 commands spends a large part of it
 * starting up (V8 compiles the code it runs, on helper threads whose CPU counts, and grows its heap): the measured runs
 * tell what a burst costs a bot just (re)started, these what it costs one already running.
 */
function warmThroughputRuns(bench: Bench, first: number): Promise<ThroughputRun[]> {
  return throughputRuns(bench, quick ? 1 : 3, first, ' (warmed up)', sizes.commands);
}

/** What the warmed-up runs are, in the table and the printed lines. */
const warmedUpLabel = (of: ThroughputRun[]): string =>
  `after ${n(sizes.commands)} \`/need\` of warm-up (median of ${of.length / 2})`;

/**
 * `npm run bench -- --only throughput [--profile DIR] [--statements] [--against REV]`: scenario 1 alone
 * (`sizes.runs` runs of each bot, as the full run does), printed and not written anywhere: each run's rate and CPU per
 * update, the medians and their ratios, with `--profile` where each bot's CPU went and with `--statements` its SQL
 * statements, each in a run of its own after them. For measuring a change to the hot path; with `--against`, against
 * this bot at the revision REV instead of the bare bot, alternating as the two bots do: on a noisy machine, runs that
 * take turns compare better than runs minutes apart.
 */
async function onlyThroughput(): Promise<void> {
  await aloneOnLocalApi('throughput', async (bench, loadBefore) => {
    const runs = await throughputRuns(bench, sizes.runs, 0, '');
    const warmRuns = await warmThroughputRuns(bench, sizes.runs);
    const next = sizes.runs + warmRuns.length / 2;
    const profiles = values.profile ? await profiledThroughput(bench, values.profile, next) : [];
    const census = values.statements ? await statementCensus(bench, next + 2) : [];
    const rate = (kind: BotKind, of = runs) => medianOf(of, kind, (r) => r.updatesPerSecond);
    const cpu = (kind: BotKind, of = runs) => medianOf(of, kind, (r) => r.cpuMicrosPerUpdate);
    const perRun = runs.map(
      (r) => `${nameOf(r.kind)} ${fixed(r.updatesPerSecond, 0)}/s ${fixed(r.cpuMicrosPerUpdate, 0)} µs`,
    );
    const [a, b] = [nameOf('bare'), nameOf('bot')];
    const lines = [
      `throughput, ${n(sizes.commands)} \`/need\` per run, bots ${runtime}; load average (1 min) ${loadBefore} before, ${load()} after`,
      ...(bench.against
        ? [`a: this bot at ${values.against} (${bench.against.commit}); b: this bot as it is here`]
        : []),
      `runs in order: ${perRun.join('; ')}`,
      `updates/s (median of ${sizes.runs}): ${a} ${fixed(rate('bare'), 0)}, ${b} ${fixed(rate('bot'), 0)}, b/a = ${fixed(rate('bot') / rate('bare'), 2)}`,
      `CPU per update, µs (median): ${a} ${fixed(cpu('bare'), 0)}, ${b} ${fixed(cpu('bot'), 0)}, a/b = ${fixed(cpu('bare') / cpu('bot'), 2)}`,
      `${warmedUpLabel(warmRuns)}: ${a} ${fixed(rate('bare', warmRuns), 0)}, ${b} ${fixed(rate('bot', warmRuns), 0)} updates/s, b/a = ${fixed(rate('bot', warmRuns) / rate('bare', warmRuns), 2)}; CPU per update ${a} ${fixed(cpu('bare', warmRuns), 0)}, ${b} ${fixed(cpu('bot', warmRuns), 0)} µs, a/b = ${fixed(cpu('bare', warmRuns) / cpu('bot', warmRuns), 2)}`,
      ...(profiles.length > 0 ? ['', ...profiles] : []),
      ...(census.length > 0 ? ['', ...census] : []),
    ];
    process.stdout.write(`\n${lines.join('\n')}\n`);
  });
}

/**
 * `npm run bench -- --only storm`: scenario 2 alone (each bot three times, alternating), printed and not written
 * anywhere: each run's resident memory after the storm and what it is made of. For measuring a change to memory.
 */
async function onlyStorm(): Promise<void> {
  await aloneOnLocalApi('storm', async (bench, loadBefore) => {
    const runs = await stormRuns(bench, 3);
    const rss = (kind: BotKind) => medianRss(runs, kind);
    process.stdout.write(
      `\nstorm, bots ${runtime}; load average (1 min) ${loadBefore} before, ${load()} after\nresident memory after the storm (median of 3): bare ${mb(rss('bare'))}, bot ${mb(rss('bot'))}, ratio ${fixed(rss('bot') / rss('bare'), 2)}\n`,
    );
  });
}

/**
 * A scenario run alone (`--only throughput|storm`): the local API seeded from the full run's config, the bots built
 * as the full run builds them, the users added; stopped and the work folder removed after `scenario`.
 */
async function aloneOnLocalApi(name: string, scenario: (bench: Bench, loadBefore: string) => Promise<void>) {
  const { loadBefore, work, log } = startRun(`mutual-aid-bench-${name}-`);
  const localApiConfig = writeBenchConfig(work, 'large.json', sizes.buildings, LIFTED_OUTBOX, { committee: true });
  const unpacedConfig = writeBenchConfig(work, 'unpaced.json', sizes.buildings, LIFTED_OUTBOX);
  const scaledConfig = writeBenchConfig(work, 'scaled.json', sizes.buildings, scaledLimits(outboxDefaults()));
  if (runtime === 'compiled') await buildCompiled(join(work, 'build.log'));
  const against =
    values.against === undefined ? undefined : await buildRevision(values.against, work, join(work, 'build.log'));
  try {
    useRuntime(runtime);
    const api = await startLocalApi(localApiConfig, join(work, 'local-api.log'));
    try {
      const client = new LocalApiClient(api.apiRoot);
      const bench: Bench = {
        sizes,
        work,
        api,
        client,
        unpacedConfig,
        scaledConfig,
        log,
        ...(against ? { against } : {}),
      };
      await addUsers(bench);
      await scenario(bench, loadBefore);
    } finally {
      await stopAll(api.child);
      if (!values.keep) rmSync(work, { recursive: true, force: true });
    }
  } finally {
    // even with --keep: git would list it as a worktree of this checkout
    against?.remove();
  }
}

/** The button storm `count` times for each bot, alternating which goes first; each logged with its memory after. */
async function stormRuns(bench: Bench, count: number): Promise<StormResult[]> {
  const runs: StormResult[] = [];
  for (let run = 0; run < count; run++) {
    for (const kind of (run % 2 === 0 ? ['bare', 'bot'] : ['bot', 'bare']) as BotKind[]) {
      const r = await buttonStorm(bench, kind, run);
      const m = r.memory;
      bench.log(
        `storm run ${run + 1} ${kind}: ${r.drainMs} ms; rss ${mb(m.rss)} (peak ${mb(m.maxRss)}), heap ${mb(m.heapUsed)} used of ${mb(m.heapTotal)}, external ${mb(m.external)}${r.card ? `; ${r.cardEdits} card edits, card ${JSON.stringify(r.card)}` : ''}`,
      );
      runs.push(r);
    }
  }
  return runs;
}

/** The outbox limits of the bot's own defaults (scenario 3 runs them times the scale of the local API's limits). */
function outboxDefaults(): OutboxLimits {
  return parseConfig({
    timezone: 'Asia/Shanghai',
    language: 'en',
    admins: [1],
    buildings: [{ id: 'b', name: 'B', chatId: -1 }],
  }).config.outbox;
}

/** Seeds the large database of scenarios 3–5 (`config`: the local API's, whose committee it has); its path. */
async function seedLargeDb(bench: Bench, config: string): Promise<string> {
  const largeDb = join(bench.work, 'large.db');
  const seedStarted = Date.now();
  await runTs(
    'bench/seed-large-db.ts',
    [config, largeDb, String(sizes.needsPerBuilding), CLOCK_START],
    join(bench.work, 'seed.log'),
  );
  bench.log(
    `large database: ${n(sizes.buildings * sizes.needsPerBuilding)} needs, ${mb(statSync(largeDb).size)}, seeded in ${Date.now() - seedStarted} ms`,
  );
  return largeDb;
}

/** A latency row's note on the bot's main thread meanwhile: its CPU a command, and its wait for a core. */
const botThreadNote = (latency: LatencyResult): string =>
  latency.botThread
    ? `; the bot's main thread ${fixed(latency.botThread.cpuMs, 1)} ms of CPU a command, ${fixed(latency.botThread.waitedMs, 1)} ms waiting for a core`
    : '';

const broadcastLine = (cast: BroadcastResult): string =>
  `${fixed(cast.queuedPerSecond)}/s of ${cast.limit}/s with a queue, ${fixed(cast.overallPerSecond)}/s overall, ${cast.provoked429} 429s`;

/**
 * `npm run bench -- --only broadcast`: scenario 3 alone (the large database seeded, then the digest to every building
 * at the local API's scaled limits), printed and not written anywhere. For measuring a change to the sender's pace.
 */
async function onlyBroadcast(): Promise<void> {
  await aloneOnLocalApi('broadcast', async (bench, loadBefore) => {
    const largeDb = await seedLargeDb(bench, join(bench.work, 'large.json'));
    const cast = await broadcast(bench, largeDb);
    process.stdout.write(
      `\nbroadcast, bots ${runtime}; load average (1 min) ${loadBefore} before, ${load()} after\n${broadcastLine(cast)}; composed in ${n(cast.tickMs)} ms, the last digest ${n(cast.totalMs)} ms after the clock reached the digests' time\n`,
    );
  });
}

/**
 * `npm run bench -- --only latency`: scenario 4's commands alone (the large database seeded, then `/needs`, `/digest`
 * and `/overview` command to answer against this bot), printed and not written anywhere. For measuring a change to
 * the bot's answer time on a large database.
 */
async function onlyLatency(): Promise<void> {
  await aloneOnLocalApi('latency', async (bench, loadBefore) => {
    const largeConfig = join(bench.work, 'large.json');
    const largeDb = await seedLargeDb(bench, largeConfig);
    const large = await startBot(bench, 'bot', largeDb, largeConfig);
    const lines: string[] = [];
    for (const [text, where] of [
      ['/needs', undefined],
      ['/digest', undefined],
      ['/overview', { chatId: COMMITTEE.chatId, userId: COMMITTEE.adminId }],
    ] as const) {
      const latency = await commandLatency(bench, text, sizes.latencySamples, large.proc, where);
      lines.push(
        `${text} p50 ${latency.p50} ms, p99 ${latency.p99} ms, max ${latency.max} ms${botThreadNote(latency)}`,
      );
    }
    await large.proc.stop();
    process.stdout.write(
      `\nlatency, bots ${runtime}; load average (1 min) ${loadBefore} before, ${load()} after\n${lines.join('\n')}\n`,
    );
  });
}

/**
 * `npm run bench -- --only client`: the Bot API client's CPU per `sendMessage`, this bot's `telegramFetch` (undici)
 * beside grammY's default (node-fetch), each in fresh processes through tsx (three of each, alternating;
 * `bench/http-client-child.ts`) against the local Bot API, 30 calls at a time: over the first 300 calls of a process
 * that has made 10 (a bot's burst after a quiet spell, such as a city alert) and over 3,000 once warm. Printed.
 */
async function onlyClient(): Promise<void> {
  await aloneOnLocalApi('client', async (bench, loadBefore) => {
    const chats = JSON.stringify(Array.from({ length: sizes.buildings }, (_, b) => buildingChatId(b)));
    const runs: Record<string, Array<{ first: number; warm: number }>> = { telegramFetch: [], 'node-fetch': [] };
    for (let run = 0; run < 3; run++) {
      for (const client of run % 2 === 0 ? ['telegramFetch', 'node-fetch'] : ['node-fetch', 'telegramFetch']) {
        const resultFile = join(bench.work, `client-${client}-${run}.json`);
        const args = [client, bench.api.apiRoot, bench.api.token, chats, resultFile];
        await runTs('bench/http-client-child.ts', args, join(bench.work, 'client.log'));
        const result = JSON.parse(readFileSync(resultFile, 'utf8')) as { first: number; warm: number };
        bench.log(
          `client run ${run + 1} ${client}: first 300 ${fixed(result.first, 0)} µs, warm ${fixed(result.warm, 0)} µs`,
        );
        runs[client]!.push(result);
      }
    }
    const of = (client: string, stretch: 'first' | 'warm') => median(runs[client]!.map((r) => r[stretch]));
    const line = (stretch: 'first' | 'warm', what: string) =>
      `${what}: telegramFetch ${fixed(of('telegramFetch', stretch), 0)} µs, node-fetch ${fixed(of('node-fetch', stretch), 0)} µs, ratio ${fixed(of('telegramFetch', stretch) / of('node-fetch', stretch), 2)}`;
    process.stdout.write(
      `\nBot API client, CPU per sendMessage (median of 3 processes each); load average (1 min) ${loadBefore} before, ${load()} after\n${line('first', 'the first 300 calls after 10')}\n${line('warm', '3,000 calls once warm')}\n`,
    );
  });
}

const medianRss = (runs: StormResult[], kind: BotKind): number =>
  median(runs.filter((r) => r.kind === kind).map((r) => r.memory.rss));

async function main(): Promise<void> {
  const { began, loadBefore, work, log } = startRun('mutual-aid-bench-');
  const unpacedConfig = writeBenchConfig(work, 'unpaced.json', sizes.buildings, LIFTED_OUTBOX);
  const scaledConfig = writeBenchConfig(work, 'scaled.json', sizes.buildings, scaledLimits(outboxDefaults()));
  // the large database's: the committee of all buildings (its chat seeded in the local API from this file)
  const largeConfig = writeBenchConfig(work, 'large.json', sizes.buildings, LIFTED_OUTBOX, { committee: true });
  log(`work folder ${work}; ${quick ? 'quick' : 'full'} run; bots ${runtime}`);
  // both runtimes are measured: the compiled build is made once, whichever runs the scenarios
  await buildCompiled(join(work, 'build.log'));
  useRuntime(runtime);
  const api = await startLocalApi(largeConfig, join(work, 'local-api.log'));
  const bench: Bench = {
    sizes,
    work,
    api,
    client: new LocalApiClient(api.apiRoot),
    unpacedConfig,
    scaledConfig,
    log,
  };
  try {
    await addUsers(bench);

    // 1. command throughput, alternating which bot goes first
    const runs = await throughputRuns(bench, sizes.runs, 0, '');
    const rate = (kind: BotKind, of = runs) => medianOf(of, kind, (r) => r.updatesPerSecond);
    const startEmpty = (kind: BotKind) => medianOf(runs, kind, (r) => r.startMs);
    const cpuPerUpdate = (kind: BotKind, of = runs) => medianOf(of, kind, (r) => r.cpuMicrosPerUpdate);
    // 1a. the same, each bot warmed up first
    const warmRuns = await warmThroughputRuns(bench, sizes.runs);
    const next = sizes.runs + warmRuns.length / 2;
    // where each bot's CPU goes while it handles the commands (`--profile DIR`): a run of each bot of its own
    const profiles = values.profile ? await profiledThroughput(bench, values.profile, next + 3) : undefined;

    // 1b. the same throughput with both bots the other way (compiled or tsx), fewer runs
    useRuntime(otherRuntime);
    const otherRuns = await throughputRuns(bench, quick ? 1 : 3, next, ` (${otherRuntime})`);
    useRuntime(runtime);
    const otherRate = (kind: BotKind) => medianOf(otherRuns, kind, (r) => r.updatesPerSecond);

    // 1c. synchronous FULL beside NORMAL (this bot alone), and 1d. the guided survey of many households
    const synchronous = await synchronousFullVsNormal(bench, quick ? 1 : 3);
    log(
      `synchronous: NORMAL ${fixed(synchronous.normal.updatesPerSecond, 0)}/s, FULL ${fixed(synchronous.full.updatesPerSecond, 0)}/s`,
    );
    const survey = await surveyAnswers(bench, sizes.surveyHouseholds);
    log(`survey: ${n(survey.answers)} answers at ${fixed(survey.answersPerSecond, 0)}/s`);

    // 2. button storm
    // three of each: a bot's memory after the storm moves by tens of MB from one run to the next
    const storms = await stormRuns(bench, quick ? 1 : 3);
    const stormBare = storms.find((r) => r.kind === 'bare')!;
    const stormBot = storms.find((r) => r.kind === 'bot')!;

    // 6. events to a webhook receiver in this process
    const hooks = await webhookDelivery(bench, LIFTED_OUTBOX);
    log(
      `webhooks: live ${fixed(hooks.live.perSecond, 0)}/s (commands ${fixed(hooks.live.commandsPerSecond, 0)}/s, lag ${hooks.live.lagMs} ms); backlog ${fixed(hooks.backlog.perSecond, 0)}/s; ${hooks.badSignatures} bad signatures, ${hooks.outOfOrder} out of order, ${hooks.duplicates} duplicates`,
    );

    // 4 and 5: the large database
    const largeDb = await seedLargeDb(bench, largeConfig);
    const dbBytes = statSync(largeDb).size;
    const inProcess = handlerLatency(largeDb, loadConfig(largeConfig).config, sizes.latencySamples);
    log(
      `in process: /needs p50 ${inProcess.needs.p50} ms p99 ${inProcess.needs.p99} ms; /digest p50 ${inProcess.digest.p50} ms p99 ${inProcess.digest.p99} ms; /overview p50 ${inProcess.overview.p50} ms p99 ${inProcess.overview.p99} ms (queries p50 ${inProcess.overviewQueries.p50} ms p99 ${inProcess.overviewQueries.p99} ms)`,
    );
    const large = await startBot(bench, 'bot', largeDb, largeConfig);
    log(`start on the large database: ${large.startMs} ms`);
    const needsLatency = await commandLatency(bench, '/needs', sizes.latencySamples, large.proc);
    log(`/needs p50 ${needsLatency.p50} ms p99 ${needsLatency.p99} ms`);
    const digestLatency = await commandLatency(bench, '/digest', sizes.latencySamples, large.proc);
    log(`/digest p50 ${digestLatency.p50} ms p99 ${digestLatency.p99} ms`);
    const overviewLatency = await commandLatency(bench, '/overview', sizes.latencySamples, large.proc, {
      chatId: COMMITTEE.chatId,
      userId: COMMITTEE.adminId,
    });
    log(`/overview p50 ${overviewLatency.p50} ms p99 ${overviewLatency.p99} ms`);
    await large.proc.stop();
    // the same command against the bare bot (which answers anything at once): what the harness itself takes
    const bare = await startBot(bench, 'bare', join(work, 'latency-bare.db'));
    const floor = await commandLatency(bench, '/needs', sizes.latencySamples, bare.proc);
    await bare.proc.stop();
    log(`bare bot answering /needs: p50 ${floor.p50} ms p99 ${floor.p99} ms`);

    // 3. broadcast, on the large database (each digest counts its building's needs)
    const cast = await broadcast(bench, largeDb);
    // a queue shorter than one window's worth (the limit) leaves in whatever room the window had left after the
    // composing: its time tells where the window stood, not the sender's pace
    const noQueue = cast.queuedSends < cast.limit;
    log(`broadcast: ${broadcastLine(cast)}`);

    // 8. the export's workbook of the large database (issue #24), in a process of its own
    const xlsx = await exportWorkbookBench({
      configFile: largeConfig,
      dbPath: largeDb,
      work,
      expectedNeeds: sizes.buildings * sizes.needsPerBuilding,
    });
    log(`export --format xlsx: ${xlsx.ms} ms, peak ${mb(xlsx.maxRssBytes)}; ${xlsx.line}`);

    // 7. the city hub: district bots, the hub on PostgreSQL
    const hubLoad = load();
    const hubResults = await hubBench({ sizes: quick ? HUB_QUICK : HUB_FULL, work, log });
    const hub = hubSectionOf(hubResults, hubLoad);

    const items = stormItems(sizes);
    const a = rate('bare');
    const b = rate('bot');
    const memoryRatio = medianRss(storms, 'bot') / medianRss(storms, 'bare');
    const stormRss = (kind: BotKind) =>
      storms
        .filter((r) => r.kind === kind)
        .map((r) => mb(r.memory.rss))
        .join(', ');
    const rows: string[][] = [
      ['measure', 'bare grammY + runner', 'this bot', 'result', 'goal'],
      [
        `1. ${n(sizes.commands)} \`/need\` from ${n(sizes.users)} users in ${sizes.groups} groups, updates/s (median of ${sizes.runs})`,
        fixed(a, 0),
        fixed(b, 0),
        `b/a = ${fixed(b / a, 2)}`,
        `≥ 0.7: ${verdict(b / a >= 0.7)}`,
      ],
      [
        '   CPU per update (user + system, µs; median of the runs)',
        fixed(cpuPerUpdate('bare'), 0),
        fixed(cpuPerUpdate('bot'), 0),
        `a/b = ${fixed(cpuPerUpdate('bare') / cpuPerUpdate('bot'), 2)}: what the throughput ratio would be with a core for each bot alone`,
        '–',
      ],
      [
        `   ${warmedUpLabel(warmRuns)}: a bot already running`,
        fixed(rate('bare', warmRuns), 0),
        fixed(rate('bot', warmRuns), 0),
        `b/a = ${fixed(rate('bot', warmRuns) / rate('bare', warmRuns), 2)}; CPU per update ${fixed(cpuPerUpdate('bare', warmRuns), 0)} vs ${fixed(cpuPerUpdate('bot', warmRuns), 0)} µs, a/b = ${fixed(cpuPerUpdate('bare', warmRuns) / cpuPerUpdate('bot', warmRuns), 2)}`,
        '–',
      ],
      [
        `   the same under ${otherRuntime} (median of ${otherRuns.length / 2})`,
        fixed(otherRate('bare'), 0),
        fixed(otherRate('bot'), 0),
        `b/a = ${fixed(otherRate('bot') / otherRate('bare'), 2)}; CPU per update ${fixed(cpuPerUpdate('bare', otherRuns), 0)} vs ${fixed(cpuPerUpdate('bot', otherRuns), 0)} µs`,
        '–',
      ],
      [
        `   \`synchronous: FULL\` beside NORMAL (this bot, median of ${synchronous.runs.length / 2} each)`,
        '–',
        `FULL ${fixed(synchronous.full.updatesPerSecond, 0)}, NORMAL ${fixed(synchronous.normal.updatesPerSecond, 0)}`,
        `FULL/NORMAL = ${fixed(synchronous.fullOverNormal, 2)}; CPU per update ${fixed(synchronous.full.cpuMicrosPerUpdate, 0)} vs ${fixed(synchronous.normal.cpuMicrosPerUpdate, 0)} µs; file system ${synchronous.filesystem ?? 'unknown'}`,
        '–',
      ],
      [
        `   the household survey: ${n(survey.households)} households answering at once, answers/s`,
        '– (no bare equivalent)',
        `${fixed(survey.answersPerSecond, 0)}/s`,
        `${n(survey.answers)} answers (${n(survey.typedAnswers)} typed) in ${n(survey.elapsedMs)} ms; ${fixed(survey.cpuMicrosPerAnswer, 0)} µs CPU per answer; a household's step to its answer p50 ${survey.roundTrip.p50} ms, p99 ${survey.roundTrip.p99} ms; ${n(survey.saved)} saved, ${survey.failedCalls} failed calls`,
        '–',
      ],
      [
        `2. ${n(sizes.presses)} presses on one three-item group-buy card (limits ${items.map((i) => i.limit).join(' / ')} per household, eggs' stock ${n(items[1]!.max ?? 0)}) from ${n(sizes.households)} households: time to drain`,
        `${n(stormBare.drainMs)} ms`,
        `${n(stormBot.drainMs)} ms`,
        stormLine(stormBot.stored!, stormBot.card!, stormBot.expected),
        `exact${storms.length > 2 ? ', every run' : ''}: ${verdict(storms.every((r) => r.kind === 'bare' || (sameStorm(r.stored!, r.expected) && sameStorm(r.card!, r.expected))))}`,
      ],
      [
        '   card edits',
        '–',
        n(stormBot.cardEdits),
        `${stormBot.failedAnswers} failed answers`,
        `tens, not thousands: ${verdict(stormBot.cardEdits < 100)}`,
      ],
      // the sender's own rate needs a queue: when it kept up with the composing, too few are left after it to time
      noQueue
        ? [
            `3. digest to ${n(cast.buildings)} buildings, local API limit ${cast.limit}/s: the sender with a queue`,
            '–',
            '–',
            `no queue formed: the sender kept up with the composing (${n(cast.queuedSends)} of ${n(cast.buildings)} left after it, fewer than a window's ${n(cast.limit)}); ${cast.provoked429} 429s`,
            `≥ 0.9 and 0: not measured (no queue)${cast.provoked429 === 0 ? '; 0 429s: met' : `; ${cast.provoked429} 429s: **not met**`}`,
          ]
        : [
            `3. digest to ${n(cast.buildings)} buildings, local API limit ${cast.limit}/s: the sender with a queue`,
            '–',
            `${fixed(cast.queuedPerSecond)}/s`,
            `rate ÷ limit = ${fixed(cast.queuedPerSecond / cast.limit, 2)} over the ${n(cast.queuedSends)} sent after all were composed; ${cast.provoked429} 429s`,
            `≥ 0.9 and 0: ${verdict(cast.queuedPerSecond / cast.limit >= 0.9 && cast.provoked429 === 0)}`,
          ],
      [
        '   the whole broadcast, composing included',
        '–',
        `${fixed(cast.overallPerSecond)}/s`,
        `composed in ${n(cast.tickMs)} ms (sending meanwhile), last digest ${n(cast.totalMs)} ms after 19:30`,
        '–',
      ],
      [
        `4. \`/needs\`, ${n(sizes.buildings)} buildings / ${n(sizes.buildings * sizes.needsPerBuilding)} needs (${mb(dbBytes)}): command to answer`,
        `p50 ${floor.p50} ms, p99 ${floor.p99} ms (answers at once)`,
        `p50 ${needsLatency.p50} ms, p99 ${needsLatency.p99} ms`,
        `${needsLatency.samples} commands one at a time, as the local API sees them; max ${needsLatency.max} ms${botThreadNote(needsLatency)}`,
        `p99 < 20 ms: ${verdict(needsLatency.p99 < 20)}`,
      ],
      [
        '   `/needs`: queries and rendering alone',
        '–',
        `p50 ${inProcess.needs.p50} ms, p99 ${inProcess.needs.p99} ms`,
        `in one process, max ${inProcess.needs.max} ms`,
        `p99 < 20 ms: ${verdict(inProcess.needs.p99 < 20)}`,
      ],
      [
        '   `/digest`: command to answer',
        '–',
        `p50 ${digestLatency.p50} ms, p99 ${digestLatency.p99} ms`,
        `max ${digestLatency.max} ms${botThreadNote(digestLatency)}`,
        '–',
      ],
      [
        '   `/digest`: queries and rendering alone',
        '–',
        `p50 ${inProcess.digest.p50} ms, p99 ${inProcess.digest.p99} ms`,
        `max ${inProcess.digest.max} ms`,
        '–',
      ],
      [
        `   \`/overview\`, committee of ${n(sizes.buildings)} buildings: command to answer`,
        '–',
        `p50 ${overviewLatency.p50} ms, p99 ${overviewLatency.p99} ms`,
        `${overviewLatency.samples} commands one at a time in the committee's chat, by a committee admin; page 1 of ${inProcess.overviewPages}; max ${overviewLatency.max} ms${botThreadNote(overviewLatency)}`,
        `p99 < 50 ms: ${verdict(overviewLatency.p99 < 50)}`,
      ],
      [
        '   `/overview`: queries and rendering alone',
        '–',
        `p50 ${inProcess.overview.p50} ms, p99 ${inProcess.overview.p99} ms`,
        `in one process, max ${inProcess.overview.max} ms; the queries alone p50 ${inProcess.overviewQueries.p50} ms, p99 ${inProcess.overviewQueries.p99} ms`,
        '–',
      ],
      [
        `5. resident memory after the storm (median of ${storms.length / 2})`,
        mb(medianRss(storms, 'bare')),
        mb(medianRss(storms, 'bot')),
        `ratio ${fixed(memoryRatio, 2)} (runs: bare ${stormRss('bare')}; this bot ${stormRss('bot')})`,
        `≤ 1.5×: ${verdict(memoryRatio <= 1.5)}`,
      ],
      [
        '   start to first getUpdates',
        `${n(startEmpty('bare'))} ms (empty db)`,
        `${n(startEmpty('bot'))} ms empty db; ${n(large.startMs)} ms with ${n(sizes.buildings * sizes.needsPerBuilding)} needs`,
        `process spawn (node${runtime === 'tsx' ? ' + tsx' : ', compiled'}) to the first long poll`,
        '–',
      ],
      [
        `6. events to a local webhook receiver: a backlog of ${n(hooks.backlog.events)}, events/s`,
        '–',
        `${fixed(hooks.backlog.perSecond, 0)}/s`,
        `queued while the receiver answered 503 (${hooks.backlog.refused} refused), delivered once it was back: first to last accepted in ${n(hooks.backlog.spanMs)} ms`,
        `≥ 1,000/s: ${verdict(hooks.backlog.perSecond >= 1000)}`,
      ],
      [
        `   during a burst of ${n(hooks.live.events)} \`/need\``,
        '–',
        `${fixed(hooks.live.perSecond, 0)}/s`,
        `the commands answered at ${fixed(hooks.live.commandsPerSecond, 0)}/s; last event ${n(hooks.live.lagMs)} ms after the last answer`,
        '–',
      ],
      [
        '   every event checked',
        '–',
        `${n(2 * hooks.live.events - hooks.badSignatures)} of ${n(2 * hooks.live.events)} signed right`,
        `${hooks.outOfOrder} out of order, ${hooks.duplicates} duplicates, ${hooks.malformed} not CloudEvents; types ${hooks.types.map((t) => `\`${t}\``).join(', ')}`,
        `all signed, in order: ${verdict(hooks.badSignatures === 0 && hooks.outOfOrder === 0 && hooks.malformed === 0)}`,
      ],
      xlsxRow(xlsx, sizes.buildings),
    ];
    const table = [
      `| ${rows[0]!.join(' | ')} |`,
      `|${rows[0]!.map(() => ' --- ').join('|')}|`,
      ...rows.slice(1).map((r) => `| ${r.join(' | ')} |`),
    ].join('\n');
    const seconds = Math.round((Date.now() - began) / 1000);
    process.stdout.write(`\n${table}\n\n${quick ? 'quick' : 'full'} run, ${seconds} s\n`);
    const loads = { before: loadBefore, after: load() };
    if (out)
      writeFileSync(
        out,
        withHubSection(report(table, seconds, runs, loads, keptStartupSection(out), profiles), hub, STARTUP_HEADING),
      );
    else process.stdout.write(`\n${hub}\n`);
    if (out) log(`wrote ${out}`);
  } finally {
    // a bot left running by a scenario that failed, then the local API
    await stopAll(api.child);
    if (!values.keep) rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The section `npm run bench:startup` wrote (compiled build beside tsx), kept as it is: from `out` as it was, or
 * else from bench/RESULTS.md.
 */
function keptStartupSection(out: string): string | undefined {
  for (const file of [out, join(root, 'bench', 'RESULTS.md')]) {
    const section = existsSync(file) ? startupSection(readFileSync(file, 'utf8')) : undefined;
    if (section !== undefined) return section;
  }
  return undefined;
}

function report(
  table: string,
  seconds: number,
  runs: ThroughputRun[],
  loads: { before: string; after: string },
  startup: string | undefined,
  profiles: string[] | undefined,
): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const perRun = runs.map((r) => `${r.kind} ${r.updatesPerSecond.toFixed(0)}`).join(', ');
  return `# Benchmark results

${quick ? 'Quick run (`npm run bench -- --quick`): sizes cut down for CI; these numbers are not the benchmark.' : 'Full run: `npm run bench`.'}
Written ${new Date().toISOString()} in ${seconds} s.

Machine: ${cpus().length} × ${cpu}, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB, Node ${process.version}, ${process.platform} ${process.arch};
load average (1 min) ${loads.before} when the run began, ${loads.after} when it ended (what else ran on the machine).

${table}

Throughput runs in order (updates/s): ${perRun}.
${
  profiles === undefined
    ? ''
    : `
## Where the CPU goes (\`npm run bench -- --profile DIR\`)

Self time by function while each bot handled a throughput run's commands (from its first sample inside a command
handler to its last; idle left out), top 15, from V8's CPU profiles. The profiled run is one more of each bot after
the measured ones, counted in no median: the profiler costs CPU, so no other run of the bench is profiled. A function
of no JavaScript file shows as \`(native)\`: C++ called from JavaScript (better-sqlite3's \`run\`, \`all\`, \`exec\`:
SQLite itself; a socket's \`writev\`) or a V8 builtin (\`runMicrotasks\`). Where the profiler saw no frame of its own
for such C++, its time is counted in the function that called it (SQLite's in the prepared queries'
\`get\`/\`run\`/\`all\`, \`db/prepared.js\`; drizzle's for the others).

${profiles.join('\n')}
`
}
## How it is measured
- The local Bot API (\`src/local-bot-api\`) runs in its own process; each bot runs in its own process
  (compiled with \`tsc -p tsconfig.bench.json\` into \`dist-bench/\`, as \`npm start\` runs the bot; \`--runtime tsx\`
  runs them through tsx's loader instead), so the machine's two cores are shared by the API and the bot under test.
  Row 1's line "the same under ..." runs both bots the other way.
- CPU per update: the bot process's user + system time (\`process.cpuUsage()\`, asked over IPC before and after the
  run) divided by the commands: what a command costs, whatever else the machine was doing.
- Each throughput run starts its bot on a new database, so the timed commands are its first: meanwhile V8
  compiles the code they run (on helper threads, whose CPU counts) and grows its heap. Both bots pay about the same
  for that in all, a larger share of the bare bot's smaller cost, so the first line's ratio is the higher. Row 1's
  line "after ... of warm-up" sends each bot as many commands first, answered before the timed ones are sent: what
  a command costs a bot that has been running for a while. The goal is read on the first line, as the issue set it.
- All times are read by the local API: from when it enqueued the first update of a batch (\`POST /sandbox/batch\`)
  to when the last answer arrived (\`GET /sandbox/stats\`, \`GET /sandbox/wait\`); scenario 6's by the receiver.
- **Bare bot** (\`bench/bare-bot.ts\`): grammY + runner, long polling; per update one prepared INSERT into
  better-sqlite3 (WAL, synchronous NORMAL) and one answer (\`sendMessage\` or \`answerCallbackQuery\`).
- **This bot** (\`bench/bot-process.ts\`): \`startApp()\` as \`npm start\` runs it (inbox, one transaction per update,
  the outbox for every message), with its clock started at ${CLOCK_START} and moved over IPC to fire the digests.
- Scenarios 1, 2, 4 and 6 lift the outbox's pacing (and the local API enforces no limits): they measure the pipeline,
  not Telegram's flood limits, which would cap any bot at 30 messages/s. Scenario 3 keeps the pacing: the local
  API answers 429 past 300 messages/s (Telegram's 30/s × 10, 200/min per group), and the bot's outbox limits
  are its defaults × 10. Its rate is taken over the digests sent after the scheduler finished composing them
  all (the sender with a queue): composing takes seconds of CPU for a thousand buildings, during which the
  sender looks at its queue between the scheduler's 20 ms slices (enough for Telegram's real 30/s, not for 300/s).
  The outbox sends a second's worth at once when its window allows, so on a slow machine it keeps up with the
  composing and no queue is left to time: the row then says so (the 429s still count), as it does for a queue
  shorter than one window's worth (the limit's 300), which leaves in whatever room the window had left after the
  composing, so its time tells where the window stood rather than the sender's pace. The whole broadcast's rate and
  time are in the next row.
- Scenario 2: a \`/buy\` of three items (\`Cabbage 3 kg | 15 | limit 2\`, \`Eggs, tray of 30 | 30 | limit 3 | max …\`,
  \`Tofu | 4.50 | limit 5\`; the eggs' stock is a tenth of the presses and runs out during the storm); each press is
  +1 (70%) or −1 (25%) of an item drawn evenly, or *My order* (5%). Each item's total, the households ordering,
  the quantity and the amount are checked against the presses applied in order (+1 up to the item's limit while
  its stock lasts, −1 down to 0), against the \`order_items\` and \`orders\` tables, and against the card's lines;
  the bare bot only answers each press (its card has the same rows of buttons).
- Scenario 4: ${'`'}bench/large-db.ts${'`'} fills the database (20 households per building; 3% of needs open, 2% claimed,
  3% cancelled, the rest done; 5% private; the open urgent and high needs already escalated in their building and
  to the committee, as weeks of running would have left them); \`/needs\` and \`/digest\` are sent one at a time in
  building 1, \`/overview\` in the chat of a committee of every building (\`committees[]\` with \`buildings: "all"\`),
  by one of its admins; its answer is the overview's first page, with buttons to the others. The bot's main thread's
  CPU and its wait for a core (runnable, while other processes had both cores) are read from
  \`/proc/PID/task/PID/schedstat\` before and after each command's runs: the wait is part of every answer time.
- Scenario 5, memory: \`process.memoryUsage().rss\` after a GC, asked over IPC after each storm (the storm runs
  three times for each bot, alternating which goes first; the drain time and card rows are the first run's). This
  bot sets V8's heap growth first thing, as \`npm start\` does (\`src/ops/heap-growth.ts\`: a full GC once the old
  generation has grown by half); the bare bot keeps V8's defaults, as a bare grammY bot would. The same setting
  would lower the bare bot's memory too, by less (its live heap is less than half of this bot's).
- Scenario 6: the bot has one webhook (\`webhooks[]\`, every event), a node:http receiver in the bench process that
  answers 200 and checks each body: its \`X-Signature-256\` (\`sha256=\` and the hex HMAC-SHA256 of the body keyed
  with the secret), that it is a CloudEvent, and the order (each \`need.created\` names its need, numbered as the
  events were stored). First a burst of \`/need\` commands (as in scenario 1) with the receiver up; then the receiver
  answers 503, a second burst is handled (the sender's first try fails and waits for its retry, the other events
  queue behind it), the receiver is back and the bot's clock is moved past the retry: the rate is the receiver's,
  from the first event of that backlog it accepted to the last.
${startup === undefined ? '' : `\n${startup}\n`}`;
}

/**
 * One more throughput run of each bot, under the V8 profiler, counted in no median (the profiler costs CPU, so the
 * measured runs and every other scenario run without it): the profile tables of where each bot's CPU went.
 */
async function profiledThroughput(bench: Bench, dir: string, run: number): Promise<string[]> {
  const runs = await throughputRuns({ ...bench, profileDir: dir }, 1, run, ' (profiled, not counted)');
  // and a bot already running: its timed commands alone, after as many of warm-up
  const warmRuns = await throughputRuns(
    { ...bench, timedProfileDir: dir },
    1,
    run + 1,
    ' (warmed up, profiled, not counted)',
    sizes.commands,
  );
  return [
    ...throughputProfiles(dir, runs),
    '',
    `The same after ${n(sizes.commands)} commands of warm-up (row 1's "a bot already running"), profiled from the first timed command sent to the last answered:`,
    '',
    ...throughputProfiles(dir, warmRuns),
  ];
}

/**
 * One more throughput run of each bot, this bot's process timing every SQL statement it runs while it handles the
 * commands (`bench/statement-census.cjs`), counted in no median: how many statements an update costs, and how much
 * of its CPU time is SQLite's.
 */
async function statementCensus(bench: Bench, run: number): Promise<string[]> {
  const censusFile = join(bench.work, 'statement-census.json');
  const [botRun] = (await throughputRuns({ ...bench, censusFile }, 1, run, ' (statements timed, not counted)')).filter(
    (r) => r.kind === 'bot',
  );
  if (!existsSync(censusFile) || !botRun) return [`(no statement census in ${censusFile})`];
  const census = JSON.parse(readFileSync(censusFile, 'utf8')) as Array<{ sql: string; calls: number; micros: number }>;
  const per = (value: number) => value / sizes.commands;
  const calls = census.reduce((sum, s) => sum + s.calls, 0);
  const micros = census.reduce((sum, s) => sum + s.micros, 0);
  const top = census.sort((a, b) => b.micros - a.micros).slice(0, 15);
  return [
    `Statements while this bot handled ${n(sizes.commands)} commands: ${fixed(per(calls), 1)} per update, ${fixed(per(micros), 0)} µs per update inside SQLite (of ${fixed(botRun.cpuMicrosPerUpdate, 0)} µs of CPU per update in that run, timing included: ${fixed((100 * per(micros)) / botRun.cpuMicrosPerUpdate, 0)}%). Not counted: the BEGIN, COMMIT and savepoints better-sqlite3's \`transaction()\` runs itself (the group commit's are, as \`exec\`).`,
    '',
    '| statement | per update | µs each | µs per update |',
    '| --- | --- | --- | --- |',
    ...top.map(
      (s) =>
        `| \`${s.sql.length > 110 ? `${s.sql.slice(0, 110)}…` : s.sql}\` | ${fixed(per(s.calls), 2)} | ${fixed(s.micros / s.calls, 1)} | ${fixed(per(s.micros), 1)} |`,
    ),
  ];
}

/** The profile tables of a throughput run (bare and this bot), or a line saying why there are none. */
function throughputProfiles(dir: string, runs: ThroughputRun[]): string[] {
  const first = (kind: BotKind) => runs.find((r) => r.kind === kind)?.pid;
  const bare = first('bare');
  const bot = first('bot');
  const barePath = bare === undefined ? undefined : profileOf(dir, bare);
  const botPath = bot === undefined ? undefined : profileOf(dir, bot);
  if (!barePath || !botPath) return [`(no profiles of processes ${bare} and ${bot} in ${dir})`];
  const bareSummary = summariseProfile(barePath, 'bare-bot');
  const botSummary = summariseProfile(botPath, 'needs.bot');
  return [
    `Busy ${n(Math.round(bareSummary.busyMs))} ms of ${n(Math.round(bareSummary.windowMs))} (bare) and ${n(Math.round(botSummary.busyMs))} ms of ${n(Math.round(botSummary.windowMs))} (this bot), for ${n(sizes.commands)} commands each.`,
    '',
    ...profileTable(bareSummary, botSummary),
  ];
}

await (values.only === undefined ? main : scenariosAlone[values.only]!)();

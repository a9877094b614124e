// The five measurements of issue #9. Every time is read by the local Bot API (one clock, in its own process):
// when it enqueued the first update of a batch, and when each answer of the bot arrived.

import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { createI18n, translatorOf } from '../src/bot/i18n.ts';
import type { BotConfig } from '../src/config/index.ts';
import { inLanguage, type Locale } from '../src/core/translate.ts';
import { openDatabase } from '../src/db/open.ts';
import { findBuilding } from '../src/features/buildings/buildings.store.ts';
import { overviewInput, overviewPage } from '../src/features/committees/committees.messages.ts';
import { renderOverviewPage } from '../src/features/committees/committees.view.ts';
import { composeDigest } from '../src/features/digests/digests.messages.ts';
import { retryDelayMs } from '../src/features/events/events.ts';
import { listActiveNeeds } from '../src/features/needs/needs.store.ts';
import { categoryLabel } from '../src/features/needs/needs.ts';
import { renderNeedsList } from '../src/features/needs/needs.view.ts';
import type { MemoryReport } from './ipc.ts';
import { RESIDENTS_PER_BUILDING, residentIdOf } from './large-db.ts';
import type { ControlRequest, LocalApiClient } from './local-api-client.ts';
import { type BotAtRevision, BotProcess, type LocalApi, mainThreadTimes } from './processes.ts';
import { WebhookReceiver } from './webhook-receiver.ts';
import {
  ADMIN_ID,
  buildingChatId,
  CLOCK_START,
  COMMITTEE,
  DIGEST_AT,
  expectedOrders,
  HOUSEHOLD_USER_BASE,
  householdUnit,
  needCommand,
  type OutboxLimits,
  type PressAction,
  type Sizes,
  type StormItem,
  type StormTotals,
  scaledLimits,
  stormBuyCommand,
  stormItems,
  stormPresses,
  TELEGRAM_LIMITS,
  THROUGHPUT_USER_BASE,
  writeBenchConfig,
} from './workload.ts';

export type BotKind = 'bare' | 'bot';

export interface Bench {
  sizes: Sizes;
  work: string;
  api: LocalApi;
  client: LocalApiClient;
  /** Config files: outbox pacing lifted (scenarios 1, 2, 4, 5) and scaled like the local API's limits (3). */
  unpacedConfig: string;
  scaledConfig: string;
  log: (line: string) => void;
  /** Where bot processes write CPU profiles, if asked. */
  profileDir?: string;
  /**
   * Where a throughput run writes a CPU profile of its timed commands alone (not of the process's start or warm-up),
   * if asked: `CPU.timed.<pid>.0.cpuprofile`, named as `--cpu-prof` names its files (for `profileOf`).
   */
  timedProfileDir?: string;
  /** Where this bot's process writes its statement census (`bench/statement-census.cjs`), if asked. */
  censusFile?: string;
  /**
   * `--against`: this bot compiled at another commit (its bot process's entry), run wherever the bare bot would be:
   * the kind `bare` stands for it, and its commands are stored as needs.
   */
  against?: Pick<BotAtRevision, 'entry' | 'commit'>;
}

export interface StartedBot {
  proc: BotProcess;
  /** From spawning the process to its first getUpdates call, ms. */
  startMs: number;
}

const censusPreload = fileURLToPath(new URL('./statement-census.cjs', import.meta.url));

/** Starts a bot process on `db` and waits until it polls. */
export async function startBot(
  bench: Bench,
  kind: BotKind,
  db: string,
  config = bench.unpacedConfig,
): Promise<StartedBot> {
  const polling = bench.client.polling();
  const proc = BotProcess.start(
    kind === 'bare' ? (bench.against?.entry ?? 'bench/bare-bot.ts') : 'bench/bot-process.ts',
    {
      BOT_TOKEN: bench.api.token,
      TELEGRAM_API_ROOT: bench.api.apiRoot,
      DB_PATH: db,
      BOT_CONFIG: config,
      BENCH_CLOCK_START: CLOCK_START,
      LOG_LEVEL: 'info',
      ...(bench.censusFile && kind === 'bot'
        ? { NODE_OPTIONS: `--require ${censusPreload}`, BENCH_CENSUS_FILE: bench.censusFile }
        : {}),
    },
    join(bench.work, `${kind}.log`),
    bench.profileDir,
  );
  await proc.ready;
  let pollAt = await polling;
  // a poll still held from the process before would answer at once: then this process's poll is the next one
  if (pollAt < proc.startedAt) pollAt = await bench.client.polling();
  return { proc, startMs: pollAt - proc.startedAt };
}

/** The one row a query gives, read from a bot's database after the bot stopped. */
function readRow<T>(db: string, sql: string): T {
  const sqlite = new Database(db, { readonly: true });
  try {
    return sqlite.prepare(sql).get() as T;
  } finally {
    sqlite.close();
  }
}

/** Adds the users the workloads act as (once). */
export async function addUsers(bench: Bench): Promise<void> {
  const { sizes, client } = bench;
  const users = [
    ...Array.from({ length: sizes.users }, (_, i) => ({ id: THROUGHPUT_USER_BASE + i, firstName: `Resident ${i}` })),
    ...Array.from({ length: sizes.households }, (_, i) => ({
      id: HOUSEHOLD_USER_BASE + i,
      firstName: `Household ${householdUnit(i)}`,
    })),
    // building 1's residents in the large database, who time /needs and /digest
    ...Array.from({ length: RESIDENTS_PER_BUILDING }, (_, r) => ({
      id: residentIdOf(0, r),
      firstName: `Resident 1-${r}`,
    })),
  ];
  await client.batch(users.map((u) => ({ path: '/sandbox/users', body: { ...u, language: 'en' } })));
  // the committee's chat and its admin, who asks for /overview there: `npm run local-api` seeds the buildings'
  // chats from the config, not the committees' (a member joins by posting)
  const committee: ControlRequest[] = [
    { path: '/sandbox/users', body: { id: COMMITTEE.adminId, firstName: 'Committee admin', language: 'en' } },
    {
      path: '/sandbox/chats',
      body: { id: COMMITTEE.chatId, type: 'supergroup', title: COMMITTEE.name, botStatus: 'administrator' },
    },
  ];
  for (const request of committee)
    await client.batch([request]).catch((err: unknown) => {
      // seeded already (a local API that seeds committees from the config)
      if (!/already exists/.test(String(err))) throw err;
    });
}

// ------------------------------------------------------------------ 1. command throughput

export interface ThroughputRun {
  kind: BotKind;
  updatesPerSecond: number;
  elapsedMs: number;
  startMs: number;
  replies: number;
  /** The bot's CPU time per command over the run, µs (user and system): its cost, however busy the machine was. */
  cpuMicrosPerUpdate: number;
  /** The bot process's id: its CPU profile's name (`--profile`). */
  pid: number | undefined;
}

/**
 * One bot started on a new database, `sizes.commands` `/need` sent at once and timed until the last is answered.
 * `warmUp`: that many other `/need` first, answered before the timed ones are sent and counted in nothing, so the
 * timed ones meet a process whose code V8 has compiled already (a bot that has been running for a while); without
 * it, the timed ones pay for the process's first minutes as well.
 */
export async function commandThroughput(bench: Bench, kind: BotKind, run: number, warmUp = 0): Promise<ThroughputRun> {
  const { sizes, client } = bench;
  const db = join(bench.work, `throughput-${kind}-${run}.db`);
  const { proc, startMs } = await startBot(bench, kind, db);
  if (warmUp > 0) {
    const warmSince = await client.callCount();
    await sendNeeds(bench, sizes.commands, warmUp);
    await client.waitFor('sendMessage', warmUp, warmSince);
  }
  const since = await client.callCount();
  if (bench.timedProfileDir) await proc.request({ type: 'profile-start' });
  const cpuBefore = await proc.cpuMicros();
  const { at } = await sendNeeds(bench, 0, sizes.commands);
  const done = await client.waitFor('sendMessage', sizes.commands, since);
  const elapsedMs = done.methods.sendMessage!.lastAt - at;
  const cpuMicrosPerUpdate = ((await proc.cpuMicros()) - cpuBefore) / sizes.commands;
  if (bench.timedProfileDir)
    await proc.request({
      type: 'profile-stop',
      path: join(bench.timedProfileDir, `CPU.timed.${proc.pid}.0.cpuprofile`),
    });
  await proc.stop();
  const replies = (await client.stats(since)).methods.sendMessage?.count ?? 0;
  // every command answered is in the database
  const { stored } = readRow<{ stored: number }>(
    db,
    `SELECT count(*) AS stored FROM ${kind === 'bot' || bench.against ? 'needs' : 'handled'}`,
  );
  if (stored !== sizes.commands + warmUp)
    throw new Error(`${kind}: ${stored} of ${sizes.commands + warmUp} commands stored`);
  if (replies !== sizes.commands) throw new Error(`${kind}: ${replies} replies to ${sizes.commands} commands`);
  return {
    kind,
    updatesPerSecond: (sizes.commands * 1000) / elapsedMs,
    elapsedMs,
    startMs,
    replies,
    cpuMicrosPerUpdate,
    pid: proc.pid,
  };
}

/** Scenario 1's `/need` commands numbered `from` to `from + count - 1` (`needCommand`), sent at once. */
function sendNeeds(bench: Bench, from: number, count: number): Promise<{ at: number }> {
  const requests = Array.from({ length: count }, (_, k) => {
    const { userId, chatId, text } = needCommand(from + k, bench.sizes);
    return { path: '/sandbox/send' as const, body: { chatId, userId, text } };
  });
  return bench.client.batch(requests);
}

// ------------------------------------------------------------------ 2. button storm

export interface StormResult {
  kind: BotKind;
  drainMs: number;
  answers: number;
  failedAnswers: number;
  cardEdits: number;
  expected: StormTotals;
  /** As the card shows it at the end and as the database holds it (this bot only). */
  card?: StormTotals;
  stored?: StormTotals;
  memory: MemoryReport;
}

type Card = {
  message_id: number;
  text?: string;
  reply_markup?: { inline_keyboard: Array<Array<{ text: string; callback_data?: string }>> };
};

/**
 * The totals a three-item card shows: `N. <item> — ¥<price> · <ordered> ordered` per item, and
 * `Households: H · quantity Q · amount ¥A`; undefined when a line is missing.
 */
export function cardTotals(text: string | undefined, items: number): StormTotals | undefined {
  const number = (digits: string) => Number(digits.replaceAll(',', ''));
  const totals = /Households: ([\d,]+) · quantity ([\d,]+) · amount \D*([\d,]+)\.(\d\d)/.exec(text ?? '');
  const ordered = Array.from({ length: items }, (_, i) => {
    const line = (text ?? '').split('\n').find((l) => l.startsWith(`${i + 1}. `) && l.includes(' — '));
    const m = / · ([\d,]+) ordered/.exec(line ?? '');
    return m ? number(m[1]!) : undefined;
  });
  if (!totals || ordered.some((q) => q === undefined)) return undefined;
  return {
    households: number(totals[1]!),
    quantity: number(totals[2]!),
    amountCents: number(totals[3]!) * 100 + Number(totals[4]!),
    items: ordered as number[],
  };
}

const sameTotals = (a: StormTotals | undefined, b: StormTotals): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The callback data of the card's buttons: +1 and −1 of each item (`…inc:<item>`, `…dec:<item>`), My order. */
function stormButtons(card: Card | undefined, items: number, kind: BotKind): Record<PressAction, string[]> {
  const data = (card?.reply_markup?.inline_keyboard ?? []).flat().flatMap((b) => b.callback_data ?? []);
  const ofItem = (action: 'inc' | 'dec') =>
    Array.from({ length: items }, (_, i) => data.find((d) => new RegExp(`(^|:)${action}:(\\d+:)?${i}$`).test(d)));
  const buttons = { inc: ofItem('inc'), dec: ofItem('dec'), mine: [data.find((d) => /(^|:)mine(:|$)/.test(d))] };
  const all = [...buttons.inc, ...buttons.dec, ...buttons.mine];
  if (!card || all.some((d) => d === undefined))
    throw new Error(`${kind}: the card lacks a +1, −1 or My order button: ${JSON.stringify(card)}`);
  return buttons as Record<PressAction, string[]>;
}

/** `run` > 0: a storm again, on a database of its own. */
export async function buttonStorm(bench: Bench, kind: BotKind, run = 0): Promise<StormResult> {
  const { sizes, client } = bench;
  // a building of its own, away from the throughput groups
  const chatId = buildingChatId(sizes.groups);
  const db = join(bench.work, `storm-${kind}${run ? `-${run}` : ''}.db`);
  const items = stormItems(sizes);
  const { proc } = await startBot(bench, kind, db);

  let since = await client.callCount();
  if (kind === 'bot') {
    await client.batch(
      Array.from({ length: sizes.households }, (_, h) => ({
        path: '/sandbox/send',
        body: { chatId, userId: HOUSEHOLD_USER_BASE + h, text: `/home ${householdUnit(h)}` },
      })),
    );
    await client.waitFor('sendMessage', sizes.households, since, { chatId });
  }
  since = await client.callCount();
  await client.batch([{ path: '/sandbox/send', body: { chatId, userId: ADMIN_ID, text: stormBuyCommand(items) } }]);
  await client.waitFor('sendMessage', 1, since, { chatId });
  const card = (await client.messages(chatId)).filter((m) => m.reply_markup).at(-1);
  const data = stormButtons(card, items.length, kind);

  const presses = stormPresses(sizes, items.length);
  const expected = expectedOrders(presses, items);
  since = await client.callCount();
  const { at } = await client.batch(
    presses.map((p) => ({
      path: '/sandbox/press',
      body: { chatId, messageId: card!.message_id, userId: p.userId, data: data[p.action][p.item]! },
    })),
  );
  await client.waitFor('answerCallbackQuery', sizes.presses, since);
  let shown: StormTotals | undefined;
  if (kind === 'bot') {
    // the card catches up at most every editIntervalSeconds: wait (edit by edit) until it shows the final totals
    for (;;) {
      // counted before the card is read: an edit that lands in between is then either seen on the card or waited for
      const edits = (await client.stats(since)).methods.editMessageText?.statuses['200'] ?? 0;
      const now = (await client.messages(chatId)).find((m) => m.message_id === card!.message_id);
      shown = cardTotals(now?.text, items.length);
      if (sameTotals(shown, expected)) break;
      await client.waitFor('editMessageText', edits + 1, since, { chatId, timeoutMs: 30_000 }).catch((err: unknown) => {
        throw new Error(
          `storm: the card shows ${JSON.stringify(now?.text)}, the presses add up to ${JSON.stringify(expected)}; ${String(err)}`,
        );
      });
    }
  }
  const stats = await client.stats(since);
  const answers = stats.methods.answerCallbackQuery!;
  const edits = stats.methods.editMessageText;
  const drainMs = Math.max(answers.lastAt, edits?.lastAt ?? 0) - at;
  const memory = await proc.memory();
  await proc.stop();
  const result: StormResult = {
    kind,
    drainMs,
    answers: answers.count,
    failedAnswers: answers.count - (answers.statuses['200'] ?? 0),
    cardEdits: edits?.count ?? 0,
    expected,
    memory,
  };
  if (kind === 'bot') {
    result.card = shown!;
    const stored = storedOrders(db, items);
    result.stored = stored;
    if (!sameTotals(stored, expected)) {
      throw new Error(
        `storm: the database holds ${JSON.stringify(stored)}, the presses add up to ${JSON.stringify(expected)}`,
      );
    }
  }
  return result;
}

/** The buy's orders as the bot stored them (its only buy): per item, households ordering, quantity and amount. */
function storedOrders(db: string, items: readonly StormItem[]): StormTotals {
  const sqlite = new Database(db, { readonly: true });
  try {
    const perItem = sqlite
      .prepare('SELECT item, coalesce(sum(quantity), 0) AS quantity FROM order_items GROUP BY item')
      .all() as Array<{ item: number; quantity: number }>;
    const orders = sqlite
      .prepare('SELECT count(*) AS households, coalesce(sum(quantity), 0) AS quantity FROM orders WHERE quantity > 0')
      .get() as { households: number; quantity: number };
    const quantities = items.map((_, i) => perItem.find((r) => r.item === i)?.quantity ?? 0);
    if (orders.quantity !== quantities.reduce((a, b) => a + b, 0))
      throw new Error(`storm: orders add up to ${orders.quantity}, their items to ${JSON.stringify(quantities)}`);
    return {
      households: orders.households,
      quantity: orders.quantity,
      amountCents: quantities.reduce((sum, q, i) => sum + q * items[i]!.priceCents, 0),
      items: quantities,
    };
  } finally {
    sqlite.close();
  }
}

// ------------------------------------------------------------------ 4. scale of data

export interface LatencyResult {
  p50: number;
  p99: number;
  max: number;
  samples: number;
  /**
   * The bot's main thread meanwhile, ms a command (Linux, from /proc/PID/task/PID/schedstat): its CPU, and its time
   * runnable but waiting for a core, which every other process on the machine's two cores adds to the answers.
   */
  botThread?: { cpuMs: number; waitedMs: number };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** p50, p99 and the worst of `times` (ms), to a tenth of a millisecond. */
function latencyOf(times: number[]): LatencyResult {
  const sorted = [...times].sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    p50: round(percentile(sorted, 50)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.at(-1)!),
    samples: sorted.length,
  };
}

/**
 * One command at a time, from command to answer (as the local API sees them): in building 1 by its residents in
 * turn, or in the chat and by the user given (`/overview` in the committee's chat).
 */
export async function commandLatency(
  bench: Bench,
  text: string,
  samples: number,
  bot: BotProcess,
  where?: { chatId: number; userId: number },
): Promise<LatencyResult> {
  const { client } = bench;
  const chatId = where?.chatId ?? buildingChatId(0);
  const times: number[] = [];
  const before = mainThreadTimes(bot.child.pid);
  for (let i = 0; i < samples; i++) {
    const since = await client.callCount();
    const userId = where?.userId ?? residentIdOf(0, i % RESIDENTS_PER_BUILDING);
    const { at } = await client.batch([{ path: '/sandbox/send', body: { chatId, userId, text } }]);
    const done = await client.waitFor('sendMessage', 1, since, { chatId });
    times.push(done.methods.sendMessage!.firstAt - at);
  }
  const after = mainThreadTimes(bot.child.pid);
  const result = latencyOf(times);
  if (before && after)
    result.botThread = {
      cpuMs: (after.cpuMs - before.cpuMs) / samples,
      waitedMs: (after.waitedMs - before.waitedMs) / samples,
    };
  return result;
}

/**
 * The work of `/needs`, `/digest` and `/overview` alone, in this process on the same database: the queries and the
 * rendering the handler does, without Telegram, polling or the outbox around them. `/overview` also split into its
 * queries (`overviewInput`) and its rendering, to show where its time goes.
 */
export function handlerLatency(
  dbPath: string,
  config: BotConfig,
  samples: number,
): {
  needs: LatencyResult;
  digest: LatencyResult;
  overview: LatencyResult;
  overviewQueries: LatencyResult;
  overviewPages: number;
} {
  const handle = openDatabase(dbPath);
  try {
    const i18n = createI18n();
    const translate = translatorOf(i18n);
    const building = findBuilding(handle.db, config.buildings[0]!.id)!;
    const t = inLanguage(translate, building.language);
    const now = Date.parse(CLOCK_START);
    const committee = config.committees[0];
    if (!committee) throw new Error('the large database config has no committee');
    const time = (work: () => void): LatencyResult => {
      const times: number[] = [];
      for (let i = 0; i < samples; i++) {
        const started = performance.now();
        work();
        times.push(performance.now() - started);
      }
      return latencyOf(times);
    };
    return {
      needs: time(() =>
        renderNeedsList(t, {
          building: building.name,
          needs: listActiveNeeds(handle.db, building.id),
          page: 1,
          suggestBuyAt: config.needs.suggestBuyAt,
          label: categoryLabel(config.needs.categories, building.language as Locale),
        }),
      ),
      digest: time(() => handle.db.transaction((tx) => composeDigest(tx, translate, config, building, now))),
      overview: time(() => overviewPage(handle.db, translate, config, committee, now, 'en', 1)),
      overviewQueries: time(() => overviewInput(handle.db, config, committee, now, 'en')),
      overviewPages: renderOverviewPage(t, overviewInput(handle.db, config, committee, now, 'en'), 1).pages,
    };
  } finally {
    handle.close();
  }
}

// ------------------------------------------------------------------ 3. broadcast

export interface BroadcastResult {
  buildings: number;
  limit: number;
  /** Sends per second once every digest was composed and queued: the sender alone, with a queue to send. */
  queuedPerSecond: number;
  queuedSends: number;
  /** Sends per second from the first digest to the last, composing included. */
  overallPerSecond: number;
  provoked429: number;
  /** From the clock reaching 19:30 to the last digest sent, ms; and to the scheduler's tick done composing. */
  totalMs: number;
  tickMs: number;
}

export async function broadcast(bench: Bench, db: string): Promise<BroadcastResult> {
  const { client, sizes } = bench;
  const { proc } = await startBot(bench, 'bot', db, bench.scaledConfig);
  const limits = scaledLimits(TELEGRAM_LIMITS);
  const limit = limits.perSecond;
  await client.rateLimits(limits);
  try {
    const since = await client.callCount();
    const startAt = (await client.stats(since)).now;
    await proc.request({ type: 'set-clock', at: Date.parse(DIGEST_AT) });
    const composed = await client.stats(since);
    const sentWhileComposing = composed.methods.sendMessage?.statuses['200'] ?? 0;
    const done = await client.waitFor('sendMessage', sizes.buildings, since, { timeoutMs: 300_000 });
    const sent = done.methods.sendMessage!;
    const ok = sent.statuses['200'] ?? 0;
    return {
      buildings: sizes.buildings,
      limit,
      queuedPerSecond: ((ok - sentWhileComposing) * 1000) / (sent.lastAt - composed.now),
      queuedSends: ok - sentWhileComposing,
      overallPerSecond: ((ok - 1) * 1000) / (sent.lastAt - sent.firstAt),
      provoked429: Object.values(done.methods).reduce((n, m) => n + (m.statuses['429'] ?? 0), 0),
      totalMs: sent.lastAt - startAt,
      tickMs: composed.now - startAt,
    };
  } finally {
    await client.rateLimits(false);
    await proc.stop();
  }
}

// ------------------------------------------------------------------ 6. events to a webhook

export interface WebhookPhase {
  events: number;
  /** Accepted by the receiver per second, from the first to the last of the phase. */
  perSecond: number;
  /** From the first to the last event the receiver accepted, ms. */
  spanMs: number;
}

export interface WebhookResult {
  /** Events delivered while a burst of `/need` commands is handled: the receiver keeping up with the bot. */
  live: WebhookPhase & {
    /** The commands' own rate (updates/s, as in scenario 1), and how long after the last answer the last event came. */
    commandsPerSecond: number;
    lagMs: number;
  };
  /** A backlog the receiver missed while down (answering 503), delivered once it is back: the sender at full speed. */
  backlog: WebhookPhase & { refused: number };
  /** Over both phases: signatures that did not verify, events out of order, duplicates, bodies no CloudEvent. */
  badSignatures: number;
  outOfOrder: number;
  duplicates: number;
  malformed: number;
  types: string[];
}

const WEBHOOK_SECRET = 'bench-webhook-secret-0123456789';

/**
 * The bot with one webhook, a receiver in this process. Live: a burst of `events` `/need` commands (each stores a
 * `need.created`) with the receiver up. Backlog: the receiver goes down (503), another burst is handled (the
 * sender's first attempt fails and waits for its retry, the rest queue behind it), the receiver comes back and the
 * bot's clock is moved past the retry: the whole backlog is then delivered as fast as the sender goes. Every event
 * is checked: signature, CloudEvent, order (the needs' ids, given in the order the events were stored).
 */
export async function webhookDelivery(bench: Bench, outbox: OutboxLimits): Promise<WebhookResult> {
  const { sizes, client } = bench;
  const n = sizes.events;
  const receiver = await WebhookReceiver.start(WEBHOOK_SECRET);
  const config = writeBenchConfig(bench.work, 'webhook.json', sizes.buildings, outbox, {
    webhook: { url: receiver.url, secret: WEBHOOK_SECRET },
  });
  const { proc } = await startBot(bench, 'bot', join(bench.work, 'webhook.db'), config);
  const burst = (from: number) =>
    Array.from({ length: n }, (_, i) => {
      const { userId, chatId, text } = needCommand(from + i, sizes);
      return { path: '/sandbox/send' as const, body: { chatId, userId, text } };
    });
  try {
    // live
    let since = await client.callCount();
    const { at } = await client.batch(burst(0));
    const answered = (await client.waitFor('sendMessage', n, since)).methods.sendMessage!;
    await receiver.waitFor(n);
    const live = receiver.arrivals.slice(0, n);
    const liveSpan = live.at(-1)!.hr - live[0]!.hr;

    // backlog
    receiver.down = true;
    since = await client.callCount();
    await client.batch(burst(n));
    await client.waitFor('sendMessage', n, since);
    // the first event of the burst was refused and waits for its retry (10 s later on the bot's clock)
    for (let waited = 0; receiver.refused === 0; waited += 50) {
      if (waited > 30_000) throw new Error('webhooks: the sender tried nothing while the receiver was down');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    receiver.down = false;
    const refused = receiver.refused;
    // past the retry that is due next (after `refused` failures in a row), not so far that other work falls due
    await proc.request({ type: 'advance-clock', ms: retryDelayMs(refused) + 1000 });
    await receiver.waitFor(2 * n);
    const backlog = receiver.arrivals.slice(n, 2 * n);
    const backlogSpan = backlog.at(-1)!.hr - backlog[0]!.hr;
    // nothing more than the events of the commands (a duplicate would come now, if at all)
    await new Promise((resolve) => setTimeout(resolve, 500));

    const seen = new Set<string>();
    let duplicates = 0;
    let outOfOrder = 0;
    let last = 0;
    for (const arrival of receiver.arrivals) {
      if (seen.has(arrival.id)) {
        duplicates++;
        continue;
      }
      seen.add(arrival.id);
      const subject = Number(arrival.subject);
      if (!(subject > last)) outOfOrder++;
      last = subject;
    }
    const unique = seen.size;
    if (unique !== 2 * n) throw new Error(`webhooks: ${unique} distinct events for ${2 * n} commands`);
    return {
      live: {
        events: n,
        perSecond: ((n - 1) * 1000) / liveSpan,
        spanMs: Math.round(liveSpan),
        commandsPerSecond: (n * 1000) / (answered.lastAt - at),
        lagMs: Math.max(0, live.at(-1)!.at - answered.lastAt),
      },
      backlog: { events: n, perSecond: ((n - 1) * 1000) / backlogSpan, spanMs: Math.round(backlogSpan), refused },
      badSignatures: receiver.arrivals.filter((a) => !a.signed).length,
      outOfOrder,
      duplicates,
      malformed: receiver.malformed,
      types: [...new Set(receiver.arrivals.map((a) => a.type))],
    };
  } finally {
    await proc.stop();
    await receiver.close();
  }
}

// The five measurements of issue #9. Every time is read by the local Bot API (one clock, in its own process):
// when it enqueued the first update of a batch, and when each answer of the bot arrived.

import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createI18n, translatorOf } from '../src/bot/i18n.ts';
import type { BotConfig } from '../src/config/index.ts';
import { inLanguage, type Locale } from '../src/core/translate.ts';
import { openDatabase } from '../src/db/open.ts';
import { findBuilding } from '../src/features/buildings/buildings.store.ts';
import { composeDigest } from '../src/features/digests/digests.messages.ts';
import { listActiveNeeds } from '../src/features/needs/needs.store.ts';
import { categoryLabel } from '../src/features/needs/needs.ts';
import { renderNeedsList } from '../src/features/needs/needs.view.ts';
import type { MemoryReport } from './ipc.ts';
import { RESIDENTS_PER_BUILDING, residentIdOf } from './large-db.ts';
import type { LocalApiClient } from './local-api-client.ts';
import { BotProcess, type LocalApi } from './processes.ts';
import {
  ADMIN_ID,
  BUY_LIMIT,
  buildingChatId,
  CLOCK_START,
  DIGEST_AT,
  expectedOrders,
  HOUSEHOLD_USER_BASE,
  householdUnit,
  needCommand,
  type Sizes,
  scaledLimits,
  stormPresses,
  TELEGRAM_LIMITS,
  THROUGHPUT_USER_BASE,
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
}

export interface StartedBot {
  proc: BotProcess;
  /** From spawning the process to its first getUpdates call, ms. */
  startMs: number;
}

/** Starts a bot process on `db` and waits until it polls. */
export async function startBot(
  bench: Bench,
  kind: BotKind,
  db: string,
  config = bench.unpacedConfig,
): Promise<StartedBot> {
  const polling = bench.client.polling();
  const proc = BotProcess.start(
    kind === 'bare' ? 'bench/bare-bot.ts' : 'bench/bot-process.ts',
    {
      BOT_TOKEN: bench.api.token,
      TELEGRAM_API_ROOT: bench.api.apiRoot,
      DB_PATH: db,
      BOT_CONFIG: config,
      BENCH_CLOCK_START: CLOCK_START,
      LOG_LEVEL: 'info',
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
}

// ------------------------------------------------------------------ 1. command throughput

export interface ThroughputRun {
  kind: BotKind;
  updatesPerSecond: number;
  elapsedMs: number;
  startMs: number;
  replies: number;
}

export async function commandThroughput(bench: Bench, kind: BotKind, run: number): Promise<ThroughputRun> {
  const { sizes, client } = bench;
  const db = join(bench.work, `throughput-${kind}-${run}.db`);
  const { proc, startMs } = await startBot(bench, kind, db);
  const since = await client.callCount();
  const requests = Array.from({ length: sizes.commands }, (_, k) => {
    const { userId, chatId, text } = needCommand(k, sizes);
    return { path: '/sandbox/send' as const, body: { chatId, userId, text } };
  });
  const { at } = await client.batch(requests);
  const done = await client.waitFor('sendMessage', sizes.commands, since);
  const elapsedMs = done.methods.sendMessage!.lastAt - at;
  await proc.stop();
  const replies = (await client.stats(since)).methods.sendMessage?.count ?? 0;
  // every command answered is in the database
  const { stored } = readRow<{ stored: number }>(
    db,
    `SELECT count(*) AS stored FROM ${kind === 'bot' ? 'needs' : 'handled'}`,
  );
  if (stored !== sizes.commands) throw new Error(`${kind}: ${stored} of ${sizes.commands} commands stored`);
  if (replies !== sizes.commands) throw new Error(`${kind}: ${replies} replies to ${sizes.commands} commands`);
  return { kind, updatesPerSecond: (sizes.commands * 1000) / elapsedMs, elapsedMs, startMs, replies };
}

// ------------------------------------------------------------------ 2. button storm

export interface StormResult {
  kind: BotKind;
  drainMs: number;
  answers: number;
  failedAnswers: number;
  cardEdits: number;
  expected: { households: number; quantity: number };
  /** As the card shows it at the end and as the database holds it (this bot only). */
  card?: { households: number; quantity: number };
  stored?: { households: number; quantity: number };
  memory: MemoryReport;
}

type Card = {
  message_id: number;
  text?: string;
  reply_markup?: { inline_keyboard: Array<Array<{ text: string; callback_data?: string }>> };
};

function cardTotals(card: Card | undefined): { households: number; quantity: number } | undefined {
  const m = /Households: ([\d,]+) · quantity ([\d,]+)/.exec(card?.text ?? '');
  return m ? { households: Number(m[1]!.replaceAll(',', '')), quantity: Number(m[2]!.replaceAll(',', '')) } : undefined;
}

export async function buttonStorm(bench: Bench, kind: BotKind): Promise<StormResult> {
  const { sizes, client } = bench;
  // a building of its own, away from the throughput groups
  const chatId = buildingChatId(sizes.groups);
  const db = join(bench.work, `storm-${kind}.db`);
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
  await client.batch([
    { path: '/sandbox/send', body: { chatId, userId: ADMIN_ID, text: `/buy Vegetable box | 45 | limit ${BUY_LIMIT}` } },
  ]);
  await client.waitFor('sendMessage', 1, since, { chatId });
  const card = (await client.messages(chatId)).filter((m) => m.reply_markup).at(-1);
  const buttons = (card?.reply_markup?.inline_keyboard ?? []).flat();
  const dataOf = (label: RegExp): string => {
    const found = buttons.find((b) => label.test(b.text))?.callback_data;
    if (!card || found === undefined)
      throw new Error(`${kind}: no ${label} button on the card ${JSON.stringify(card)}`);
    return found;
  };
  const data = { plus: dataOf(/^\+1/), minus: dataOf(/^[−-]1/), mine: dataOf(/My order/) };

  const presses = stormPresses(sizes);
  const expected = expectedOrders(presses);
  since = await client.callCount();
  const { at } = await client.batch(
    presses.map((p) => ({
      path: '/sandbox/press',
      body: { chatId, messageId: card!.message_id, userId: p.userId, data: data[p.action] },
    })),
  );
  await client.waitFor('answerCallbackQuery', sizes.presses, since);
  let shown: { households: number; quantity: number } | undefined;
  if (kind === 'bot') {
    // the card catches up at most every editIntervalSeconds: wait (edit by edit) until it shows the final totals
    for (;;) {
      // counted before the card is read: an edit that lands in between is then either seen on the card or waited for
      const edits = (await client.stats(since)).methods.editMessageText?.statuses['200'] ?? 0;
      const now = (await client.messages(chatId)).find((m) => m.message_id === card!.message_id);
      shown = cardTotals(now);
      if (shown?.quantity === expected.quantity && shown.households === expected.households) break;
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
    const row = readRow<{ households: number; quantity: number }>(
      db,
      'SELECT count(*) AS households, coalesce(sum(quantity), 0) AS quantity FROM orders WHERE quantity > 0',
    );
    result.stored = row;
    if (row.households !== expected.households || row.quantity !== expected.quantity) {
      throw new Error(
        `storm: the database holds ${JSON.stringify(row)}, the presses add up to ${JSON.stringify(expected)}`,
      );
    }
  }
  return result;
}

// ------------------------------------------------------------------ 4. scale of data

export interface LatencyResult {
  p50: number;
  p99: number;
  max: number;
  samples: number;
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

/** One command at a time in building 1, from command to answer (as the local API sees them). */
export async function commandLatency(bench: Bench, text: string, samples: number): Promise<LatencyResult> {
  const { client } = bench;
  const chatId = buildingChatId(0);
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const since = await client.callCount();
    const userId = residentIdOf(0, i % RESIDENTS_PER_BUILDING);
    const { at } = await client.batch([{ path: '/sandbox/send', body: { chatId, userId, text } }]);
    const done = await client.waitFor('sendMessage', 1, since, { chatId });
    times.push(done.methods.sendMessage!.firstAt - at);
  }
  return latencyOf(times);
}

/**
 * The work of `/needs` and `/digest` alone, in this process on the same database: the queries and the
 * rendering the handler does, without Telegram, polling or the outbox around them.
 */
export function handlerLatency(
  dbPath: string,
  config: BotConfig,
  samples: number,
): { needs: LatencyResult; digest: LatencyResult } {
  const handle = openDatabase(dbPath);
  try {
    const i18n = createI18n();
    const translate = translatorOf(i18n);
    const building = findBuilding(handle.db, config.buildings[0]!.id)!;
    const t = inLanguage(translate, building.language);
    const now = Date.parse(CLOCK_START);
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

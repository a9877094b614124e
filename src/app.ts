import { basename } from 'node:path';
import { createConcurrentSink, createRunner, createSource, type RunnerHandle } from '@grammyjs/runner';
import { Api, type Bot, GrammyError, HttpError } from 'grammy';
import type { Update } from 'grammy/types';
import type { Logger } from 'pino';
import { registerCommands } from './bot/commands.ts';
import type { BotContext } from './bot/context.ts';
import { allowedUpdates, createBot } from './bot/create-bot.ts';
import { createI18n, type Translate, translatorOf } from './bot/i18n.ts';
import { telegramFetch } from './bot/telegram-fetch.ts';
import { type BotConfig, buildingLanguage } from './config/index.ts';
import { type Clock, systemClock } from './core/clock.ts';
import { appendAudit } from './db/audit.ts';
import { type DatabaseHandle, openDatabase } from './db/open.ts';
import { readSetting, writeSetting } from './db/settings.ts';
import { lastInboxUpdateId, purgeHandledUpdates, storeInbox, takeUnhandledInbox } from './db/updates.ts';
import { syncBuildings } from './features/buildings/buildings.store.ts';
import type { LateRenderer } from './features/feature.ts';
import { features } from './features/index.ts';
import { reportCityAlerts } from './features/notices/city-alerts.store.ts';
import { databaseTakesWrites, outboxDepth } from './jobs/outbox.store.ts';
import { OutboxSender } from './jobs/outbox.ts';
import { Scheduler } from './jobs/scheduler.ts';
import { WebhookSender } from './jobs/webhook-sender.ts';
import { scheduledBackup } from './ops/backups.ts';
import { CITY_ALERTS_PATH, cityAlertRoute } from './ops/city-alerts.ts';
import { type HealthStatus, type HttpServer, startHttpServer } from './ops/http-server.ts';
import type { BotMetrics } from './ops/metrics.ts';
import { newWebhookSecret, registerWebhook, webhookRoute } from './ops/webhook-updates.ts';

/** Waits between retries: `firstMs`, then doubling up to `maxMs`; back to `firstMs` once a call succeeds. */
export interface Backoff {
  firstMs: number;
  maxMs: number;
}

export interface AppOptions {
  config: BotConfig;
  token: string;
  apiRoot: string;
  dbPath: string;
  logger: Logger;
  clock?: Clock;
  /** Seconds a getUpdates call is held open; tests shorten it so a stop is quick. */
  pollTimeoutSeconds?: number;
  onUpdateHandled?: (updateId: number) => void;
  /**
   * The waits between retries of getMe, the command menus and getUpdates. `transient`: Telegram unreachable (or
   * answering 5xx), or the inbox not writable; default 1 s doubling to 60 s. `conflict`: another instance polls with
   * the token; default 5 s doubling to 60 s. Tests shorten them.
   */
  retryDelays?: { transient?: Backoff; conflict?: Backoff };
  /**
   * At start, give up with a {@link FatalError} once Telegram has been unreachable this long (the waits between
   * tries added up). Unset (the default): keep trying, logging each failure.
   */
  giveUpUnreachableAfterMs?: number;
  /** Ends a start still waiting for Telegram (a SIGTERM meanwhile): `startApp` then rejects. */
  signal?: AbortSignal;
  /** The HTTP server of `/healthz` and `/metrics` (`HTTP_PORT`, `HTTP_HOST`); none when unset. Port 0: any free. */
  http?: { port: number; host?: string };
  /**
   * Webhook mode (`WEBHOOK_URL`): updates arrive by POST on the HTTP server (which must be set) at this URL's path,
   * instead of long polling. Without a `url`, the HTTP server's own address (tests against the local Bot API).
   */
  updatesByWebhook?: { url?: string };
  /**
   * A department's webhook (the config's `webhooks`, not Telegram's) that has not answered an event within this many
   * ms has failed the attempt; default 10 s, tests shorten it.
   */
  webhookTimeoutMs?: number;
}

export interface RunningApp {
  bot: Bot<BotContext>;
  database: DatabaseHandle;
  outbox: OutboxSender;
  /** Sends events to the departments' webhooks (the config's `webhooks`), apart from the outbox. */
  webhooks: WebhookSender;
  scheduler: Scheduler;
  translate: Translate;
  /**
   * Resolves (never rejects) if long polling stops for good while the app runs: a {@link FatalError} (the token was
   * refused, another instance held the token from the start), or an unexpected error. The caller reports it and
   * calls `stop()`; the outbox and the scheduler run until then. Stays pending otherwise.
   */
  fatal: Promise<Error>;
  /** The port of the HTTP server (`/healthz`, `/metrics`), when it runs. */
  httpPort: number | undefined;
  /** Stops taking updates, waits for those in hand and the message being sent, closes the database. Idempotent. */
  stop(): Promise<void>;
  /** Writes the `config.reload` audit entry after a restart with a reloaded config (SIGHUP). */
  recordConfigReload(file: string, config: BotConfig): void;
}

/**
 * The bot cannot start or go on, for a reason the operator can fix: Telegram refused the token, another instance
 * polls with it, Telegram stayed unreachable past `giveUpUnreachableAfterMs`. `message` is one line for stderr and
 * never holds the token; no stack is needed. Thrown by {@link startApp}, or resolved by {@link RunningApp.fatal}.
 */
export class FatalError extends Error {
  override name = 'FatalError';
}

/** An update that failed this many times (each after a restart) is given up rather than retried forever. */
const maxUpdateAttempts = 3;

/**
 * Updates handled at once by polling (the runner's default is 500). A handler writes to SQLite synchronously and
 * waits only for the odd direct call (a button's answer), so a few dozen keep the process busy; hundreds only hold
 * their contexts in memory at once under a burst.
 */
const HANDLED_AT_ONCE = 64;

/**
 * Updates asked for by each getUpdates: Telegram's most, whatever room the runner has (its batch size), which is
 * the room a single handled update frees when the bot is busy. Asking for that one update cost a getUpdates round
 * trip, an inbox commit and a group commit of its own for every 64 (the throughput bench's commits came in pairs:
 * 63 updates, then 1). The runner waits for room before it asks again, so at most this many more are in hand.
 */
const FETCHED_AT_ONCE = 100;

const defaultDelays = {
  transient: { firstMs: 1000, maxMs: 60_000 },
  conflict: { firstMs: 5000, maxMs: 60_000 },
} satisfies Record<string, Backoff>;

/**
 * The whole bot as production runs it: database (checked and migrated), buildings synced from the config, the bot's
 * identity and command menus (retried while Telegram is unreachable), the outbox sender, the scheduler (catching up),
 * updates left unhandled by a crash, then long polling. `main.ts` calls it; end-to-end tests call it against the
 * local Bot API.
 * @throws DatabaseOpenError when the database cannot be used; FatalError when Telegram refuses the token (or
 *   stays unreachable past `giveUpUnreachableAfterMs`); an error when `signal` ends the start
 */
export async function startApp(options: AppOptions): Promise<RunningApp> {
  const { config, logger } = options;
  const clock = options.clock ?? systemClock;
  const pollTimeout = options.pollTimeoutSeconds ?? 30;
  // `/metrics` is served by the HTTP server alone: without one, nothing counts for nobody and prom-client (some MB of
  // heap in every district bot) is not loaded at all
  const createMetrics = options.http ? (await import('./ops/metrics.ts')).createMetrics : undefined;
  const database = openDatabase(options.dbPath, {
    synchronous: config.database.synchronous,
    checkpointInBackground: true,
    logger: options.logger,
  });
  const { db } = database;
  const i18n = createI18n();
  const translate = translatorOf(i18n);
  database.group.onCommitFailed = (err) =>
    logger.error(
      { err: err instanceof Error ? err.message : String(err) },
      'could not commit the updates just handled (disk full?): they were undone and will be handled again at the next start',
    );
  // read at each scrape, by then the scheduler exists
  const metrics: BotMetrics | undefined = createMetrics?.(db, clock, {
    get lastLagMs() {
      return scheduler.lastLagMs;
    },
  });
  const pollState: PollState = { answeredAt: undefined };
  let http: HttpServer | undefined;
  // the messages features draw as they go (a card under a burst of presses), by name
  const renderers: Record<string, LateRenderer> = Object.assign(
    {},
    ...features.map((feature) => feature.renderers?.({ config, translate }) ?? {}),
  );
  const outbox = new OutboxSender({
    db,
    token: options.token,
    apiRoot: options.apiRoot,
    clock,
    logger,
    limits: config.outbox,
    group: database.group,
    editIntervalMs: config.outbox.editIntervalSeconds * 1000,
    onSendEnded: (result) => metrics?.sendEnded(result),
    // whoever sent a message that could not be delivered is told, by the feature it belongs to
    onGivenUp: (tx, row, reason, at) => {
      const given = { ref: row.ref, chatId: row.chatId, kind: row.kind, reason, at };
      for (const feature of features) feature.messageGivenUp?.(tx, given, { config, translate });
    },
    render: (name, id) => renderers[name]?.(db, id),
  });
  const webhooks = new WebhookSender({
    db,
    webhooks: config.webhooks,
    clock,
    logger,
    beforeRead: () => database.group.flush(),
    ...(options.webhookTimeoutMs !== undefined ? { timeoutMs: options.webhookTimeoutMs } : {}),
  });
  // a change's events commit with it: whatever wakes the outbox after changes wakes the webhooks too
  const afterChanges = () => {
    outbox.wake();
    webhooks.wake();
  };
  const scheduler = new Scheduler({
    db,
    clock,
    logger,
    timezone: config.timezone,
    catchUpGraceMs: config.scheduler.catchUpGraceHours * 3600_000,
    afterChanges,
  });
  // getMe, the menus and getUpdates go without the bot's auto-retry, which retries a network error silently and
  // forever: here each failure is classified, logged and retried with a bounded backoff
  const telegram: Telegram = {
    api: new Api(options.token, { apiRoot: options.apiRoot, timeoutSeconds: pollTimeout + 30, fetch: telegramFetch() }),
    token: options.token,
    apiRoot: options.apiRoot,
    logger,
    delays: {
      transient: options.retryDelays?.transient ?? defaultDelays.transient,
      conflict: options.retryDelays?.conflict ?? defaultDelays.conflict,
    },
  };
  let runner: RunnerHandle | undefined;
  try {
    syncBuildings(
      db,
      config.buildings.map((b) => ({
        id: b.id,
        name: b.name,
        chatId: b.chatId,
        language: buildingLanguage(config, b),
      })),
      clock.now(),
    );
    const bot = createBot({
      config,
      db,
      clock,
      logger,
      i18n,
      wakeOutbox: afterChanges,
      group: database.group,
      chatAdminCache: new Map(),
      token: options.token,
      apiRoot: options.apiRoot,
      features,
      ...(options.onUpdateHandled ? { onUpdateHandled: options.onUpdateHandled } : {}),
      observeUpdate: (seconds, failed) => metrics?.updateHandled(seconds, failed),
    });
    const startup = { signal: options.signal, giveUpAfterMs: options.giveUpUnreachableAfterMs };
    // grammY types its signal with the abort-controller package's AbortSignal, the same object at run time
    const getMe = () => telegram.api.getMe(options.signal as Parameters<Api['getMe']>[0]);
    bot.botInfo = await untilAnswered(telegram, 'getMe', getMe, startup);
    const commands = features.flatMap((f) => f.commands);
    await untilAnswered(telegram, 'setMyCommands', () => registerCommands(telegram.api, translate, commands), startup);
    outbox.start();
    webhooks.start();
    for (const feature of features) {
      const jobs = feature.jobs?.(config, translate);
      for (const job of jobs?.cron ?? []) scheduler.addCronJob(job);
      for (const check of jobs?.due ?? []) scheduler.addDueCheck(check);
    }
    scheduler.addDueCheck({ name: 'purge-handled-updates', run: (tx, now) => purgeHandledUpdates(tx, now) });
    if (config.hub && !options.http) logger.warn('config "hub" is set but HTTP_PORT is not: city alerts cannot arrive');
    if (config.hub)
      scheduler.addDueCheck({ name: 'report-city-alerts', run: (tx, now) => reportCityAlerts(tx, config, now) });
    if (config.backup) scheduler.addBackgroundJob(scheduledBackup(config.backup, database.sqlite, logger));
    scheduler.start();

    // updates a crash left unhandled go first, in the order they came
    const { retry, abandoned } = takeUnhandledInbox(db, maxUpdateAttempts);
    if (abandoned.length > 0)
      logger.error({ updateIds: abandoned }, `updates failed ${maxUpdateAttempts} times; left unhandled`);
    if (retry.length > 0) logger.info({ count: retry.length }, 'handling updates received before a crash');
    for (const update of retry) await bot.handleUpdate(update as unknown as Update);

    const byWebhook = options.updatesByWebhook;
    if (byWebhook && !options.http) throw new Error('webhook mode needs the HTTP server (HTTP_PORT)');
    const webhookSecret = newWebhookSecret();
    const webhookPath = byWebhook?.url ? new URL(byWebhook.url).pathname : '/telegram-webhook';
    const route = byWebhook
      ? webhookRoute(bot, {
          path: webhookPath,
          secret: webhookSecret,
          database,
          clock,
          logger,
          onDelivery: () => (pollState.answeredAt = performance.now()),
        })
      : undefined;
    let polling: ReturnType<typeof startPolling> | undefined;
    if (!byWebhook) {
      // back from webhook mode: the webhook this bot set would keep Telegram from answering getUpdates
      if (readSetting(db, webhookSettingKey) !== undefined) {
        await untilAnswered(telegram, 'deleteWebhook', () => telegram.api.deleteWebhook(), startup);
        writeSetting(db, webhookSettingKey, undefined);
        logger.info('webhook removed: updates come by long polling again');
      }
      // Telegram took the token a moment ago (getMe, the menus): updates flow for `/healthz` from now, not only once the
      // first long poll comes back, which in a quiet hour takes the whole poll timeout (a fresh bot looked sick 30 s)
      pollState.answeredAt = performance.now();
      polling = startPolling(bot, telegram, database, clock, pollTimeout, pollState);
    }
    if (options.http && metrics) {
      http = await startHttpServer({
        ...options.http,
        metrics: metrics.registry,
        health: () => healthOf(db, clock, pollState, byWebhook ? undefined : pollTimeout),
        ...(route ? { webhook: route } : {}),
        ...(config.hub
          ? {
              cityAlerts: {
                path: CITY_ALERTS_PATH,
                handle: cityAlertRoute({
                  secret: config.hub.alertSecret,
                  config,
                  database,
                  translate,
                  clock,
                  logger,
                  afterChanges,
                }),
              },
            }
          : {}),
      });
      logger.info({ port: http.port }, `HTTP server: ${route ? `${route.path} (webhook), ` : ''}/healthz and /metrics`);
    }
    if (byWebhook && http) {
      const url = byWebhook.url ?? `http://${options.http?.host ?? '127.0.0.1'}:${http.port}${webhookPath}`;
      writeSetting(db, webhookSettingKey, url);
      await untilAnswered(
        telegram,
        'setWebhook',
        () => registerWebhook(telegram.api, { url, secret: webhookSecret, allowedUpdates: allowedUpdates }),
        startup,
      );
      pollState.answeredAt = performance.now();
      logger.info({ url }, 'webhook set: updates come by webhook');
    }
    runner = polling?.runner;
    logger.info({ bot: bot.botInfo.username, buildings: config.buildings.length }, 'bot started');
    let stopping: Promise<void> | undefined;
    const handle = runner;
    return {
      bot,
      database,
      outbox,
      webhooks,
      scheduler,
      translate,
      fatal: polling?.fatal ?? new Promise<Error>(() => undefined),
      httpPort: http?.port,
      recordConfigReload: (file, reloaded) =>
        db.transaction((tx) =>
          appendAudit(tx, {
            at: clock.now(),
            actor: null,
            action: 'config.reload',
            subject: `config:${basename(file)}`,
            // counts only: the file holds webhook secrets
            details: {
              buildings: reloaded.buildings.length,
              committees: reloaded.committees.length,
              webhooks: reloaded.webhooks.length,
            },
          }),
        ),
      stop: () =>
        (stopping ??= (async () => {
          await http?.close();
          if (handle?.isRunning()) await handle.stop();
          await route?.inHand();
          await scheduler.stop();
          await outbox.stop();
          await webhooks.stop();
          await database.close();
          logger.info('bot stopped');
        })()),
    };
  } catch (err) {
    await http?.close();
    if (runner?.isRunning()) await runner.stop();
    await scheduler.stop();
    await outbox.stop();
    await webhooks.stop();
    await database.close();
    throw err;
  }
}

/** What the startup calls and the poller share: the Bot API without auto-retry, and how to wait and report. */
interface Telegram {
  api: Api;
  token: string;
  apiRoot: string;
  logger: Logger;
  delays: { transient: Backoff; conflict: Backoff };
}

/**
 * Runs a startup call until Telegram answers it. While Telegram cannot be reached (or answers 5xx or 429), each
 * failure is logged at warn and the call is tried again after a growing wait, until `giveUpAfterMs` if set.
 */
async function untilAnswered<T>(
  telegram: Telegram,
  method: string,
  call: () => Promise<T>,
  startup: { signal: AbortSignal | undefined; giveUpAfterMs: number | undefined },
): Promise<T> {
  const delays = backoff(telegram.delays.transient);
  let waited = 0;
  for (;;) {
    startup.signal?.throwIfAborted();
    try {
      return await call();
    } catch (err) {
      startup.signal?.throwIfAborted();
      const trouble = classify(err, telegram.token);
      if (trouble.kind === 'refused') throw new FatalError(tokenRefused);
      if (trouble.kind === 'not-found' && method === 'getMe') {
        throw new FatalError(
          `Telegram answered 404 Not Found to getMe: is TELEGRAM_API_ROOT (${telegram.apiRoot}) a Bot API server?`,
        );
      }
      if (trouble.kind !== 'transient') throw err;
      const wait = trouble.retryAfterMs ?? delays.next();
      if (startup.giveUpAfterMs !== undefined && waited + wait > startup.giveUpAfterMs) {
        throw new FatalError(
          `Telegram unreachable at ${telegram.apiRoot}: ${trouble.reason}; gave up after ${seconds(waited)} of retries`,
        );
      }
      telegram.logger.warn(
        { method, retryInMs: wait },
        `Telegram unreachable: ${trouble.reason}, retrying in ${seconds(wait)}`,
      );
      await pause(wait, startup.signal);
      waited += wait;
    }
  }
}

const tokenRefused =
  'BOT_TOKEN was refused by Telegram (401 Unauthorized): it is wrong or was revoked; ' +
  'copy it again from @BotFather (/mybots, your bot, API Token)';

/** What went wrong with a Bot API call, as far as retrying is concerned. */
type Trouble =
  | { kind: 'refused' }
  | { kind: 'not-found' }
  | { kind: 'conflict'; webhook: boolean }
  | { kind: 'transient'; reason: string; retryAfterMs?: number }
  | { kind: 'other' };

function classify(err: unknown, token: string): Trouble {
  if (err instanceof HttpError) return { kind: 'transient', reason: networkReason(err, token) };
  if (!(err instanceof GrammyError)) return { kind: 'other' };
  const answer = `Telegram answered ${err.error_code} ${err.description}`;
  if (err.error_code === 401) return { kind: 'refused' };
  if (err.error_code === 404) return { kind: 'not-found' };
  if (err.error_code === 409) return { kind: 'conflict', webhook: /webhook/i.test(err.description) };
  if (err.error_code === 429) {
    const after = err.parameters.retry_after;
    return { kind: 'transient', reason: answer, ...(after !== undefined ? { retryAfterMs: after * 1000 } : {}) };
  }
  if (err.error_code >= 500) return { kind: 'transient', reason: answer };
  return { kind: 'other' };
}

/**
 * The cause of a network error in a few words (`connect ECONNREFUSED 127.0.0.1:8081`), without the request's URL,
 * which holds the token.
 */
function networkReason(err: HttpError, token: string): string {
  const cause = err.error instanceof Error ? err.error.message : String(err.error);
  const reason = /reason: (.*)$/s.exec(cause)?.[1] ?? cause;
  return reason.replaceAll(token, '[BOT_TOKEN]').split('\n')[0]!;
}

/** `5s`, `0.02s`, `1.5s`. */
function seconds(ms: number): string {
  return `${Math.round(ms) / 1000}s`;
}

/** What {@link pause} needs of an AbortSignal (Node's, or the one grammY's runner types with its shim). */
interface Abortable {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/** Waits `ms`; rejects at once when `signal` is aborted (a stop meanwhile). */
function pause(ms: number, signal: Abortable | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const aborted = () => {
      clearTimeout(timer);
      reject(new Error('aborted while waiting to retry'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', aborted);
      resolve();
    }, ms);
    if (signal?.aborted) aborted();
    else signal?.addEventListener('abort', aborted);
  });
}

function backoff(delays: Backoff): { next(): number; reset(): void } {
  let next = delays.firstMs;
  return {
    next() {
      const wait = next;
      next = Math.min(delays.maxMs, next * 2);
      return wait;
    },
    reset() {
      next = delays.firstMs;
    },
  };
}

/**
 * Long polling with the runner, through the inbox: each fetched batch is written to the database before the
 * next getUpdates call confirms it to Telegram, so a kill at any instant loses no update.
 *
 * Troubles are waited out inside the supply, so the runner (and the outbox and scheduler beside it) keeps running:
 * Telegram unreachable (logged at warn once per outage, then "reconnected"); the inbox not writable (a full disk:
 * the batch is fetched again later, as it was not confirmed); a 409 from another instance polling with the token
 * (logged once, "resumed" when it is gone). The offset only moves past a batch once the batch is stored, whatever
 * happens in between, so no update is skipped or handed to the bot twice.
 *
 * A 409 before the first getUpdates was answered means this instance is the newcomer: the one already polling
 * backs off on our first call and its next call ends ours. The newcomer stops ({@link RunningApp.fatal}) and the
 * instance that was there first keeps the token.
 */
function startPolling(
  bot: Bot<BotContext>,
  telegram: Telegram,
  database: DatabaseHandle,
  clock: Clock,
  timeout: number,
  state: PollState,
): { runner: RunnerHandle; fatal: Promise<Error> } {
  const { db } = database;
  const { logger } = telegram;
  let offset = 0;
  let resumeAfter = lastInboxUpdateId(db);
  let polled = false;
  const delays = { transient: backoff(telegram.delays.transient), conflict: backoff(telegram.delays.conflict) };
  let trouble: 'unreachable' | 'conflict' | 'inbox' | undefined;
  /** Logs the first failure of a kind at `level`, the repeats at debug; returns the wait before the next try. */
  const report = (kind: NonNullable<typeof trouble>, level: 'warn' | 'error', wait: number, message: string) => {
    logger[trouble === kind ? 'debug' : level]({ retryInMs: wait }, message);
    trouble = kind;
    return wait;
  };
  const recovered = () => {
    if (trouble === 'unreachable') logger.info('reconnected to Telegram');
    if (trouble === 'conflict') logger.info('polling resumed: no other instance is polling with this token now');
    if (trouble === 'inbox') logger.info('the inbox is writable again; polling resumed');
    trouble = undefined;
    delays.transient.reset();
    delays.conflict.reset();
  };
  /** The wait before getUpdates is tried again, or throws when polling cannot go on. */
  const afterFailure = (err: unknown): number => {
    const seen = classify(err, telegram.token);
    switch (seen.kind) {
      case 'refused':
        throw new FatalError(tokenRefused);
      case 'conflict': {
        const who = seen.webhook ? 'a webhook is set for this bot' : 'another instance is polling with this token';
        if (!polled) {
          const fix = seen.webhook
            ? 'remove it (deleteWebhook) for this bot to poll'
            : 'stop it or give this bot a token of its own';
          throw new FatalError(`${who} (409 Conflict from getUpdates): ${fix}; exiting`);
        }
        return report('conflict', 'warn', delays.conflict.next(), `${who}; waiting`);
      }
      case 'transient': {
        const wait = seen.retryAfterMs ?? delays.transient.next();
        return report(
          'unreachable',
          'warn',
          wait,
          `Telegram unreachable: ${seen.reason}, retrying in ${seconds(wait)}`,
        );
      }
      default:
        throw err;
    }
  };

  const source = createSource({
    supply: async (_batchSize, signal) => {
      for (;;) {
        let updates: Update[];
        try {
          updates = await telegram.api.getUpdates(
            { offset, limit: FETCHED_AT_ONCE, timeout, allowed_updates: [...allowedUpdates] },
            signal,
          );
        } catch (err) {
          if (signal.aborted) throw err;
          await pause(afterFailure(err), signal);
          continue;
        }
        polled = true;
        state.answeredAt = performance.now();
        try {
          // the batch is confirmed by the next getUpdates: it must be on disk by then, in a commit of its own
          database.group.flush();
          storeInbox(db, updates as unknown as Array<{ update_id: number } & Record<string, unknown>>, clock.now());
        } catch (err) {
          if (!isSqliteError(err)) throw err;
          // not stored, so not confirmed either: the next getUpdates, with the same offset, brings the batch again
          const wait = delays.transient.next();
          report(
            'inbox',
            'error',
            wait,
            `could not write fetched updates to the inbox (${err.message}); retrying in ${seconds(wait)}`,
          );
          await pause(wait, signal);
          continue;
        }
        recovered();
        const last = updates.at(-1)?.update_id;
        if (last !== undefined) offset = last + 1;
        // what came in before the last start was handled (or replayed) already; Telegram sends the last batch again
        if (resumeAfter !== undefined) {
          const handled = resumeAfter;
          resumeAfter = undefined;
          return updates.filter((u) => u.update_id > handled);
        }
        return updates;
      }
    },
  });
  const sink = createConcurrentSink<Update>(
    { consume: (update) => bot.handleUpdate(update) },
    async (error) => {
      await bot.errorHandler(error as Parameters<typeof bot.errorHandler>[0]);
    },
    { concurrency: HANDLED_AT_ONCE },
  );
  const runner = createRunner(source, sink);
  runner.start();
  const fatal = new Promise<Error>((resolve) => {
    runner.task()?.catch((err: unknown) => resolve(err instanceof Error ? err : new Error(String(err))));
  });
  return { runner, fatal };
}

function isSqliteError(err: unknown): err is Error & { code: string } {
  return err instanceof Error && String((err as { code?: unknown }).code).startsWith('SQLITE_');
}

/** Where the app remembers the webhook it set, so a start in polling mode removes it. */
const webhookSettingKey = 'telegram.webhook';

/** When the last getUpdates was answered (process time), for `/healthz`: updates flow while it is recent. */
interface PollState {
  answeredAt: number | undefined;
}

/**
 * `/healthz`: healthy when the database takes a write and getUpdates was answered within a poll timeout and a
 * minute (a long poll is answered at least that often when Telegram is reachable); with the outbox's depth and age.
 */
function healthOf(
  db: DatabaseHandle['db'],
  clock: Clock,
  polling: PollState,
  timeoutSeconds: number | undefined,
): HealthStatus {
  const writable = databaseTakesWrites(db, clock.now());
  const sinceAnswer = polling.answeredAt === undefined ? undefined : (performance.now() - polling.answeredAt) / 1000;
  // by webhook, Telegram calls only when there is an update: flowing once the webhook is registered
  const flowing = sinceAnswer !== undefined && (timeoutSeconds === undefined || sinceAnswer <= timeoutSeconds + 60);
  const { pending, oldestPendingMs } = outboxDepth(db, clock.now());
  return {
    healthy: writable && flowing,
    database: writable ? 'writable' : 'not writable',
    updates: { flowing, secondsSinceLastPoll: sinceAnswer === undefined ? null : Math.round(sinceAnswer) },
    outbox: { pending, oldestPendingSeconds: Math.round(oldestPendingMs / 1000) },
  };
}

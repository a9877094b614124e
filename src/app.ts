import {
  createConcurrentSink,
  createRunner,
  createSource,
  createUpdateFetcher,
  type RunnerHandle,
} from '@grammyjs/runner';
import type { Bot } from 'grammy';
import type { Update } from 'grammy/types';
import type { Logger } from 'pino';
import { registerCommands } from './bot/commands.ts';
import type { BotContext } from './bot/context.ts';
import { allowedUpdates, createBot } from './bot/create-bot.ts';
import { createI18n, type Translate, translatorOf } from './bot/i18n.ts';
import { type BotConfig, buildingLanguage } from './config/index.ts';
import { type Clock, systemClock } from './core/clock.ts';
import { type DatabaseHandle, openDatabase } from './db/open.ts';
import { lastInboxUpdateId, purgeHandledUpdates, storeInbox, takeUnhandledInbox } from './db/updates.ts';
import { syncBuildings } from './features/buildings/buildings.store.ts';
import { features } from './features/index.ts';
import { OutboxSender } from './jobs/outbox.ts';
import { Scheduler } from './jobs/scheduler.ts';

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
}

export interface RunningApp {
  bot: Bot<BotContext>;
  database: DatabaseHandle;
  outbox: OutboxSender;
  scheduler: Scheduler;
  translate: Translate;
  /** Stops taking updates, waits for those in hand and the message being sent, closes the database. Idempotent. */
  stop(): Promise<void>;
}

/** An update that failed this many times (each after a restart) is given up rather than retried forever. */
const maxUpdateAttempts = 3;

/**
 * The whole bot as production runs it: database (migrated), buildings synced from the config, command menus,
 * the outbox sender, the scheduler (catching up), updates left unhandled by a crash, then long polling.
 * `main.ts` calls it; end-to-end tests call it against the local Bot API.
 */
export async function startApp(options: AppOptions): Promise<RunningApp> {
  const { config, logger } = options;
  const clock = options.clock ?? systemClock;
  const database = openDatabase(options.dbPath, { synchronous: config.database.synchronous });
  const { db } = database;
  const i18n = createI18n();
  const translate = translatorOf(i18n);
  const outbox = new OutboxSender({
    db,
    token: options.token,
    apiRoot: options.apiRoot,
    clock,
    logger,
    limits: config.outbox,
    beforeRead: () => database.group.flush(),
    editIntervalMs: config.outbox.editIntervalSeconds * 1000,
  });
  const scheduler = new Scheduler({
    db,
    clock,
    logger,
    timezone: config.timezone,
    catchUpGraceMs: config.scheduler.catchUpGraceHours * 3600_000,
    afterChanges: () => outbox.wake(),
  });
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
      wakeOutbox: () => outbox.wake(),
      group: database.group,
      chatAdminCache: new Map(),
      token: options.token,
      apiRoot: options.apiRoot,
      features,
      ...(options.onUpdateHandled ? { onUpdateHandled: options.onUpdateHandled } : {}),
    });
    await bot.init();
    await registerCommands(
      bot.api,
      translate,
      features.flatMap((f) => f.commands),
    );
    outbox.start();
    for (const feature of features) {
      const jobs = feature.jobs?.(config, translate);
      for (const job of jobs?.cron ?? []) scheduler.addCronJob(job);
      for (const check of jobs?.due ?? []) scheduler.addDueCheck(check);
    }
    scheduler.addDueCheck({ name: 'purge-handled-updates', run: (tx, now) => purgeHandledUpdates(tx, now) });
    scheduler.start();

    // updates a crash left unhandled go first, in the order they came
    const { retry, abandoned } = takeUnhandledInbox(db, maxUpdateAttempts);
    if (abandoned.length > 0)
      logger.error({ updateIds: abandoned }, `updates failed ${maxUpdateAttempts} times; left unhandled`);
    if (retry.length > 0) logger.info({ count: retry.length }, 'handling updates received before a crash');
    for (const update of retry) await bot.handleUpdate(update as unknown as Update);

    runner = startPolling(bot, database, clock, options.pollTimeoutSeconds ?? 30);
    logger.info({ bot: bot.botInfo.username, buildings: config.buildings.length }, 'bot started');
    let stopping: Promise<void> | undefined;
    const handle = runner;
    return {
      bot,
      database,
      outbox,
      scheduler,
      translate,
      stop: () =>
        (stopping ??= (async () => {
          if (handle.isRunning()) await handle.stop();
          await scheduler.stop();
          await outbox.stop();
          database.close();
          logger.info('bot stopped');
        })()),
    };
  } catch (err) {
    if (runner?.isRunning()) await runner.stop();
    await scheduler.stop();
    await outbox.stop();
    database.close();
    throw err;
  }
}

/**
 * Long polling with the runner, through the inbox: each fetched batch is written to the database before the
 * next getUpdates call confirms it to Telegram, so a kill at any instant loses no update.
 */
function startPolling(bot: Bot<BotContext>, database: DatabaseHandle, clock: Clock, timeout: number): RunnerHandle {
  const { db } = database;
  const fetchUpdates = createUpdateFetcher(bot, { fetch: { allowed_updates: allowedUpdates, timeout } });
  let resumeAfter = lastInboxUpdateId(db);
  const source = createSource({
    supply: async (batchSize, signal) => {
      const updates = await fetchUpdates(batchSize, signal);
      // the batch is confirmed by the next getUpdates: it must be on disk by then, in a commit of its own
      database.group.flush();
      storeInbox(db, updates as unknown as Array<{ update_id: number } & Record<string, unknown>>, clock.now());
      // what came in before the last start was handled (or replayed) already; Telegram sends the last batch again
      if (resumeAfter !== undefined) {
        const last = resumeAfter;
        resumeAfter = undefined;
        return updates.filter((u) => u.update_id > last);
      }
      return updates;
    },
  });
  const sink = createConcurrentSink<Update>({ consume: (update) => bot.handleUpdate(update) }, async (error) => {
    await bot.errorHandler(error as Parameters<typeof bot.errorHandler>[0]);
  });
  const runner = createRunner(source, sink);
  runner.start();
  return runner;
}

import { run, type RunnerHandle } from '@grammyjs/runner';
import type { Bot } from 'grammy';
import type { Logger } from 'pino';
import { registerCommands } from './bot/commands.ts';
import type { BotContext } from './bot/context.ts';
import { createI18n } from './bot/i18n.ts';
import { allowedUpdates, createBot } from './bot/create-bot.ts';
import { buildingLanguage, type BotConfig } from './config/index.ts';
import { systemClock, type Clock } from './core/clock.ts';
import { openDatabase, type DatabaseHandle } from './db/open.ts';
import { syncBuildings } from './features/buildings/buildings.store.ts';

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
  /** Stops taking updates, waits for those in hand, closes the database. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * The whole bot as production runs it: database (migrated), buildings synced from the config, command
 * menus, then long polling with the runner. `main.ts` calls it; end-to-end tests call it against the local Bot API.
 */
export async function startApp(options: AppOptions): Promise<RunningApp> {
  const { config, logger } = options;
  const clock = options.clock ?? systemClock;
  const database = openDatabase(options.dbPath, { synchronous: config.database.synchronous });
  try {
    syncBuildings(
      database.db,
      config.buildings.map((b) => ({ id: b.id, name: b.name, chatId: b.chatId, language: buildingLanguage(config, b) })),
      clock.now(),
    );
    const i18n = createI18n();
    const bot = createBot({ config, db: database.db, clock, logger, i18n, token: options.token, apiRoot: options.apiRoot, ...(options.onUpdateHandled ? { onUpdateHandled: options.onUpdateHandled } : {}) });
    await bot.init();
    await registerCommands(bot.api, (locale, key, args) => i18n.t(locale, key, args));
    const runner: RunnerHandle = run(bot, {
      runner: { fetch: { allowed_updates: allowedUpdates, timeout: options.pollTimeoutSeconds ?? 30 } },
    });
    logger.info({ bot: bot.botInfo.username, buildings: config.buildings.length }, 'bot started');
    let stopping: Promise<void> | undefined;
    return {
      bot,
      database,
      stop: () =>
        (stopping ??= (async () => {
          if (runner.isRunning()) await runner.stop();
          database.close();
          logger.info('bot stopped');
        })()),
    };
  } catch (err) {
    database.close();
    throw err;
  }
}

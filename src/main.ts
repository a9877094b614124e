import type { Logger } from 'pino';
import { FatalError, type RunningApp, startApp } from './app.ts';
import {
  type BotConfig,
  ConfigError,
  formatConfigReport,
  type LoadedConfig,
  loadConfig,
  loadEnv,
} from './config/index.ts';
import { DatabaseOpenError } from './db/open.ts';
import { createLogger } from './logger.ts';
import { limitHeapGrowth } from './ops/heap-growth.ts';

const missingTokenHelp = `BOT_TOKEN is not set.

To get a token: open Telegram, talk to @BotFather, send /newbot and follow the steps; it answers with a
token like 123456789:AA... Then start the bot with:

  BOT_TOKEN=123456789:AA... npm start

To try the bot without Telegram, point it at a local Bot API (see README, "Running against the local Bot API").`;

/**
 * Composition root: environment → config → app; owns the process's signals and exit codes. Exit 1 with one line on
 * stderr for what the operator can fix (the token refused, the database unusable, another instance polling), 0 after
 * SIGINT/SIGTERM, even when it comes while the start still waits for Telegram.
 */
async function main(): Promise<number> {
  limitHeapGrowth();
  let env: ReturnType<typeof loadEnv>;
  let loaded: ReturnType<typeof loadConfig>;
  try {
    env = loadEnv(process.env);
    loaded = loadConfig(env.BOT_CONFIG);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${formatConfigReport(err)}\n`);
      return 1;
    }
    throw err;
  }
  if (!env.BOT_TOKEN) {
    process.stderr.write(`${missingTokenHelp}\n`);
    return 1;
  }
  const logger = createLogger(env.LOG_LEVEL);
  for (const warning of loaded.warnings) logger.warn({ file: env.BOT_CONFIG }, `config: ${warning}`);
  const stopRequested = new AbortController();
  const signalled = new Promise<NodeJS.Signals>((resolve) => {
    const shutdown = (signal: NodeJS.Signals) => {
      stopRequested.abort();
      resolve(signal);
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });
  const start = (config: BotConfig) =>
    startApp({
      config,
      token: env.BOT_TOKEN!,
      apiRoot: env.TELEGRAM_API_ROOT,
      dbPath: env.DB_PATH,
      logger,
      signal: stopRequested.signal,
      ...(env.HTTP_PORT !== undefined ? { http: { port: env.HTTP_PORT, host: env.HTTP_HOST } } : {}),
      ...(env.WEBHOOK_URL !== undefined ? { updatesByWebhook: { url: env.WEBHOOK_URL } } : {}),
    });
  let app: RunningApp;
  try {
    app = await start(loaded.config);
  } catch (err) {
    if (stopRequested.signal.aborted) {
      logger.info('stopped before the bot started');
      return 0;
    }
    return exitFor(err);
  }
  for (;;) {
    const reloadRequested = new Promise<'reload'>((resolve) => process.once('SIGHUP', () => resolve('reload')));
    const outcome = await Promise.race([
      signalled.then((signal) => ({ signal })),
      app.fatal.then((error) => ({ error })),
      reloadRequested.then(() => ({ reload: true as const })),
    ]);
    if ('reload' in outcome) {
      const reloaded = await reloadConfig(app, env.BOT_CONFIG, logger, start, stopRequested.signal);
      if (reloaded === 'stopped') return 0;
      if (reloaded instanceof Error) return exitFor(reloaded);
      app = reloaded;
      continue;
    }
    if ('signal' in outcome) logger.info({ signal: outcome.signal }, 'stopping');
    await app.stop();
    return 'error' in outcome ? exitFor(outcome.error) : 0;
  }
}

/**
 * SIGHUP: reads and validates the config file again. An invalid one is logged, every error with its JSON path, and
 * the bot runs on with the old one. A valid one is applied by a clean restart of the app within the process: the
 * updates in hand are finished, the others wait at Telegram (or in the inbox), so none is dropped; then buildings,
 * committees, schedules, webhooks and admins all come from the new file, and the reload is in the audit log.
 */
async function reloadConfig(
  app: RunningApp,
  file: string,
  logger: Logger,
  start: (config: BotConfig) => Promise<RunningApp>,
  stopRequested: AbortSignal,
): Promise<RunningApp | 'stopped' | Error> {
  let next: LoadedConfig;
  try {
    next = loadConfig(file);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    for (const problem of err.problems) logger.error({ file }, `config reload: ${problem}`);
    logger.error(
      { file, errors: err.problems.length },
      'config reload refused: the file is invalid; running on with the old one',
    );
    return app;
  }
  for (const warning of next.warnings) logger.warn({ file }, `config: ${warning}`);
  logger.info({ file }, 'config reload: restarting with the new config');
  await app.stop();
  try {
    const restarted = await start(next.config);
    restarted.recordConfigReload(file, next.config);
    logger.info({ file, buildings: next.config.buildings.length }, 'config reloaded');
    return restarted;
  } catch (err) {
    if (stopRequested.aborted) return 'stopped';
    return err instanceof Error ? err : new Error(String(err));
  }
}

/** An expected condition is one line on stderr and exit 1; anything else goes on to the stack-printing handler. */
function exitFor(err: unknown): number {
  if (err instanceof FatalError || err instanceof DatabaseOpenError) {
    process.stderr.write(`${err.message}\n`);
    return 1;
  }
  throw err;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`fatal: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);

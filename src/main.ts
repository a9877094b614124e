import { FatalError, type RunningApp, startApp } from './app.ts';
import { ConfigError, formatConfigReport, loadConfig, loadEnv } from './config/index.ts';
import { DatabaseOpenError } from './db/open.ts';
import { createLogger } from './logger.ts';

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
  let app: RunningApp;
  try {
    app = await startApp({
      config: loaded.config,
      token: env.BOT_TOKEN,
      apiRoot: env.TELEGRAM_API_ROOT,
      dbPath: env.DB_PATH,
      logger,
      signal: stopRequested.signal,
      ...(env.HTTP_PORT !== undefined ? { http: { port: env.HTTP_PORT, host: env.HTTP_HOST } } : {}),
    });
  } catch (err) {
    if (stopRequested.signal.aborted) {
      logger.info('stopped before the bot started');
      return 0;
    }
    return exitFor(err);
  }
  const outcome = await Promise.race([
    signalled.then((signal) => ({ signal })),
    app.fatal.then((error) => ({ error })),
  ]);
  if ('signal' in outcome) logger.info({ signal: outcome.signal }, 'stopping');
  await app.stop();
  return 'error' in outcome ? exitFor(outcome.error) : 0;
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

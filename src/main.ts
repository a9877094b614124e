import { startApp } from './app.ts';
import { ConfigError, formatConfigReport, loadConfig, loadEnv } from './config/index.ts';
import { createLogger } from './logger.ts';

const missingTokenHelp = `BOT_TOKEN is not set.

To get a token: open Telegram, talk to @BotFather, send /newbot and follow the steps; it answers with a
token like 123456789:AA... Then start the bot with:

  BOT_TOKEN=123456789:AA... npm start

To try the bot without Telegram, point it at a local Bot API (see README, "Running against the local Bot API").`;

/** Composition root: environment → config → app; owns the process's signals and exit codes. */
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
  const app = await startApp({
    config: loaded.config,
    token: env.BOT_TOKEN,
    apiRoot: env.TELEGRAM_API_ROOT,
    dbPath: env.DB_PATH,
    logger,
  });
  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      logger.info({ signal }, 'stopping');
      resolve();
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });
  await app.stop();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`fatal: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);

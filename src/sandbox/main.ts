import { ConfigError, formatConfigReport, loadConfig } from '../config/index.ts';
import { createLogger } from '../logger.ts';
import { startSandbox } from './sandbox.ts';

const usage = `Usage: npm run sandbox [-- --port 8080] [--config bot.config.json] [--db FILE]

Starts the local Telegram Bot API, the real bot against it and a chat-like page to act as the seeded people.`;

/** `npm run sandbox`: try the whole bot locally, no token and no internet. */
async function main(argv: string[]): Promise<number> {
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i]?.replace(/^--/, '');
    if (
      name === 'help' ||
      name === 'h' ||
      !name ||
      argv[i + 1] === undefined ||
      !['port', 'config', 'db', 'host'].includes(name)
    ) {
      process.stdout.write(`${usage}\n`);
      return name === 'help' || name === 'h' ? 0 : 2;
    }
    flags[name] = argv[i + 1]!;
  }
  let config: ReturnType<typeof loadConfig>['config'];
  try {
    config = loadConfig(flags.config ?? process.env.BOT_CONFIG ?? 'bot.config.json').config;
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${formatConfigReport(err)}\n`);
      return 1;
    }
    throw err;
  }
  const started = Date.now();
  const sandbox = await startSandbox({
    config,
    logger: createLogger(process.env.LOG_LEVEL ?? 'warn'),
    port: flags.port !== undefined ? Number(flags.port) : 8080,
    ...(flags.host ? { host: flags.host } : {}),
    ...(flags.db ? { dbPath: flags.db } : {}),
  });
  process.stdout.write(`Sandbox ready in ${Date.now() - started} ms: open ${sandbox.url}\nCtrl-C stops it.\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await sandbox.stop();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`fatal: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);

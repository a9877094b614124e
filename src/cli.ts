import { ConfigError, formatConfigReport, loadConfig, loadEnv } from './config/index.ts';
import { openDatabase } from './db/open.ts';

const usage = `Usage: npm run cli -- <command>

  check-config [file]   validate the config (default: $BOT_CONFIG or bot.config.json) and list every problem
  migrate               create or migrate the database at $DB_PATH (default data/bot.db)`;

/** The admin command line (SPEC §5). Exit codes: 0 ok, 1 the input is wrong, 2 usage. */
export function runCli(argv: string[], env: NodeJS.ProcessEnv, out: (line: string) => void, err: (line: string) => void): number {
  const [command, ...rest] = argv;
  switch (command) {
    case 'check-config': {
      const file = rest[0] ?? env.BOT_CONFIG ?? 'bot.config.json';
      try {
        out(formatConfigReport(loadConfig(file)));
        return 0;
      } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        err(formatConfigReport(e));
        return 1;
      }
    }
    case 'migrate': {
      const { DB_PATH } = loadEnv(env);
      const database = openDatabase(DB_PATH);
      database.close();
      out(`${DB_PATH}: migrated`);
      return 0;
    }
    default:
      err(usage);
      return 2;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = runCli(
    process.argv.slice(2),
    process.env,
    (line) => process.stdout.write(`${line}\n`),
    (line) => process.stderr.write(`${line}\n`),
  );
}

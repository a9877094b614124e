import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type Database from 'better-sqlite3';
import { createI18n, translatorOf } from './bot/i18n.ts';
import { ConfigError, formatConfigReport, loadConfig, loadEnv } from './config/index.ts';
import { inLanguage } from './core/translate.ts';
import { BackupError, writeBackup } from './db/backup.ts';
import { DatabaseOpenError, type Db, openDatabase } from './db/open.ts';
import { eventsUsage, runEventsCommand } from './features/events/events.cli.ts';
import { deliveryCounts, eventCount } from './features/events/events.store.ts';
import { webhookLabel } from './features/events/events.ts';
import { buildExport, withExportSource } from './features/export/export.store.ts';
import { committeesForExport } from './features/export/export.view.ts';
import { exportToCsvFiles } from './features/export/export-csv.ts';
import { writeExportWorkbook } from './features/export/export-xlsx.ts';

const usage = `Usage: npm run cli -- <command>

  check-config [file]   validate the config (default: $BOT_CONFIG or bot.config.json) and list every problem
  migrate               create or migrate the database at $DB_PATH (default data/bot.db)
  export [--building ID] [--format json|csv|xlsx] [--out FILE]
                        the export of SPEC §5: JSON (stdout, or FILE), CSV files into the folder --out, or one
                        Excel workbook --out FILE.xlsx (a sheet per CSV file, headers in the config's language)
  backup <file>         an online, consistent copy of the database (safe while the bot runs)
  stats                 counts per building and status; events stored, and per webhook pending and dead
${eventsUsage}`;

/**
 * The admin command line (SPEC §5). Exit codes: 0 ok, 1 the input is wrong (an invalid environment or config, a
 * database that cannot be used: one line on `err` saying why), 2 usage.
 */
export async function runCli(
  argv: string[],
  env: NodeJS.ProcessEnv,
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<number> {
  try {
    return await runCommand(argv, env, out, err);
  } catch (e) {
    if (e instanceof DatabaseOpenError) {
      err(e.message);
      return 1;
    }
    if (e instanceof ConfigError) {
      err(formatConfigReport(e));
      return 1;
    }
    throw e;
  }
}

/**
 * The environment the CLI needs. It never calls Telegram, so a token it does not use (malformed, say) cannot stop it.
 */
function cliEnv(env: NodeJS.ProcessEnv) {
  return loadEnv({ ...env, BOT_TOKEN: undefined });
}

async function runCommand(
  argv: string[],
  env: NodeJS.ProcessEnv,
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<number> {
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
      // the one command that may create the database
      const { DB_PATH } = cliEnv(env);
      const database = openDatabase(DB_PATH);
      database.close();
      out(`${DB_PATH}: migrated`);
      return 0;
    }
    case 'export': {
      const flags = parseFlags(rest);
      const format = flags?.format ?? 'json';
      if (!flags || !['json', 'csv', 'xlsx'].includes(format) || (format !== 'json' && !flags.out)) {
        err(
          format === 'csv'
            ? `export --format csv needs --out FOLDER (one file per entity)\n${usage}`
            : format === 'xlsx'
              ? `export --format xlsx needs --out FILE.xlsx (one workbook)\n${usage}`
              : usage,
        );
        return 2;
      }
      const { DB_PATH, BOT_CONFIG } = cliEnv(env);
      const { config } = loadConfig(BOT_CONFIG);
      const database = openDatabase(DB_PATH, { create: false });
      try {
        if (flags.building !== undefined && !config.buildings.some((b) => b.id === flags.building)) {
          err(`export: unknown building "${flags.building}" (known: ${config.buildings.map((b) => b.id).join(', ')})`);
          return 1;
        }
        const exportOptions = {
          timezone: config.timezone,
          now: Date.now(),
          committees: committeesForExport(config),
          ...(flags.building ? { buildingId: flags.building } : {}),
        };
        if (format === 'xlsx') {
          const t = inLanguage(translatorOf(createI18n()), config.language);
          mkdirSync(dirname(flags.out!), { recursive: true });
          const written = await withExportSource(database.db, exportOptions, (source) =>
            writeExportWorkbook(source, flags.out!, {
              t,
              timezone: config.timezone,
              ...(flags.building ? { building: flags.building } : {}),
            }),
          );
          const count = (table: string) => written.find((w) => w.table === table)?.rows ?? 0;
          const sheets = written.reduce((n, w) => n + w.sheets.length, 1);
          out(`${flags.out}: ${sheets} sheets; ${count('needs')} needs, ${count('audit')} audit entries`);
          return 0;
        }
        const doc = buildExport(database.db, exportOptions);
        if (format === 'csv') {
          mkdirSync(flags.out!, { recursive: true });
          const files = exportToCsvFiles(doc);
          for (const [name, content] of Object.entries(files)) writeFileSync(join(flags.out!, name), content);
          out(`${flags.out}: ${Object.keys(files).length} CSV files`);
          return 0;
        }
        const json = JSON.stringify(doc, null, 2);
        if (flags.out) {
          writeFileSync(flags.out, `${json}\n`);
          out(`${flags.out}: ${doc.needs.length} needs, ${doc.votes.length} votes, ${doc.audit.length} audit entries`);
        } else out(json);
        return 0;
      } finally {
        database.close();
      }
    }
    case 'backup': {
      const file = rest[0];
      if (!file || rest.length > 1) {
        err(usage);
        return 2;
      }
      const { DB_PATH } = cliEnv(env);
      const database = openDatabase(DB_PATH, { create: false });
      try {
        await writeBackup(database.sqlite, file);
      } catch (e) {
        if (!(e instanceof BackupError)) throw e;
        err(e.message);
        return 1;
      } finally {
        database.close();
      }
      out(`${file}: backup of ${DB_PATH} written, integrity check ok`);
      return 0;
    }
    case 'stats': {
      const { DB_PATH } = cliEnv(env);
      const database = openDatabase(DB_PATH, { create: false });
      try {
        const lines = statsLines(database.sqlite);
        for (const line of lines) out(line);
        if (lines.length === 0)
          out(`${DB_PATH}: no buildings yet (they are written when the bot starts with its config)`);
        for (const line of eventStatsLines(database.db, configuredWebhooks(env))) out(line);
      } finally {
        database.close();
      }
      return 0;
    }
    case 'events': {
      const { DB_PATH, BOT_CONFIG } = cliEnv(env);
      return runEventsCommand(
        rest,
        { dbPath: DB_PATH, config: () => loadConfig(BOT_CONFIG).config, now: () => Date.now() },
        out,
        err,
      );
    }
    default:
      err(usage);
      return 2;
  }
}

/**
 * The webhooks of the config, to mark deliveries no webhook will send (its URL left the config); undefined when the
 * config cannot be read (stats reads the database and should not fail for the config).
 */
function configuredWebhooks(env: NodeJS.ProcessEnv): Set<string> | undefined {
  try {
    return new Set(loadConfig(cliEnv(env).BOT_CONFIG).config.webhooks.map((w) => w.url));
  } catch (e) {
    if (e instanceof ConfigError) return undefined;
    throw e;
  }
}

/** Events stored, then one line per webhook with deliveries pending (still to go) and dead (given up). */
function eventStatsLines(db: Db, configured: Set<string> | undefined): string[] {
  const counts = deliveryCounts(db);
  const webhooks = [...new Set(counts.map((c) => c.webhook))];
  const of = (webhook: string, status: 'pending' | 'dead') =>
    counts.find((c) => c.webhook === webhook && c.status === status)?.count ?? 0;
  const total = (status: 'pending' | 'dead') =>
    counts.filter((c) => c.status === status).reduce((sum, c) => sum + c.count, 0);
  return [
    `events: ${eventCount(db)} stored; deliveries pending ${total('pending')}, dead ${total('dead')}`,
    ...webhooks.map((webhook) => {
      const gone = configured && !configured.has(webhook) ? ' (not in the config: its pending events wait for it)' : '';
      return `  webhook ${webhookLabel(webhook)}: pending ${of(webhook, 'pending')}, dead ${of(webhook, 'dead')}${gone}`;
    }),
  ];
}

/** One line per building: households, and needs, votes and buys by status. */
function statsLines(sqlite: Database.Database): string[] {
  const buildings = sqlite.prepare('select id, name from buildings order by id').all() as Array<{
    id: string;
    name: string;
  }>;
  const byStatus = (table: string, id: string) =>
    (
      sqlite
        .prepare(`select status, count(*) as n from ${table} where building_id = ? group by status order by status`)
        .all(id) as Array<{ status: string; n: number }>
    )
      .map((r) => `${r.status} ${r.n}`)
      .join(', ') || 'none';
  return buildings.map((b) => {
    const households = (
      sqlite
        .prepare('select count(distinct household_id) as n from household_members where building_id = ?')
        .get(b.id) as { n: number }
    ).n;
    const counts = ['needs', 'votes', 'buys'].map((table) => `${table}: ${byStatus(table, b.id)}`).join('; ');
    return `${b.id} (${b.name}): households ${households}; ${counts}`;
  });
}

/** `--name value` pairs; undefined when a flag is unknown or has no value. */
function parseFlags(args: string[]): { building?: string; format?: string; out?: string } | undefined {
  const flags: Record<string, string> = {};
  for (let i = 0; i < args.length; i += 2) {
    const name = args[i]?.replace(/^--/, '');
    const value = args[i + 1];
    if (!name || !['building', 'format', 'out'].includes(name) || value === undefined) return undefined;
    flags[name] = value;
  }
  return flags;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await runCli(
    process.argv.slice(2),
    process.env,
    (line) => process.stdout.write(`${line}\n`),
    (line) => process.stderr.write(`${line}\n`),
  );
}

import { ConfigError } from '../config/config-error.ts';
import { createLogger } from '../logger.ts';
import { AlertSender } from './alert-sender.ts';
import { alertDeliveries, recordAlert } from './alerts.store.ts';
import { AlertInputError, parseAlertArgs } from './alerts.ts';
import { formatHubConfigReport, type HubEnv, type LoadedHubConfig, loadHubConfig, loadHubEnv } from './config.ts';
import { openHubDatabase } from './db/open.ts';
import { startHub } from './hub.ts';

const usage = `usage: npm run hub [-- <command>]
  (none)                                  serve: POST /v1/events/<district>, GET /v1/overview, POST /v1/alerts
  alert <level> <text> [--districts d1,d2] [--wait SECONDS]
                                          record a city alert (blue|yellow|orange|red) and deliver it to each
                                          district; waits (default 30 s) for every district's first answer
  check-config                            validate HUB_CONFIG (default hub.config.json)
  migrate                                 bring the database (DATABASE_URL) up to date
environment: DATABASE_URL (required), HUB_PORT (8090), HUB_HOST (127.0.0.1), HUB_CONFIG, LOG_LEVEL`;

/** The hub's process shell (SPEC §7): environment → config → command; exit codes and signals. */
async function main(argv: string[]): Promise<number> {
  const [command = 'serve', ...args] = argv;
  if (command === '--help' || command === 'help') {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  if (!['serve', 'alert', 'check-config', 'migrate'].includes(command)) {
    process.stderr.write(`unknown command "${command}"\n${usage}\n`);
    return 2;
  }
  let env: HubEnv;
  let loaded: LoadedHubConfig;
  try {
    if (command === 'check-config') {
      const file = process.env.HUB_CONFIG?.trim() || 'hub.config.json';
      process.stdout.write(`${formatHubConfigReport(loadHubConfig(file))}\n`);
      return 0;
    }
    env = loadHubEnv(process.env);
    loaded = loadHubConfig(env.HUB_CONFIG);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${formatHubConfigReport(err)}\n`);
      return 1;
    }
    throw err;
  }
  const logger = createLogger(env.LOG_LEVEL);
  for (const warning of loaded.warnings) logger.warn({ file: loaded.file }, `config: ${warning}`);
  const { config } = loaded;
  if (command === 'migrate') {
    const database = await openHubDatabase(env.DATABASE_URL, { max: 1 });
    await database.close();
    process.stdout.write('hub database up to date\n');
    return 0;
  }
  if (command === 'alert') {
    let alert: ReturnType<typeof parseAlertArgs>;
    let waitSeconds = 30;
    const rest = [...args];
    const waitAt = rest.indexOf('--wait');
    if (waitAt >= 0) {
      waitSeconds = Number(rest[waitAt + 1]);
      rest.splice(waitAt, 2);
    }
    try {
      if (!Number.isFinite(waitSeconds) || waitSeconds < 0) throw new AlertInputError('--wait: expected seconds');
      alert = parseAlertArgs(
        rest,
        config.districts.map((d) => d.id),
      );
    } catch (err) {
      if (err instanceof AlertInputError) {
        process.stderr.write(`${err.message}\n${usage}\n`);
        return 2;
      }
      throw err;
    }
    // the sender's LISTEN and session, and one for the alert and its progress
    const database = await openHubDatabase(env.DATABASE_URL, { max: 3 });
    const started = performance.now();
    const id = await recordAlert(database.db, { ...alert, sentBy: 'cli', city: config.city });
    process.stdout.write(`city alert ${id} (${alert.level}) recorded for ${alert.districts.length} district(s)\n`);
    // this process delivers too, beside any hub running: the deliveries' locks keep them from sending one twice
    const sender = new AlertSender({ pool: database.pool, districts: config.districts, logger });
    await sender.start();
    // until every district answered once (whichever process sent it), or the wait is over
    const deadline = performance.now() + waitSeconds * 1000;
    for (;;) {
      const rows = await alertDeliveries(database.db, id);
      if (rows.every((d) => d.status !== 'pending' || d.attempts > 0) || performance.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await sender.stop();
    for (const d of await alertDeliveries(database.db, id)) {
      const error = d.lastError ? ` (${d.lastError})` : '';
      process.stdout.write(`  ${d.districtId}: ${d.status}, ${d.attempts} attempt(s)${error}\n`);
    }
    process.stdout.write(`in ${Math.round(performance.now() - started)} ms; a running hub retries what is pending\n`);
    await database.close();
    return 0;
  }
  const hub = await startHub({ config, databaseUrl: env.DATABASE_URL, logger, port: env.HUB_PORT, host: env.HUB_HOST });
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await hub.stop();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`hub: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);

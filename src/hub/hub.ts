import type { Logger } from 'pino';
import { AlertSender, type AlertSenderOptions } from './alert-sender.ts';
import type { HubConfig } from './config.ts';
import { type HubDatabase, openHubDatabase } from './db/open.ts';
import { IntakeQueue } from './intake-queue.ts';
import { type HubServer, startHubServer } from './server.ts';

export interface RunningHub {
  database: HubDatabase;
  server: HubServer;
  sender: AlertSender;
  port: number;
  /** Stops taking requests, then the sender (a POST in flight is abandoned, taken again by a hub later). */
  stop(): Promise<void>;
}

/**
 * One hub process as `npm run hub` runs it: the database (migrated), the HTTP service and the alert sender. Tests
 * start several against one database.
 */
export async function startHub(options: {
  config: HubConfig;
  databaseUrl: string;
  logger: Logger;
  port: number;
  host?: string;
  sender?: Partial<Pick<AlertSenderOptions, 'concurrency' | 'timeoutMs' | 'retry' | 'pollMs' | 'onLook' | 'onAttempt'>>;
}): Promise<RunningHub> {
  const { config, logger } = options;
  // a delivery in flight per district (up to 32): a city alert goes to every district at once, not eight at a time
  const concurrency = options.sender?.concurrency ?? Math.min(32, Math.max(8, config.districts.length));
  const intakeCommits = 2;
  // the sender holds two connections (its LISTEN, and the session whose locks hold its deliveries), each commit of
  // events one, the overview and the CLI theirs. The intake's stay open while the hub idles: a connection opened when
  // needed waited for PostgreSQL to start a backend (the bench's first POSTs to the districts left 171-763 ms after
  // the command when every delivery opened one, 189-236 ms with them kept)
  const database = await openHubDatabase(options.databaseUrl, {
    max: 2 + intakeCommits + 4,
    keep: 2 + intakeCommits,
  });
  const sender = new AlertSender({
    pool: database.pool,
    districts: config.districts,
    logger,
    ...options.sender,
    concurrency,
  });
  let server: HubServer | undefined;
  try {
    await sender.start();
    server = await startHubServer({
      config,
      db: database.db,
      intake: new IntakeQueue({ pool: database.pool, logger, maxCommits: intakeCommits }),
      logger,
      port: options.port,
      ...(options.host !== undefined ? { host: options.host } : {}),
    });
  } catch (err) {
    await sender.stop();
    await database.close();
    throw err;
  }
  const started = server;
  logger.info({ port: started.port, districts: config.districts.length }, 'hub started');
  let stopping: Promise<void> | undefined;
  return {
    database,
    server: started,
    sender,
    port: started.port,
    stop: () =>
      (stopping ??= (async () => {
        await started.close();
        await sender.stop();
        await database.close();
        logger.info('hub stopped');
      })()),
  };
}

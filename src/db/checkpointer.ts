import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import type { Logger } from 'pino';

/** What the worker reports after each checkpoint: SQLite's own counts (`PRAGMA wal_checkpoint`). */
export interface CheckpointReport {
  /** Frames in the WAL when it ran. */
  log: number;
  /** Of those, the frames now written back to the database file. */
  checkpointed: number;
}

export interface Checkpointer {
  /** Runs a checkpoint in the worker now; resolves with its report. */
  checkpointNow(): Promise<CheckpointReport>;
  /** Stops the worker; the connection checkpoints on its own again. */
  stop(): Promise<void>;
  /** Resolves once the worker has exited, stopped or failed (the connection then checkpoints on its own). */
  exited: Promise<void>;
}

/** SQLite's default: the connection itself checkpoints once the WAL holds this many pages. */
const AUTOCHECKPOINT_PAGES = 1000;

// Plain JavaScript, run with `eval`: the worker then needs no TypeScript loader (tsx, the tests' transform, the
// compiled build all start it the same way). It opens its own connection to the file.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
db.pragma('synchronous = ' + workerData.synchronous);
// a checkpoint copies pages from the WAL to the file: it needs no page cache of its own
db.pragma('cache_size = -64');
const run = () => {
  const [result] = db.pragma('wal_checkpoint(PASSIVE)');
  parentPort.postMessage({ log: result.log, checkpointed: result.checkpointed });
};
const timer = setInterval(run, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message === 'run') return run();
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/**
 * Takes the WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside whichever commit crosses
 * 1,000 pages, on the bot's only thread: on the bench's 264 MB database every few hundred commits stalled for 10-20 ms
 * (290 ms the first time), and every command that came meanwhile waited. Here the connection stops checkpointing on
 * its own and a worker thread, with a connection of its own, runs a passive checkpoint every `intervalMs` (it never
 * blocks the bot's reads or writes). Should the worker fail, the connection goes back to checkpointing itself, so the
 * WAL never grows without bound.
 */
export function startCheckpointer(
  sqlite: Database.Database,
  options: { path: string; synchronous: string; logger?: Logger; intervalMs?: number },
): Checkpointer {
  const worker = new Worker(workerSource, {
    eval: true,
    // it holds a connection and runs a pragma a second: a small heap is plenty (Node's defaults for a worker would
    // let it grow to the size of the bot's own, and its young generation alone keeps megabytes resident)
    resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 16, stackSizeMb: 1 },
    workerData: {
      driver: createRequire(import.meta.url).resolve('better-sqlite3'),
      path: options.path,
      synchronous: options.synchronous,
      intervalMs: options.intervalMs ?? 1000,
    },
  });
  // a bot that is stopping must not be kept alive by it
  worker.unref();
  sqlite.pragma('wal_autocheckpoint = 0');
  let stopping = false;
  const restoreAutocheckpoint = () => {
    if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
  };
  const waiting: Array<(report: CheckpointReport) => void> = [];
  worker.on('message', (report: CheckpointReport) => {
    for (const resolve of waiting.splice(0)) resolve(report);
  });
  worker.on('error', (err) => {
    options.logger?.warn({ err: err.message }, 'WAL checkpoint worker failed: the bot checkpoints on its own again');
    restoreAutocheckpoint();
  });
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', () => {
      if (!stopping) restoreAutocheckpoint();
      resolve();
    }),
  );
  return {
    exited,
    checkpointNow() {
      const report = new Promise<CheckpointReport>((resolve) => waiting.push(resolve));
      worker.postMessage('run');
      return report;
    },
    async stop() {
      stopping = true;
      restoreAutocheckpoint();
      // whoever waits for the stop keeps the process alive until the worker has closed its connection
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}

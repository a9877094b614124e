import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { TransactionRollbackError } from 'drizzle-orm';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import type { Logger } from 'pino';
import { startCheckpointer } from './checkpointer.ts';
import { GroupCommit } from './group-commit.ts';

/**
 * The database without drizzle's relational query API (`db.query.*`), which is not used: with a schema, drizzle
 * builds a query builder per table for every transaction, a cost paid on every update.
 */
export type Db = BetterSQLite3Database;
/** What a synchronous transaction callback receives; the same query API as {@link Db}. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface DatabaseHandle {
  db: Db;
  sqlite: Database.Database;
  /** Commits the changes of one event-loop turn together (see {@link GroupCommit}); flushed on close. */
  group: GroupCommit;
  /**
   * Commits what the group holds, folds the WAL back into the file and closes. Resolves once the background
   * checkpointer, if any, has closed its own connection too: until then it may still touch the database's files.
   */
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /**
   * NORMAL (default): in WAL mode nothing committed is lost when the process dies; a power cut may roll
   * back the last commits. FULL fsyncs every commit: survives power loss, costs about 3× in write throughput.
   */
  synchronous?: 'NORMAL' | 'FULL';
  /** Folder of the drizzle-kit migrations; defaults to the project's `migrations/`. */
  migrationsFolder?: string;
  /**
   * True (default): a missing file (and its folders) is created. False: a missing file is refused
   * (`no database at …`) and nothing is created, for tools that read an existing database (export, backup, stats),
   * where a mistyped path would otherwise report on a new, empty one.
   */
  create?: boolean;
  /**
   * The bot's own connection: WAL checkpoints run on a worker thread ({@link startCheckpointer}), not inside the
   * commit that crosses SQLite's threshold, where they stalled every command that came meanwhile. Files only.
   */
  checkpointInBackground?: boolean;
  /** Where the checkpoint worker reports a failure (it then hands the checkpoints back to the connection). */
  logger?: Logger;
}

/**
 * Thrown by {@link openDatabase} when the file cannot be used as the bot's database: missing (when it may not be
 * created), a directory, in a place that cannot be written, not an SQLite database, or damaged. `message` is one
 * line naming the path and what is wrong, for the operator; no stack is needed.
 */
export class DatabaseOpenError extends Error {
  override name = 'DatabaseOpenError';

  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

/** `<path>: <problem>`, the line for most problems. */
function refused(path: string, problem: string): DatabaseOpenError {
  return new DatabaseOpenError(path, `${path}: ${problem}`);
}

export const defaultMigrationsFolder = fileURLToPath(new URL('../../migrations', import.meta.url));

/**
 * Opens (creating folders and file if needed, unless `create: false`), checks and migrates the SQLite database. Use
 * once at start, or with `':memory:'` in tests; every connection gets WAL, a busy timeout and foreign keys.
 * @throws DatabaseOpenError when the path cannot be used (one line saying why); nothing is left open
 */
export function openDatabase(path: string, options: OpenDatabaseOptions = {}): DatabaseHandle {
  const sqlite = connect(path, options.create ?? true);
  let db: Db;
  try {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`);
    // each update's savepoint inside a group commit copies every page it first touches into the statement journal
    // (megabytes per group under a burst); in a temp file past 64 KiB that is a write() per page, about half of what
    // a /need cost in SQLite. In memory instead: the journal only undoes a failed update, so a crash loses nothing
    sqlite.pragma('temp_store = MEMORY');
    // a damaged file is refused here, in one line, rather than failing later in whichever update reads the page
    if (path !== ':memory:') {
      const problems = sqlite.pragma('quick_check(1)', { simple: true });
      if (problems !== 'ok') throw refused(path, damaged(String(problems)));
    }
    reuseCompiledStatements(sqlite);
    db = drizzle(sqlite);
    applyMigrations(sqlite, db, options.migrationsFolder ?? defaultMigrationsFolder);
  } catch (err) {
    sqlite.close();
    throw explained(path, err);
  }
  // drizzle's handle of a transaction runs its statements on the connection, whatever transaction is open: the one
  // it is built with (here, an empty one) can serve every later savepoint of the group
  const group = new GroupCommit(
    sqlite,
    db.transaction((tx) => tx),
  );
  const checkpointer =
    options.checkpointInBackground && path !== ':memory:'
      ? startCheckpointer(sqlite, {
          path,
          synchronous: options.synchronous ?? 'NORMAL',
          ...(options.logger ? { logger: options.logger } : {}),
        })
      : undefined;
  return {
    db,
    sqlite,
    group,
    close() {
      if (!sqlite.open) return checkpointer?.exited ?? Promise.resolve();
      const stopped = checkpointer?.stop() ?? Promise.resolve();
      group.flush();
      // folds the WAL back into the main file so a copied .db is complete on its own
      sqlite.pragma('wal_checkpoint(TRUNCATE)');
      sqlite.close();
      return stopped;
    },
  };
}

/**
 * Runs `change` in a transaction and rolls it back, so nothing it stores stays (a rehearsal of a path, for what its
 * first run costs). The group's held changes commit first: the rollback undoes `change` alone. Its errors are thrown.
 */
export function rolledBack(database: DatabaseHandle, change: (tx: Tx) => void): void {
  database.group.flush();
  try {
    database.db.transaction((tx) => {
      change(tx);
      tx.rollback();
    });
  } catch (err) {
    if (!(err instanceof TransactionRollbackError)) throw err;
  }
}

/** The connection, or why the path cannot be one (checked before SQLite's own "unable to open database file"). */
function connect(path: string, create: boolean): Database.Database {
  if (path === ':memory:') return new Database(path);
  const folder = dirname(path);
  if (isDirectory(path)) throw refused(path, 'is a directory, not a database file');
  if (!existsSync(path)) {
    if (!create) throw new DatabaseOpenError(path, `no database at ${path} (check DB_PATH)`);
    try {
      mkdirSync(folder, { recursive: true });
    } catch (err) {
      throw refused(path, `cannot create its folder ${folder}: ${systemReason(err)}`);
    }
    if (!writable(folder)) throw refused(path, `cannot create it: its folder ${folder} is not writable`);
  }
  try {
    return new Database(path, { fileMustExist: !create });
  } catch (err) {
    throw explained(path, err);
  }
}

/** One line for what SQLite or the file system said about the path. */
function explained(path: string, err: unknown): unknown {
  if (err instanceof DatabaseOpenError) return err;
  // better-sqlite3 gives the extended code (SQLITE_READONLY_DIRECTORY); its primary code is what matters here
  const code = String((err as { code?: unknown }).code)
    .split('_')
    .slice(0, 2)
    .join('_');
  const message = err instanceof Error ? err.message : String(err);
  switch (code) {
    case 'SQLITE_NOTADB':
      return refused(path, 'is not an SQLite database (file is not a database)');
    case 'SQLITE_CORRUPT':
      return refused(path, damaged(message));
    case 'SQLITE_CANTOPEN':
    case 'SQLITE_READONLY':
    case 'SQLITE_PERM':
    case 'SQLITE_AUTH':
      return refused(
        path,
        writable(dirname(path)) && writable(path)
          ? `cannot be opened for writing (${message})`
          : `is not writable (${message}): the bot writes the file and, next to it, its -wal and -shm files`,
      );
    case 'SQLITE_FULL':
      return refused(path, 'cannot be written: the disk is full');
    case 'SQLITE_IOERR':
      return refused(path, `cannot be read or written (${message})`);
    default:
      return err;
  }
}

/** The first problem SQLite names (quick_check heads its list with `*** in database main ***`). */
function damaged(detail: string): string {
  const first = detail.split('\n').find((line) => line.trim() !== '' && !line.startsWith('*** ')) ?? detail;
  return `the database is damaged (${first.trim()}); restore it from a backup`;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return !existsSync(path);
  }
}

/** `permission denied` for EACCES and the like; the message otherwise. */
function systemReason(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOTDIR' || code === 'EEXIST') return 'a file is in the way of a folder on that path';
  if (code === 'EROFS') return 'read-only file system';
  return err instanceof Error ? err.message : String(err);
}

/** How many compiled statements a connection keeps (the bot's distinct queries are a few hundred). */
const statementCacheSize = 500;

/**
 * drizzle asks better-sqlite3 to compile every query each time it runs, which costs about as much as running it.
 * The same SQL text gets its compiled statement back instead (least recently used ones are dropped), reset to
 * the modes a new one has, since drizzle switches statements to raw mode.
 */
function reuseCompiledStatements(sqlite: Database.Database): void {
  const compile = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string) => {
    const cached = cache.get(source);
    if (cached) {
      cache.delete(source);
      cache.set(source, cached);
      if (cached.reader) cached.raw(false).pluck(false).expand(false);
      return cached;
    }
    const statement = compile(source);
    cache.set(source, statement);
    if (cache.size > statementCacheSize) cache.delete(cache.keys().next().value!);
    return statement;
  }) as typeof sqlite.prepare;
}

/**
 * drizzle's `migrate()` runs every pending migration in one transaction, where a migration's own
 * `PRAGMA foreign_keys=OFF` has no effect; so the keys are switched off around it and checked after.
 */
function applyMigrations(sqlite: Database.Database, db: Db, migrationsFolder: string): void {
  sqlite.pragma('foreign_keys = OFF');
  try {
    migrate(db, { migrationsFolder });
    const violations = sqlite.pragma('foreign_key_check') as unknown[];
    if (violations.length > 0) {
      throw new Error(
        `migration left ${violations.length} foreign key violations: ${JSON.stringify(violations.slice(0, 5))}`,
      );
    }
  } finally {
    sqlite.pragma('foreign_keys = ON');
  }
}

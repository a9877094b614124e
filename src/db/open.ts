import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
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
  close(): void;
}

export interface OpenDatabaseOptions {
  /**
   * NORMAL (default): in WAL mode nothing committed is lost when the process dies; a power cut may roll
   * back the last commits. FULL fsyncs every commit: survives power loss, costs about 3× in write throughput.
   */
  synchronous?: 'NORMAL' | 'FULL';
  /** Folder of the drizzle-kit migrations; defaults to the project's `migrations/`. */
  migrationsFolder?: string;
}

export const defaultMigrationsFolder = fileURLToPath(new URL('../../migrations', import.meta.url));

/**
 * Opens (creating folders and file if needed) and migrates the SQLite database. Use once at start, or with
 * `':memory:'` in tests; every connection gets WAL, a busy timeout and foreign keys.
 */
export function openDatabase(path: string, options: OpenDatabaseOptions = {}): DatabaseHandle {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`);
  reuseCompiledStatements(sqlite);
  const db = drizzle(sqlite);
  applyMigrations(sqlite, db, options.migrationsFolder ?? defaultMigrationsFolder);
  const group = new GroupCommit(sqlite);
  return {
    db,
    sqlite,
    group,
    close() {
      if (!sqlite.open) return;
      group.flush();
      // folds the WAL back into the main file so a copied .db is complete on its own
      sqlite.pragma('wal_checkpoint(TRUNCATE)');
      sqlite.close();
    },
  };
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

import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema.ts';

export type Db = BetterSQLite3Database<typeof schema>;
/** What a synchronous transaction callback receives; the same query API as {@link Db}. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface DatabaseHandle {
  db: Db;
  sqlite: Database.Database;
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
  const db = drizzle(sqlite, { schema });
  applyMigrations(sqlite, db, options.migrationsFolder ?? defaultMigrationsFolder);
  return {
    db,
    sqlite,
    close() {
      if (!sqlite.open) return;
      // folds the WAL back into the main file so a copied .db is complete on its own
      sqlite.pragma('wal_checkpoint(TRUNCATE)');
      sqlite.close();
    },
  };
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
      throw new Error(`migration left ${violations.length} foreign key violations: ${JSON.stringify(violations.slice(0, 5))}`);
    }
  } finally {
    sqlite.pragma('foreign_keys = ON');
  }
}

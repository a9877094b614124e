import { fileURLToPath } from 'node:url';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import * as schema from './schema.ts';

/** The hub's drizzle handle on its pool (a transaction's handle has the same query API). */
export type HubDb = NodePgDatabase<typeof schema>;
export type HubTx = Parameters<Parameters<HubDb['transaction']>[0]>[0];

/** The hub's migrations (drizzle-kit, `drizzle.hub.config.ts`), apart from the bot's SQLite ones. */
export const hubMigrationsFolder = fileURLToPath(new URL('../../../migrations-hub', import.meta.url));

/** Any number: the key of the advisory lock that makes concurrent starts migrate one after the other. */
const migrationLockKey = 0x6875_6201;

/** A drizzle handle on one connection of its own (a session: its advisory locks are its own). */
export function sessionDb(client: pg.PoolClient): HubDb {
  return drizzle(client, { schema });
}

export interface HubDatabase {
  db: HubDb;
  pool: pg.Pool;
  close(): Promise<void>;
}

/**
 * Connects to the hub's PostgreSQL (`DATABASE_URL`) and brings its schema up to date. Several hub processes may
 * start at once against one database: the migration runs under an advisory lock, so the first applies it and the
 * others find it applied. `max`: connections in the pool; `keep`: how many
 * of them stay open however long they are idle (the others close after 10 s idle).
 * @throws the driver's error when the server cannot be reached or refuses the URL
 */
export async function openHubDatabase(
  url: string,
  options: { max?: number; keep?: number } = {},
): Promise<HubDatabase> {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, min: options.keep ?? 0 });
  // an idle connection the server drops (a restart) is an error event on the pool: without a listener it would crash
  pool.on('error', () => undefined);
  try {
    const client = await pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1)', [migrationLockKey]);
      try {
        await migrate(sessionDb(client), { migrationsFolder: hubMigrationsFolder });
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [migrationLockKey]);
      }
    } finally {
      client.release();
    }
  } catch (err) {
    await pool.end();
    throw err;
  }
  const db = drizzle(pool, { schema });
  return { db, pool, close: () => pool.end() };
}

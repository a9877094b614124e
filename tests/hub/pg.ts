import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * The server the hub's tests run on: `HUB_TEST_DATABASE_URL` (`.ci/run` creates a fresh database per run and sets it),
 * else the development machine's PostgreSQL (trust auth, as SPEC §7 and issue #23 describe it).
 */
const baseUrl = process.env.HUB_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A database of one's own on that server, for one test file: its URL, and how to drop it after. */
export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * Creates a fresh database for a test file (files run in parallel; each gets its own), named after the run's
 * (`<run database>_<random>`, so `.ci/run` can drop any a crash left behind). Without a reachable server it throws,
 * saying so: the hub's tests fail rather than pass without PostgreSQL.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const base = new URL(baseUrl);
  const admin = new pg.Client({ connectionString: baseUrl, connectionTimeoutMillis: 5000 });
  try {
    await admin.connect();
  } catch (err) {
    throw new Error(
      `the hub's tests need PostgreSQL at ${base.host} (HUB_TEST_DATABASE_URL, or postgres@127.0.0.1:5432): ` +
        `${err instanceof Error ? err.message : String(err)}. Start it with ` +
        '`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`; .ci/run does.',
    );
  }
  const name = `${base.pathname.slice(1) || 'postgres'}_${randomBytes(4).toString('hex')}`.toLowerCase();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: baseUrl });
      await client.connect();
      try {
        // the file's pools were just ended, but a connection may still be closing: forced out then, it reads the
        // server's "terminating connection" as an error with no one listening any more (an unhandled error of the
        // run). Waited for (at most 5 s), they leave by themselves; FORCE stays for one that would not.
        const deadline = performance.now() + 5000;
        while (performance.now() < deadline) {
          const open = await client.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1',
            [name],
          );
          if (open.rows[0]!.n === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

import { type SQL, sql } from 'drizzle-orm';
import type { Db, Tx } from './open.ts';

/**
 * A query built once per connection. drizzle turns a query builder into SQL on every run, which on the hot path
 * (every update, every message sent) costs more than SQLite running it, and so does a due check's query (every tick,
 * every 15 s, mostly finding nothing, its code cold by then); such queries are built with
 * `sql.placeholder()` for their values and prepared here instead. A transaction shares its connection's session,
 * so one prepared query serves `db` and every `tx` of it.
 */
export function preparedOnce<Q>(build: (db: Db) => Q): (db: Db | Tx) => Q {
  return perConnection(build);
}

/**
 * A value made once per connection (`make` is called with the first `db` or `tx` of it that asks): a prepared query,
 * or what a store keeps of rows that seldom change. A transaction shares its connection's session, so `db` and every
 * `tx` of it get the same value; another connection (a test's database, the checkpointer's) gets its own.
 */
export function perConnection<T>(make: (db: Db) => T): (db: Db | Tx) => T {
  const byConnection = new WeakMap<object, T>();
  return (db) => {
    const session = (db as unknown as { session: object }).session;
    let value = byConnection.get(session);
    if (value === undefined) {
      value = make(db as Db);
      byConnection.set(session, value);
    }
    return value;
  };
}

/** For an upsert's `set`: on conflict, the row takes the values the insert carried for these columns. */
export function fromInsert<K extends string>(columns: Record<K, { name: string }>): Record<K, SQL> {
  return Object.fromEntries(
    Object.entries<{ name: string }>(columns).map(([key, column]) => [key, sql.raw(`excluded."${column.name}"`)]),
  ) as Record<K, SQL>;
}

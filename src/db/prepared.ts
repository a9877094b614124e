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
  const byConnection = new WeakMap<object, Q>();
  return (db) => {
    const session = (db as unknown as { session: object }).session;
    let query = byConnection.get(session);
    if (query === undefined) {
      query = build(db as Db);
      byConnection.set(session, query);
    }
    return query;
  };
}

/** For an upsert's `set`: on conflict, the row takes the values the insert carried for these columns. */
export function fromInsert<K extends string>(columns: Record<K, { name: string }>): Record<K, SQL> {
  return Object.fromEntries(
    Object.entries<{ name: string }>(columns).map(([key, column]) => [key, sql.raw(`excluded."${column.name}"`)]),
  ) as Record<K, SQL>;
}

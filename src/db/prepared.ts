import type { Statement } from 'better-sqlite3';
import { Column, is, Param, Placeholder, SQL, Subquery, sql } from 'drizzle-orm';
import { PreparedQuery } from 'drizzle-orm/better-sqlite3';
import type { Db, Tx } from './open.ts';

/**
 * A query built once per connection. drizzle turns a query builder into SQL on every run, which on the hot path
 * (every update, every message sent) costs more than SQLite running it, and so does a due check's query (every tick,
 * every 15 s, mostly finding nothing, its code cold by then); such queries are built with
 * `sql.placeholder()` for their values and prepared here instead. A transaction shares its connection's session,
 * so one prepared query serves `db` and every `tx` of it.
 */
export function preparedOnce<Q>(build: (db: Db) => Q): (db: Db | Tx) => Q {
  return perConnection((db) => planned(build(db)));
}

/** What drizzle's better-sqlite3 prepared query holds: its statement, its SQL's parameters and its result's fields. */
interface DrizzlePrepared {
  stmt: Statement;
  query: { sql: string; params: readonly unknown[] };
  fields?: ReadonlyArray<{ path: readonly string[]; field: unknown }>;
  customResultMapper?: unknown;
}

type Row = Record<string, unknown>;

/**
 * drizzle's prepared query with what each of its runs works out planned once: which value goes in which parameter
 * (and through which column's encoder), and which decoder reads each column of a row. drizzle works both out again on
 * every run, checking each parameter's and each field's kind by its prototype chain (`is()`): in the throughput
 * bench's profile some 6% of the bot's CPU, an update running some thirteen statements. Same results: the values go
 * through the same encoders and decoders. A selection of nested objects keeps drizzle's own run, and so does anything
 * that is not a better-sqlite3 prepared query.
 */
function planned<Q>(query: Q): Q {
  if (!is(query, PreparedQuery)) return query;
  const prepared = query as unknown as DrizzlePrepared;
  // nested objects (a join selected table by table) keep drizzle's mapping, and its nulls for a left join's missing row
  if (prepared.customResultMapper || prepared.fields?.some(({ path }) => path.length !== 1)) return query;
  const { stmt } = prepared;
  const bind = binderOf(prepared.query.params);
  const toRow = prepared.fields ? rowMapperOf(prepared.fields) : undefined;
  // a statement read with fields is read as arrays, every time: set once, not before each read as drizzle does
  if (toRow) stmt.raw(true);
  const arrays = <T>(read: () => T): T => {
    if (toRow) return read();
    stmt.raw(true);
    try {
      return read();
    } finally {
      stmt.raw(false);
    }
  };
  return Object.assign(Object.create(query as object) as object, {
    run: (values?: Row) => stmt.run(bind(values)),
    get: (values?: Row) => {
      const row = stmt.get(bind(values));
      return row === undefined || !toRow ? row : toRow(row as unknown[]);
    },
    all: (values?: Row) => {
      const rows = stmt.all(bind(values));
      return toRow ? rows.map((row) => toRow(row as unknown[])) : rows;
    },
    values: (values?: Row) => arrays(() => stmt.all(bind(values))),
  }) as Q;
}

/** The statement's parameters from a run's placeholder values, as drizzle's `fillPlaceholders` makes them. */
function binderOf(params: readonly unknown[]): (values: Row | undefined) => unknown[] {
  const plan = params.map((param) => {
    if (is(param, Placeholder)) return { name: param.name, encoder: undefined };
    if (is(param, Param) && is(param.value, Placeholder)) return { name: param.value.name, encoder: param.encoder };
    return { name: undefined, constant: param };
  });
  return (values = {}) => {
    const bound = new Array<unknown>(plan.length);
    for (let i = 0; i < plan.length; i++) {
      const step = plan[i]!;
      if (step.name === undefined) {
        bound[i] = step.constant;
        continue;
      }
      if (!(step.name in values)) throw new Error(`No value for placeholder "${step.name}" was provided`);
      const value = values[step.name];
      bound[i] = step.encoder ? step.encoder.mapToDriverValue(value) : value;
    }
    return bound;
  };
}

/** A row (as an array) to the selection's object of one level, as drizzle's `mapResultRow` makes it. */
function rowMapperOf(fields: NonNullable<DrizzlePrepared['fields']>): (row: unknown[]) => Row {
  const keys = fields.map(({ path }) => path[0]!);
  const decoders = fields.map(({ field }) => decoderOf(field));
  return (row) => {
    const result: Row = {};
    for (let i = 0; i < keys.length; i++) {
      const value = row[i];
      result[keys[i]!] = value === null ? null : decoders[i]!.mapFromDriverValue(value);
    }
    return result;
  };
}

interface Decoder {
  mapFromDriverValue(value: unknown): unknown;
}

/** drizzle's choice of decoder for a selected field (an SQL's `decoder` is internal to drizzle, not in its types). */
function decoderOf(field: unknown): Decoder {
  if (is(field, Column)) return field as unknown as Decoder;
  const sqlOf = is(field, SQL)
    ? field
    : is(field, Subquery)
      ? (field as unknown as { _: { sql: SQL } })._.sql
      : (field as { sql: SQL }).sql;
  return (sqlOf as unknown as { decoder: Decoder }).decoder;
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

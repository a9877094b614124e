import Database from 'better-sqlite3';
import { eq, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/open.ts';
import { preparedOnce } from '../../src/db/prepared.ts';

// a table with a column of each mode the bot's schema uses: booleans, JSON and times stored as integers
const items = sqliteTable('items', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  note: text('note'),
  urgent: integer('urgent', { mode: 'boolean' }).notNull(),
  payload: text('payload', { mode: 'json' }).$type<{ lines: string[] }>(),
  seenAt: integer('seen_at', { mode: 'timestamp_ms' }),
});
const owners = sqliteTable('owners', { itemId: integer('item_id').notNull(), who: text('who').notNull() });

function freshDb(): Db {
  const sqlite = new Database(':memory:');
  sqlite.exec(`CREATE TABLE items (id integer PRIMARY KEY AUTOINCREMENT, name text NOT NULL, note text,
    urgent integer NOT NULL, payload text, seen_at integer);
    CREATE TABLE owners (item_id integer NOT NULL, who text NOT NULL)`);
  return drizzle(sqlite);
}

const p = sql.placeholder;
const build = {
  insert: (db: Db) =>
    db
      .insert(items)
      .values({ name: p('name'), note: p('note'), urgent: p('urgent'), payload: p('payload'), seenAt: p('seenAt') })
      .returning()
      .prepare(),
  insertQuietly: (db: Db) =>
    db
      .insert(items)
      .values({ name: p('name'), urgent: sql`0` })
      .prepare(),
  byName: (db: Db) =>
    db
      .select({ id: items.id, urgent: items.urgent, payload: items.payload, n: sql<number>`length(${items.name})` })
      .from(items)
      .where(eq(items.name, p('name')))
      .prepare(),
  counted: (db: Db) =>
    db
      .select({ urgent: sql`count(*)`.mapWith(Number), at: sql`max(${items.seenAt})`.mapWith(items.seenAt) })
      .from(items)
      .where(eq(items.urgent, true))
      .prepare(),
  withOwner: (db: Db) =>
    db
      .select({ item: { name: items.name, urgent: items.urgent }, owner: { who: owners.who } })
      .from(items)
      .leftJoin(owners, eq(owners.itemId, items.id))
      .orderBy(items.id)
      .prepare(),
};

/** The same queries run by drizzle itself and through {@link preparedOnce}, on databases in the same state. */
function bothWays() {
  const [plainDb, plannedDb] = [freshDb(), freshDb()];
  const planned = Object.fromEntries(Object.entries(build).map(([name, make]) => [name, preparedOnce(make as never)]));
  const run = <K extends keyof typeof build>(name: K, call: (q: ReturnType<(typeof build)[K]>) => unknown) => [
    call(build[name](plainDb) as ReturnType<(typeof build)[K]>),
    call((planned[name] as (db: unknown) => ReturnType<(typeof build)[K]>)(plannedDb)),
  ];
  return { run };
}

describe('preparedOnce: a query planned once runs as drizzle runs it', () => {
  it('encodes the values and decodes the rows as drizzle does: booleans, JSON, times, expressions, nulls', () => {
    const { run } = bothWays();
    const seenAt = new Date('2026-04-01T11:00:00.000Z');
    const rows = [
      { name: 'insulin', note: null, urgent: true, payload: { lines: ['fridge', 'door'] }, seenAt },
      { name: 'rice', note: '5 kg', urgent: false, payload: null, seenAt: new Date('2026-04-01T09:00:00.000Z') },
    ].map((values) => run('insert', (q) => q.get(values)));
    for (const [plain, planned] of rows) expect(planned).toEqual(plain);
    expect(rows[0]![1]).toEqual({
      id: 1,
      name: 'insulin',
      note: null,
      urgent: true,
      payload: { lines: ['fridge', 'door'] },
      seenAt,
    });
    const [plainOne, plannedOne] = run('byName', (q) => q.get({ name: 'insulin' }));
    expect(plannedOne).toEqual(plainOne);
    expect(plannedOne).toEqual({ id: 1, urgent: true, payload: { lines: ['fridge', 'door'] }, n: 7 });
    const [plainNone, plannedNone] = run('byName', (q) => q.get({ name: 'flour' }));
    expect(plannedNone).toBeUndefined();
    expect(plainNone).toBeUndefined();
    const [plainAll, plannedAll] = run('byName', (q) => q.all({ name: 'rice' }));
    expect(plannedAll).toEqual(plainAll);
    expect(plannedAll).toEqual([{ id: 2, urgent: false, payload: null, n: 4 }]);
    const [plainValues, plannedValues] = run('byName', (q) => q.values({ name: 'rice' }));
    expect(plannedValues).toEqual(plainValues);
    const [plainCount, plannedCount] = run('counted', (q) => q.get());
    expect(plannedCount).toEqual(plainCount);
    expect(plannedCount).toEqual({ urgent: 1, at: seenAt });
  });

  it('runs a statement that returns nothing, and keeps nested selections (a left join’s missing row as null)', () => {
    const { run } = bothWays();
    const [plainRun, plannedRun] = run('insertQuietly', (q) => q.run({ name: 'water' }));
    expect(plannedRun).toEqual(plainRun);
    expect(plannedRun).toMatchObject({ changes: 1, lastInsertRowid: 1 });
    const [plainRows, plannedRows] = run('withOwner', (q) => q.all());
    expect(plannedRows).toEqual(plainRows);
    expect(plannedRows).toEqual([{ item: { name: 'water', urgent: false }, owner: null }]);
  });

  it('refuses a run without a value for a placeholder, as drizzle does, and stores nothing', () => {
    const { run } = bothWays();
    const [plain, planned] = run('byName', (q) => {
      try {
        return q.get({});
      } catch (err) {
        return (err as Error).message;
      }
    });
    expect(planned).toBe('No value for placeholder "name" was provided');
    expect(planned).toBe(plain);
    expect(() => preparedOnce(build.insert)(freshDb()).get({ name: 'x', note: null, urgent: true })).toThrow(
      'No value for placeholder "payload" was provided',
    );
  });
});

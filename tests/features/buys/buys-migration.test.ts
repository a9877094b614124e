import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultMigrationsFolder, openDatabase } from '../../../src/db/open.ts';
import {
  accountsOf,
  buyItemsOf,
  buyMoneyOf,
  getBuy,
  householdAccount,
  itemQuantitiesOf,
  listLines,
} from '../../../src/features/buys/buys.store.ts';
import { HOUR, MINUTE, seedBuildings, seedHousehold, seedUsers, T0 } from '../../db/memory-db.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the project's migrations before the one whose tag ends with `tag`: the database as the bot had it. */
function migrationsBefore(tag: string): string {
  const folder = mkdtempSync(join(tmpdir(), 'mutual-aid-migrations-'));
  dirs.push(folder);
  mkdirSync(join(folder, 'meta'));
  const journal = JSON.parse(readFileSync(join(defaultMigrationsFolder, 'meta', '_journal.json'), 'utf8')) as {
    entries: Array<{ tag: string }>;
  };
  const entries = journal.entries.slice(
    0,
    journal.entries.findIndex((e) => e.tag.endsWith(tag)),
  );
  expect(entries.length).toBeGreaterThan(0);
  for (const e of entries) copyFileSync(join(defaultMigrationsFolder, `${e.tag}.sql`), join(folder, `${e.tag}.sql`));
  writeFileSync(join(folder, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries }));
  return folder;
}

describe('the migration to buys of several items', () => {
  it('gives every buy made before it its one item, its orders as orders of that item, in order, and their payments', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mutual-aid-db-'));
    dirs.push(dir);
    const path = join(dir, 'bot.db');
    const before = openDatabase(path, { migrationsFolder: migrationsBefore('_buys_grown_up') });
    seedBuildings(before.db, ['east']);
    seedUsers(before.db, [
      { id: 1, firstName: 'Olga' },
      { id: 2, firstName: 'Ann' },
    ]);
    const h1502 = seedHousehold(before.db, 'east', '1502', [2]);
    const h301 = seedHousehold(before.db, 'east', '301');
    const h902 = seedHousehold(before.db, 'east', '902');
    // as the bot before it wrote them: one buy row, one order row per household
    before.sqlite
      .prepare(
        `insert into buys (id, building_id, organizer_id, item, price_cents, min, max, limit_per_household, closes_at,
           status, created_at) values (7, 'east', 1, 'Rice', 4550, 2, 50, 3, ?, 'confirmed', ?)`,
      )
      .run(T0 + HOUR, T0);
    const insertOrder = before.sqlite.prepare(
      `insert into orders (buy_id, household_id, quantity, order_number, paid, delivered, updated_by, updated_at,
         entered_by) values (7, ?, ?, ?, ?, 0, 1, ?, 2)`,
    );
    insertOrder.run(h301, 1, 1, 0, T0 + MINUTE);
    insertOrder.run(h1502, 2, 2, 1, T0 + 2 * MINUTE);
    insertOrder.run(h902, 0, null, 0, T0 + 3 * MINUTE);
    before.close();

    const after = openDatabase(path);
    const { db } = after;
    expect(getBuy(db, 7)).toMatchObject({ item: 'Rice', priceCents: 4550, max: 50, limitPerHousehold: 3 });
    expect(buyItemsOf(db, 7)).toEqual([
      { buyId: 7, item: 0, name: 'Rice', priceCents: 4550, max: 50, limitPerHousehold: 3 },
    ]);
    expect(buyMoneyOf(db, 7)).toEqual({
      buyId: 7,
      minAmountCents: null,
      paymentInfo: null,
      costCents: null,
      costNote: null,
      settledAt: null,
      settledBy: null,
    });
    expect(itemQuantitiesOf(db, 7, h1502, 1)).toEqual([2]);
    expect(itemQuantitiesOf(db, 7, h902, 1)).toEqual([0]);
    // the list keeps the order the households joined in (not the order they were registered in)
    expect(listLines(db, 7, 1, 30).lines.map((l) => l.unit)).toEqual(['301', '1502']);
    // ticked paid: paid in full
    expect(householdAccount(db, 7, h1502)).toEqual({ dueCents: 9100, paidCents: 9100 });
    expect(accountsOf(db, 7).map((a) => [a.unit, a.dueCents, a.paidCents])).toEqual([
      ['301', 4550, 0],
      ['1502', 9100, 9100],
    ]);
    expect(after.sqlite.pragma('foreign_key_check')).toEqual([]);
    after.close();
  });
});

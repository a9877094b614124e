import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type DatabaseHandle, defaultMigrationsFolder, openDatabase } from '../../src/db/open.ts';
import { openTestDatabase, seedBuildings, T0 } from './memory-db.ts';

/*
 * The tallies of unfinished needs (migration 0022) are kept by triggers; whatever happens to the needs, they must
 * equal what a full count of the needs gives. A seeded random walk of inserts, updates and deletes checks that.
 */

const statuses = ['draft', 'open', 'claimed', 'done', 'cancelled'] as const;
const priorities = ['urgent', 'high', 'normal'] as const;
const categories = ['food', 'medical', 'elderly'] as const;
const buildingIds = ['b1', 'b2', 'b3'] as const;

/** A small deterministic generator (mulberry32): the same seed walks the same way. */
function randomFrom(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

interface Tallies {
  counts: Array<{ building_id: string; priority: string; n: number }>;
  households: Array<{ building_id: string; category: string; household_key: number; n: number }>;
  categories: Array<{ building_id: string; category: string; households: number }>;
}

function kept(handle: DatabaseHandle): Tallies {
  const all = <T>(query: string) => handle.sqlite.prepare(query).all() as T[];
  return {
    counts: all('SELECT building_id, priority, n FROM unfinished_need_counts WHERE n > 0 ORDER BY 1, 2'),
    households: all(
      'SELECT building_id, category, household_key, n FROM unfinished_needs_by_household ORDER BY 1, 2, 3',
    ),
    categories: all('SELECT building_id, category, households FROM unfinished_category_households ORDER BY 1, 2'),
  };
}

function recounted(handle: DatabaseHandle): Tallies {
  const all = <T>(query: string) => handle.sqlite.prepare(query).all() as T[];
  const unfinished = "status IN ('open', 'claimed') AND building_id IS NOT NULL";
  const key = 'coalesce(household_id, -requester_id)';
  return {
    counts: all(
      `SELECT building_id, priority, count(*) AS n FROM needs WHERE ${unfinished} GROUP BY 1, 2 ORDER BY 1, 2`,
    ),
    households: all(
      `SELECT building_id, category, ${key} AS household_key, count(*) AS n FROM needs
       WHERE ${unfinished} AND ${key} IS NOT NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    ),
    categories: all(
      `SELECT building_id, category, count(DISTINCT ${key}) AS households FROM needs
       WHERE ${unfinished} AND ${key} IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2`,
    ),
  };
}

describe('tallies of unfinished needs', () => {
  let handle: DatabaseHandle;
  afterEach(() => handle.close());

  function seedPeople(): { users: number[]; households: number[] } {
    seedBuildings(handle.db, [...buildingIds]);
    const users = [1, 2, 3, 4, 5, 6];
    for (const id of users) {
      handle.sqlite.prepare('INSERT INTO users (id, first_name, updated_at) VALUES (?, ?, ?)').run(id, `U${id}`, T0);
    }
    const households = buildingIds.flatMap((b) =>
      ['101', '102'].map(
        (unit) =>
          handle.sqlite
            .prepare('INSERT INTO households (building_id, unit, created_at) VALUES (?, ?, ?) RETURNING id')
            .pluck()
            .get(b, unit, T0) as number,
      ),
    );
    return { users, households };
  }

  it('equal a full count after every step of a random walk of creates, changes and deletes', () => {
    handle = openTestDatabase();
    const { users, households } = seedPeople();
    const random = randomFrom(20261202);
    const ids: number[] = [];
    const insert = handle.sqlite.prepare(
      `INSERT INTO needs (building_id, requester_id, entered_by, household_id, priority, category, text, status,
                          created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, 'x', ?, ?, ?) RETURNING id`,
    );
    for (let step = 0; step < 600; step++) {
      const roll = random();
      if (roll < 0.35 || ids.length === 0) {
        const requester = random() < 0.9 ? pick(random, users) : null;
        const household = random() < 0.6 ? pick(random, households) : null;
        const building = random() < 0.95 ? pick(random, buildingIds) : null;
        const id = insert
          .pluck()
          .get(
            building,
            requester,
            requester ?? 1,
            household,
            pick(random, priorities),
            pick(random, categories),
            pick(random, statuses),
            T0 + step,
            T0 + step,
          ) as number;
        ids.push(id);
      } else if (roll < 0.9) {
        const id = pick(random, ids);
        const column = pick(random, ['status', 'priority', 'category', 'household_id', 'building_id', 'text']);
        const value =
          column === 'status'
            ? pick(random, statuses)
            : column === 'priority'
              ? pick(random, priorities)
              : column === 'category'
                ? pick(random, categories)
                : column === 'household_id'
                  ? random() < 0.3
                    ? null
                    : pick(random, households)
                  : column === 'building_id'
                    ? pick(random, buildingIds)
                    : 'edited';
        handle.sqlite.prepare(`UPDATE needs SET ${column} = ? WHERE id = ?`).run(value, id);
      } else {
        const id = ids.splice(Math.floor(random() * ids.length), 1)[0];
        handle.sqlite.prepare('DELETE FROM needs WHERE id = ?').run(id);
      }
      expect(kept(handle), `after step ${step}`).toEqual(recounted(handle));
    }
    // the walk must have reached the interesting states, or the comparison proves little
    const final = recounted(handle);
    expect(final.counts.length).toBeGreaterThan(3);
    expect(final.categories.some((c) => c.households > 1)).toBe(true);
  });

  it('are filled from the needs already there when the migration runs', () => {
    // a database as it was before migration 0022 (the migrations up to 0021), with needs in it
    const dir = mkdtempSync(join(tmpdir(), 'tallies-'));
    const before = join(dir, 'migrations');
    cpSync(defaultMigrationsFolder, before, { recursive: true });
    const journalPath = join(before, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: Array<{ idx: number }> };
    journal.entries = journal.entries.filter((e) => e.idx < 22);
    writeFileSync(journalPath, JSON.stringify(journal));
    const file = join(dir, 'bot.sqlite');
    handle = openDatabase(file, { migrationsFolder: before });
    seedPeople();
    handle.sqlite.exec(`
      INSERT INTO needs (building_id, requester_id, entered_by, household_id, priority, category, status, created_at,
                         updated_at)
      VALUES ('b1', 1, 1, NULL, 'urgent', 'food', 'open', 1, 1), ('b1', 2, 2, NULL, 'high', 'food', 'claimed', 1, 1),
             ('b1', 2, 2, NULL, 'high', 'food', 'open', 1, 1), ('b2', 3, 3, NULL, 'normal', 'medical', 'done', 1, 1);`);
    handle.close();

    handle = openDatabase(file);
    expect(kept(handle)).toEqual(recounted(handle));
    expect(kept(handle).counts).toEqual([
      { building_id: 'b1', priority: 'high', n: 2 },
      { building_id: 'b1', priority: 'urgent', n: 1 },
    ]);
    expect(kept(handle).categories).toEqual([{ building_id: 'b1', category: 'food', households: 2 }]);
    rmSync(dir, { recursive: true, force: true });
  });
});

import { asc, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inJsonList } from '../../src/db/in-list.ts';
import type { DatabaseHandle } from '../../src/db/open.ts';
import { preparedOnce } from '../../src/db/prepared.ts';
import { buildings } from '../../src/db/schema.ts';
import { openTestDatabase, seedBuildings } from './memory-db.ts';

let handle: DatabaseHandle;
beforeEach(() => {
  handle = openTestDatabase();
  seedBuildings(handle.db, ['b1', 'b2', 'b3', 'b4']);
});
afterEach(() => handle.close());

const idsIn = (list: Parameters<typeof inJsonList>[1]) =>
  handle.db
    .select({ id: buildings.id })
    .from(buildings)
    .where(inJsonList(buildings.id, list))
    .orderBy(asc(buildings.id));

const preparedIdsIn = preparedOnce((db) =>
  db
    .select({ id: buildings.id })
    .from(buildings)
    .where(inJsonList(buildings.id, sql.placeholder('ids')))
    .orderBy(asc(buildings.id))
    .prepare(),
);

describe('inJsonList', () => {
  it('takes the rows whose column is among the values, and none for an empty list', () => {
    expect(idsIn(['b3', 'b1', 'x']).all()).toEqual([{ id: 'b1' }, { id: 'b3' }]);
    expect(idsIn([]).all()).toEqual([]);
  });

  it('binds the list at each run of a prepared query when a placeholder stands for it', () => {
    const query = preparedIdsIn(handle.db);
    expect(query.all({ ids: JSON.stringify(['b2', 'b4']) })).toEqual([{ id: 'b2' }, { id: 'b4' }]);
    expect(query.all({ ids: JSON.stringify(['b1']) })).toEqual([{ id: 'b1' }]);
    expect(query.all({ ids: '[]' })).toEqual([]);
  });
});

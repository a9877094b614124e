import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../src/db/open.ts';
import { householdMembers, households } from '../../../src/db/schema.ts';
import {
  countMembers,
  ensureHousehold,
  findHouseholdOfUser,
  joinHousehold,
  listHouseholdsOfUser,
} from '../../../src/features/households/households.store.ts';
import { auditRows, HOUR, openTestDatabase, seedBuildings, seedUsers, T0 } from '../../db/memory-db.ts';

let handle: DatabaseHandle;
beforeEach(() => {
  handle = openTestDatabase();
  seedBuildings(handle.db, [
    { id: 'west', name: 'West', chatId: -200, language: 'en' },
    { id: 'east', name: 'East', chatId: -100, language: 'en' },
  ]);
  seedUsers(handle.db, [
    { id: 1, firstName: 'Ann' },
    { id: 2, firstName: 'Bo' },
  ]);
});
afterEach(() => handle.close());

const join = (userId: number, unit: string, now = T0, buildingId = 'east') =>
  handle.db.transaction((tx) => joinHousehold(tx, { buildingId, unit, userId, now }));
const membership = (buildingId: string, userId: number) =>
  handle.db
    .select()
    .from(householdMembers)
    .where(and(eq(householdMembers.buildingId, buildingId), eq(householdMembers.userId, userId)))
    .get();

describe('joinHousehold', () => {
  it('creates the household on first use, puts the user in it and audits the join', () => {
    expect(join(1, '1502')).toEqual({ unit: '1502', previousUnit: undefined, changed: true });
    const household = findHouseholdOfUser(handle.db, 'east', 1);
    expect(household).toEqual({
      buildingId: 'east',
      buildingName: 'East',
      householdId: household!.householdId,
      unit: '1502',
    });
    expect(membership('east', 1)).toMatchObject({ householdId: household!.householdId, joinedAt: T0 });
    expect(
      auditRows(handle.db, 'household.join', 'household.move').map((r) => [
        r.actor,
        r.buildingId,
        r.subject,
        r.details,
      ]),
    ).toEqual([[1, 'east', 'household:east/1502', {}]]);
  });

  it('joins a second resident to the existing household', () => {
    join(1, '1502');
    join(2, '1502', T0 + HOUR);
    const first = findHouseholdOfUser(handle.db, 'east', 1)!;
    expect(findHouseholdOfUser(handle.db, 'east', 2)?.householdId).toBe(first.householdId);
    expect(countMembers(handle.db, first.householdId)).toBe(2);
  });

  it('changes nothing when the user is already in that household', () => {
    join(1, '1502');
    expect(join(1, '1502', T0 + HOUR)).toEqual({ unit: '1502', previousUnit: '1502', changed: false });
    expect(membership('east', 1)?.joinedAt).toBe(T0);
    expect(auditRows(handle.db, 'household.join', 'household.move')).toHaveLength(1);
  });

  it('moves the user out of their previous household, which stays with one member fewer', () => {
    join(1, '1502');
    join(2, '1502');
    const old = findHouseholdOfUser(handle.db, 'east', 1)!.householdId;
    expect(join(1, '902', T0 + HOUR)).toEqual({ unit: '902', previousUnit: '1502', changed: true });
    const now = findHouseholdOfUser(handle.db, 'east', 1)!;
    expect(now.unit).toBe('902');
    expect(now.householdId).not.toBe(old);
    expect(membership('east', 1)).toMatchObject({ householdId: now.householdId, joinedAt: T0 + HOUR });
    expect(countMembers(handle.db, old)).toBe(1);
    expect(auditRows(handle.db, 'household.move').map((r) => [r.subject, r.details])).toEqual([
      ['household:east/902', { from: '1502' }],
    ]);
  });

  it('keeps a user’s households in different buildings apart', () => {
    join(1, '1502', T0, 'east');
    join(1, '301', T0, 'west');
    expect(findHouseholdOfUser(handle.db, 'east', 1)?.unit).toBe('1502');
    expect(findHouseholdOfUser(handle.db, 'west', 1)?.unit).toBe('301');
    expect(auditRows(handle.db, 'household.move')).toEqual([]);
  });
});

describe('listHouseholdsOfUser and findHouseholdOfUser', () => {
  it('list one household per building, ordered by building id, with the building’s name', () => {
    join(1, '1502', T0, 'west');
    join(1, '301', T0, 'east');
    expect(listHouseholdsOfUser(handle.db, 1).map((h) => [h.buildingId, h.buildingName, h.unit])).toEqual([
      ['east', 'East', '301'],
      ['west', 'West', '1502'],
    ]);
  });

  it('find nothing for a user without a household there', () => {
    join(1, '1502', T0, 'east');
    expect(listHouseholdsOfUser(handle.db, 2)).toEqual([]);
    expect(findHouseholdOfUser(handle.db, 'west', 1)).toBeUndefined();
    expect(findHouseholdOfUser(handle.db, 'east', 2)).toBeUndefined();
  });
});

describe('ensureHousehold', () => {
  it('creates the household once and returns the same id afterwards', () => {
    const first = handle.db.transaction((tx) => ensureHousehold(tx, 'east', '1502', T0));
    const again = handle.db.transaction((tx) => ensureHousehold(tx, 'east', '1502', T0 + HOUR));
    expect(again).toBe(first);
    expect(handle.db.select().from(households).all()).toEqual([
      { id: first, buildingId: 'east', unit: '1502', createdAt: T0 },
    ]);
  });

  it('gives the same unit in another building a household of its own, with no member', () => {
    const east = handle.db.transaction((tx) => ensureHousehold(tx, 'east', '1502', T0));
    const west = handle.db.transaction((tx) => ensureHousehold(tx, 'west', '1502', T0));
    expect(west).not.toBe(east);
    expect(countMembers(handle.db, west)).toBe(0);
  });

  it('returns the household a resident joined', () => {
    join(1, '1502');
    const id = handle.db.transaction((tx) => ensureHousehold(tx, 'east', '1502', T0 + HOUR));
    expect(id).toBe(findHouseholdOfUser(handle.db, 'east', 1)?.householdId);
  });
});

describe('countMembers', () => {
  it('is zero for a household nobody joined or an unknown one', () => {
    const empty = handle.db.transaction((tx) => ensureHousehold(tx, 'east', '101', T0));
    expect(countMembers(handle.db, empty)).toBe(0);
    expect(countMembers(handle.db, 9999)).toBe(0);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../src/db/open.ts';
import { digestCount, lastDigestAt, recordDigest } from '../../../src/features/digests/digests.store.ts';
import { DAY, HOUR, openTestDatabase, seedBuildings, T0 } from '../../db/memory-db.ts';

let handle: DatabaseHandle;
beforeEach(() => {
  handle = openTestDatabase();
  seedBuildings(handle.db, ['east', 'west']);
});
afterEach(() => handle.close());

const record = (buildingId: string, at: number) => handle.db.transaction((tx) => recordDigest(tx, buildingId, at));

describe('lastDigestAt', () => {
  it('is undefined for a building that never had a digest', () => {
    expect(lastDigestAt(handle.db, 'east')).toBeUndefined();
  });

  it('is the time of the building’s latest digest, whatever order they were recorded in', () => {
    record('east', T0 + DAY);
    record('east', T0);
    record('east', T0 + 2 * DAY);
    record('west', T0 + 3 * DAY);
    expect(lastDigestAt(handle.db, 'east')).toBe(T0 + 2 * DAY);
    expect(lastDigestAt(handle.db, 'west')).toBe(T0 + 3 * DAY);
  });
});

describe('digestCount', () => {
  it('counts the building’s own digests only', () => {
    expect(digestCount(handle.db, 'east')).toBe(0);
    record('east', T0);
    record('east', T0 + 12 * HOUR);
    record('west', T0);
    expect(digestCount(handle.db, 'east')).toBe(2);
    expect(digestCount(handle.db, 'west')).toBe(1);
  });

  it('counts two digests composed at the same time twice', () => {
    record('east', T0);
    record('east', T0);
    expect(digestCount(handle.db, 'east')).toBe(2);
  });
});

describe('recordDigest', () => {
  it('refuses a building that is not declared', () => {
    expect(() => record('nowhere', T0)).toThrow(/FOREIGN KEY/);
    expect(digestCount(handle.db, 'nowhere')).toBe(0);
  });
});

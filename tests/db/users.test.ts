import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/open.ts';
import { users } from '../../src/db/schema.ts';
import { canReceiveDm, fullName, setUserBlocked } from '../../src/db/users.ts';
import { HOUR, openTestDatabase, seedUsers, T0 } from './memory-db.ts';

let handle: DatabaseHandle;
beforeEach(() => {
  handle = openTestDatabase();
});
afterEach(() => handle.close());

const userRow = (id: number) => handle.db.select().from(users).where(eq(users.id, id)).get();

describe('setUserBlocked', () => {
  it('records when the user blocked the bot, and clears it when they unblock it', () => {
    seedUsers(handle.db, [{ id: 7, firstName: 'Ann', started: true }]);
    handle.db.transaction((tx) => setUserBlocked(tx, 7, T0 + HOUR));
    expect(userRow(7)?.blockedAt).toBe(T0 + HOUR);
    handle.db.transaction((tx) => setUserBlocked(tx, 7, null));
    expect(userRow(7)?.blockedAt).toBeNull();
  });

  it('changes nothing else about the user', () => {
    seedUsers(handle.db, [{ id: 7, firstName: 'Ann', lastName: 'Lee', username: 'ann', started: true }]);
    const before = userRow(7)!;
    handle.db.transaction((tx) => setUserBlocked(tx, 7, T0 + HOUR));
    expect(userRow(7)).toEqual({ ...before, blockedAt: T0 + HOUR });
  });

  it('creates no user the bot does not know', () => {
    handle.db.transaction((tx) => setUserBlocked(tx, 99, T0));
    expect(userRow(99)).toBeUndefined();
    expect(handle.db.select().from(users).all()).toEqual([]);
  });
});

describe('canReceiveDm', () => {
  it('is true for a user who wrote to the bot privately and has not blocked it', () => {
    seedUsers(handle.db, [{ id: 7, firstName: 'Ann', started: true }]);
    expect(canReceiveDm(handle.db, 7)).toBe(true);
  });

  it('is false for a user known only from a group, one who blocked the bot, or an unknown one', () => {
    seedUsers(handle.db, [
      { id: 7, firstName: 'Ann' },
      { id: 8, firstName: 'Bo', started: true },
    ]);
    setUserBlocked(handle.db, 8, T0 + HOUR);
    expect(canReceiveDm(handle.db, 7)).toBe(false);
    expect(canReceiveDm(handle.db, 8)).toBe(false);
    expect(canReceiveDm(handle.db, 99)).toBe(false);
  });

  it('is true again once the user unblocks the bot', () => {
    seedUsers(handle.db, [{ id: 8, firstName: 'Bo', started: true }]);
    handle.db.transaction((tx) => setUserBlocked(tx, 8, T0 + HOUR));
    handle.db.transaction((tx) => setUserBlocked(tx, 8, null));
    expect(canReceiveDm(handle.db, 8)).toBe(true);
  });
});

describe('fullName', () => {
  it('joins first and last name with a space', () => {
    expect(fullName({ firstName: 'Ann', lastName: 'Lee' })).toBe('Ann Lee');
  });

  it('is the first name alone when there is no last name', () => {
    expect(fullName({ firstName: 'Ann', lastName: null })).toBe('Ann');
    expect(fullName({ firstName: '王', lastName: '' })).toBe('王');
  });

  it('names a stored user as written', () => {
    seedUsers(handle.db, [{ id: 8, firstName: 'Bo', lastName: 'Chen' }]);
    expect(fullName(userRow(8)!)).toBe('Bo Chen');
  });
});

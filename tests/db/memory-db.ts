import { asc, inArray } from 'drizzle-orm';
import { type DatabaseHandle, type Db, openDatabase } from '../../src/db/open.ts';
import { auditLog } from '../../src/db/schema.ts';
import { recordUpdate } from '../../src/db/updates.ts';
import { type DeclaredBuilding, syncBuildings } from '../../src/features/buildings/buildings.store.ts';
import { ensureHousehold, joinHousehold } from '../../src/features/households/households.store.ts';

/**
 * Store tests: a fresh `:memory:` database with the project's real migrations per test, seeded only through
 * the stores' own functions, at fixed times.
 */

/** 2026-01-15 09:00 UTC: the time every store test starts from. */
export const T0 = Date.UTC(2026, 0, 15, 9, 0, 0);
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** A migrated in-memory database; close it after the test. */
export function openTestDatabase(): DatabaseHandle {
  return openDatabase(':memory:');
}

/** The chat id a seeded building gets when the test does not name one: -1001, -1002, ... in the order given. */
export function seededChatId(index: number): number {
  return -1001 - index;
}

/**
 * Declares the buildings as the config does at start (`syncBuildings`, one call: a building left out of a later
 * call would be retired). A bare id becomes `Building <id>` in English with {@link seededChatId}.
 */
export function seedBuildings(
  db: Db,
  buildings: ReadonlyArray<string | DeclaredBuilding>,
  now: number = T0,
): DeclaredBuilding[] {
  const declared = buildings.map((b, i) =>
    typeof b === 'string' ? { id: b, name: `Building ${b}`, chatId: seededChatId(i), language: 'en' as const } : b,
  );
  syncBuildings(db, declared, now);
  return declared;
}

export interface SeedUser {
  id: number;
  firstName: string;
  lastName?: string;
  username?: string;
  /** True: the user wrote to the bot privately (so it may DM them). */
  started?: boolean;
}

// update ids far above any a test records itself
let seedUpdateId = 900_000_000;

/**
 * Makes the bot know the users as it learns of anyone: from an update they sent (`recordUpdate`, which also
 * marks that synthetic update handled, with kind `seed`).
 */
export function seedUsers(db: Db, users: readonly SeedUser[], now: number = T0): void {
  db.transaction((tx) => {
    for (const user of users) {
      seedUpdateId += 1;
      recordUpdate(
        tx,
        {
          updateId: seedUpdateId,
          chatId: user.started ? user.id : null,
          kind: 'seed',
          isPrivateChat: user.started ?? false,
          from: {
            id: user.id,
            first_name: user.firstName,
            ...(user.lastName !== undefined ? { last_name: user.lastName } : {}),
            ...(user.username !== undefined ? { username: user.username } : {}),
            is_bot: false,
          },
        },
        now,
      );
    }
  });
}

/**
 * The household `unit` of the building with these residents joined to it (`joinHousehold`, in the order given,
 * each audited as the bot does), or empty (`ensureHousehold`). Returns its id.
 */
export function seedHousehold(
  db: Db,
  buildingId: string,
  unit: string,
  memberIds: readonly number[] = [],
  now: number = T0,
): number {
  return db.transaction((tx) => {
    for (const userId of memberIds) joinHousehold(tx, { buildingId, unit, userId, now });
    return ensureHousehold(tx, buildingId, unit, now);
  });
}

export type AuditRow = typeof auditLog.$inferSelect;

/** The audit rows of these actions (every row when none is named), oldest first. */
export function auditRows(db: Db, ...actions: string[]): AuditRow[] {
  return db
    .select()
    .from(auditLog)
    .where(actions.length > 0 ? inArray(auditLog.action, actions) : undefined)
    .orderBy(asc(auditLog.id))
    .all();
}

/** The people of the vote and buy store tests: Olga organises; Ann (Lee), Bo and Cy are residents. */
export const ORGANIZER = 1;
export const ANN = 2;
export const BO = 3;
export const CY = 4;

/** A fresh database with two buildings (`east`, `west`) and Olga, Ann, Bo and Cy, without households yet. */
export function openNeighbourhood(): DatabaseHandle {
  const handle = openTestDatabase();
  seedBuildings(handle.db, ['east', 'west']);
  seedUsers(handle.db, [
    { id: ORGANIZER, firstName: 'Olga' },
    { id: ANN, firstName: 'Ann', lastName: 'Lee' },
    { id: BO, firstName: 'Bo' },
    { id: CY, firstName: 'Cy' },
  ]);
  return handle;
}

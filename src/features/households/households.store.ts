import { and, count, eq, sql } from 'drizzle-orm';
import { appendAudit } from '../../db/audit.ts';
import type { Db, Tx } from '../../db/open.ts';
import { preparedOnce } from '../../db/prepared.ts';
import { buildings, householdMembers, households } from '../../db/schema.ts';

export interface HouseholdOfUser {
  buildingId: string;
  buildingName: string;
  householdId: number;
  unit: string;
}

/** The user's household in one building, if they registered one with `/home`. */
export function findHouseholdOfUser(db: Db | Tx, buildingId: string, userId: number): HouseholdOfUser | undefined {
  return listHouseholdsOfUser(db, userId).find((h) => h.buildingId === buildingId);
}

const householdsOfUserQuery = preparedOnce((db) =>
  db
    .select({
      buildingId: households.buildingId,
      buildingName: buildings.name,
      householdId: households.id,
      unit: households.unit,
    })
    .from(householdMembers)
    .innerJoin(households, eq(householdMembers.householdId, households.id))
    .innerJoin(buildings, eq(households.buildingId, buildings.id))
    .where(eq(householdMembers.userId, sql.placeholder('userId')))
    .orderBy(households.buildingId)
    .prepare(),
);

/** Every household the user belongs to, one per building, by building id; inactive buildings included. */
export function listHouseholdsOfUser(db: Db | Tx, userId: number): HouseholdOfUser[] {
  return householdsOfUserQuery(db).all({ userId });
}

export interface JoinResult {
  unit: string;
  /** The unit the user belonged to before, when this was a move. */
  previousUnit: string | undefined;
  changed: boolean;
}

/**
 * Puts the user in the household `unit` of the building (creating the household on first use), leaving the
 * one they were in before. Audited; a no-op when they are already there.
 */
export function joinHousehold(
  tx: Tx,
  input: { buildingId: string; unit: string; userId: number; now: number },
): JoinResult {
  const { buildingId, unit, userId, now } = input;
  const previous = findHouseholdOfUser(tx, buildingId, userId);
  if (previous?.unit === unit) return { unit, previousUnit: unit, changed: false };
  const household = { id: ensureHousehold(tx, buildingId, unit, now) };
  tx.insert(householdMembers)
    .values({ buildingId, userId, householdId: household.id, joinedAt: now })
    .onConflictDoUpdate({
      target: [householdMembers.buildingId, householdMembers.userId],
      set: { householdId: household.id, joinedAt: now },
    })
    .run();
  appendAudit(tx, {
    at: now,
    actor: userId,
    buildingId,
    action: previous ? 'household.move' : 'household.join',
    subject: `household:${buildingId}/${unit}`,
    details: previous ? { from: previous.unit } : {},
  });
  return { unit, previousUnit: previous?.unit, changed: true };
}

/** The id of the household `unit` of the building, created on first use (also for assisted mode). */
export function ensureHousehold(tx: Tx, buildingId: string, unit: string, now: number): number {
  tx.insert(households).values({ buildingId, unit, createdAt: now }).onConflictDoNothing().run();
  const household = tx
    .select({ id: households.id })
    .from(households)
    .where(and(eq(households.buildingId, buildingId), eq(households.unit, unit)))
    .get();
  if (!household) throw new Error(`household ${buildingId}/${unit} missing after insert`);
  return household.id;
}

/** How many residents share the household (the reply tells a newcomer they joined an existing one). */
export function countMembers(db: Db | Tx, householdId: number): number {
  return (
    db.select({ n: count() }).from(householdMembers).where(eq(householdMembers.householdId, householdId)).get()?.n ?? 0
  );
}

/** The residents registered in the household (`/home`), by user id: who follows its needs (SPEC §2.10). */
export function listMemberIds(db: Db | Tx, householdId: number): number[] {
  return db
    .select({ userId: householdMembers.userId })
    .from(householdMembers)
    .where(eq(householdMembers.householdId, householdId))
    .orderBy(householdMembers.userId)
    .all()
    .map((m) => m.userId);
}

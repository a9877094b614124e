import { and, eq, lt, sql } from 'drizzle-orm';
import { appendAudit } from '../../db/audit.ts';
import type { Db, Tx } from '../../db/open.ts';
import { preparedOnce } from '../../db/prepared.ts';
import { checkinAnswers, checkins, householdMembers, households, users } from '../../db/schema.ts';
import { ensureHousehold } from '../households/households.store.ts';

/** Turns the household's daily check on or off (`/checkin on|off`), with an audit row. */
export function setCheckin(
  tx: Tx,
  input: { buildingId: string; householdId: number; on: boolean; userId: number | null; now: number },
): void {
  tx.insert(checkins)
    .values({ buildingId: input.buildingId, householdId: input.householdId, active: input.on, since: input.now })
    .onConflictDoUpdate({ target: [checkins.buildingId, checkins.householdId], set: { active: input.on } })
    .run();
  appendAudit(tx, {
    at: input.now,
    actor: input.userId,
    buildingId: input.buildingId,
    action: input.on ? 'checkin.on' : 'checkin.off',
    subject: `household:${input.householdId}`,
  });
}

/** Records "I'm OK" for the household today; false when it was given already. */
export function answerCheckin(
  tx: Tx,
  input: { householdId: number; day: string; userId: number; now: number },
): boolean {
  return (
    tx
      .insert(checkinAnswers)
      .values({ householdId: input.householdId, day: input.day, answeredBy: input.userId, at: input.now })
      .onConflictDoNothing()
      .run().changes > 0
  );
}

/** Whether the household answered for `day`. */
export function hasAnswered(db: Db | Tx, householdId: number, day: string): boolean {
  return (
    db
      .select({ day: checkinAnswers.day })
      .from(checkinAnswers)
      .where(and(eq(checkinAnswers.householdId, householdId), eq(checkinAnswers.day, day)))
      .get() !== undefined
  );
}

/** A household asked every day, and its members who may be asked. */
export interface CheckinHousehold {
  householdId: number;
  unit: string;
  members: Array<{ id: number; firstName: string; startedAt: number | null; blockedAt: number | null }>;
}

/**
 * The building's opted-in households with their members. The config's `checkins` units are opted in first (created
 * if needed), so an admin can enrol a household without a phone.
 */
export function optedInHouseholds(
  tx: Tx,
  buildingId: string,
  unitsFromConfig: readonly string[],
  now: number,
): CheckinHousehold[] {
  for (const unit of unitsFromConfig) {
    const householdId = ensureHousehold(tx, buildingId, unit, now);
    tx.insert(checkins).values({ buildingId, householdId, active: true, since: now }).onConflictDoNothing().run();
  }
  const rows = tx
    .select({ householdId: checkins.householdId, unit: households.unit })
    .from(checkins)
    .innerJoin(households, eq(households.id, checkins.householdId))
    .where(and(eq(checkins.buildingId, buildingId), eq(checkins.active, true)))
    .all();
  return rows.map((row) => ({
    ...row,
    members: tx
      .select({ id: users.id, firstName: users.firstName, startedAt: users.startedAt, blockedAt: users.blockedAt })
      .from(householdMembers)
      .innerJoin(users, eq(users.id, householdMembers.userId))
      .where(eq(householdMembers.householdId, row.householdId))
      .all(),
  }));
}

const purgeAnswersQuery = preparedOnce((db) =>
  db
    .delete(checkinAnswers)
    .where(lt(checkinAnswers.at, sql.placeholder('before')))
    .prepare(),
);

/** Deletes the answers older than `before` (retention). */
export function purgeCheckinAnswers(tx: Tx, before: number): void {
  purgeAnswersQuery(tx).run({ before });
}

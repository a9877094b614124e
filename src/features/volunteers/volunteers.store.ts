import { and, eq, inArray } from 'drizzle-orm';
import { appendAudit } from '../../db/audit.ts';
import type { Db, Tx } from '../../db/open.ts';
import { users, volunteers } from '../../db/schema.ts';
import { fullName } from '../../db/users.ts';

/** Joins (or updates the skills of) the building's volunteers. Audited. */
export function joinVolunteers(
  tx: Tx,
  input: { buildingId: string; userId: number; skills: string; now: number },
): void {
  const { buildingId, userId, skills, now } = input;
  tx.insert(volunteers)
    .values({ buildingId, userId, skills, active: true, joinedAt: now })
    .onConflictDoUpdate({ target: [volunteers.buildingId, volunteers.userId], set: { skills, active: true } })
    .run();
  appendAudit(tx, {
    at: now,
    actor: userId,
    buildingId,
    action: 'volunteer.join',
    subject: `volunteer:${buildingId}/${userId}`,
    details: { skills },
  });
}

/** Leaves the building's volunteers; returns false when the user was not one. Audited. */
export function leaveVolunteers(tx: Tx, input: { buildingId: string; userId: number; now: number }): boolean {
  const { buildingId, userId, now } = input;
  const result = tx
    .update(volunteers)
    .set({ active: false })
    .where(and(eq(volunteers.buildingId, buildingId), eq(volunteers.userId, userId), eq(volunteers.active, true)))
    .run();
  if (result.changes === 0) return false;
  appendAudit(tx, {
    at: now,
    actor: userId,
    buildingId,
    action: 'volunteer.leave',
    subject: `volunteer:${buildingId}/${userId}`,
  });
  return true;
}

export interface VolunteerRow {
  userId: number;
  name: string;
  skills: string;
  /** Listed in the config rather than joined with `/volunteer`. */
  fromConfig: boolean;
}

/** The building's volunteers: those of the config and those who joined, with their names when known. */
export function listVolunteers(db: Db | Tx, buildingId: string, configVolunteers: readonly number[]): VolunteerRow[] {
  const joined = db
    .select({
      userId: volunteers.userId,
      skills: volunteers.skills,
      firstName: users.firstName,
      lastName: users.lastName,
    })
    .from(volunteers)
    .innerJoin(users, eq(users.id, volunteers.userId))
    .where(and(eq(volunteers.buildingId, buildingId), eq(volunteers.active, true)))
    .all();
  const known =
    configVolunteers.length > 0
      ? db
          .select({ id: users.id, firstName: users.firstName, lastName: users.lastName })
          .from(users)
          .where(inArray(users.id, [...configVolunteers]))
          .all()
      : [];
  const rows: VolunteerRow[] = configVolunteers.map((userId) => {
    const user = known.find((u) => u.id === userId);
    const own = joined.find((j) => j.userId === userId);
    return { userId, name: user ? fullName(user) : String(userId), skills: own?.skills ?? '', fromConfig: true };
  });
  for (const j of joined)
    if (!configVolunteers.includes(j.userId))
      rows.push({ userId: j.userId, name: fullName(j), skills: j.skills, fromConfig: false });
  return rows;
}

/** Whether the user volunteers in the building: listed in the config, or joined with `/volunteer` and not left. */
export function isVolunteer(
  db: Db | Tx,
  buildingId: string,
  userId: number,
  configVolunteers: readonly number[],
): boolean {
  if (configVolunteers.includes(userId)) return true;
  return (
    db
      .select({ id: volunteers.userId })
      .from(volunteers)
      .where(and(eq(volunteers.buildingId, buildingId), eq(volunteers.userId, userId), eq(volunteers.active, true)))
      .get() !== undefined
  );
}

/** Whether the user volunteers (by `/volunteer`) in any building: what a private chat knows of their role. */
export function volunteersAnywhere(db: Db | Tx, userId: number): boolean {
  return (
    db
      .select({ id: volunteers.userId })
      .from(volunteers)
      .where(and(eq(volunteers.userId, userId), eq(volunteers.active, true)))
      .get() !== undefined
  );
}

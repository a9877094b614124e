import { and, count, eq, gte, inArray } from 'drizzle-orm';
import { appendAudit } from '../../db/audit.ts';
import type { Db, Tx } from '../../db/open.ts';
import { acknowledgements, householdMembers, households, notices } from '../../db/schema.ts';
import { type AlertLevel, alertLevels } from './notices.ts';

export type NoticeRow = typeof notices.$inferSelect;
export type NoticeLevel = NoticeRow['level'];

/**
 * Records a notice or alert for its buildings, audited. Returns its id; each building's copy is queued by the
 * caller.
 */
export function createNotice(
  tx: Tx,
  input: {
    buildingIds: string[];
    level: NoticeLevel;
    text: string;
    authorId: number | null;
    pinned: boolean;
    now: number;
  },
): number {
  const { id } = tx
    .insert(notices)
    .values({
      buildingIds: input.buildingIds,
      level: input.level,
      text: input.text,
      authorId: input.authorId,
      pinned: input.pinned,
      sentAt: input.now,
    })
    .returning({ id: notices.id })
    .get();
  appendAudit(tx, {
    at: input.now,
    actor: input.authorId,
    buildingId: input.buildingIds.length === 1 ? input.buildingIds[0] : null,
    action: input.level === 'info' ? 'notice.send' : 'alert.send',
    subject: `notice:${id}`,
    details: { level: input.level, buildings: input.buildingIds },
  });
  return id;
}

/** The notice or alert (one row for all the buildings it went to), or undefined. */
export function getNotice(db: Db | Tx, id: number): NoticeRow | undefined {
  return db.select().from(notices).where(eq(notices.id, id)).get();
}

/** Records a "Got it" (once per household, or per resident without one). Returns false when already given. */
export function acknowledge(
  tx: Tx,
  input: { noticeId: number; buildingId: string; userId: number; householdId: number | null; now: number },
): boolean {
  const ackKey = input.householdId !== null ? `h:${input.householdId}` : `u:${input.userId}`;
  const result = tx
    .insert(acknowledgements)
    .values({ ...input, ackKey, at: input.now })
    .onConflictDoNothing()
    .run();
  if (result.changes === 0) return false;
  appendAudit(tx, {
    at: input.now,
    actor: input.userId,
    buildingId: input.buildingId,
    action: 'notice.ack',
    subject: `notice:${input.noticeId}`,
  });
  return true;
}

/**
 * How many said *Got it* (one per household, or per resident without one): in `buildingId`, or in all the
 * notice's buildings.
 */
export function ackCount(db: Db | Tx, noticeId: number, buildingId?: string): number {
  const where = buildingId
    ? and(eq(acknowledgements.noticeId, noticeId), eq(acknowledgements.buildingId, buildingId))
    : eq(acknowledgements.noticeId, noticeId);
  return db.select({ n: count() }).from(acknowledgements).where(where).get()?.n ?? 0;
}

/** Registered units of the building whose household has not acknowledged the notice, in unit order. */
export function unacknowledgedUnits(db: Db | Tx, noticeId: number, buildingId: string): string[] {
  const acked = db
    .select({ householdId: acknowledgements.householdId })
    .from(acknowledgements)
    .where(eq(acknowledgements.noticeId, noticeId))
    .all()
    .map((a) => a.householdId);
  const registered = db
    .selectDistinct({ id: households.id, unit: households.unit })
    .from(households)
    .innerJoin(householdMembers, eq(householdMembers.householdId, households.id))
    .where(eq(households.buildingId, buildingId))
    .all();
  return registered
    .filter((h) => !acked.includes(h.id))
    .map((h) => h.unit)
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

/** The highest alert level in force: the latest alert decides (a lower one lowers it), `none` without any. */
export function currentAlertLevel(db: Db | Tx): AlertLevel | 'none' {
  return alertLevelsSent(db).at(-1) ?? 'none';
}

/** The notices and alerts sent to the building since `since`, oldest first. */
export function noticesSentSince(db: Db | Tx, buildingId: string, since: number): NoticeRow[] {
  return db
    .select()
    .from(notices)
    .where(gte(notices.sentAt, since))
    .orderBy(notices.id)
    .all()
    .filter((n) => n.buildingIds.includes(buildingId));
}

/** The level of every alert ever sent, in order (a level lowered later means recovery). */
export function alertLevelsSent(db: Db | Tx): AlertLevel[] {
  return db
    .select({ level: notices.level })
    .from(notices)
    .where(inArray(notices.level, [...alertLevels]))
    .orderBy(notices.id)
    .all()
    .map((row) => row.level as AlertLevel);
}

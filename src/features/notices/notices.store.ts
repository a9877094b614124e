import { and, count, eq, gte, inArray, sql } from 'drizzle-orm';
import { appendAudit } from '../../db/audit.ts';
import type { Db, Tx } from '../../db/open.ts';
import { preparedOnce } from '../../db/prepared.ts';
import { acknowledgements, householdMembers, households, notices } from '../../db/schema.ts';
import { byFloorThenUnit } from '../buys/buys.ts';
import { recordEvent } from '../events/events.store.ts';
import type { EventContext } from '../events/events.ts';
import { noticeForExport } from '../export/export.view.ts';
import { type AlertLevel, alertEventType, alertLevels } from './notices.ts';

export type NoticeRow = typeof notices.$inferSelect;
export type NoticeLevel = NoticeRow['level'];

/**
 * Records a notice or alert for its buildings, audited, and its event: `notice.sent`, or for an alert
 * `alert.issued` (`alert.lowered` below the level in force). Returns its id; each building's copy is queued by the
 * caller. `committeeId`: the committee that sent it to its buildings, the event's source.
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
    events: EventContext;
    committeeId?: string | null;
  },
): number {
  const inForce = input.level === 'info' ? 'none' : currentAlertLevel(tx);
  const created = tx
    .insert(notices)
    .values({
      buildingIds: input.buildingIds,
      level: input.level,
      text: input.text,
      authorId: input.authorId,
      pinned: input.pinned,
      sentAt: input.now,
    })
    .returning()
    .get();
  const single = input.buildingIds.length === 1 ? input.buildingIds[0]! : null;
  appendAudit(tx, {
    at: input.now,
    actor: input.authorId,
    buildingId: single,
    action: input.level === 'info' ? 'notice.send' : 'alert.send',
    subject: `notice:${created.id}`,
    details: { level: input.level, buildings: input.buildingIds },
  });
  recordEvent(tx, input.events, {
    type: input.level === 'info' ? 'notice.sent' : alertEventType(inForce, input.level),
    // one event for all its buildings: a webhook limited to some gets it when one of them is among them
    buildingId: single,
    buildingIds: input.buildingIds,
    committeeId: input.committeeId ?? null,
    subject: String(created.id),
    data: noticeForExport(created, 0, input.events.timezone),
    at: input.now,
  });
  return created.id;
}

/** The notice or alert (one row for all the buildings it went to), or undefined. */
export function getNotice(db: Db | Tx, id: number): NoticeRow | undefined {
  return db.select().from(notices).where(eq(notices.id, id)).get();
}

/**
 * What a "Got it" press changed: nothing when this household (or this resident without one) had already pressed;
 * else it was recorded, and `reach` is the building's {@link NoticeReach} after it.
 */
export type Acknowledged = { added: false } | { added: true; reach: NoticeReach };

/**
 * Records a "Got it" (once per household, or per resident without one), audited. When the press changes how many of
 * the building's households acknowledged the notice (as {@link noticeReach} counts them: a member of a household that
 * already acknowledged, or a resident without a household, changes nothing), it also records `notice.acknowledged`
 * with the building's counts only (never who pressed, their name or unit: SPEC §6). Call it in the press's transaction.
 */
export function acknowledge(
  tx: Tx,
  input: {
    noticeId: number;
    buildingId: string;
    userId: number;
    householdId: number | null;
    now: number;
    events: EventContext;
  },
): Acknowledged {
  const { noticeId, buildingId, userId, householdId, now } = input;
  const ackKey = householdId !== null ? `h:${householdId}` : `u:${userId}`;
  const result = tx
    .insert(acknowledgements)
    .values({ noticeId, buildingId, userId, householdId, ackKey, at: now })
    .onConflictDoNothing()
    .run();
  if (result.changes === 0) return { added: false };
  appendAudit(tx, {
    at: now,
    actor: userId,
    buildingId,
    action: 'notice.ack',
    subject: `notice:${noticeId}`,
  });
  const presses = pressesQuery(tx).all({ noticeId, buildingId });
  const members = membersQuery(tx).all({ buildingId });
  const reach = reachOf(presses, members);
  // the count before: the same presses but this one, which (userId, householdId) names (its ack key was new)
  const before = reachOf(
    presses.filter((p) => p.userId !== userId || p.householdId !== householdId),
    members,
  );
  if (before.acknowledged !== reach.acknowledged)
    recordEvent(tx, input.events, {
      type: 'notice.acknowledged',
      buildingId,
      subject: String(noticeId),
      data: { notice: noticeId, building: buildingId, acknowledged: reach.acknowledged, households: reach.households },
      at: now,
    });
  return { added: true, reach };
}

/**
 * How many presses of *Got it* were recorded (one per household, or per resident without one): in `buildingId`,
 * or in all the notice's buildings. What residents are shown is {@link noticeReach}.
 */
export function ackCount(db: Db | Tx, noticeId: number, buildingId?: string): number {
  const where = buildingId
    ? and(eq(acknowledgements.noticeId, noticeId), eq(acknowledgements.buildingId, buildingId))
    : eq(acknowledgements.noticeId, noticeId);
  return db.select({ n: count() }).from(acknowledgements).where(where).get()?.n ?? 0;
}

/**
 * How far a notice reached in one building, by the one definition the card, the digest and `/unread` share:
 * `households` are the building's registered households (units with at least one member); a household has
 * acknowledged when one of its members pressed *Got it* there (as its member then, or before registering it);
 * `unread` are the units of the others, by floor then unit. A press by a resident without a household is
 * recorded but counts for no household until they register one.
 */
export interface NoticeReach {
  households: number;
  acknowledged: number;
  unread: string[];
}

// prepared: a city alert renders its card for each of hundreds of buildings in the one transaction the hub waits on
const pressesQuery = preparedOnce((db) =>
  db
    .select({ userId: acknowledgements.userId, householdId: acknowledgements.householdId })
    .from(acknowledgements)
    .where(
      and(
        eq(acknowledgements.noticeId, sql.placeholder('noticeId')),
        eq(acknowledgements.buildingId, sql.placeholder('buildingId')),
      ),
    )
    .prepare(),
);
const membersQuery = preparedOnce((db) =>
  db
    .select({ householdId: householdMembers.householdId, userId: householdMembers.userId, unit: households.unit })
    .from(householdMembers)
    .innerJoin(households, eq(households.id, householdMembers.householdId))
    .where(eq(householdMembers.buildingId, sql.placeholder('buildingId')))
    .prepare(),
);

type Press = { userId: number; householdId: number | null };
type Member = { householdId: number; userId: number; unit: string };

/** {@link NoticeReach} from the building's presses of the notice and its households' members. */
function reachOf(presses: readonly Press[], members: readonly Member[]): NoticeReach {
  const pressedBy = new Set(presses.map((p) => p.userId));
  const acked = new Set(presses.flatMap((p) => (p.householdId === null ? [] : [p.householdId])));
  const units = new Map(members.map((m) => [m.householdId, m.unit]));
  for (const m of members) if (pressedBy.has(m.userId)) acked.add(m.householdId);
  const unread = [...units].filter(([id]) => !acked.has(id)).map(([, unit]) => unit);
  return {
    households: units.size,
    acknowledged: units.size - unread.length,
    unread: unread.sort(byFloorThenUnit),
  };
}

/** The notice's {@link NoticeReach} in `buildingId`. */
export function noticeReach(db: Db | Tx, noticeId: number, buildingId: string): NoticeReach {
  return reachOf(pressesQuery(db).all({ noticeId, buildingId }), membersQuery(db).all({ buildingId }));
}

/** Registered units of the building whose household has not acknowledged the notice ({@link noticeReach}). */
export function unacknowledgedUnits(db: Db | Tx, noticeId: number, buildingId: string): string[] {
  return noticeReach(db, noticeId, buildingId).unread;
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

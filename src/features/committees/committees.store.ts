import { and, desc, eq, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { appendAudit } from '../../db/audit.ts';
import { inJsonList } from '../../db/in-list.ts';
import type { Db, Tx } from '../../db/open.ts';
import { preparedOnce } from '../../db/prepared.ts';
import {
  acknowledgements,
  buildings,
  checkinAnswers,
  checkins,
  householdMembers,
  households,
  needs,
  notices,
  unfinishedCategoryHouseholds,
  unfinishedNeedCounts,
} from '../../db/schema.ts';
import { type BuildingRow, chatMovedFrom, currentChatId } from '../buildings/buildings.store.ts';
import type { Priority } from '../needs/needs.ts';
import { surveyAnswersOf } from '../surveys/surveys.store.ts';
import { type BuildingSummary, type CategorySpread, type CommitteeEntry, committeeOfChat } from './committees.ts';

/*
 * The committee's view across buildings (SPEC §2.8) is read in a few statements, each walking the buildings once,
 * never a query per building: a district's committee may cover a thousand buildings and a million needs.
 * The buildings are passed as one JSON array (`json_each`), so a query's text, and its compiled statement, does not
 * change with their number. The unfinished needs are read from the tallies the database keeps (migration 0022).
 */

/**
 * The committee whose chat this group is: by the config's id, or, once the group became a supergroup, by the id it
 * was moved from (the config may still name the old one).
 */
export function committeeOfGroup<C extends Pick<CommitteeEntry, 'chatId'>>(
  db: Db | Tx,
  committees: readonly C[],
  chat: { id: number; type: string } | undefined,
): C | undefined {
  if (!chat || chat.type === 'private' || committees.length === 0) return undefined;
  const declared = committeeOfChat(committees, chat.id);
  if (declared || chat.type !== 'supergroup') return declared;
  const movedFrom = chatMovedFrom(db, chat.id);
  return movedFrom === undefined ? undefined : committeeOfChat(committees, movedFrom);
}

/** Where the committee's chat is now (its config id, or where a supergroup upgrade moved it). */
export function committeeChatId(db: Db | Tx, committee: Pick<CommitteeEntry, 'chatId'>): number {
  return currentChatId(db, committee.chatId);
}

/** The active buildings among `ids`, in the order given (one query, not one per building). */
export function activeBuildingsAmong(db: Db | Tx, ids: readonly string[]): BuildingRow[] {
  const found = new Map(
    db
      .select()
      .from(buildings)
      .where(and(eq(buildings.active, true), inJsonList(buildings.id, ids)))
      .all()
      .map((b) => [b.id, b]),
  );
  return ids.flatMap((id) => found.get(id) ?? []);
}

export interface OverviewMoment {
  /** The start of today (config time zone): "done today" counts from here. */
  dayStart: number;
  /** Today's local date (`2026-04-01`): the check-in answers' day. */
  day: string;
  /** Past today's check-in deadline: the check-ins without an answer are missed (before it, not counted). */
  missedCheckins: boolean;
}

/**
 * Every fact of the overview's lines for these buildings (SPEC §2.8), by building, in the order given, the survey's
 * response and vulnerable households as counts. Buildings the database does not know get zeros.
 */
export function buildingSummaries(
  db: Db | Tx,
  covered: ReadonlyArray<{ id: string; name: string }>,
  moment: OverviewMoment,
): BuildingSummary[] {
  const ids = covered.map((b) => b.id);
  const facts = buildingFacts(db, ids, moment);
  const latest = latestNotices(db, ids);
  const acked = countsBy(acknowledgedHouseholds(db, latest));
  const surveyed = surveyAnswersOf(db, ids);
  return covered.map((b, i) => {
    const here = facts[i]!;
    const noticeId = latest.get(b.id);
    return {
      id: b.id,
      name: b.name,
      households: here.households,
      surveyed: surveyed[i]!.answered,
      vulnerable: surveyed[i]!.vulnerable,
      open: { urgent: here.urgent, high: here.high, normal: here.normal },
      oldestUnclaimedUrgentAt: here.waiting,
      doneToday: here.done,
      checkinsMissed: moment.missedCheckins ? here.missed : null,
      latestNotice:
        noticeId === undefined
          ? null
          : { id: noticeId, acknowledged: acked.get(b.id) ?? 0, households: here.households },
      openVotes: here.votes,
      openBuys: here.buys,
    };
  });
}

function countsBy(rows: ReadonlyArray<{ building: string; n: number }>): Map<string, number> {
  return new Map(rows.map((r) => [r.building, r.n]));
}

interface BuildingFacts {
  households: number;
  urgent: number;
  high: number;
  normal: number;
  waiting: number | null;
  done: number;
  missed: number;
  votes: number;
  buys: number;
}

/**
 * The counted facts of each building, in the order given, in one statement: one row a building, each fact read
 * through its index (the unfinished needs from the tallies the database keeps with every change, the oldest urgent
 * need nobody claimed from the index of urgent needs still open, today's finished ones from the building's needs
 * by status and finish time). One pass over the buildings, rather than a grouped query per fact joined in code,
 * halves the overview's time at a thousand buildings.
 */
function buildingFacts(db: Db | Tx, ids: readonly string[], moment: OverviewMoment): BuildingFacts[] {
  const tally = (priority: Priority) =>
    sql`coalesce((SELECT ${unfinishedNeedCounts.n} FROM ${unfinishedNeedCounts}
        WHERE ${unfinishedNeedCounts.buildingId} = b.value AND ${unfinishedNeedCounts.priority} = ${priority}), 0)`;
  const open = (table: 'votes' | 'buys') =>
    sql`(SELECT count(*) FROM ${sql.identifier(table)} WHERE building_id = b.value AND status = 'open')`;
  // before the deadline the check-ins without an answer are not missed yet: not counted at all
  const missed = moment.missedCheckins
    ? sql`(SELECT count(*) FROM ${checkins}
          WHERE ${checkins.buildingId} = b.value AND ${checkins.active} = 1
            AND NOT EXISTS (SELECT 1 FROM ${checkinAnswers} WHERE ${checkinAnswers.householdId} = ${checkins.householdId}
                            AND ${checkinAnswers.day} = ${moment.day}))`
    : sql`0`;
  return db.all<BuildingFacts>(sql`
    SELECT
      (SELECT count(DISTINCT ${householdMembers.householdId}) FROM ${householdMembers}
       WHERE ${householdMembers.buildingId} = b.value) AS households,
      ${tally('urgent')} AS urgent, ${tally('high')} AS high, ${tally('normal')} AS normal,
      (SELECT min(${needs.createdAt}) FROM ${needs}
       WHERE ${needs.buildingId} = b.value AND ${needs.status} = 'open' AND ${needs.priority} = 'urgent') AS waiting,
      (SELECT count(*) FROM ${needs}
       WHERE ${needs.buildingId} = b.value AND ${needs.status} = 'done' AND ${needs.doneAt} >= ${moment.dayStart}) AS done,
      ${missed} AS missed, ${open('votes')} AS votes, ${open('buys')} AS buys
    FROM json_each(${JSON.stringify(ids)}) AS b
    ORDER BY b.key`);
}

/**
 * Where needs concentrate across these buildings: per category, the households with an unfinished need of it and
 * their buildings (from the tallies). A household belongs to one building, so its count per building adds up across
 * buildings.
 */
export function categorySpreads(db: Db | Tx, ids: readonly string[]): CategorySpread[] {
  const { buildingId, category, households } = unfinishedCategoryHouseholds;
  return db.all<CategorySpread>(sql`
    SELECT ${category} AS category, sum(${households}) AS households, count(*) AS buildings
    FROM ${unfinishedCategoryHouseholds}
    WHERE ${inJsonList(buildingId, ids)}
    GROUP BY ${category}`);
}

/** Opted-in households without an "I'm OK" for `day`, by building (counts only: SPEC §6). */
function missedCheckins(db: Db | Tx, ids: readonly string[], day: string): Array<{ building: string; n: number }> {
  return db.all(sql`
    SELECT ${checkins.buildingId} AS building, count(*) AS n
    FROM ${checkins}
    WHERE ${inJsonList(checkins.buildingId, ids)} AND ${checkins.active} = 1
      AND NOT EXISTS (SELECT 1 FROM ${checkinAnswers}
                      WHERE ${checkinAnswers.householdId} = ${checkins.householdId} AND ${checkinAnswers.day} = ${day})
    GROUP BY ${checkins.buildingId}`);
}

/** The building's opted-in households without an "I'm OK" for `day`: their units, for a committee admin only. */
export function unansweredCheckinUnits(db: Db | Tx, buildingId: string, day: string): string[] {
  return db
    .select({ unit: households.unit })
    .from(checkins)
    .innerJoin(households, eq(households.id, checkins.householdId))
    .where(
      and(
        eq(checkins.buildingId, buildingId),
        eq(checkins.active, true),
        sql`NOT EXISTS (SELECT 1 FROM ${checkinAnswers} WHERE ${checkinAnswers.householdId} = ${checkins.householdId}
                        AND ${checkinAnswers.day} = ${day})`,
      ),
    )
    .all()
    .map((r) => r.unit);
}

/** Missed check-ins of today by building, for the roll-up at the deadline: only buildings with some. */
export function missedCheckinsByBuilding(db: Db | Tx, ids: readonly string[], day: string): Map<string, number> {
  return new Map(
    missedCheckins(db, ids, day)
      .filter((r) => r.n > 0)
      .map((r) => [r.building, r.n]),
  );
}

const noticePage = 50;

/**
 * The latest notice or alert each building got (a notice names its buildings in a JSON list): read newest first, a
 * page at a time, until every building has one or the notices run out (the latest is usually sent to all).
 */
export function latestNotices(db: Db | Tx, ids: readonly string[]): Map<string, number> {
  const wanted = new Set(ids);
  const found = new Map<string, number>();
  let before = Number.MAX_SAFE_INTEGER;
  while (found.size < wanted.size) {
    const page = db
      .select({ id: notices.id, buildingIds: notices.buildingIds })
      .from(notices)
      .where(lt(notices.id, before))
      .orderBy(desc(notices.id))
      .limit(noticePage)
      .all();
    for (const notice of page)
      for (const id of notice.buildingIds) if (wanted.has(id) && !found.has(id)) found.set(id, notice.id);
    if (page.length < noticePage) break;
    before = page.at(-1)!.id;
  }
  return found;
}

/**
 * Households that acknowledged each building's notice, counted as the notice's card counts them (`noticeReach`): a
 * household whose member pressed *Got it* there, as its member then or before registering it, among the registered.
 */
function acknowledgedHouseholds(db: Db | Tx, latest: Map<string, number>): Array<{ building: string; n: number }> {
  if (latest.size === 0) return [];
  const pairs = JSON.stringify([...latest]);
  const a = acknowledgements;
  const m = householdMembers;
  return db.all(sql`
    WITH latest(building, notice) AS (
      SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(${pairs}))
    SELECT building, count(DISTINCT household) AS n FROM (
      SELECT latest.building AS building, ${a.householdId} AS household
      FROM latest JOIN ${a} ON ${a.noticeId} = latest.notice AND ${a.buildingId} = latest.building
      WHERE ${a.householdId} IS NOT NULL
      UNION ALL
      SELECT latest.building, ${m.householdId}
      FROM latest JOIN ${a} ON ${a.noticeId} = latest.notice AND ${a.buildingId} = latest.building
      JOIN ${m} ON ${m.buildingId} = ${a.buildingId} AND ${m.userId} = ${a.userId}
    ) AS acked
    WHERE EXISTS (SELECT 1 FROM ${m} WHERE ${m.householdId} = acked.household)
    GROUP BY building`);
}

/** What an escalation to the committee shows of a need: never a name; text and unit only when it is not private. */
export interface EscalatingNeed {
  id: number;
  buildingId: string;
  priority: Priority;
  category: string;
  text: string | null;
  unit: string | null;
  private: boolean;
  createdAt: number;
}

/** At most this many needs reach the committees in one run (the rest in the next, 15 s later): a bounded commit. */
const escalationsPerRun = 200;

const escalatingNeedsQuery = preparedOnce((db) =>
  db
    .select({
      id: needs.id,
      buildingId: sql<string>`${needs.buildingId}`,
      priority: needs.priority,
      category: needs.category,
      text: needs.text,
      unit: needs.unit,
      private: needs.private,
      createdAt: needs.createdAt,
    })
    .from(needs)
    .where(
      and(
        or(
          and(
            eq(needs.status, 'open'),
            eq(needs.priority, 'urgent'),
            isNull(needs.committeeEscalatedAt),
            lte(needs.createdAt, sql.placeholder('urgentBefore')),
          ),
          and(
            eq(needs.status, 'open'),
            eq(needs.priority, 'high'),
            isNull(needs.committeeEscalatedAt),
            lte(needs.createdAt, sql.placeholder('highBefore')),
          ),
        ),
        inJsonList(needs.buildingId, sql.placeholder('buildingIds')),
      ),
    )
    .orderBy(needs.createdAt)
    .limit(escalationsPerRun)
    .prepare(),
);

/**
 * Urgent needs still open `minutes` after they were posted (high ones twice as long) in these buildings, not yet sent
 * to a committee: read through the index made for this check (`needs_committee_escalation`).
 */
export function needsForCommittees(tx: Tx, now: number, minutes: number, ids: readonly string[]): EscalatingNeed[] {
  if (ids.length === 0) return [];
  return escalatingNeedsQuery(tx).all({
    urgentBefore: now - minutes * 60_000,
    highBefore: now - 2 * minutes * 60_000,
    buildingIds: JSON.stringify(ids),
  });
}

/** Records (audited) that the need was posted in its committees' chats, so it is posted there once. */
export function markCommitteeEscalated(
  tx: Tx,
  need: { id: number; buildingId: string },
  committeeIds: string[],
  now: number,
): void {
  tx.update(needs).set({ committeeEscalatedAt: now }).where(eq(needs.id, need.id)).run();
  appendAudit(tx, {
    at: now,
    actor: null,
    buildingId: need.buildingId,
    action: 'need.committee_escalate',
    subject: `need:${need.id}`,
    details: { committees: committeeIds },
  });
}

/**
 * Records that the claim just made by `userId` is the committee's (*We'll handle it*), audited with the committee;
 * false when the need is no longer claimed by them.
 */
export function recordCommitteeClaim(
  tx: Tx,
  input: { needId: number; buildingId: string; userId: number; committeeId: string; now: number },
): boolean {
  const result = tx
    .update(needs)
    .set({ claimedForCommittee: input.committeeId })
    .where(and(eq(needs.id, input.needId), eq(needs.status, 'claimed'), eq(needs.claimedBy, input.userId)))
    .run();
  if (result.changes === 0) return false;
  appendAudit(tx, {
    at: input.now,
    actor: input.userId,
    buildingId: input.buildingId,
    action: 'need.committee_claim',
    subject: `need:${input.needId}`,
    details: { committee: input.committeeId },
  });
  return true;
}

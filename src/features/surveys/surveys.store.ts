import { and, asc, eq, isNotNull, lt, sql } from 'drizzle-orm';
import { appendAudit } from '../../db/audit.ts';
import { inJsonList } from '../../db/in-list.ts';
import type { Db, Tx } from '../../db/open.ts';
import { preparedOnce } from '../../db/prepared.ts';
import { householdMembers, households, surveyCards, surveys } from '../../db/schema.ts';
import { recordEvent } from '../events/events.store.ts';
import type { EventContext } from '../events/events.ts';
import { countSurveys, type SurveyCounts } from './surveys.ts';

/** A building's survey as counts (SPEC §5 `surveys`): what the committee, the board, events and the export see. */
export interface SurveyStats {
  building: string;
  /** Registered households (units with at least one member). */
  households: number;
  answered: number;
  counts: SurveyCounts;
  /** Households with at least one vulnerability (pets aside). */
  vulnerable: number;
}

/**
 * Saves the household's survey, replacing the one before (a later survey by any member replaces it), audited without
 * a word of the answers, with a `survey.updated` event that carries the building's counts only. Returns the
 * building's counts after it.
 */
export function saveSurvey(
  tx: Tx,
  input: {
    buildingId: string;
    householdId: number;
    unit: string;
    choices: Record<string, string>;
    medicineText: string | null;
    userId: number;
    now: number;
  },
  events: EventContext,
): SurveyStats {
  const { buildingId, householdId, choices, medicineText, userId, now } = input;
  const row = { buildingId, answers: choices, medicineText, answeredBy: userId, answeredAt: now };
  const before = tx.select({ id: surveys.householdId }).from(surveys).where(eq(surveys.householdId, householdId)).get();
  tx.insert(surveys)
    .values({ householdId, ...row })
    .onConflictDoUpdate({ target: surveys.householdId, set: row })
    .run();
  appendAudit(tx, {
    at: now,
    actor: userId,
    buildingId,
    action: before ? 'survey.replace' : 'survey.save',
    subject: `survey:${buildingId}/${input.unit}`,
  });
  const stats = surveyStats(tx, buildingId);
  recordEvent(tx, events, {
    type: 'survey.updated',
    buildingId,
    subject: buildingId,
    data: exportedSurvey(stats),
    at: now,
  });
  return stats;
}

/** The export shape of a building's survey (SPEC §5): counts, never answers. */
export function exportedSurvey(stats: SurveyStats): Omit<SurveyStats, 'vulnerable'> {
  return { building: stats.building, households: stats.households, answered: stats.answered, counts: stats.counts };
}

/** The building's survey as counts. */
export function surveyStats(db: Db | Tx, buildingId: string): SurveyStats {
  return surveyStatsOf(db, [buildingId])[0]!;
}

/** The survey counts of each building, in the order given (zeros where nobody answered). */
export function surveyStatsOf(db: Db | Tx, buildingIds: readonly string[]): SurveyStats[] {
  if (buildingIds.length === 0) return [];
  const registered = new Map(
    db
      .select({
        building: householdMembers.buildingId,
        n: sql<number>`count(DISTINCT ${householdMembers.householdId})`,
      })
      .from(householdMembers)
      .where(inJsonList(householdMembers.buildingId, buildingIds))
      .groupBy(householdMembers.buildingId)
      .all()
      .map((r) => [r.building, r.n]),
  );
  return surveyAnswersOf(db, buildingIds).map((a) => ({
    building: a.building,
    households: registered.get(a.building) ?? 0,
    answered: a.answered,
    counts: a.counts,
    vulnerable: a.vulnerable,
  }));
}

/** The survey counts of each building without its registered households, in the order given. */
export function surveyAnswersOf(db: Db | Tx, buildingIds: readonly string[]): Array<Omit<SurveyStats, 'households'>> {
  if (buildingIds.length === 0) return [];
  const answers = db
    .select({ building: surveys.buildingId, answers: surveys.answers })
    .from(surveys)
    .where(inJsonList(surveys.buildingId, buildingIds))
    .all();
  // grouped in one pass: a committee's overview asks for a thousand buildings at once
  const byBuilding = new Map<string, Array<(typeof answers)[number]['answers']>>();
  for (const row of answers) {
    const list = byBuilding.get(row.building);
    if (list) list.push(row.answers);
    else byBuilding.set(row.building, [row.answers]);
  }
  return buildingIds.map((building) => {
    const here = byBuilding.get(building) ?? [];
    const { counts, vulnerable } = countSurveys(here);
    return { building, answered: here.length, counts, vulnerable };
  });
}

/** One household's saved survey, for the building's volunteers and admins only (`/survey list`). */
export interface SurveyRow {
  unit: string;
  choices: Record<string, string>;
  medicineText: string | null;
  answeredAt: number;
}

/** Every saved survey of the building (unsorted: the view sorts by floor). */
export function listSurveys(db: Db | Tx, buildingId: string): SurveyRow[] {
  return db
    .select({
      unit: households.unit,
      choices: surveys.answers,
      medicineText: surveys.medicineText,
      answeredAt: surveys.answeredAt,
    })
    .from(surveys)
    .innerJoin(households, eq(households.id, surveys.householdId))
    .where(eq(surveys.buildingId, buildingId))
    .all();
}

/** The registered households of the building (with a member) that have not answered (unsorted). */
export function unitsWithoutSurvey(db: Db | Tx, buildingId: string): string[] {
  return db
    .selectDistinct({ unit: households.unit })
    .from(householdMembers)
    .innerJoin(households, eq(households.id, householdMembers.householdId))
    .leftJoin(surveys, eq(surveys.householdId, households.id))
    .where(and(eq(householdMembers.buildingId, buildingId), sql`${surveys.householdId} IS NULL`))
    .orderBy(asc(households.unit))
    .all()
    .map((r) => r.unit);
}

/** The outbox handle of the building's latest `/survey` card, if one was posted. */
export function surveyCardRef(db: Db | Tx, buildingId: string): string | undefined {
  return db.select({ ref: surveyCards.ref }).from(surveyCards).where(eq(surveyCards.buildingId, buildingId)).get()?.ref;
}

/** Records the card just posted by `/survey` (later edits go to it), audited. */
export function recordSurveyCard(tx: Tx, buildingId: string, ref: string, actor: number | null, now: number): void {
  tx.insert(surveyCards)
    .values({ buildingId, ref, postedAt: now })
    .onConflictDoUpdate({ target: surveyCards.buildingId, set: { ref, postedAt: now } })
    .run();
  appendAudit(tx, { at: now, actor, buildingId, action: 'survey.card', subject: `survey:${buildingId}` });
}

const purgeTextsQuery = preparedOnce((db) =>
  db
    .update(surveys)
    .set({ medicineText: null })
    .where(and(isNotNull(surveys.medicineText), lt(surveys.answeredAt, sql.placeholder('before'))))
    .prepare(),
);

/** Forgets the medicine texts of surveys saved before `before` (retention); the choices stay. Returns how many. */
export function purgeSurveyTexts(tx: Tx, before: number): number {
  return purgeTextsQuery(tx).run({ before }).changes;
}

import { asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/open.ts';
import {
  auditLog,
  ballots,
  buildings,
  buys,
  householdMembers,
  households,
  needs,
  notices,
  votes,
} from '../../db/schema.ts';
import { type BuyExportRows, buyExportRows } from '../buys/buys.store.ts';
import { ackCount } from '../notices/notices.store.ts';
import { callExportRows, shiftExportRows } from '../rosters/rosters.store.ts';
import { type SurveyStats, surveyStatsOf } from '../surveys/surveys.store.ts';
import { type ExportDocument, type ExportedCommittee, toExportDocument } from './export.view.ts';

/**
 * Reads the export from the database, in one transaction (a consistent snapshot): every building, or one. Private
 * need texts are null, anonymous votes carry no ballots, drafts are left out. Times in the config's time zone with
 * offset. `committees` come from the config (`committeesForExport`); none when not given.
 */
export function buildExport(
  db: Db,
  options: { timezone: string; now: number; buildingId?: string; committees?: readonly ExportedCommittee[] },
): ExportDocument {
  return toExportDocument(readExportRows(db, options.buildingId), options);
}

/** Every row the export is made of, for every building or for `only`. */
function readExportRows(db: Db, only: string | undefined): ExportRows {
  return db.transaction((tx) => {
    const buildingRows = tx
      .select()
      .from(buildings)
      .where(only ? eq(buildings.id, only) : undefined)
      .orderBy(asc(buildings.id))
      .all();
    const ids = buildingRows.map((b) => b.id);
    const householdRows = tx
      .select()
      .from(households)
      .where(inArray(households.buildingId, ids))
      .orderBy(asc(households.buildingId), asc(households.unit))
      .all();
    const members = tx.select().from(householdMembers).where(inArray(householdMembers.buildingId, ids)).all();
    const needRows = tx
      .select()
      .from(needs)
      .where(inArray(needs.buildingId, ids))
      .orderBy(asc(needs.id))
      .all()
      .filter((n) => n.status !== 'draft');
    const voteRows = tx.select().from(votes).where(inArray(votes.buildingId, ids)).orderBy(asc(votes.id)).all();
    const ballotRows =
      voteRows.length === 0
        ? []
        : tx
            .select()
            .from(ballots)
            .where(
              inArray(
                ballots.voteId,
                voteRows.map((v) => v.id),
              ),
            )
            .orderBy(asc(ballots.castAt))
            .all();
    const noticeRows = tx
      .select()
      .from(notices)
      .orderBy(asc(notices.id))
      .all()
      .filter((n) => !only || n.buildingIds.includes(only));
    const buyRows = tx
      .select()
      .from(buys)
      .where(inArray(buys.buildingId, ids))
      .orderBy(asc(buys.id))
      .all()
      .map((buy) => buyExportRows(tx, buy));
    const auditRows = tx
      .select()
      .from(auditLog)
      .where(only ? eq(auditLog.buildingId, only) : undefined)
      .orderBy(asc(auditLog.id))
      .all();
    return {
      only,
      buildingRows,
      householdRows,
      members,
      needRows,
      voteRows,
      ballotRows,
      noticeRows: noticeRows.map((n) => ({ ...n, acknowledged: ackCount(tx, n.id, only) })),
      buyRows,
      surveyRows: surveyStatsOf(tx, ids),
      shiftRows: shiftExportRows(tx, ids),
      callRows: callExportRows(tx, ids),
      auditRows,
    };
  });
}

/** The rows of the database an export is made of (read by `export.store.ts`). */
export interface ExportRows {
  /** The one building exported, or undefined for all. */
  only: string | undefined;
  buildingRows: Array<typeof buildings.$inferSelect>;
  householdRows: Array<typeof households.$inferSelect>;
  members: Array<typeof householdMembers.$inferSelect>;
  needRows: Array<typeof needs.$inferSelect>;
  voteRows: Array<typeof votes.$inferSelect>;
  ballotRows: Array<typeof ballots.$inferSelect>;
  noticeRows: Array<typeof notices.$inferSelect & { acknowledged: number }>;
  /** Each buy with its items, orders, money and accounts. */
  buyRows: BuyExportRows[];
  /** Each building's survey as counts (never answers). */
  surveyRows: SurveyStats[];
  /** Each shift with its task and the user ids signed up. */
  shiftRows: ReturnType<typeof shiftExportRows>;
  /** Each call with its waves and answers. */
  callRows: ReturnType<typeof callExportRows>;
  auditRows: Array<typeof auditLog.$inferSelect>;
}

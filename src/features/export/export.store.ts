import { and, asc, count, eq, gt, inArray, isNotNull, ne, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/open.ts';
import {
  auditLog,
  ballots,
  buildings,
  buys,
  householdMembers,
  households,
  needs,
  notices,
  offers,
  votes,
} from '../../db/schema.ts';
import { type BuyExportRows, buyExportRows } from '../buys/buys.store.ts';
import { ackCount } from '../notices/notices.store.ts';
import { callExportRows, shiftExportRows } from '../rosters/rosters.store.ts';
import { type SurveyStats, surveyStatsOf } from '../surveys/surveys.store.ts';
import {
  auditForExport,
  type ExportDocument,
  type ExportedAudit,
  type ExportedCommittee,
  type ExportedNeed,
  type ExportSource,
  needForExport,
  toExportDocument,
  toExportSource,
} from './export.view.ts';
import type { Rows } from './export-tables.ts';

/**
 * Reads the export from the database, in one transaction (a consistent snapshot): every building, or one. Private
 * need texts are null, anonymous votes carry no ballots, drafts are left out. Times in the config's time zone with
 * offset. `committees` come from the config (`committeesForExport`); none when not given.
 */
export function buildExport(db: Db, options: ExportOptions): ExportDocument {
  return toExportDocument(readExportRows(db, options.buildingId), options);
}

type ExportOptions = { timezone: string; now: number; buildingId?: string; committees?: readonly ExportedCommittee[] };

/**
 * The export as a source for a file written bit by bit (the workbook): everything read at once but the needs and the
 * audit log, which are read a page at a time while `use` writes them, so a million needs never sit in memory. All of
 * it is read in one read transaction held until `use` is done: a consistent snapshot, as {@link buildExport}'s.
 * Nothing else may use `db` meanwhile (the command line's connection).
 */
export async function withExportSource<T>(
  db: Db,
  options: ExportOptions,
  use: (source: ExportSource) => Promise<T>,
): Promise<T> {
  db.run(sql`BEGIN`);
  try {
    const only = options.buildingId;
    const rows = db.transaction((tx) => readSmallRows(tx, only));
    // every building: no list of a thousand ids to test each need against (only drafts have no building)
    const needsWhere = (after: number) =>
      and(
        only ? eq(needs.buildingId, only) : isNotNull(needs.buildingId),
        ne(needs.status, 'draft'),
        gt(needs.id, after),
      );
    const auditWhere = (after: number) =>
      only ? and(eq(auditLog.buildingId, only), gt(auditLog.id, after)) : gt(auditLog.id, after);
    const needRows: Rows<ExportedNeed> = paged(
      db.select({ n: count() }).from(needs).where(needsWhere(0)).get()?.n ?? 0,
      (after) => db.select().from(needs).where(needsWhere(after)).orderBy(asc(needs.id)).limit(PAGE).all(),
      (need) => needForExport(need, options.timezone),
    );
    const auditRows: Rows<ExportedAudit> = paged(
      db.select({ n: count() }).from(auditLog).where(auditWhere(0)).get()?.n ?? 0,
      (after) => db.select().from(auditLog).where(auditWhere(after)).orderBy(asc(auditLog.id)).limit(PAGE).all(),
      (entry) => auditForExport(entry, options.timezone),
    );
    return await use(toExportSource(rows, options, needRows, auditRows));
  } finally {
    db.run(sql`COMMIT`);
  }
}

/** Rows read per query when the needs or the audit log are streamed. */
const PAGE = 500;

/** A table read in pages of {@link PAGE} by ascending id (each page after the last id seen), mapped row by row. */
function paged<R extends { id: number }, T>(
  length: number,
  page: (afterId: number) => R[],
  map: (row: R) => T,
): Rows<T> {
  return {
    length,
    *[Symbol.iterator]() {
      for (let after = 0; ; ) {
        const rows = page(after);
        for (const row of rows) yield map(row);
        if (rows.length < PAGE) return;
        after = rows.at(-1)!.id;
      }
    },
  };
}

/** Every row the export is made of, for every building or for `only`. */
function readExportRows(db: Db, only: string | undefined): ExportRows {
  return db.transaction((tx) => {
    const rows = readSmallRows(tx, only);
    const needRows = tx
      .select()
      .from(needs)
      .where(
        and(
          inArray(
            needs.buildingId,
            rows.buildingRows.map((b) => b.id),
          ),
          ne(needs.status, 'draft'),
        ),
      )
      .orderBy(asc(needs.id))
      .all();
    const auditRows = tx
      .select()
      .from(auditLog)
      .where(only ? eq(auditLog.buildingId, only) : undefined)
      .orderBy(asc(auditLog.id))
      .all();
    return { ...rows, needRows, auditRows };
  });
}

/** The rows of the export but the needs and the audit log: those a building keeps a bounded number of. */
function readSmallRows(tx: Tx, only: string | undefined): Omit<ExportRows, 'needRows' | 'auditRows'> {
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
  const offerRows = tx.select().from(offers).where(inArray(offers.buildingId, ids)).orderBy(asc(offers.id)).all();
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
  return {
    only,
    buildingRows,
    householdRows,
    members,
    offerRows,
    voteRows,
    ballotRows,
    noticeRows: noticeRows.map((n) => ({ ...n, acknowledged: ackCount(tx, n.id, only) })),
    buyRows,
    surveyRows: surveyStatsOf(tx, ids),
    shiftRows: shiftExportRows(tx, ids),
    callRows: callExportRows(tx, ids),
  };
}

/** The rows of the database an export is made of (read by `export.store.ts`). */
export interface ExportRows {
  /** The one building exported, or undefined for all. */
  only: string | undefined;
  buildingRows: Array<typeof buildings.$inferSelect>;
  householdRows: Array<typeof households.$inferSelect>;
  members: Array<typeof householdMembers.$inferSelect>;
  needRows: Array<typeof needs.$inferSelect>;
  offerRows: Array<typeof offers.$inferSelect>;
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

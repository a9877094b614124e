import { and, desc, eq, gt, max, sql } from 'drizzle-orm';
import { appendAudit } from '../../db/audit.ts';
import type { Db, Tx } from '../../db/open.ts';
import { preparedOnce } from '../../db/prepared.ts';
import { auditLog, notices, statusBoards, votes } from '../../db/schema.ts';
import type { NoticeRow } from '../notices/notices.store.ts';
import type { VoteRow } from '../votes/votes.store.ts';

export type BoardRow = typeof statusBoards.$inferSelect;

const p = sql.placeholder;
const boardQuery = preparedOnce((db) =>
  db
    .select()
    .from(statusBoards)
    .where(eq(statusBoards.buildingId, p('buildingId')))
    .prepare(),
);

/** The building's board (its latest posted message and the text last queued for it), if one was ever posted. */
export function getBoard(db: Db | Tx, buildingId: string): BoardRow | undefined {
  return boardQuery(db).get({ buildingId });
}

/**
 * Records a board posted under `ref` (a first one, or a re-post by `/board`, which later edits go to), audited.
 * A new post is a new attempt to pin it: whether the bot may pin is asked again.
 */
export function recordBoardPosted(
  tx: Tx,
  input: { buildingId: string; ref: string; text: string; actor: number | null; now: number },
): void {
  const { buildingId, ref, text, now } = input;
  tx.insert(statusBoards)
    .values({ buildingId, ref, text, editedAt: now, pinRefusedAt: null, createdAt: now })
    .onConflictDoUpdate({ target: statusBoards.buildingId, set: { ref, text, editedAt: now, pinRefusedAt: null } })
    .run();
  appendAudit(tx, { at: now, actor: input.actor, buildingId, action: 'board.post', subject: `board:${buildingId}` });
}

/** Records the text just queued as an edit of the board, and when (the next edit waits a minute from then). */
export function recordBoardEdited(tx: Tx, buildingId: string, text: string, now: number): void {
  tx.update(statusBoards).set({ text, editedAt: now }).where(eq(statusBoards.buildingId, buildingId)).run();
}

/** Records that the bot may not pin the board; false when that was recorded already (the admins were told). */
export function recordPinRefused(tx: Tx, buildingId: string, at: number): boolean {
  const result = tx
    .update(statusBoards)
    .set({ pinRefusedAt: at })
    .where(and(eq(statusBoards.buildingId, buildingId), sql`${statusBoards.pinRefusedAt} IS NULL`))
    .run();
  return result.changes > 0;
}

/** Forgets the building's board (its message is gone): nothing is edited until an admin posts one with `/board`. */
export function forgetBoard(tx: Tx, buildingId: string, at: number): void {
  const result = tx.delete(statusBoards).where(eq(statusBoards.buildingId, buildingId)).run();
  if (result.changes > 0)
    appendAudit(tx, { at, actor: null, buildingId, action: 'board.gone', subject: `board:${buildingId}` });
}

/**
 * What the audit log recorded after row `afterId`: the buildings it names (null: a change of no building in
 * particular, such as an alert to several) and its last row. Before the first look (`afterId` undefined), only the
 * last row: what came before is already on the boards or is rendered at start anyway.
 */
export function auditChangesSince(
  db: Db | Tx,
  afterId: number | undefined,
): { lastId: number | undefined; buildingIds: Array<string | null> } {
  if (afterId === undefined) {
    const last = db
      .select({ id: max(auditLog.id) })
      .from(auditLog)
      .get()?.id;
    return { lastId: last ?? 0, buildingIds: [] };
  }
  const rows = auditChangesQuery(db).all({ afterId });
  if (rows.length === 0) return { lastId: undefined, buildingIds: [] };
  return { lastId: Math.max(...rows.map((r) => r.lastId)), buildingIds: rows.map((r) => r.buildingId) };
}

// rows after the cursor, by the primary key: a few rows per tick, whatever the size of the log
const auditChangesQuery = preparedOnce((db) =>
  db
    .select({ buildingId: auditLog.buildingId, lastId: sql<number>`max(${auditLog.id})` })
    .from(auditLog)
    .where(gt(auditLog.id, p('afterId')))
    .groupBy(auditLog.buildingId)
    .prepare(),
);

const latestNoticesQuery = preparedOnce((db) =>
  db
    .select()
    .from(notices)
    .where(sql`EXISTS (SELECT 1 FROM json_each(${notices.buildingIds}) WHERE value = ${p('buildingId')})`)
    .orderBy(desc(notices.id))
    .limit(p('limit'))
    .prepare(),
);

/** The latest `limit` notices and alerts sent to the building, newest first. */
export function latestNoticesOf(db: Db | Tx, buildingId: string, limit: number): NoticeRow[] {
  return latestNoticesQuery(db).all({ buildingId, limit });
}

const latestClosedVotesQuery = preparedOnce((db) =>
  db
    .select()
    .from(votes)
    .where(and(eq(votes.buildingId, p('buildingId')), eq(votes.status, 'closed')))
    .orderBy(desc(votes.closedAt), desc(votes.id))
    .limit(p('limit'))
    .prepare(),
);

/** The building's latest `limit` closed votes, the last closed first (a vote decided or not). */
export function latestClosedVotes(db: Db | Tx, buildingId: string, limit: number): VoteRow[] {
  return latestClosedVotesQuery(db).all({ buildingId, limit });
}

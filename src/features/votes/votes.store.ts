import { createHmac, randomBytes } from 'node:crypto';
import { and, asc, count, eq, inArray, lte, ne, type SQL, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { appendAudit } from '../../db/audit.ts';
import type { Db, Tx } from '../../db/open.ts';
import { preparedOnce } from '../../db/prepared.ts';
import {
  anonymousVoteKeys,
  ballots,
  householdMembers,
  households,
  inboxUpdates,
  outbox,
  users,
  votes,
} from '../../db/schema.ts';
import { fullName } from '../../db/users.ts';
import { byFloorThenUnit } from '../buys/buys.ts';
import { recordEvent } from '../events/events.store.ts';
import type { EventContext } from '../events/events.ts';
import { type ExportedVote, voteForExport } from '../export/export.view.ts';
import type { VoteCommand } from './votes.ts';

export type VoteRow = typeof votes.$inferSelect;

/**
 * Records an open vote from its parsed command, closing `durationMs` from `now`, audited and a `vote.opened` event.
 * Returns its id.
 */
export function createVote(
  tx: Tx,
  input: {
    buildingId: string;
    organizerId: number;
    command: VoteCommand;
    memberCount: number | null;
    now: number;
    events: EventContext;
  },
): number {
  const { command, now } = input;
  const created = tx
    .insert(votes)
    .values({
      buildingId: input.buildingId,
      organizerId: input.organizerId,
      question: command.question,
      options: command.options,
      perHousehold: command.perHousehold,
      anonymous: command.anonymous,
      hidden: command.hidden,
      quorumCount: command.quorum && 'count' in command.quorum ? command.quorum.count : null,
      quorumPercent: command.quorum && 'percent' in command.quorum ? command.quorum.percent : null,
      memberCount: input.memberCount,
      closesAt: now + command.durationMs,
      status: 'open',
      createdAt: now,
    })
    .returning()
    .get();
  appendAudit(tx, {
    at: now,
    actor: input.organizerId,
    buildingId: input.buildingId,
    action: 'vote.open',
    subject: `vote:${created.id}`,
    details: { options: command.options.length, perHousehold: command.perHousehold, anonymous: command.anonymous },
  });
  recordVoteEvent(tx, input.events, 'vote.opened', created, now);
  return created.id;
}

/** The event of a vote opened or closed, with the vote as exported (an anonymous one without its ballots). */
function recordVoteEvent(
  tx: Tx,
  events: EventContext,
  type: 'vote.opened' | 'vote.closed',
  vote: VoteRow,
  now: number,
): void {
  recordEvent(tx, events, {
    type,
    buildingId: vote.buildingId,
    subject: String(vote.id),
    data: voteAsExported(tx, vote, events.timezone),
    at: now,
  });
}

/** The vote in its export shape (SPEC §5), from its ballots and their households' units. */
function voteAsExported(tx: Tx, vote: VoteRow, timezone: string): ExportedVote {
  const cast = tx.select().from(ballots).where(eq(ballots.voteId, vote.id)).orderBy(asc(ballots.castAt)).all();
  const householdIds = [...new Set(cast.flatMap((b) => (b.householdId === null ? [] : [b.householdId])))];
  const units = new Map(
    householdIds.length === 0
      ? []
      : tx
          .select({ id: households.id, unit: households.unit })
          .from(households)
          .where(inArray(households.id, householdIds))
          .all()
          .map((h) => [h.id, h.unit]),
  );
  return voteForExport(vote, cast, (id) => units.get(id), timezone);
}

/** The vote, whatever its status, or undefined. */
export function getVote(db: Db | Tx, id: number): VoteRow | undefined {
  return db.select().from(votes).where(eq(votes.id, id)).get();
}

/*
 * Anonymous ballots (SPEC §2.2, §6): nobody may pair a voter with an option, admins, backups and exports included.
 * - While the vote is open, a ballot's key is the HMAC of the voter (or household) under the vote's own random key,
 *   kept in `anonymous_vote_keys` so a voter can change their ballot and cannot cast a second one, across restarts.
 *   Whoever reads the live database then can recompute the keys: that is the price of exactly-once voting.
 * - At the close the key is overwritten and deleted, and every ballot is stored again under a fresh random key, in
 *   the order of those keys: no key, no insertion order, no time is left that leads back to a voter.
 * - No anonymous ballot has a time (`cast_at` is null) nor a row of its own in the audit log: a row per ballot, even
 *   without its actor and with a rounded time, would take its place among rows of exact times, next to those of
 *   whoever acted just before and after. The close's audit row says how many ballots were cast.
 * - The inbox keeps a press's raw update (its sender and its option) for two days: the press's own transaction
 *   replaces it with a stub. The card's edits queued while it was open (the counts after each press, at its time)
 *   are deleted at the close.
 * - What is destroyed is first overwritten in place ({@link zeros}), so a backup's free pages do not keep it either.
 */

/**
 * `count` bytes of `0`. A secret or a press is overwritten with as many as it held, not deleted or shortened: SQLite
 * rewrites a value of the same size where it lies, while a smaller or deleted one leaves the old bytes in the page's
 * free space, where a copy of the file (a backup) still holds them.
 */
const zeros = (count: SQL) => sql`substr(hex(zeroblob(${count})), 1, ${count})`;
const bytesOf = (column: SQLiteColumn) => sql`length(cast(${column} as blob))`;

const pressStub = (pad: SQL) =>
  sql`json_object('update_id', ${inboxUpdates.updateId}, 'redacted', 'anonymous ballot', 'pad', ${pad})`;
/** The inbox row of a redacted press: its id alone (for the poller), padded to the size of the press it replaces. */
const redactedPress = pressStub(zeros(sql`max(0, ${bytesOf(inboxUpdates.payload)} - length(${pressStub(sql`''`)}))`));

/**
 * The open anonymous vote's key, made with its first ballot when `create` is set; undefined once the vote closed
 * (the key is deleted then, and no key is ever made for a closed vote).
 */
function anonymousKeyOf(tx: Tx, voteId: number, create: boolean): string | undefined {
  const existing = tx
    .select({ key: anonymousVoteKeys.key })
    .from(anonymousVoteKeys)
    .where(eq(anonymousVoteKeys.voteId, voteId))
    .get();
  if (existing || !create) return existing?.key;
  if (getVote(tx, voteId)?.status !== 'open') throw new Error(`vote ${voteId} is closed: no ballot can be cast`);
  const key = randomBytes(32).toString('hex');
  tx.insert(anonymousVoteKeys).values({ voteId, key }).run();
  return key;
}

/**
 * Casts or changes a ballot. A household vote keeps one ballot per household (its latest); an anonymous vote
 * stores only a keyed hash of the voter, no time and no audit row of its own (see above), so nobody, admins and
 * exports included, can tell who chose what. Returns false when the same ballot was already cast (nothing changed,
 * nothing to re-render). Throws for an anonymous vote that is closed.
 */
export function castBallot(
  tx: Tx,
  vote: VoteRow,
  input: { userId: number; householdId: number | null; option: number; now: number },
): boolean {
  const voterKey = voterKeyOf(tx, vote, input.userId, input.householdId, true)!;
  const before = tx
    .select({ option: ballots.option, voterId: ballots.voterId })
    .from(ballots)
    .where(and(eq(ballots.voteId, vote.id), eq(ballots.voterKey, voterKey)))
    .get();
  if (before && before.option === input.option && (vote.anonymous || before.voterId === input.userId)) return false;
  const row = {
    voteId: vote.id,
    voterKey,
    voterId: vote.anonymous ? null : input.userId,
    householdId: vote.anonymous ? null : input.householdId,
    option: input.option,
    castAt: vote.anonymous ? null : input.now,
  };
  tx.insert(ballots)
    .values(row)
    .onConflictDoUpdate({
      target: [ballots.voteId, ballots.voterKey],
      set: { voterId: row.voterId, householdId: row.householdId, option: row.option, castAt: row.castAt },
    })
    .run();
  if (vote.anonymous) return true;
  appendAudit(tx, {
    at: input.now,
    actor: input.userId,
    buildingId: vote.buildingId,
    action: before ? 'vote.ballot_change' : 'vote.ballot',
    subject: `vote:${vote.id}`,
    details: { option: input.option },
  });
  return true;
}

/**
 * The key a voter's ballot is stored under (see {@link ballots}); undefined for an anonymous vote without a key
 * (closed, or without a ballot yet unless `create`).
 */
function voterKeyOf(
  tx: Tx,
  vote: VoteRow,
  userId: number,
  householdId: number | null,
  create = false,
): string | undefined {
  const identity = vote.perHousehold ? `h:${householdId}` : `u:${userId}`;
  if (!vote.anonymous) return identity;
  const key = anonymousKeyOf(tx, vote.id, create);
  return key === undefined
    ? undefined
    : `a:${createHmac('sha256', key).update(`${vote.id}:${identity}`).digest('hex')}`;
}

/**
 * Forgets what the inbox keeps of a press on an anonymous vote's card (its sender and the option pressed), in the
 * press's own transaction: the update is recorded as handled in the same commit, so it is never needed again.
 */
export function redactPress(tx: Tx, updateId: number): void {
  tx.update(inboxUpdates).set({ payload: redactedPress }).where(eq(inboxUpdates.updateId, updateId)).run();
}

/**
 * The option the user (or, for a household vote, their household) has chosen, or undefined before a ballot. For
 * telling the voter only: in an anonymous vote it is found by the same keyed hash the ballot is stored under.
 */
export function ballotOptionOf(tx: Tx, vote: VoteRow, userId: number, householdId: number | null): number | undefined {
  const key = voterKeyOf(tx, vote, userId, householdId);
  if (key === undefined) return undefined;
  return tx
    .select({ option: ballots.option })
    .from(ballots)
    .where(and(eq(ballots.voteId, vote.id), eq(ballots.voterKey, key)))
    .get()?.option;
}

/** Whether the user (or, for a household vote, their household) has a ballot in the vote. */
export function hasBallot(tx: Tx, vote: VoteRow, userId: number, householdId: number | null): boolean {
  const key = voterKeyOf(tx, vote, userId, householdId);
  if (key === undefined) return false;
  return (
    tx
      .select({ k: ballots.voterKey })
      .from(ballots)
      .where(and(eq(ballots.voteId, vote.id), eq(ballots.voterKey, key)))
      .get() !== undefined
  );
}

export interface BallotView {
  option: number;
  voterName: string | null;
  unit: string | null;
}

/** The ballots with the names a non-anonymous card shows (names and units are null for anonymous votes). */
export function ballotsOf(db: Db | Tx, voteId: number): BallotView[] {
  return db
    .select({ option: ballots.option, firstName: users.firstName, lastName: users.lastName, unit: households.unit })
    .from(ballots)
    .leftJoin(users, eq(users.id, ballots.voterId))
    .leftJoin(households, eq(households.id, ballots.householdId))
    .where(eq(ballots.voteId, voteId))
    .orderBy(ballots.castAt)
    .all()
    .map((b) => ({
      option: b.option,
      voterName: b.firstName ? fullName({ firstName: b.firstName, lastName: b.lastName }) : null,
      unit: b.unit,
    }));
}

/** Households of the building with at least one registered member: the electorate of a household vote. */
export function registeredHouseholds(db: Db | Tx, buildingId: string): number {
  return (
    db
      .select({ n: count(sql`distinct ${householdMembers.householdId}`) })
      .from(householdMembers)
      .where(eq(householdMembers.buildingId, buildingId))
      .get()?.n ?? 0
  );
}

/**
 * The units of the building's registered households with no ballot yet in a household vote, by floor then unit.
 * Empty for an anonymous vote, whose ballots do not say which household cast them.
 */
export function householdsYetToVote(db: Db | Tx, vote: VoteRow): string[] {
  if (!vote.perHousehold || vote.anonymous) return [];
  const voted = new Set(
    db
      .select({ householdId: ballots.householdId })
      .from(ballots)
      .where(eq(ballots.voteId, vote.id))
      .all()
      .map((b) => b.householdId),
  );
  return db
    .selectDistinct({ id: households.id, unit: households.unit })
    .from(households)
    .innerJoin(householdMembers, eq(householdMembers.householdId, households.id))
    .where(eq(households.buildingId, vote.buildingId))
    .all()
    .filter((h) => !voted.has(h.id))
    .map((h) => h.unit)
    .sort(byFloorThenUnit);
}

/**
 * Closes the vote, audited with how many ballots it got and a `vote.closed` event with the result; false when it was
 * closed already (by `/endvote` or the deadline, whichever came first). An anonymous vote's key is destroyed and its
 * ballots unlinked in the same transaction, so no ballot can change after the close and none can be traced back to
 * its voter.
 */
export function markClosed(tx: Tx, vote: VoteRow, closedBy: number | null, now: number, events: EventContext): boolean {
  const closed = tx
    .update(votes)
    .set({ status: 'closed', closedAt: now, closedBy })
    .where(and(eq(votes.id, vote.id), eq(votes.status, 'open')))
    .returning()
    .get();
  if (!closed) return false;
  if (vote.anonymous) unlinkBallots(tx, vote.id);
  recordVoteEvent(tx, events, 'vote.closed', closed, now);
  const cast = tx.select({ n: count() }).from(ballots).where(eq(ballots.voteId, vote.id)).get()?.n ?? 0;
  appendAudit(tx, {
    at: now,
    actor: closedBy,
    buildingId: vote.buildingId,
    action: 'vote.close',
    subject: `vote:${vote.id}`,
    details: { ballots: cast },
  });
  return true;
}

/** Rows inserted per statement: far below SQLite's limit on bound values. */
const insertChunk = 500;

/**
 * Deletes the anonymous vote's key and stores its ballots again under fresh random keys, inserted in the order of
 * those keys: the options stay, and neither a key nor the rows' order (SQLite's rowid follows insertion) says
 * anything of who cast them or when.
 */
function unlinkBallots(tx: Tx, voteId: number): void {
  const keyRow = eq(anonymousVoteKeys.voteId, voteId);
  tx.update(anonymousVoteKeys)
    .set({ key: zeros(bytesOf(anonymousVoteKeys.key)) })
    .where(keyRow)
    .run();
  tx.delete(anonymousVoteKeys).where(keyRow).run();
  const fresh = tx
    .select({ option: ballots.option })
    .from(ballots)
    .where(eq(ballots.voteId, voteId))
    .all()
    .map(({ option }) => ({ voteId, voterKey: `a:${randomBytes(32).toString('hex')}`, option }))
    .sort((a, b) => (a.voterKey < b.voterKey ? -1 : 1));
  tx.delete(ballots).where(eq(ballots.voteId, voteId)).run();
  for (let i = 0; i < fresh.length; i += insertChunk)
    tx.insert(ballots)
      .values(fresh.slice(i, i + insertChunk))
      .run();
}

/**
 * Overwrites and deletes the edits of an anonymous vote's card already sent or superseded (`cardRef` is the card's
 * outbox handle): each held the counts after one press, at that press's time. Nothing looks them up again (the
 * card's own row, which edits find it by, stays). Run at the close, after the final edit is queued: that one, still
 * to be sent, shows the result.
 */
export function forgetCardEdits(tx: Tx, cardRef: string): void {
  const edits = and(eq(outbox.targetRef, cardRef), ne(outbox.status, 'pending'), sql`${outbox.method} like 'edit%'`);
  tx.update(outbox)
    .set({ payload: zeros(bytesOf(outbox.payload)) })
    .where(edits)
    .run();
  tx.delete(outbox).where(edits).run();
}

const votesDueQuery = preparedOnce((db) =>
  db
    .select()
    .from(votes)
    .where(and(eq(votes.status, 'open'), lte(votes.closesAt, sql.placeholder('now'))))
    .prepare(),
);

/** Open votes whose deadline has come, for the job that closes them. */
export function votesDue(tx: Tx, now: number): VoteRow[] {
  return votesDueQuery(tx).all({ now });
}

/**
 * Open votes the user can still cast, in the buildings of their households and the one they are writing in
 * (a household vote only where they have a household).
 */
export function votesToCast(db: Db, userId: number, currentBuildingId: string | undefined): VoteRow[] {
  return db.transaction((tx) => {
    const homes = tx
      .select({ buildingId: householdMembers.buildingId, householdId: householdMembers.householdId })
      .from(householdMembers)
      .where(eq(householdMembers.userId, userId))
      .all();
    const buildingIds = [
      ...new Set([...homes.map((h) => h.buildingId), ...(currentBuildingId ? [currentBuildingId] : [])]),
    ];
    if (buildingIds.length === 0) return [];
    return tx
      .select()
      .from(votes)
      .where(and(eq(votes.status, 'open'), inArray(votes.buildingId, buildingIds)))
      .orderBy(votes.id)
      .all()
      .filter((vote) => {
        const householdId = homes.find((h) => h.buildingId === vote.buildingId)?.householdId ?? null;
        if (vote.perHousehold && householdId === null) return false;
        return !hasBallot(tx, vote, userId, householdId);
      });
  });
}

/** The building's votes still open. */
export function openVotesOf(db: Db | Tx, buildingId: string): VoteRow[] {
  return db
    .select()
    .from(votes)
    .where(and(eq(votes.buildingId, buildingId), eq(votes.status, 'open')))
    .all();
}

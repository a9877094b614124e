import { createHmac, randomBytes } from 'node:crypto';
import { and, count, eq, inArray, lte, sql } from 'drizzle-orm';
import { appendAudit } from '../../db/audit.ts';
import type { Db, Tx } from '../../db/open.ts';
import { appSettings, ballots, householdMembers, households, users, votes } from '../../db/schema.ts';
import { fullName } from '../../db/users.ts';
import { byFloorThenUnit } from '../buys/buys.ts';
import type { VoteCommand } from './votes.ts';

export type VoteRow = typeof votes.$inferSelect;

/** Records an open vote from its parsed command, closing `durationMs` from `now`, audited. Returns its id. */
export function createVote(
  tx: Tx,
  input: { buildingId: string; organizerId: number; command: VoteCommand; memberCount: number | null; now: number },
): number {
  const { command, now } = input;
  const { id } = tx
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
    .returning({ id: votes.id })
    .get();
  appendAudit(tx, {
    at: now,
    actor: input.organizerId,
    buildingId: input.buildingId,
    action: 'vote.open',
    subject: `vote:${id}`,
    details: { options: command.options.length, perHousehold: command.perHousehold, anonymous: command.anonymous },
  });
  return id;
}

/** The vote, whatever its status, or undefined. */
export function getVote(db: Db | Tx, id: number): VoteRow | undefined {
  return db.select().from(votes).where(eq(votes.id, id)).get();
}

/** The secret that keys anonymous voters' hashes: made once per installation, never exported. */
function anonymityKey(tx: Tx): string {
  const existing = tx.select().from(appSettings).where(eq(appSettings.key, 'anonymity-key')).get();
  if (existing) return existing.value;
  const value = randomBytes(32).toString('hex');
  tx.insert(appSettings).values({ key: 'anonymity-key', value }).onConflictDoNothing().run();
  return tx.select().from(appSettings).where(eq(appSettings.key, 'anonymity-key')).get()!.value;
}

/**
 * Casts or changes a ballot. A household vote keeps one ballot per household (its latest); an anonymous vote
 * stores only a keyed hash of the voter, so nobody, admins and exports included, can tell who chose what.
 * Returns false when the same ballot was already cast (nothing changed, nothing to re-render).
 */
export function castBallot(
  tx: Tx,
  vote: VoteRow,
  input: { userId: number; householdId: number | null; option: number; now: number },
): boolean {
  const voterKey = voterKeyOf(tx, vote, input.userId, input.householdId);
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
    castAt: input.now,
  };
  tx.insert(ballots)
    .values(row)
    .onConflictDoUpdate({
      target: [ballots.voteId, ballots.voterKey],
      set: { voterId: row.voterId, householdId: row.householdId, option: row.option, castAt: row.castAt },
    })
    .run();
  appendAudit(tx, {
    at: input.now,
    actor: input.userId,
    buildingId: vote.buildingId,
    action: before ? 'vote.ballot_change' : 'vote.ballot',
    subject: `vote:${vote.id}`,
    // never the choice of an anonymous vote
    details: vote.anonymous ? {} : { option: input.option },
  });
  return true;
}

/** The key a voter's ballot is stored under (see {@link ballots}). */
function voterKeyOf(tx: Tx, vote: VoteRow, userId: number, householdId: number | null): string {
  const identity = vote.perHousehold ? `h:${householdId}` : `u:${userId}`;
  return vote.anonymous
    ? `a:${createHmac('sha256', anonymityKey(tx)).update(`${vote.id}:${identity}`).digest('hex')}`
    : identity;
}

/**
 * The option the user (or, for a household vote, their household) has chosen, or undefined before a ballot. For
 * telling the voter only: in an anonymous vote it is found by the same keyed hash the ballot is stored under.
 */
export function ballotOptionOf(tx: Tx, vote: VoteRow, userId: number, householdId: number | null): number | undefined {
  const key = voterKeyOf(tx, vote, userId, householdId);
  return tx
    .select({ option: ballots.option })
    .from(ballots)
    .where(and(eq(ballots.voteId, vote.id), eq(ballots.voterKey, key)))
    .get()?.option;
}

/** Whether the user (or, for a household vote, their household) has a ballot in the vote. */
export function hasBallot(tx: Tx, vote: VoteRow, userId: number, householdId: number | null): boolean {
  const key = voterKeyOf(tx, vote, userId, householdId);
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

/** Closes the vote, audited; false when it was closed already (by `/endvote` or the deadline, whichever came first). */
export function markClosed(tx: Tx, vote: VoteRow, closedBy: number | null, now: number): boolean {
  const result = tx
    .update(votes)
    .set({ status: 'closed', closedAt: now, closedBy })
    .where(and(eq(votes.id, vote.id), eq(votes.status, 'open')))
    .run();
  if (result.changes === 0) return false;
  appendAudit(tx, {
    at: now,
    actor: closedBy,
    buildingId: vote.buildingId,
    action: 'vote.close',
    subject: `vote:${vote.id}`,
  });
  return true;
}

/** Open votes whose deadline has come, for the job that closes them. */
export function votesDue(tx: Tx, now: number): VoteRow[] {
  return tx
    .select()
    .from(votes)
    .where(and(eq(votes.status, 'open'), lte(votes.closesAt, now)))
    .all();
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

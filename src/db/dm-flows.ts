import { and, eq, lt, sql } from 'drizzle-orm';
import type { Db, Tx } from './open.ts';
import { preparedOnce } from './prepared.ts';
import { dmFlows } from './schema.ts';

/**
 * The guided conversations of private chats (the survey, the guided need: SPEC §2.10), one per user. Why a table and
 * not grammY's conversations plugin: the plugin keeps a conversation by replaying its handler over the updates it
 * saw, from storage it writes on its own, outside the transaction in which this bot records an update as handled;
 * a crash between the two would answer a question twice or lose it. Here the next step is one row, written in the
 * update's own transaction (`ctx.app.commit`), and every button carries the `turn` it was shown at.
 */

export type FlowKind = (typeof dmFlows.$inferSelect)['kind'];

export interface Flow<S = Record<string, unknown>> {
  userId: number;
  kind: FlowKind;
  /** Bumped by every step: a press carrying an older turn is for a question already answered. */
  turn: number;
  state: S;
  startedAt: number;
  updatedAt: number;
}

/** The user's conversation under way, if any. */
export function getFlow(db: Db | Tx, userId: number): Flow | undefined {
  return db.select().from(dmFlows).where(eq(dmFlows.userId, userId)).get();
}

/**
 * Starts a conversation of `kind` for the user, replacing whatever they had under way (it is abandoned, nothing
 * saved). Returns its first turn.
 */
export function startFlow(tx: Tx, userId: number, kind: FlowKind, state: object, now: number): number {
  // from the clock, not from 1: a button left on a conversation that ended must not match the next one's turns
  const turn = Math.max(now, (getFlow(tx, userId)?.turn ?? 0) + 1);
  const row = { kind, turn, state: state as Record<string, unknown>, startedAt: now, updatedAt: now };
  tx.insert(dmFlows)
    .values({ userId, ...row })
    .onConflictDoUpdate({ target: dmFlows.userId, set: row })
    .run();
  return turn;
}

/**
 * Moves the user's conversation to its next state if it is still at `turn` (the one the answer was given at).
 * Returns the new turn, or undefined when it had moved on or ended (the answer is stale: nothing changes).
 */
export function advanceFlow(tx: Tx, userId: number, turn: number, state: object, now: number): number | undefined {
  const result = tx
    .update(dmFlows)
    .set({ turn: turn + 1, state: state as Record<string, unknown>, updatedAt: now })
    .where(and(eq(dmFlows.userId, userId), eq(dmFlows.turn, turn)))
    .run();
  return result.changes > 0 ? turn + 1 : undefined;
}

/** Ends the user's conversation (saved, cancelled); true when there was one. */
export function endFlow(tx: Tx, userId: number): boolean {
  return tx.delete(dmFlows).where(eq(dmFlows.userId, userId)).run().changes > 0;
}

const dropIdleQuery = preparedOnce((db) =>
  db
    .delete(dmFlows)
    .where(lt(dmFlows.updatedAt, sql.placeholder('before')))
    .prepare(),
);

/** Drops conversations nobody touched since `before` (abandoned: nothing of them was saved). Returns how many. */
export function dropIdleFlows(tx: Tx, before: number): number {
  return dropIdleQuery(tx).run({ before }).changes;
}

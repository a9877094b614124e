import { and, asc, eq, gt, inArray, isNotNull, isNull, lt, lte, ne, sql } from 'drizzle-orm';
import { appendAudit } from '../../db/audit.ts';
import type { Db, Tx } from '../../db/open.ts';
import { preparedOnce } from '../../db/prepared.ts';
import { callAnswers, calls, callWaves, rosters, shiftSignups, shifts, users } from '../../db/schema.ts';
import { fullName } from '../../db/users.ts';
import { recordEvent } from '../events/events.store.ts';
import type { EventContext } from '../events/events.ts';
import { callForExport, shiftForExport } from '../export/export.view.ts';
import type { CallCommand, ShiftCommand } from './rosters.ts';

export type RosterRow = typeof rosters.$inferSelect;
export type ShiftRow = typeof shifts.$inferSelect;
export type CallRow = typeof calls.$inferSelect;
export type WaveRow = typeof callWaves.$inferSelect;
export type AnswerRow = typeof callAnswers.$inferSelect;

const p = sql.placeholder;

/** A shift with its roster's task and the volunteers signed up, in the order they signed up. */
export interface ShiftView extends ShiftRow {
  task: string;
  volunteers: Array<{ userId: number; name: string }>;
}

// ------------------------------------------------------------------ rosters and shifts

/** Creates a roster and its shifts (`/shift`), with an audit row. Returns the roster's id. */
export function createRoster(
  tx: Tx,
  input: {
    buildingId: string;
    organizerId: number;
    command: ShiftCommand;
    slots: ReadonlyArray<{ startAt: number; endAt: number }>;
    now: number;
  },
): number {
  const { command } = input;
  const { id } = tx
    .insert(rosters)
    .values({
      buildingId: input.buildingId,
      organizerId: input.organizerId,
      task: command.task,
      rhythm: command.rhythm,
      needed: command.needed,
      createdAt: input.now,
    })
    .returning({ id: rosters.id })
    .get();
  for (const slot of input.slots) {
    tx.insert(shifts)
      .values({
        rosterId: id,
        buildingId: input.buildingId,
        startAt: slot.startAt,
        endAt: slot.endAt,
        needed: command.needed,
      })
      .run();
  }
  appendAudit(tx, {
    at: input.now,
    actor: input.organizerId,
    buildingId: input.buildingId,
    action: 'roster.create',
    subject: `roster:${id}`,
    details: { shifts: input.slots.length, needed: command.needed },
  });
  return id;
}

/** A roster by its id. */
export function getRoster(db: Db | Tx, id: number): RosterRow | undefined {
  return db.select().from(rosters).where(eq(rosters.id, id)).get();
}

/** A shift by its id. */
export function getShift(db: Db | Tx, id: number): ShiftRow | undefined {
  return db.select().from(shifts).where(eq(shifts.id, id)).get();
}

/** The user ids signed up for a shift, first come first. */
export function signupsOf(db: Db | Tx, shiftId: number): number[] {
  return db
    .select({ userId: shiftSignups.userId })
    .from(shiftSignups)
    .where(eq(shiftSignups.shiftId, shiftId))
    .orderBy(asc(shiftSignups.at), asc(shiftSignups.userId))
    .all()
    .map((r) => r.userId);
}

function withVolunteers(db: Db | Tx, rows: ReadonlyArray<ShiftRow & { task: string }>): ShiftView[] {
  if (rows.length === 0) return [];
  const signed = db
    .select({
      shiftId: shiftSignups.shiftId,
      userId: shiftSignups.userId,
      firstName: users.firstName,
      lastName: users.lastName,
    })
    .from(shiftSignups)
    .leftJoin(users, eq(users.id, shiftSignups.userId))
    .where(
      inArray(
        shiftSignups.shiftId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(shiftSignups.at), asc(shiftSignups.userId))
    .all();
  return rows.map((row) => ({
    ...row,
    volunteers: signed
      .filter((s) => s.shiftId === row.id)
      .map((s) => ({
        userId: s.userId,
        name: s.firstName === null ? String(s.userId) : fullName({ firstName: s.firstName, lastName: s.lastName }),
      })),
  }));
}

const shiftColumns = {
  id: shifts.id,
  rosterId: shifts.rosterId,
  buildingId: shifts.buildingId,
  startAt: shifts.startAt,
  endAt: shifts.endAt,
  needed: shifts.needed,
  warnedAt: shifts.warnedAt,
  task: rosters.task,
};

/** A roster's shifts, soonest first, with their volunteers. */
export function shiftsOfRoster(db: Db | Tx, rosterId: number): ShiftView[] {
  const rows = db
    .select(shiftColumns)
    .from(shifts)
    .innerJoin(rosters, eq(rosters.id, shifts.rosterId))
    .where(eq(shifts.rosterId, rosterId))
    .orderBy(asc(shifts.startAt))
    .all();
  return withVolunteers(db, rows);
}

/** The building's shifts that have not ended by `from` and start before `to`, soonest first (`/shifts`, the board). */
export function shiftsBetween(db: Db | Tx, buildingId: string, from: number, to: number): ShiftView[] {
  const rows = db
    .select(shiftColumns)
    .from(shifts)
    .innerJoin(rosters, eq(rosters.id, shifts.rosterId))
    .where(and(eq(shifts.buildingId, buildingId), gt(shifts.endAt, from), lt(shifts.startAt, to)))
    .orderBy(asc(shifts.startAt), asc(shifts.id))
    .all();
  return withVolunteers(db, rows);
}

/** Signs a volunteer up for a shift; false when they were already. Audited (the board counts shifts). */
export function signUp(tx: Tx, shift: ShiftRow, userId: number, now: number): boolean {
  const added =
    tx.insert(shiftSignups).values({ shiftId: shift.id, userId, at: now }).onConflictDoNothing().run().changes > 0;
  if (added)
    appendAudit(tx, {
      at: now,
      actor: userId,
      buildingId: shift.buildingId,
      action: 'shift.signup',
      subject: `shift:${shift.id}`,
    });
  return added;
}

/** Takes a volunteer off a shift; false when they were not on it. Audited. */
export function withdraw(tx: Tx, shift: ShiftRow, userId: number, now: number): boolean {
  const removed =
    tx
      .delete(shiftSignups)
      .where(and(eq(shiftSignups.shiftId, shift.id), eq(shiftSignups.userId, userId)))
      .run().changes > 0;
  if (removed)
    appendAudit(tx, {
      at: now,
      actor: userId,
      buildingId: shift.buildingId,
      action: 'shift.withdraw',
      subject: `shift:${shift.id}`,
    });
  return removed;
}

const remindersDueQuery = preparedOnce((db) =>
  db
    .select({
      shiftId: shifts.id,
      buildingId: shifts.buildingId,
      userId: shiftSignups.userId,
      startAt: shifts.startAt,
      endAt: shifts.endAt,
      task: rosters.task,
    })
    .from(shiftSignups)
    .innerJoin(shifts, eq(shifts.id, shiftSignups.shiftId))
    .innerJoin(rosters, eq(rosters.id, shifts.rosterId))
    .where(and(isNull(shiftSignups.remindedAt), lte(shifts.startAt, p('startsBy')), gt(shifts.startAt, p('now'))))
    .prepare(),
);

/** Sign-ups whose reminder is due: not reminded, the shift starting within `beforeMs` of `now` and not started. */
export function remindersDue(tx: Tx, now: number, beforeMs: number) {
  return remindersDueQuery(tx).all({ startsBy: now + beforeMs, now });
}

/** Records that a volunteer's reminder for a shift was queued: it is not queued again. */
export function markReminded(tx: Tx, shiftId: number, userId: number, now: number): void {
  tx.update(shiftSignups)
    .set({ remindedAt: now })
    .where(and(eq(shiftSignups.shiftId, shiftId), eq(shiftSignups.userId, userId)))
    .run();
}

const shiftsToCheckQuery = preparedOnce((db) =>
  db
    .select(shiftColumns)
    .from(shifts)
    .innerJoin(rosters, eq(rosters.id, shifts.rosterId))
    .where(and(isNull(shifts.warnedAt), lte(shifts.startAt, p('startsBy')), gt(shifts.startAt, p('now'))))
    .orderBy(asc(shifts.startAt))
    .prepare(),
);

/** Shifts not yet warned about, starting within `beforeMs` of `now` and not started (short or not: the caller counts). */
export function shiftsToCheck(tx: Tx, now: number, beforeMs: number): ShiftView[] {
  return withVolunteers(tx, shiftsToCheckQuery(tx).all({ startsBy: now + beforeMs, now }));
}

/**
 * Records that a short shift was announced, with its `shift.unfilled` event (the shift in its export shape) and an
 * audit row; false when it was announced already.
 */
export function markShiftWarned(tx: Tx, shift: ShiftView, events: EventContext, now: number): boolean {
  const marked =
    tx
      .update(shifts)
      .set({ warnedAt: now })
      .where(and(eq(shifts.id, shift.id), isNull(shifts.warnedAt)))
      .run().changes > 0;
  if (!marked) return false;
  const volunteers = shift.volunteers.map((v) => v.userId);
  appendAudit(tx, {
    at: now,
    actor: null,
    buildingId: shift.buildingId,
    action: 'shift.unfilled',
    subject: `shift:${shift.id}`,
    details: { needed: shift.needed, filled: volunteers.length },
  });
  recordEvent(tx, events, {
    type: 'shift.unfilled',
    buildingId: shift.buildingId,
    subject: String(shift.id),
    data: shiftForExport(shift, volunteers, events.timezone),
    at: now,
  });
  return true;
}

// ------------------------------------------------------------------ calls

/** Creates a floor call (`/call`), open, with an audit row. Returns its id. */
export function createCall(
  tx: Tx,
  input: { buildingId: string; organizerId: number; command: CallCommand; now: number },
): number {
  const { command } = input;
  const { id } = tx
    .insert(calls)
    .values({
      buildingId: input.buildingId,
      organizerId: input.organizerId,
      task: command.task,
      fromFloor: command.from,
      toFloor: command.to,
      perWave: command.perWave,
      everyMinutes: command.everyMinutes,
      status: 'open',
      nextAt: null,
      createdAt: input.now,
    })
    .returning({ id: calls.id })
    .get();
  appendAudit(tx, {
    at: input.now,
    actor: input.organizerId,
    buildingId: input.buildingId,
    action: 'call.open',
    subject: `call:${id}`,
    details: { from: command.from, to: command.to, perWave: command.perWave, every: command.everyMinutes },
  });
  return id;
}

/** A call by its id. */
export function getCall(db: Db | Tx, id: number): CallRow | undefined {
  return db.select().from(calls).where(eq(calls.id, id)).get();
}

/** The waves a call made, in order. */
export function wavesOf(db: Db | Tx, callId: number): WaveRow[] {
  return db.select().from(callWaves).where(eq(callWaves.callId, callId)).orderBy(asc(callWaves.wave)).all();
}

/**
 * Records wave `wave` of a call and when the scheduler takes its next step (null: none). The wave's key makes a
 * second record of the same wave impossible: false then, and nothing changes.
 */
export function recordWave(
  tx: Tx,
  call: CallRow,
  wave: { wave: number; floors: [number, number]; actor: number | null; nextAt: number | null },
  now: number,
): boolean {
  const added =
    tx
      .insert(callWaves)
      .values({ callId: call.id, wave: wave.wave, fromFloor: wave.floors[0], toFloor: wave.floors[1], at: now })
      .onConflictDoNothing()
      .run().changes > 0;
  if (!added) return false;
  tx.update(calls).set({ nextAt: wave.nextAt }).where(eq(calls.id, call.id)).run();
  appendAudit(tx, {
    at: now,
    actor: wave.actor,
    buildingId: call.buildingId,
    action: 'call.wave',
    subject: `call:${call.id}`,
    details: { wave: wave.wave, floors: wave.floors },
  });
  return true;
}

/** Pauses or resumes a call; false when it was ended, or already so. */
export function setCallPaused(
  tx: Tx,
  call: CallRow,
  paused: boolean,
  actor: number,
  nextAt: number | null,
  now: number,
) {
  const changed =
    tx
      .update(calls)
      .set({ status: paused ? 'paused' : 'open', nextAt })
      .where(and(eq(calls.id, call.id), eq(calls.status, paused ? 'open' : 'paused')))
      .run().changes > 0;
  if (changed)
    appendAudit(tx, {
      at: now,
      actor,
      buildingId: call.buildingId,
      action: paused ? 'call.pause' : 'call.resume',
      subject: `call:${call.id}`,
    });
  return changed;
}

/**
 * Ends a call, with its `call.finished` event (the call in its export shape) and an audit row; false when it was
 * ended already.
 */
export function markCallEnded(tx: Tx, call: CallRow, actor: number | null, events: EventContext, now: number): boolean {
  const ended =
    tx
      .update(calls)
      .set({ status: 'ended', endedAt: now, nextAt: null })
      .where(and(eq(calls.id, call.id), ne(calls.status, 'ended')))
      .run().changes > 0;
  if (!ended) return false;
  const answers = answersOf(tx, call.id);
  appendAudit(tx, {
    at: now,
    actor,
    buildingId: call.buildingId,
    action: 'call.end',
    subject: `call:${call.id}`,
    details: { answered: answers.length, homeVisits: answers.filter((a) => a.answer === 'visit').length },
  });
  recordEvent(tx, events, {
    type: 'call.finished',
    buildingId: call.buildingId,
    subject: String(call.id),
    data: callForExport({ ...call, status: 'ended' }, wavesOf(tx, call.id), answers, events.timezone),
    at: now,
  });
  return true;
}

/** Records a household's answer to a call (its latest counts); false when it gave the same answer already. */
export function answerCall(
  tx: Tx,
  input: { call: CallRow; householdId: number; unit: string; answer: 'down' | 'visit'; userId: number; now: number },
): boolean {
  const before = tx
    .select({ answer: callAnswers.answer })
    .from(callAnswers)
    .where(and(eq(callAnswers.callId, input.call.id), eq(callAnswers.householdId, input.householdId)))
    .get();
  if (before?.answer === input.answer) return false;
  tx.insert(callAnswers)
    .values({
      callId: input.call.id,
      householdId: input.householdId,
      unit: input.unit,
      answer: input.answer,
      userId: input.userId,
      at: input.now,
    })
    .onConflictDoUpdate({
      target: [callAnswers.callId, callAnswers.householdId],
      set: { answer: input.answer, userId: input.userId, at: input.now, unit: input.unit },
    })
    .run();
  // the audit names no unit: a home visit may say who cannot come down
  appendAudit(tx, {
    at: input.now,
    actor: input.userId,
    buildingId: input.call.buildingId,
    action: 'call.answer',
    subject: `call:${input.call.id}`,
  });
  return true;
}

/** The households' answers to a call, in the order they came. */
export function answersOf(db: Db | Tx, callId: number): AnswerRow[] {
  return db.select().from(callAnswers).where(eq(callAnswers.callId, callId)).orderBy(asc(callAnswers.at)).all();
}

const callsDueQuery = preparedOnce((db) =>
  db
    .select()
    .from(calls)
    .where(and(eq(calls.status, 'open'), isNotNull(calls.nextAt), lte(calls.nextAt, p('now'))))
    .orderBy(asc(calls.nextAt), asc(calls.id))
    .prepare(),
);

/** Automatic calls whose next step (a wave, or the end after the last) is due at `now`. */
export function callsDue(tx: Tx, now: number): CallRow[] {
  return callsDueQuery(tx).all({ now });
}

/** The building's calls not ended (the board shows one in progress), oldest first. */
export function callsInProgress(db: Db | Tx, buildingId: string): CallRow[] {
  return db
    .select()
    .from(calls)
    .where(and(eq(calls.buildingId, buildingId), ne(calls.status, 'ended')))
    .orderBy(asc(calls.id))
    .all();
}

// ------------------------------------------------------------------ export

/** Every shift of the buildings, with its task and volunteers (user ids), for the export. */
export function shiftExportRows(tx: Tx, buildingIds: readonly string[]) {
  const rows = tx
    .select(shiftColumns)
    .from(shifts)
    .innerJoin(rosters, eq(rosters.id, shifts.rosterId))
    .where(inArray(shifts.buildingId, [...buildingIds]))
    .orderBy(asc(shifts.id))
    .all();
  return withVolunteers(tx, rows).map((s) => ({ ...s, volunteers: s.volunteers.map((v) => v.userId) }));
}

/** Every call of the buildings with its waves and answers, for the export. */
export function callExportRows(tx: Tx, buildingIds: readonly string[]) {
  return tx
    .select()
    .from(calls)
    .where(inArray(calls.buildingId, [...buildingIds]))
    .orderBy(asc(calls.id))
    .all()
    .map((call) => ({ ...call, waves: wavesOf(tx, call.id), answers: answersOf(tx, call.id) }));
}

import type { Tx } from '../../db/open.ts';
import { instantOf, localTime } from '../board/board.ts';
import { callsInProgress, type ShiftView, shiftsBetween, wavesOf } from './rosters.store.ts';
import { floorsText } from './rosters.view.ts';

/*
 * What other features show of rosters and calls (the status board, the digest): read here, so they need not know
 * the tables.
 */

/** The building's shifts of today (its local date) not yet over, for the status board. */
export function todaysShifts(tx: Tx, buildingId: string, now: number, timezone: string): ShiftView[] {
  const today = localTime(now, timezone);
  const tomorrow = new Date(Date.UTC(today.year, today.month - 1, today.day + 1));
  const midnight =
    instantOf(
      {
        year: tomorrow.getUTCFullYear(),
        month: tomorrow.getUTCMonth() + 1,
        day: tomorrow.getUTCDate(),
        hour: 0,
        minute: 0,
      },
      timezone,
    ) ?? now + 86_400_000;
  return shiftsBetween(tx, buildingId, now, midnight);
}

/** The building's calls not ended, each with the floors called now (the board names no unit). */
export function callsInProgressNow(tx: Tx, buildingId: string): Array<{ task: string; floors: string }> {
  return callsInProgress(tx, buildingId).map((call) => {
    const last = wavesOf(tx, call.id).at(-1);
    return { task: call.task, floors: last ? floorsText([last.fromFloor, last.toFloor]) : '—' };
  });
}

/** The building's shifts starting within `withinMs` of `now` still short of volunteers, for the digest. */
export function shortShiftsSoon(tx: Tx, buildingId: string, now: number, withinMs: number): ShiftView[] {
  return shiftsBetween(tx, buildingId, now, now + withinMs).filter(
    (s) => s.startAt > now && s.volunteers.length < s.needed,
  );
}

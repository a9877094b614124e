import { idPattern } from '../../core/ids.ts';
import { codePointLength, toAsciiForms } from '../../core/text.ts';
import { UsageError } from '../../core/usage-error.ts';
import { type Actor, canManage } from '../access/access.ts';
import { instantOf, localTime } from '../board/board.ts';

/** How many days ahead a roster card offers shifts (SPEC §2.13). */
export const rosterDays = 7;
const maxTaskLength = 200;
const maxPeople = 50;
const maxFloor = 200;
const maxEveryMinutes = 24 * 60;

// ------------------------------------------------------------------ /shift

const weekdayNames: ReadonlyArray<readonly string[]> = [
  ['sun', 'sunday', '周日', '周天', '星期日', '星期天'],
  ['mon', 'monday', '周一', '星期一'],
  ['tue', 'tuesday', '周二', '星期二'],
  ['wed', 'wednesday', '周三', '星期三'],
  ['thu', 'thursday', '周四', '星期四'],
  ['fri', 'friday', '周五', '星期五'],
  ['sat', 'saturday', '周六', '星期六'],
];
const everyDay = ['daily', 'every day', 'everyday', '每天', '每日'];

/** A `/shift` command read: the task, the weekdays (0 = Sunday) it runs on, its local start and end, people. */
export interface ShiftCommand {
  task: string;
  /** `daily 09:00-11:00`, `mon,thu 09:00-11:00`: how the card names the rhythm. */
  rhythm: string;
  weekdays: readonly number[];
  /** Minutes after local midnight. */
  start: number;
  end: number;
  needed: number;
}

const timeRange = /^([01]?[0-9]|2[0-3]):([0-5][0-9])\s*[-–~到至]\s*([01]?[0-9]|2[0-4]):([0-5][0-9])$/;

/**
 * Reads `/shift <task> | <days and time> | <people per shift>`: days are `daily`/`每天` or weekdays (`mon,thu`,
 * `周一,周四`), the time `09:00-11:00` (a shift ending past midnight ends the next day). Throws {@link UsageError}.
 */
export function parseShift(args: string): ShiftCommand {
  const parts = args.split(/[|｜]/).map((p) => p.trim());
  if (parts.length !== 3 || parts.some((p) => p === '')) throw new UsageError('shift-usage');
  const [task, when, people] = parts as [string, string, string];
  if (codePointLength(task) > maxTaskLength) throw new UsageError('shift-task-too-long', { max: maxTaskLength });
  const needed = Number(toAsciiForms(people).replace(/\s*(people|persons|人|名)$/i, ''));
  if (!Number.isInteger(needed) || needed < 1 || needed > maxPeople)
    throw new UsageError('shift-people', { max: maxPeople });
  const normal = toAsciiForms(when).toLowerCase().replace(/\s+/g, ' ');
  const match = /^(.*?)\s*([0-9]{1,2}:[0-9]{2}\s*[-–~到至]\s*[0-9]{1,2}:[0-9]{2})$/.exec(normal);
  if (!match) throw new UsageError('shift-when');
  const [, daysText = '', range = ''] = match;
  const time = timeRange.exec(range);
  if (!time) throw new UsageError('shift-when');
  const start = Number(time[1]) * 60 + Number(time[2]);
  const end = Number(time[3]) * 60 + Number(time[4]);
  if (start === end || end > 24 * 60) throw new UsageError('shift-when');
  const weekdays = parseWeekdays(daysText.trim());
  if (!weekdays) throw new UsageError('shift-when');
  const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  const days = weekdays.length === 7 ? 'daily' : weekdays.map((d) => weekdayNames[d]![0]).join(',');
  return { task, rhythm: `${days} ${hhmm(start)}-${hhmm(end)}`, weekdays, start, end, needed };
}

function parseWeekdays(text: string): number[] | undefined {
  if (text === '' || everyDay.includes(text)) return [0, 1, 2, 3, 4, 5, 6];
  const found = new Set<number>();
  for (const word of text.split(/[\s,、，]+/).filter(Boolean)) {
    const day = weekdayNames.findIndex((names) => names.includes(word));
    if (day < 0) return undefined;
    found.add(day);
  }
  return [...found].sort((a, b) => a - b);
}

/**
 * The shifts of a roster for the next {@link rosterDays} days from `now`'s local date, in `timezone`: one per day
 * it runs on, those already started left out.
 */
export function shiftSlots(
  command: Pick<ShiftCommand, 'weekdays' | 'start' | 'end'>,
  now: number,
  timezone: string,
): Array<{ startAt: number; endAt: number }> {
  const today = localTime(now, timezone);
  const slots: Array<{ startAt: number; endAt: number }> = [];
  for (let d = 0; d < rosterDays; d++) {
    const date = new Date(Date.UTC(today.year, today.month - 1, today.day + d));
    if (!command.weekdays.includes(date.getUTCDay())) continue;
    const at = (minutes: number, plusDays: number) => {
      const day = new Date(Date.UTC(today.year, today.month - 1, today.day + d + plusDays));
      return instantOf(
        {
          year: day.getUTCFullYear(),
          month: day.getUTCMonth() + 1,
          day: day.getUTCDate(),
          hour: Math.floor(minutes / 60),
          minute: minutes % 60,
        },
        timezone,
      );
    };
    const startAt = at(command.start, 0);
    const endAt = command.end === 24 * 60 ? at(0, 1) : at(command.end, command.end < command.start ? 1 : 0);
    if (startAt === undefined || endAt === undefined || startAt <= now) continue;
    slots.push({ startAt, endAt });
  }
  return slots;
}

/** Callback data of a shift's sign-up button (`v1:shift:12`): the same button signs up and withdraws. */
export function shiftData(shiftId: number): string {
  return `v1:shift:${shiftId}`;
}

const shiftButtonData = new RegExp(`^v1:shift:(${idPattern})$`);

/** Reads {@link shiftData}; undefined for stale or forged data. */
export function parseShiftData(data: string): number | undefined {
  const match = shiftButtonData.exec(data);
  return match ? Number(match[1]) : undefined;
}

/** What a press on a shift's button does for the presser: sign up, withdraw, or a refusal. Throws {@link UsageError}. */
export function shiftPress(
  actor: Actor,
  shift: { startAt: number; needed: number },
  signedUp: readonly number[],
  now: number,
): 'signup' | 'withdraw' {
  if (actor.isAnonymous) throw new UsageError('anonymous-no-person');
  if (shift.startAt <= now) throw new UsageError('shift-started');
  if (signedUp.includes(actor.userId)) return 'withdraw';
  if (!actor.isVolunteer && !actor.isAdmin) throw new UsageError('shift-volunteers-only');
  if (signedUp.length >= shift.needed) throw new UsageError('shift-full');
  return 'signup';
}

/** Whether the shift's DM reminder is due at `now` (`remindBeforeMinutes` before it, and it has not started). */
export function reminderDue(startAt: number, remindBeforeMinutes: number, now: number): boolean {
  return now >= startAt - remindBeforeMinutes * 60_000 && now < startAt;
}

/** Whether a shift short of people is to be announced at `now` (`warnBeforeHours` before it, not yet started). */
export function warningDue(startAt: number, warnBeforeHours: number, now: number): boolean {
  return now >= startAt - warnBeforeHours * 3_600_000 && now < startAt;
}

// ------------------------------------------------------------------ /call

/** A `/call` command read. */
export interface CallCommand {
  task: string;
  from: number;
  to: number;
  perWave: number;
  /** Minutes between waves when the bot calls them itself; null: by the *Next floors* button. */
  everyMinutes: number | null;
}

/**
 * Reads `/call <task> | floors <from>-<to> | <floors per wave> [| every <minutes>]` (also `楼层 1-33`, `每 10 分钟`).
 * Throws {@link UsageError}.
 */
export function parseCall(args: string): CallCommand {
  const parts = args.split(/[|｜]/).map((p) => p.trim());
  if ((parts.length !== 3 && parts.length !== 4) || parts.some((p) => p === '')) throw new UsageError('call-usage');
  const [task, floorsText, perText, everyText] = parts as [string, string, string, string | undefined];
  if (codePointLength(task) > maxTaskLength) throw new UsageError('shift-task-too-long', { max: maxTaskLength });
  const floors = /^(?:floors?|楼层|层)?\s*([0-9]{1,3})\s*[-–~到至]\s*([0-9]{1,3})\s*(?:楼|层)?$/i.exec(
    toAsciiForms(floorsText),
  );
  if (!floors) throw new UsageError('call-floors', { max: maxFloor });
  const from = Number(floors[1]);
  const to = Number(floors[2]);
  if (from < 1 || to < from || to > maxFloor) throw new UsageError('call-floors', { max: maxFloor });
  const perWave = Number(toAsciiForms(perText).replace(/\s*(floors?|层|楼)$/i, ''));
  if (!Number.isInteger(perWave) || perWave < 1 || perWave > to - from + 1) throw new UsageError('call-per-wave');
  let everyMinutes: number | null = null;
  if (everyText !== undefined) {
    const every = /^(?:every|每)\s*([0-9]{1,4})\s*(?:min|mins|minutes|m|分钟|分)?$/i.exec(toAsciiForms(everyText));
    everyMinutes = every ? Number(every[1]) : Number.NaN;
    if (!Number.isInteger(everyMinutes) || everyMinutes < 1 || everyMinutes > maxEveryMinutes)
      throw new UsageError('call-every', { max: maxEveryMinutes });
  }
  return { task, from, to, perWave, everyMinutes };
}

/** How many waves a call has: its floors in groups of `perWave`, the last one maybe smaller. */
export function waveCount(call: { fromFloor: number; toFloor: number; perWave: number }): number {
  return Math.ceil((call.toFloor - call.fromFloor + 1) / call.perWave);
}

/** The floors of wave `wave` (from 0), or undefined past the last. */
export function waveFloors(
  call: { fromFloor: number; toFloor: number; perWave: number },
  wave: number,
): [number, number] | undefined {
  if (!Number.isInteger(wave) || wave < 0 || wave >= waveCount(call)) return undefined;
  const from = call.fromFloor + wave * call.perWave;
  return [from, Math.min(call.toFloor, from + call.perWave - 1)];
}

/**
 * When the scheduler's next step comes after one due at `dueAt` was made at `now`: on the call's own beat, or, when
 * the bot was down for longer than a beat, a whole beat after now (so two waves never come at once).
 */
export function nextBeat(dueAt: number, everyMinutes: number, now: number): number {
  const beat = everyMinutes * 60_000;
  return dueAt + beat > now ? dueAt + beat : now + beat;
}

export const callActions = ['next', 'pause', 'end', 'down', 'visit'] as const;
export type CallAction = (typeof callActions)[number];

/** Callback data of a call card's buttons (`v1:call:next:4`). */
export function callData(action: CallAction, callId: number): string {
  return `v1:call:${action}:${callId}`;
}

const callButtonData = new RegExp(`^v1:call:(${callActions.join('|')}):(${idPattern})$`);

/** Reads {@link callData}; undefined for stale or forged data. */
export function parseCallData(data: string): { action: CallAction; callId: number } | undefined {
  const match = callButtonData.exec(data);
  return match ? { action: match[1] as CallAction, callId: Number(match[2]) } : undefined;
}

/** The organizer of a call or an admin may call the next floors, pause or end it; others are refused. */
export function checkRunCall(actor: Actor, call: { organizerId: number }): void {
  if (!canManage(actor, call)) throw new UsageError('call-only-organizer');
}

/** Only admins start rosters and calls (SPEC §2.13). */
export function checkAdmin(actor: Actor, key: 'shift-admins-only' | 'call-admins-only'): void {
  if (!actor.isAdmin) throw new UsageError(key);
}

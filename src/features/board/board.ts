import cron from 'node-cron';
import { dateTimeFormat } from '../../core/time-format.ts';
import type { Priority } from '../needs/needs.ts';

/**
 * The status board (SPEC §2.8): one pinned message per building's group, edited in place. These are its rules
 * without Telegram or the database: how often it may change, the handles of its messages, when the config's
 * scheduled notices come next, and which boards are worth rendering again.
 */

/** A board is edited at most once in this long (by the bot's clock): a burst of changes shows as one edit. */
export const boardEditIntervalMs = 60_000;

/**
 * Even when nothing it shows was recorded as changed, a board is rendered again this often: a safety net for what
 * time alone changes (a scheduled notice entering the week shown).
 */
export const boardRecheckMs = 3_600_000;

/** How far ahead the board looks for the config's scheduled notices. */
export const scheduleHorizonDays = 7;

/**
 * The outbox handle of one posted board (`board:b3:m1k2x3`): each `/board` posts a new message under a new handle,
 * so later edits go to the newest board and never to the one left above it.
 */
export function boardRef(buildingId: string, postedAt: number): string {
  return `board:${buildingId}:${postedAt.toString(36)}`;
}

/** Open needs counted as the board shows them: by priority, and per category (most needed first). */
export interface NeedCounts {
  total: number;
  byPriority: Record<Priority, number>;
  byCategory: Array<{ category: string; count: number }>;
}

/** Counts open needs by priority and category; texts, units and names are not even looked at. */
export function countNeeds(needs: ReadonlyArray<{ priority: Priority; category: string }>): NeedCounts {
  const byPriority: Record<Priority, number> = { urgent: 0, high: 0, normal: 0 };
  const categories = new Map<string, number>();
  for (const need of needs) {
    byPriority[need.priority]++;
    categories.set(need.category, (categories.get(need.category) ?? 0) + 1);
  }
  const byCategory = [...categories]
    .map(([category, count]) => ({ category, count }))
    .sort((a, b) => b.count - a.count || (a.category < b.category ? -1 : 1));
  return { total: needs.length, byPriority, byCategory };
}

/**
 * Whether a closed vote decided something: one option ahead of all others, with its quorum met (a tie, no
 * ballot, or a quorum missed decide nothing).
 */
export function decidedOption(result: { leaders: readonly number[]; quorumMet: boolean }): number | undefined {
  return result.leaders.length === 1 && result.quorumMet ? result.leaders[0] : undefined;
}

/** The share of registered households that acknowledged, in whole percent (0 when none is registered). */
export function percentOf(part: number, whole: number): number {
  return whole <= 0 ? 0 : Math.floor((part * 100) / whole);
}

// ------------------------------------------------------------------ the next run of a cron expression

export interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** The wall-clock date and time of `at` in `timezone`. */
export function localTime(at: number, timezone: string): LocalTime {
  const parts = dateTimeFormat('en-US', {
    timeZone: timezone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    hourCycle: 'h23',
  }).formatToParts(new Date(at));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { year: part('year'), month: part('month'), day: part('day'), hour: part('hour'), minute: part('minute') };
}

const sameLocalTime = (a: LocalTime, b: LocalTime) =>
  a.year === b.year && a.month === b.month && a.day === b.day && a.hour === b.hour && a.minute === b.minute;

/**
 * The instant a wall-clock time names in `timezone`: the earlier one when it happens twice (clocks put back), none
 * when it never happens (clocks put forward).
 */
export function instantOf(local: LocalTime, timezone: string): number | undefined {
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  const offsetAt = (at: number) => {
    const seen = localTime(at, timezone);
    return Date.UTC(seen.year, seen.month - 1, seen.day, seen.hour, seen.minute) - (at - (at % 60_000));
  };
  // the offsets a day either side cover both sides of a change of the clocks
  const offsets = new Set([offsetAt(asUtc - 86_400_000), offsetAt(asUtc), offsetAt(asUtc + 86_400_000)]);
  const candidates = [...offsets].map((offset) => asUtc - offset).sort((a, b) => a - b);
  return candidates.find((at) => sameLocalTime(localTime(at, timezone), local));
}

/** A config cron expression read once: its hours and minutes, and node-cron's own matcher for the rest. */
interface CronSchedule {
  hours: number[];
  minutes: number[];
  matches(at: number): boolean;
}

const schedules = new Map<string, CronSchedule>();

function scheduleOf(expression: string, timezone: string): CronSchedule {
  const key = `${timezone}\n${expression}`;
  let schedule = schedules.get(key);
  if (!schedule) {
    const fields = cron.parse(expression);
    // a task is only a matcher here: destroyed at once, so node-cron's registry does not keep it
    const task = cron.createTask(expression, () => undefined, { timezone });
    void task.destroy();
    schedule = {
      hours: [...fields.hour].sort((a, b) => a - b),
      minutes: [...fields.minute].sort((a, b) => a - b),
      matches: (at) => task.match(new Date(at)),
    };
    schedules.set(key, schedule);
  }
  return schedule;
}

/**
 * The first time after `after` that the cron expression (as the scheduler reads the config's, in `timezone`, to
 * the minute) comes, within `horizonDays`; undefined when it does not come that soon. Walks days, then the
 * expression's own hours and minutes, rather than every minute: a weekly notice costs a few checks, not ten
 * thousand.
 */
export function nextRun(
  expression: string,
  timezone: string,
  after: number,
  horizonDays: number = scheduleHorizonDays,
): number | undefined {
  const schedule = scheduleOf(expression, timezone);
  const start = localTime(after, timezone);
  const until = after + horizonDays * 86_400_000;
  for (let d = 0; d <= horizonDays + 1; d++) {
    const date = new Date(Date.UTC(start.year, start.month - 1, start.day + d));
    const day = { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
    let dayMatches: boolean | undefined;
    for (const hour of schedule.hours) {
      for (const minute of schedule.minutes) {
        // on the first day, the times up to `after` are passed over without working out their instant
        if (d === 0 && hour * 60 + minute <= start.hour * 60 + start.minute) continue;
        const at = instantOf({ ...day, hour, minute }, timezone);
        if (at === undefined || at <= after) continue;
        if (at > until) return undefined;
        // the hour and minute are the expression's own: whether it matches depends only on the day
        dayMatches ??= schedule.matches(at);
        if (!dayMatches) break;
        return at;
      }
      if (dayMatches === false) break;
    }
  }
  return undefined;
}

// ------------------------------------------------------------------ which boards to render again

/**
 * Which boards may have changed, so that a tick renders those only (a thousand buildings, rendered every few
 * seconds, would cost the bot its breath). A board is due again when the audit log (SPEC §2.6: every state change
 * is appended to it, in the change's transaction) recorded something for its building, or for no building in
 * particular (an alert to all); when time alone changes what it shows (a scheduled notice comes, a group buy's
 * deadline passes); and at least every {@link boardRecheckMs}. Kept in memory: at start every board is due once.
 */
export class BoardWatch {
  /** The last audit row seen; undefined before the first look. */
  private cursor: number | undefined;
  /** When each building's board is due to be rendered again (absent: not until something changes). */
  private readonly dueAt = new Map<string, number>();
  /** Buildings found with no board to keep: a change of every building does not concern them. */
  private readonly withoutBoard = new Set<string>();

  constructor(private readonly buildingIds: readonly string[]) {
    for (const id of buildingIds) this.dueAt.set(id, Number.NEGATIVE_INFINITY);
  }

  /** The audit row after which changes are still to be looked at (undefined at first: everything is due). */
  get auditCursor(): number | undefined {
    return this.cursor;
  }

  /**
   * Takes in what the audit log recorded since {@link auditCursor}: the buildings it names (`null` for a change of
   * no building in particular, which may show on every board) and its last row.
   */
  observe(changes: { lastId: number | undefined; buildingIds: ReadonlyArray<string | null> }): void {
    if (changes.lastId !== undefined) this.cursor = Math.max(this.cursor ?? 0, changes.lastId);
    // a change that names the building may be its new board (or its return to the config)
    for (const id of changes.buildingIds) {
      if (id === null) continue;
      this.withoutBoard.delete(id);
      this.dueAt.set(id, Number.NEGATIVE_INFINITY);
    }
    if (!changes.buildingIds.includes(null)) return;
    for (const id of this.buildingIds) if (!this.withoutBoard.has(id)) this.dueAt.set(id, Number.NEGATIVE_INFINITY);
  }

  /** Whether the building's board is to be rendered now. */
  isDue(buildingId: string, now: number): boolean {
    return (this.dueAt.get(buildingId) ?? Number.POSITIVE_INFINITY) <= now;
  }

  /**
   * The board was looked at: it is due again at `again` (when time changes what it shows, or when the edit interval
   * lets it change), or only when something changes (undefined).
   */
  settle(buildingId: string, again: number | undefined): void {
    if (again === undefined) this.dueAt.delete(buildingId);
    else this.dueAt.set(buildingId, again);
  }

  /**
   * The building has no board to keep (none was posted, or it is no longer served): it is due again only when a
   * change names it. A city alert to three hundred buildings, of no building in particular, otherwise had each of them
   * looked up for a board in the alert's first seconds.
   */
  settleWithoutBoard(buildingId: string): void {
    this.dueAt.delete(buildingId);
    this.withoutBoard.add(buildingId);
  }
}

import { describe, expect, it } from 'vitest';
import {
  BoardWatch,
  boardRef,
  countNeeds,
  decidedOption,
  nextRun,
  percentOf,
} from '../../../src/features/board/board.ts';

const shanghai = 'Asia/Shanghai';
/** Wednesday 1 April 2026, 08:00 in Shanghai. */
const wednesday8am = Date.parse('2026-04-01T08:00:00+08:00');
const iso = (at: number | undefined) => (at === undefined ? undefined : new Date(at).toISOString());

describe('nextRun', () => {
  it('is the next time of a daily notice in the time zone, tomorrow once today’s has passed', () => {
    expect(iso(nextRun('30 7 * * *', shanghai, wednesday8am))).toBe('2026-04-01T23:30:00.000Z');
    expect(iso(nextRun('30 9 * * *', shanghai, wednesday8am))).toBe('2026-04-01T01:30:00.000Z');
  });

  it('is strictly after the time given: a notice due now is already on its way', () => {
    expect(iso(nextRun('0 8 * * *', shanghai, wednesday8am))).toBe('2026-04-02T00:00:00.000Z');
  });

  it('finds the next weekday of a weekly notice and the next of several times a day', () => {
    // 6 April 2026 is a Monday
    expect(iso(nextRun('0 9 * * 1', shanghai, wednesday8am))).toBe('2026-04-06T01:00:00.000Z');
    expect(iso(nextRun('0 7,12,18 * * *', shanghai, wednesday8am))).toBe('2026-04-01T04:00:00.000Z');
    expect(iso(nextRun('*/5 * * * *', shanghai, wednesday8am + 61_000))).toBe('2026-04-01T00:05:00.000Z');
  });

  it('leaves out what does not come within the horizon', () => {
    expect(nextRun('0 9 1 1 *', shanghai, wednesday8am)).toBeUndefined();
    expect(iso(nextRun('0 9 1 1 *', shanghai, wednesday8am, 366))).toBe('2027-01-01T01:00:00.000Z');
    expect(nextRun('0 9 * * 1', shanghai, wednesday8am, 2)).toBeUndefined();
  });

  it('skips a time the clocks jump over and takes the first of a time that happens twice', () => {
    // Berlin: 02:30 does not exist on 29 March 2026 and happens twice on 25 October 2026
    expect(iso(nextRun('30 2 * * *', 'Europe/Berlin', Date.parse('2026-03-28T12:00:00Z')))).toBe(
      '2026-03-30T00:30:00.000Z',
    );
    expect(iso(nextRun('30 2 * * *', 'Europe/Berlin', Date.parse('2026-10-24T12:00:00Z')))).toBe(
      '2026-10-25T00:30:00.000Z',
    );
  });

  it('agrees with a walk through every quarter hour, over two weeks of varied expressions', () => {
    const expressions = ['15 6 * * *', '0 */4 * * *', '45 23 * * 0', '0 12 * * 1-5', '30 8 1,15 * *'];
    let from = Date.parse('2026-02-20T00:00:00Z');
    let found = 0;
    for (let step = 0; step < 24; step++) {
      from += 15 * 3_600_000 + 13 * 60_000;
      for (const expression of expressions) {
        const expected = walk(expression, shanghai, from);
        if (expected !== undefined) found++;
        expect(iso(nextRun(expression, shanghai, from)), `${expression} after ${iso(from)}`).toBe(iso(expected));
      }
    }
    expect(found).toBeGreaterThan(100);
  });
});

/**
 * The slow and obvious answer: every quarter of an hour of the week, formatted in the time zone (the expressions
 * compared name quarter hours only).
 */
function walk(expression: string, timezone: string, after: number): number | undefined {
  const [minute, hour, dayOfMonth, , dayOfWeek] = expression.split(' ');
  const matches = (field: string, value: number) =>
    field === '*' ||
    field.split(',').some((part) => {
      if (part.startsWith('*/')) return value % Number(part.slice(2)) === 0;
      const [low, high] = part.split('-').map(Number);
      return high === undefined ? value === low : value >= low! && value <= high;
    });
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone,
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    weekday: 'short',
    hourCycle: 'h23',
  });
  const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const quarter = 15 * 60_000;
  for (let at = after - (after % quarter) + quarter; at <= after + 7 * 86_400_000; at += quarter) {
    const parts = Object.fromEntries(format.formatToParts(new Date(at)).map((p) => [p.type, p.value]));
    if (
      matches(minute!, Number(parts.minute)) &&
      matches(hour!, Number(parts.hour)) &&
      matches(dayOfMonth!, Number(parts.day)) &&
      matches(dayOfWeek!, weekdays.indexOf(parts.weekday!))
    )
      return at;
  }
  return undefined;
}

describe('countNeeds', () => {
  it('counts by priority and by category, the most needed category first', () => {
    const counts = countNeeds([
      { priority: 'urgent', category: 'medicine' },
      { priority: 'normal', category: 'food' },
      { priority: 'high', category: 'medicine' },
      { priority: 'normal', category: 'water' },
      { priority: 'normal', category: 'food' },
      { priority: 'normal', category: 'medicine' },
    ]);
    expect(counts.total).toBe(6);
    expect(counts.byPriority).toEqual({ urgent: 1, high: 1, normal: 4 });
    expect(counts.byCategory).toEqual([
      { category: 'medicine', count: 3 },
      { category: 'food', count: 2 },
      { category: 'water', count: 1 },
    ]);
  });

  it('is all zeros without needs', () => {
    expect(countNeeds([])).toEqual({ total: 0, byPriority: { urgent: 0, high: 0, normal: 0 }, byCategory: [] });
  });
});

describe('decidedOption', () => {
  it('is the single leader of a vote whose quorum was met', () => {
    expect(decidedOption({ leaders: [1], quorumMet: true })).toBe(1);
  });

  it('is nothing for a tie, a vote nobody cast, or a missed quorum', () => {
    expect(decidedOption({ leaders: [0, 1], quorumMet: true })).toBeUndefined();
    expect(decidedOption({ leaders: [], quorumMet: true })).toBeUndefined();
    expect(decidedOption({ leaders: [0], quorumMet: false })).toBeUndefined();
  });
});

describe('percentOf', () => {
  it('rounds down, so that "100%" means every household', () => {
    expect(percentOf(1, 3)).toBe(33);
    expect(percentOf(29, 30)).toBe(96);
    expect(percentOf(30, 30)).toBe(100);
    expect(percentOf(0, 0)).toBe(0);
  });
});

describe('boardRef', () => {
  it('names each post of a building’s board apart, so edits go to the newest', () => {
    expect(boardRef('b3', 1_000)).toMatch(/^board:b3:/);
    expect(boardRef('b3', 1_000)).not.toBe(boardRef('b3', 61_000));
  });
});

describe('BoardWatch', () => {
  const now = 1_000_000;

  it('has every board due at start, then none until something changes', () => {
    const watch = new BoardWatch(['b3', 'b7']);
    expect(watch.isDue('b3', now) && watch.isDue('b7', now)).toBe(true);
    watch.observe({ lastId: 40, buildingIds: [] });
    expect(watch.auditCursor).toBe(40);
    watch.settle('b3', undefined);
    watch.settle('b7', undefined);
    expect(watch.isDue('b3', now) || watch.isDue('b7', now)).toBe(false);
  });

  it('makes due the buildings the audit log names, and every building for a change of none in particular', () => {
    const watch = new BoardWatch(['b3', 'b7']);
    watch.settle('b3', undefined);
    watch.settle('b7', undefined);
    watch.observe({ lastId: 41, buildingIds: ['b7'] });
    expect([watch.isDue('b3', now), watch.isDue('b7', now)]).toEqual([false, true]);
    watch.settle('b7', undefined);
    watch.observe({ lastId: 42, buildingIds: [null] });
    expect([watch.isDue('b3', now), watch.isDue('b7', now)]).toEqual([true, true]);
  });

  it('leaves a building without a board out of changes of every building, until a change names it', () => {
    const watch = new BoardWatch(['b3', 'b7']);
    watch.settleWithoutBoard('b3');
    watch.settle('b7', undefined);
    // a city alert to every building: only the board that exists is looked at again
    watch.observe({ lastId: 50, buildingIds: [null] });
    expect([watch.isDue('b3', now), watch.isDue('b7', now)]).toEqual([false, true]);
    // its first board (the post is audited under its building)
    watch.observe({ lastId: 51, buildingIds: ['b3'] });
    expect(watch.isDue('b3', now)).toBe(true);
    watch.settle('b3', undefined);
    watch.observe({ lastId: 52, buildingIds: [null] });
    expect(watch.isDue('b3', now)).toBe(true);
  });

  it('keeps the cursor when nothing new was recorded, and ignores buildings it does not serve', () => {
    const watch = new BoardWatch(['b3']);
    watch.observe({ lastId: 7, buildingIds: [] });
    watch.observe({ lastId: undefined, buildingIds: [] });
    expect(watch.auditCursor).toBe(7);
    watch.settle('b3', undefined);
    watch.observe({ lastId: 8, buildingIds: ['gone'] });
    expect(watch.isDue('b3', now)).toBe(false);
  });

  it('has a board due again when time alone changes it, or when its edit interval ends', () => {
    const watch = new BoardWatch(['b3']);
    watch.settle('b3', now + 30_000);
    expect(watch.isDue('b3', now + 29_999)).toBe(false);
    expect(watch.isDue('b3', now + 30_000)).toBe(true);
  });
});

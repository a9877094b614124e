import { describe, expect, it } from 'vitest';
import { localTime } from '../../../src/features/board/board.ts';
import {
  nextOpening,
  parseRhythm,
  readRhythmWords,
  reopenHour,
  rhythmOf,
} from '../../../src/features/needs/recurring.ts';
import { parse, parseKey } from './need-fixtures.ts';

const shanghai = 'Asia/Shanghai';
const at = (local: string) => Date.parse(`${local}+08:00`);

describe('parseRhythm', () => {
  it.each([
    ['every week', 'week'],
    ['week', 'week'],
    ['weekly', 'week'],
    ['每周', 'week'],
    ['每星期', 'week'],
    ['every day', 'day'],
    ['daily', 'day'],
    ['每天', 'day'],
    ['每日', 'day'],
    ['every 3d', '3d'],
    ['3d', '3d'],
    ['every 3 days', '3d'],
    ['每3天', '3d'],
    ['每３天', '3d'],
    ['every １０d', '10d'],
    ['every 1d', 'day'],
    ['every 7d', 'week'],
    ['every 7 days', 'week'],
    ['mon,thu', 'mon,thu'],
    ['every thu,mon', 'mon,thu'],
    ['every Monday, Thursday', 'mon,thu'],
    ['周一,周四', 'mon,thu'],
    ['周四、周一', 'mon,thu'],
    ['每周一、四', 'mon,thu'],
    ['每周一,周四', 'mon,thu'],
    ['每周日', 'sun'],
    ['sun,mon', 'mon,sun'],
    ['mon,tue,wed,thu,fri,sat,sun', 'day'],
  ])('reads %j as %j', (typed, normalised) => {
    expect(parseRhythm(typed)).toBe(normalised);
  });

  it.each([
    '',
    'every',
    'every 0d',
    'every 29d',
    'every fortnight',
    'monthly',
    '一',
    '日',
    'mon thu',
    'every 3',
    '每周八',
  ])('refuses %j', (typed) => {
    expect(parseRhythm(typed)).toBeUndefined();
  });

  it('reads back only normalised texts as stored rhythms', () => {
    expect(rhythmOf('mon,thu')).toEqual({ kind: 'weekdays', weekdays: [1, 4] });
    expect(rhythmOf('3d')).toEqual({ kind: 'days', days: 3 });
    expect(rhythmOf('thu,mon')).toBeUndefined();
    expect(rhythmOf('every week')).toBeUndefined();
  });
});

describe('readRhythmWords', () => {
  it('takes `every` and the rhythm, in one word or several', () => {
    expect(readRhythmWords(['every', 'week', 'insulin'])).toEqual({ rhythm: 'week', used: 2 });
    expect(readRhythmWords(['every', '3', 'days', 'insulin'])).toEqual({ rhythm: '3d', used: 3 });
    expect(readRhythmWords(['every', 'mon,', 'thu', 'bread'])).toEqual({ rhythm: 'mon,thu', used: 3 });
  });

  it('takes a word starting with 每 when it is a rhythm, and leaves it to the text otherwise', () => {
    expect(readRhythmWords(['每周', '胰岛素'])).toEqual({ rhythm: 'week', used: 1 });
    expect(readRhythmWords(['每天早上送饭'])).toBeUndefined();
  });

  it('names the problem after `every`: unreadable, or out of range', () => {
    expect(readRhythmWords(['every', 'morning'])).toEqual({ problem: 'invalid' });
    expect(readRhythmWords(['every', '40d'])).toEqual({ problem: 'range' });
    expect(readRhythmWords(['every', '40', 'days'])).toEqual({ problem: 'range' });
    expect(readRhythmWords(['every'])).toEqual({ problem: 'invalid' });
  });
});

describe('parseNeed with a rhythm', () => {
  it('reads the rhythm before the text, in any order with priority and category', () => {
    expect(parse('every week #medicine insulin')).toEqual({
      priority: 'normal',
      category: 'medicine',
      text: 'insulin',
      repeat: 'week',
    });
    expect(parse('! #药 每周 胰岛素 2 盒')).toEqual({
      priority: 'high',
      category: 'medicine',
      text: '胰岛素 2 盒',
      repeat: 'week',
    });
    expect(parse('#food every mon, thu bread')).toMatchObject({ repeat: 'mon,thu', text: 'bread' });
    expect(parse('every 3 days water')).toMatchObject({ repeat: '3d', text: 'water' });
  });

  it('keeps a Chinese text that starts with 每 but is no rhythm', () => {
    expect(parse('每天早上送饭')).toEqual({ priority: 'normal', category: 'other', text: '每天早上送饭' });
  });

  it('refuses a rhythm it cannot read, one out of range, and a rhythm without text', () => {
    expect(parseKey('every morning walk the dog')).toBe('need-repeat-invalid');
    expect(parseKey('every 40d insulin')).toBe('need-repeat-range');
    expect(parseKey('every week')).toBe('need-text-empty');
  });

  it('takes one rhythm: a second is the text', () => {
    expect(parse('every week every day bread')).toMatchObject({ repeat: 'week', text: 'every day bread' });
  });
});

describe('nextOpening', () => {
  it('counts a weekly need from the day it was done, opening at the morning hour', () => {
    // done on Thursday 2 April at 21:30: the next one opens Thursday 9 April at 08:00
    expect(nextOpening({ kind: 'week' }, at('2026-04-02T21:30:00'), shanghai)).toBe(at('2026-04-09T08:00:00'));
    expect(nextOpening({ kind: 'day' }, at('2026-04-02T07:00:00'), shanghai)).toBe(at('2026-04-03T08:00:00'));
    expect(nextOpening({ kind: 'days', days: 3 }, at('2026-04-30T12:00:00'), shanghai)).toBe(at('2026-05-03T08:00:00'));
  });

  it('takes the first listed weekday after the day it was done', () => {
    const monThu = { kind: 'weekdays' as const, weekdays: [1, 4] };
    // Wednesday 1 April → Thursday 2 April; Thursday → Monday 6 April; Monday → Thursday 9 April
    expect(nextOpening(monThu, at('2026-04-01T10:00:00'), shanghai)).toBe(at('2026-04-02T08:00:00'));
    expect(nextOpening(monThu, at('2026-04-02T10:00:00'), shanghai)).toBe(at('2026-04-06T08:00:00'));
    expect(nextOpening(monThu, at('2026-04-06T10:00:00'), shanghai)).toBe(at('2026-04-09T08:00:00'));
    // one weekday: a week later
    expect(nextOpening({ kind: 'weekdays', weekdays: [3] }, at('2026-04-01T10:00:00'), shanghai)).toBe(
      at('2026-04-08T08:00:00'),
    );
  });

  it('uses the local date of the time zone, and survives a change of the clocks', () => {
    // 23:30 in New York on 7 March is already 8 March in UTC; the clocks go forward on 8 March
    const done = Date.parse('2026-03-07T23:30:00-05:00');
    const next = nextOpening({ kind: 'day' }, done, 'America/New_York');
    expect(localTime(next, 'America/New_York')).toMatchObject({ month: 3, day: 8, hour: reopenHour, minute: 0 });
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/core/usage-error.ts';
import { localTime } from '../../../src/features/board/board.ts';
import {
  maxRhythmDays,
  nextOpening,
  parseRhythm,
  type Rhythm,
  reopenHour,
  rhythmOf,
  rhythmText,
} from '../../../src/features/needs/recurring.ts';
import { parse } from './need-fixtures.ts';

const rhythmUnits = fc.constantFrom(
  'every',
  'EVERY',
  ' ',
  '\u3000',
  ',',
  '，',
  '、',
  'week',
  'day',
  'days',
  'd',
  '3',
  '０',
  '28',
  '29',
  'mon',
  'thu',
  'sunday',
  '每',
  '周',
  '天',
  '日',
  '一',
  '四',
  '星期',
  'x',
  '😀',
  '\u200b',
);
const anyText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: rhythmUnits, maxLength: 12 }),
);

const rhythm: fc.Arbitrary<Rhythm> = fc.oneof(
  fc.constant<Rhythm>({ kind: 'day' }),
  fc.constant<Rhythm>({ kind: 'week' }),
  fc
    .integer({ min: 2, max: maxRhythmDays })
    .filter((n) => n !== 7)
    .map((days): Rhythm => ({ kind: 'days', days })),
  fc
    .uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 6 })
    .map((weekdays): Rhythm => ({ kind: 'weekdays', weekdays: [...weekdays].sort((a, b) => a - b) })),
);

describe('parseRhythm (properties)', () => {
  it('never throws, and what it returns is normalised: read again, it is itself', () => {
    fc.assert(
      fc.property(anyText, (typed) => {
        const read = parseRhythm(typed);
        if (read === undefined) return;
        expect(parseRhythm(read)).toBe(read);
        expect(rhythmOf(read)).toBeDefined();
        expect(rhythmText(rhythmOf(read)!)).toBe(read);
      }),
      { numRuns: 1000 },
    );
  });

  it('round-trips every rhythm through its normalised text, however it is typed around it', () => {
    fc.assert(
      fc.property(rhythm, fc.boolean(), fc.boolean(), (r, every, upper) => {
        const text = rhythmText(r);
        expect(parseRhythm(text)).toBe(text);
        expect(rhythmOf(text)).toEqual(r);
        let typed = every ? `every ${text}` : text;
        if (upper) typed = typed.toUpperCase();
        expect(parseRhythm(typed)).toBe(text);
      }),
    );
  });

  it('gives /need a rhythm or a usage error, never another exception', () => {
    fc.assert(
      fc.property(anyText, fc.string({ unit: 'grapheme', maxLength: 10 }), (head, tail) => {
        try {
          const need = parse(`${head} ${tail}`);
          if (need.repeat !== undefined) expect(parseRhythm(need.repeat)).toBe(need.repeat);
        } catch (err) {
          expect(err).toBeInstanceOf(UsageError);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('recovers the rhythm and the text of `/need every <rhythm> <text>`', () => {
    fc.assert(
      fc.property(rhythm, fc.constantFrom('insulin', '胰岛素 2 盒', 'bread and milk'), (r, text) => {
        expect(parse(`every ${rhythmText(r)} ${text}`)).toMatchObject({ repeat: rhythmText(r), text });
      }),
    );
  });
});

describe('nextOpening (properties)', () => {
  const zone = fc.constantFrom('Asia/Shanghai', 'UTC', 'America/New_York', 'Europe/London', 'Pacific/Auckland');
  const instant = fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2028, 0, 1) });

  it('opens on a later day, at the morning hour, within the rhythm, on a listed weekday', () => {
    fc.assert(
      fc.property(rhythm, instant, zone, (r, doneAt, timezone) => {
        const next = nextOpening(r, doneAt, timezone);
        expect(next).toBeGreaterThan(doneAt);
        const span = r.kind === 'days' ? r.days : r.kind === 'day' ? 1 : 7;
        expect(next - doneAt).toBeLessThanOrEqual((span + 1) * 86_400_000 + 3_600_000);
        const local = localTime(next, timezone);
        // an hour later only where the clocks skipped the morning hour
        expect([reopenHour, reopenHour + 1]).toContain(local.hour);
        if (r.kind === 'weekdays')
          expect(r.weekdays).toContain(new Date(Date.UTC(local.year, local.month - 1, local.day)).getUTCDay());
      }),
    );
  });
});

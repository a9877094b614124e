import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/core/duration.ts';

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

describe('parseDuration', () => {
  it.each([
    ['30m', 30 * minute],
    ['1m', minute],
    ['6h', 6 * hour],
    ['2d', 2 * day],
    ['99999d', 99_999 * day],
  ])('reads %j as %d milliseconds', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it('reads the unit in any letter case, so `1M` is one minute and not a month', () => {
    expect(parseDuration('1M')).toBe(minute);
    expect(parseDuration('6H')).toBe(6 * hour);
    expect(parseDuration('2D')).toBe(2 * day);
  });

  it('ignores spaces, tabs, newlines and ideographic spaces around the duration', () => {
    expect(parseDuration('  6h  ')).toBe(6 * hour);
    expect(parseDuration('\t30m\n')).toBe(30 * minute);
    expect(parseDuration('\u30002d\u3000')).toBe(2 * day);
  });

  it.each([
    '',
    ' ',
    'h',
    '6',
    '6 h',
    '6hours',
    '6hh',
    'h6',
    '6w',
    '6s',
    '1.5h',
    '-6h',
    '+6h',
    '0m',
    '00h',
    '06h',
    '100000m',
    '6h30m',
    'lunch',
  ])('gives undefined for %j, which is not a duration', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it('reads full-width forms, as its documentation promises', () => {
    expect(parseDuration('６h')).toBe(6 * hour);
    expect(parseDuration('３０ｍ')).toBe(30 * minute);
  });

  it('reads every number from 1 to 99999 with every unit as that many units', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 99_999 }),
        fc.constantFrom(['m', minute] as const, ['h', hour] as const, ['d', day] as const),
        fc.boolean(),
        (n, [unit, ms], upper) => {
          expect(parseDuration(`${n}${upper ? unit.toUpperCase() : unit}`)).toBe(n * ms);
        },
      ),
    );
  });

  it('gives a positive whole number of minutes or undefined for any string, never throwing', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'grapheme', maxLength: 12 }),
          fc.string({ unit: fc.constantFrom('0', '1', '9', 'm', 'H', 'd', ' ', '.', '-'), maxLength: 8 }),
        ),
        (text) => {
          const ms = parseDuration(text);
          if (ms === undefined) return;
          expect(Number.isSafeInteger(ms)).toBe(true);
          expect(ms).toBeGreaterThanOrEqual(minute);
          expect(ms % minute).toBe(0);
          expect(text.trim()).toMatch(/^[1-9][0-9]*[mhd]$/i);
        },
      ),
      { numRuns: 500 },
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/core/usage-error.ts';
import { maxUnitLength, parseUnit } from '../../../src/features/households/households.ts';
import { usageError } from '../usage-error.ts';

function usageKey(raw: string): string | undefined {
  return usageError(() => parseUnit(raw))?.key;
}

describe('parseUnit', () => {
  it.each([
    ['1502', '1502'],
    [' 1502 ', '1502'],
    ['１５０２', '1502'],
    ['3-1502', '3-1502'],
    ['3－1502', '3-1502'],
    ['3 1502', '3-1502'],
    ['3/1502', '3-1502'],
    ['12a', '12A'],
    ['Ｂ１２', 'B12'],
    ['3号1502', '3号1502'],
  ])('reads %j as unit %j', (raw, unit) => {
    expect(parseUnit(raw)).toBe(unit);
  });

  it('refuses an empty unit with the usage', () => {
    expect(usageKey('   ')).toBe('home-usage');
  });

  it('refuses a unit without any digit or with symbols', () => {
    expect(usageKey('!!!')).toBe('home-invalid');
    expect(usageKey('abc')).toBe('home-invalid');
    expect(usageKey('15*02')).toBe('home-invalid');
  });

  it(`refuses a unit longer than ${maxUnitLength} characters`, () => {
    expect(usageKey('1'.repeat(maxUnitLength))).toBeUndefined();
    expect(usageKey('1'.repeat(maxUnitLength + 1))).toBe('home-too-long');
  });

  it('gives either a unit or a usage error for any input, never another exception', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (raw) => {
        try {
          const unit = parseUnit(raw);
          expect([...unit].length).toBeLessThanOrEqual(maxUnitLength);
          expect(unit).toMatch(/[0-9]/);
          // a parsed unit reads back as itself
          expect(parseUnit(unit)).toBe(unit);
        } catch (err) {
          expect(err).toBeInstanceOf(UsageError);
        }
      }),
    );
  });
});

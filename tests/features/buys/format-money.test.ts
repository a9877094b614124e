import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMoney, maxPriceCents } from '../../../src/features/buys/buys.ts';

describe('formatMoney', () => {
  it.each<[number, string, string]>([
    [4550, '¥', '¥45.50'],
    [4500, '¥', '¥45.00'],
    [5, '¥', '¥0.05'],
    [100, '$', '$1.00'],
    [0, '¥', '¥0.00'],
    [maxPriceCents, '¥', '¥1000000.00'],
  ])('writes %i cents with %j as %j', (cents, currency, text) => {
    expect(formatMoney(cents, currency)).toBe(text);
  });

  it('writes the exact cents of any sum, without floating-point noise', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000_000_000 }), (cents) => {
        const text = formatMoney(cents, '');
        expect(text).toMatch(/^[0-9]+\.[0-9]{2}$/);
        expect(text).toBe(`${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`);
      }),
    );
  });
});

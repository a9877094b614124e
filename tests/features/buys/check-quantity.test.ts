import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { UsageError } from '../../../src/core/usage-error.ts';
import { checkQuantity, maxQuantity, type OrderChange } from '../../../src/features/buys/buys.ts';
import { usageError } from '../usage-error.ts';

describe('checkQuantity', () => {
  const change = (overrides: Partial<OrderChange>): OrderChange => ({
    current: 0,
    wanted: 1,
    othersTotal: 0,
    limit: null,
    max: null,
    ...overrides,
  });

  function checkError(overrides: Partial<OrderChange>): UsageError | undefined {
    return usageError(() => checkQuantity(change(overrides)));
  }

  it('allows any quantity up to the maximum when there is no limit and no stock', () => {
    expect(checkError({ wanted: 1 })).toBeUndefined();
    expect(checkError({ wanted: maxQuantity, othersTotal: 5_000 })).toBeUndefined();
  });

  it('always allows a decrease, a withdrawal or the same quantity, even above the limit or the stock', () => {
    expect(checkError({ current: 5, wanted: 3, limit: 2, max: 4, othersTotal: 10 })).toBeUndefined();
    expect(checkError({ current: 5, wanted: 0, limit: 2, max: 4, othersTotal: 10 })).toBeUndefined();
    expect(checkError({ current: 3, wanted: 3, limit: 2, max: 1, othersTotal: 10 })).toBeUndefined();
  });

  it('allows an increase up to the limit exactly', () => {
    expect(checkError({ current: 1, wanted: 2, limit: 2 })).toBeUndefined();
  });

  it('refuses an increase over the limit and says the limit', () => {
    const error = checkError({ current: 2, wanted: 3, limit: 2, max: 100 });
    expect(error?.key).toBe('order-over-limit');
    expect(error?.args).toEqual({ limit: 2 });
  });

  it('allows an increase up to the last unit of stock', () => {
    expect(checkError({ current: 1, wanted: 4, othersTotal: 6, max: 10 })).toBeUndefined();
  });

  it('refuses an increase over the stock and says how many are left', () => {
    const error = checkError({ current: 0, wanted: 5, othersTotal: 7, max: 10 });
    expect(error?.key).toBe('order-sold-out');
    expect(error?.args).toEqual({ left: 3 });
  });

  it('says how many more the household may add, beyond what it already has', () => {
    expect(checkError({ current: 2, wanted: 6, othersTotal: 6, max: 10 })?.args).toEqual({ left: 2 });
    expect(checkError({ current: 2, wanted: 3, othersTotal: 8, max: 10 })?.args).toEqual({ left: 0 });
  });

  it('never says a negative number is left, even when the stock is oversold', () => {
    expect(checkError({ current: 2, wanted: 3, othersTotal: 12, max: 10 })?.args).toEqual({ left: 0 });
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, maxQuantity + 1])(
    'refuses the quantity %d as invalid, even as a decrease',
    (wanted) => {
      expect(checkError({ wanted })?.key).toBe('order-quantity-invalid');
      expect(checkError({ current: maxQuantity + 10, wanted })?.key).toBe('order-quantity-invalid');
    },
  );

  const state = fc
    .record({
      limit: fc.option(fc.integer({ min: 1, max: 50 }), { nil: null }),
      max: fc.option(fc.integer({ min: 1, max: 200 }), { nil: null }),
      current: fc.integer({ min: 0, max: 50 }),
      othersTotal: fc.integer({ min: 0, max: 200 }),
    })
    .filter(
      ({ limit, max, current, othersTotal }) =>
        (limit === null || current <= limit) && (max === null || othersTotal + current <= max),
    );

  it('keeps every allowed quantity within the limit and the stock, unless it is no more than before', () => {
    fc.assert(
      fc.property(state, fc.integer({ min: -5, max: 300 }), ({ limit, max, current, othersTotal }, wanted) => {
        const error = usageError(() => checkQuantity({ current, wanted, othersTotal, limit, max }));
        if (error !== undefined) {
          expect(['order-over-limit', 'order-sold-out', 'order-quantity-invalid']).toContain(error.key);
          expect(wanted).not.toBe(current);
          return;
        }
        expect(wanted).toBeGreaterThanOrEqual(0);
        const withinRules = (limit === null || wanted <= limit) && (max === null || othersTotal + wanted <= max);
        expect(withinRules || wanted <= current).toBe(true);
        // in a valid state every allowed quantity keeps the state valid
        expect(withinRules).toBe(true);
      }),
    );
  });

  it('allows every quantity from 0 up to what the limit and the stock leave', () => {
    fc.assert(
      fc.property(state, ({ limit, max, current, othersTotal }) => {
        const most = Math.min(limit ?? maxQuantity, max === null ? maxQuantity : max - othersTotal);
        for (let wanted = 0; wanted <= Math.min(most, 300); wanted++) {
          expect(usageError(() => checkQuantity({ current, wanted, othersTotal, limit, max }))).toBeUndefined();
        }
        expect(usageError(() => checkQuantity({ current, wanted: most, othersTotal, limit, max }))).toBeUndefined();
        expect(usageError(() => checkQuantity({ current, wanted: most + 1, othersTotal, limit, max }))).toBeDefined();
      }),
    );
  });
});

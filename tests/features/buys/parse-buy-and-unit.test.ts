import { describe, expect, it } from 'vitest';
import { parseBuyAndUnit } from '../../../src/features/buys/buys.ts';
import { usageError } from '../usage-error.ts';

describe('parseBuyAndUnit', () => {
  it.each<[string, { buyId: number; unit: string }]>([
    ['3 1502', { buyId: 3, unit: '1502' }],
    ['#3 3-1502', { buyId: 3, unit: '3-1502' }],
    ['３\u3000１５０２', { buyId: 3, unit: '1502' }],
    [' 12  12A ', { buyId: 12, unit: '12A' }],
  ])('reads %j', (args, expected) => {
    expect(parseBuyAndUnit(args, 'paid-usage')).toEqual(expected);
  });

  it.each(['', '3', '1502 ', '0 1502', 'abc 1502', '3 1502 extra', '-3 1502'])(
    'refuses %j with the usage key it is given',
    (args) => {
      expect(usageError(() => parseBuyAndUnit(args, 'paid-usage'))?.key).toBe('paid-usage');
      expect(usageError(() => parseBuyAndUnit(args, 'delivered-usage'))?.key).toBe('delivered-usage');
    },
  );
});

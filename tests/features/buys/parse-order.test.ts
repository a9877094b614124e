import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseOrder } from '../../../src/features/buys/buys.ts';
import { usageError } from '../usage-error.ts';

describe('parseOrder', () => {
  it.each<[string, ReturnType<typeof parseOrder>]>([
    ['3 2', { buyId: 3, quantity: 2 }],
    ['#3 2', { buyId: 3, quantity: 2 }],
    ['３ ２', { buyId: 3, quantity: 2 }],
    ['＃３\u3000２', { buyId: 3, quantity: 2 }],
    ['3 0', { buyId: 3, quantity: 0 }],
    ['  3   2  ', { buyId: 3, quantity: 2 }],
    ['3 2 for 1502', { buyId: 3, quantity: 2, forUnit: '1502' }],
    ['3 2 FOR 3-1502', { buyId: 3, quantity: 2, forUnit: '3-1502' }],
    ['３ ２ for １５０２', { buyId: 3, quantity: 2, forUnit: '1502' }],
  ])('reads %j', (args, expected) => {
    expect(parseOrder(args)).toEqual(expected);
  });

  it('leaves out the unit when the order is for the sender', () => {
    expect(parseOrder('3 2')).not.toHaveProperty('forUnit');
  });

  it.each([
    '',
    '3',
    '2 for 1502',
    'abc 2',
    '0 2',
    '3 -1',
    '3 2.5',
    '3 two',
    '3 2 for',
    '3 2 to 1502',
    '3 1234567',
    '3 2 for 1502 extra',
    '3, 2',
    '#',
  ])('refuses %j with order-usage', (args) => {
    expect(usageError(() => parseOrder(args))?.key).toBe('order-usage');
  });

  it('gives either an order or order-usage for any input, never another exception', () => {
    const units = fc.constantFrom(' ', '#', '＃', '3', '０', '2', 'for', '1502', '-', '\u3000');
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: units, maxLength: 12 })), (args) => {
        const error = usageError(() => parseOrder(args));
        if (error) expect(error.key).toBe('order-usage');
        else {
          const order = parseOrder(args);
          expect(Number.isSafeInteger(order.buyId) && order.buyId >= 1).toBe(true);
          expect(Number.isInteger(order.quantity) && order.quantity >= 0).toBe(true);
        }
      }),
    );
  });
});

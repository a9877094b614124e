import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BuyAction, buyCallbackData, parseBuyCallbackData } from '../../../src/features/buys/buys.ts';

describe('buy callback data', () => {
  const actions: BuyAction[] = ['plus', 'minus', 'mine', 'close', 'closeyes', 'closeno', 'start', 'drop'];
  const anyId = fc.integer({ min: 1, max: 9_999_999_999_999 });

  it('writes the version, the feature, the action and the id', () => {
    expect(buyCallbackData('plus', 42)).toBe('v1:buy:plus:42');
  });

  it('reads back every action and id it writes, within the 64 bytes Telegram allows', () => {
    fc.assert(
      fc.property(fc.constantFrom(...actions), anyId, (action, id) => {
        const data = buyCallbackData(action, id);
        expect(Buffer.byteLength(data, 'utf8')).toBeLessThanOrEqual(64);
        expect(parseBuyCallbackData(data)).toEqual({ action, id });
      }),
    );
  });

  it.each([
    '',
    'v1:buy:plus:',
    'v1:buy:plus:0',
    'v1:buy:plus:-1',
    'v1:buy:plus:01',
    'v1:buy:plus:1.5',
    'v1:buy:plus:1e3',
    'v1:buy:plus:１',
    'v1:buy:plus:12345678901234',
    'v1:buy:plus:1 ',
    ' v1:buy:plus:1',
    'v1:buy:plus:1:2',
    'v1:buy:steal:1',
    'v1:buy:PLUS:1',
    'v1:buy::1',
    'v2:buy:plus:1',
    'v1:vote:plus:1',
    'v1:buy:plus:1\n',
    'v1:buy:constructor:1',
  ])('refuses the forged data %j', (data) => {
    expect(parseBuyCallbackData(data)).toBeUndefined();
  });

  it('reads only data it could have written itself', () => {
    const nearData = fc.oneof(
      fc.string(),
      fc
        .tuple(
          fc.constantFrom('v1:buy:', 'v1:buy:plus:', 'v1:buy:close:'),
          fc.string({ unit: fc.constantFrom('0', '1', '9', ':', '-', 'plus', ' ', '１') }),
        )
        .map(([a, b]) => a + b),
    );
    fc.assert(
      fc.property(nearData, (data) => {
        const read = parseBuyCallbackData(data);
        if (read !== undefined) expect(buyCallbackData(read.action, read.id)).toBe(data);
      }),
    );
  });
});

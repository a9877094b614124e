import { describe, expect, it } from 'vitest';
import { maxItemLength, maxQuantity } from '../../../src/features/buys/buys.ts';
import { parse, parseError, parseKey } from './parse-buy-context.ts';

describe('parseBuy', () => {
  describe('errors', () => {
    it.each<[string, string]>([
      ['', 'buy-usage'],
      ['   \u3000 ', 'buy-usage'],
      ['Vegetable box 45', 'buy-usage'],
      ['Vegetable box', 'buy-usage'],
      [' | 45', 'buy-item-empty'],
      ['\u3000｜45', 'buy-item-empty'],
      ['|', 'buy-item-empty'],
      ['Eggs |', 'buy-price-invalid'],
      ['Eggs | 12 | colour red', 'buy-setting-unknown'],
      ['Eggs | 12 | minimum 20', 'buy-setting-unknown'],
      ['Eggs | 12 | constructor 2', 'buy-setting-unknown'],
      ['Eggs | 12 | __proto__ 2', 'buy-setting-unknown'],
      ['Eggs | 12 | min 20 | min 30', 'buy-setting-twice'],
      ['Eggs | 12 | min 20 | 最少 30', 'buy-setting-twice'],
      ['Eggs | 12 | until 6h | 截止 18:00', 'buy-setting-twice'],
      ['Eggs | 12 | min 0', 'buy-count-invalid'],
      ['Eggs | 12 | limit abc', 'buy-count-invalid'],
      ['Eggs | 12 | max -5', 'buy-count-invalid'],
      ['Eggs | 12 | limit 1.5', 'buy-count-invalid'],
      [`Eggs | 12 | max ${maxQuantity + 1}`, 'buy-count-invalid'],
      ['Eggs | 12 | min 50 | max 10', 'buy-min-over-max'],
      ['Eggs | 12 | max 10 | min 11', 'buy-min-over-max'],
      ['Eggs | 12 | until 25:00', 'buy-until-invalid'],
      ['Eggs | 12 | until tomorrow', 'buy-until-invalid'],
    ])('refuses %j with %s', (args, key) => {
      expect(parseKey(args)).toBe(key);
    });

    it('names the unknown setting as written', () => {
      expect(parseError('Eggs | 12 | colour red')?.args).toEqual({ setting: 'colour red' });
    });

    it('names the repeated and the invalid setting', () => {
      expect(parseError('Eggs | 12 | min 20 | 最少 30')?.args).toEqual({ setting: 'min' });
      expect(parseError('Eggs | 12 | limit abc')?.args).toEqual({ setting: 'limit' });
    });

    it(`accepts an item of exactly ${maxItemLength} code points, however many UTF-16 units they take`, () => {
      const item = '🥬'.repeat(maxItemLength);
      expect(item.length).toBe(2 * maxItemLength);
      expect(parse(`${item} | 12`).item).toBe(item);
    });

    it(`refuses an item of ${maxItemLength + 1} code points and says the maximum`, () => {
      const error = parseError(`${'菜'.repeat(maxItemLength + 1)} | 12`);
      expect(error?.key).toBe('buy-item-too-long');
      expect(error?.args).toEqual({ max: maxItemLength });
    });

    it('does not count the spaces around the item towards its length', () => {
      expect(parse(`   ${'a'.repeat(maxItemLength)}   | 12`).item).toBe('a'.repeat(maxItemLength));
    });
  });
});

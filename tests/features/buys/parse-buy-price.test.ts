import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMoney, maxPriceCents, parsePrice } from '../../../src/features/buys/buys.ts';
import { fullWidthDigits, parse, parseError, parseKey } from './parse-buy-context.ts';

describe('parseBuy', () => {
  describe('price', () => {
    it.each<[string, number]>([
      ['45', 4500],
      ['45.5', 4550],
      ['45.50', 4550],
      ['45.05', 4505],
      ['0.01', 1],
      ['¥45', 4500],
      ['￥45', 4500],
      ['¥ 45', 4500],
      ['45元', 4500],
      ['45 元', 4500],
      ['45块', 4500],
      ['45 yuan', 4500],
      ['45RMB', 4500],
      ['$4.50', 450],
      ['€4.5', 450],
      ['£12', 1200],
      ['４５．５', 4550],
      ['1000000', maxPriceCents],
    ])('reads the price %j as %i cents', (price, cents) => {
      expect(parse(`Eggs | ${price}`).priceCents).toBe(cents);
    });

    it.each([
      '45.555',
      '0',
      '0.00',
      '-3',
      'abc',
      '',
      '45.',
      '.5',
      '4,50',
      '45 min 20',
      '1000000.01',
      '10000000',
      '¥',
      '45 dollars',
    ])('refuses the price %j', (price) => {
      expect(parseKey(`Eggs | ${price}`)).toBe('buy-price-invalid');
    });

    it('names the price it refused', () => {
      expect(parseError('Eggs |  abc  ')?.args).toEqual({ price: 'abc' });
    });

    it('reads a price written with two decimals, or without trailing zeros, as exactly its cents', () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 10_000_000 }), (cents) => {
          const fixed = (cents / 100).toFixed(2);
          const short = fixed.replace(/0+$/, '').replace(/\.$/, '');
          expect(parsePrice(fixed)).toBe(cents);
          expect(parsePrice(short)).toBe(cents);
          expect(parsePrice(`¥${fixed}`)).toBe(cents);
          expect(parsePrice(`${short}元`)).toBe(cents);
          expect(parse(`Eggs | ${short}`).priceCents).toBe(cents);
          expect(parse(`Eggs ｜ ${fullWidthDigits(fixed)}`).priceCents).toBe(cents);
        }),
      );
    });

    it('reads the formatted money back as the same cents', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: maxPriceCents }),
          fc.constantFrom('¥', '$', '€', ''),
          (cents, currency) => {
            expect(parsePrice(formatMoney(cents, currency))).toBe(cents);
          },
        ),
      );
    });
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codePointLength, toAsciiForms } from '../../../src/core/text.ts';
import { UsageError } from '../../../src/core/usage-error.ts';
import {
  type BuyCommand,
  itemsOf,
  maxItemLength,
  maxItems,
  maxPriceCents,
  maxQuantity,
  parseBuy,
} from '../../../src/features/buys/buys.ts';
import { context, fullWidthDigits, parse } from './parse-buy-context.ts';

describe('parseBuy of several items, for any input', () => {
  const tokens = fc.constantFrom(
    '\n',
    '\r\n',
    ' ',
    '|',
    '｜',
    'min',
    'max',
    'limit',
    'until',
    '最少',
    '限购',
    '¥',
    '元',
    '12',
    '0.1',
    '0',
    '6h',
    '18:00',
    'Eggs',
    '白菜',
    '🥬',
  );

  it('gives a buy whose every item keeps the rules, or a usage error, never another exception', () => {
    fc.assert(
      fc.property(fc.string({ unit: tokens, maxLength: 40 }), (args) => {
        let command: BuyCommand;
        try {
          command = parseBuy(args, context);
        } catch (err) {
          expect(err).toBeInstanceOf(UsageError);
          return;
        }
        const items = itemsOf(command);
        expect(items.length).toBeGreaterThanOrEqual(1);
        expect(items.length).toBeLessThanOrEqual(maxItems);
        expect(command.priceCents).toBe(items[0]!.priceCents);
        for (const name of [command.item, ...items.map((i) => i.name)]) {
          expect(name).toBe(name.trim());
          expect(name).not.toBe('');
          expect(codePointLength(name)).toBeLessThanOrEqual(maxItemLength);
          expect(toAsciiForms(name)).not.toMatch(/[|\n\r]/);
        }
        for (const item of items) {
          expect(Number.isInteger(item.priceCents) && item.priceCents > 0).toBe(true);
          expect(item.priceCents).toBeLessThanOrEqual(maxPriceCents);
          for (const count of [item.max, item.limit])
            if (count !== null) expect(count).toBeLessThanOrEqual(maxQuantity);
          if (item.max !== null && item.limit !== null) expect(item.limit).toBeLessThanOrEqual(item.max);
        }
        if (command.minAmountCents !== undefined) expect(Number.isSafeInteger(command.minAmountCents)).toBe(true);
      }),
    );
  });

  const name = fc
    .string({ unit: 'grapheme', minLength: 1, maxLength: 30 })
    .map((s) => s.trim())
    .filter((s) => s !== '' && !/[|\n\r]/.test(toAsciiForms(s)));
  const item = fc.record({
    name,
    cents: fc.integer({ min: 1, max: maxPriceCents }),
    max: fc.option(fc.integer({ min: 1, max: maxQuantity }), { nil: null }),
    limit: fc.option(fc.integer({ min: 1, max: maxQuantity }), { nil: null }),
    wide: fc.boolean(),
  });

  it('recovers exactly the title and every item, price, stock and limit it was given, in either width', () => {
    fc.assert(
      fc.property(name, fc.array(item, { minLength: 1, maxLength: maxItems }), (title, items) => {
        const lines = items.map((i) => {
          const price = (i.cents / 100).toFixed(2);
          const parts = [i.name, i.wide ? fullWidthDigits(price) : price];
          if (i.max !== null) parts.push(`max ${i.max}`);
          if (i.limit !== null) parts.push(`限购 ${i.limit}`);
          return parts.join(i.wide ? ' ｜ ' : ' | ');
        });
        const command = parse([title, ...lines].join('\n'));
        expect(command.item).toBe(title);
        expect(command.items).toEqual(
          items.map((i) => ({
            name: i.name,
            priceCents: i.cents,
            max: i.max,
            limit: i.limit !== null && i.max !== null && i.limit > i.max ? i.max : i.limit,
          })),
        );
      }),
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codePointLength, toAsciiForms } from '../../../src/core/text.ts';
import { UsageError } from '../../../src/core/usage-error.ts';
import {
  type BuyCommand,
  maxItemLength,
  maxPriceCents,
  maxQuantity,
  parseBuy,
} from '../../../src/features/buys/buys.ts';
import { day, defaultDurationMs, fullWidthDigits, hour, minute, now, parse } from './parse-buy-context.ts';

describe('parseBuy', () => {
  describe('properties', () => {
    const tokenUnits = fc.constantFrom(
      ' ',
      '\u3000',
      '|',
      '｜',
      ':',
      '=',
      '.',
      '-',
      'min',
      'max',
      'limit',
      'until',
      '最少',
      '最多',
      '限购',
      '截止',
      '45',
      '４５',
      '0',
      '999999',
      '¥',
      '元',
      '18:00',
      '6h',
      '31d',
      'constructor',
      '__proto__',
      '🥬',
      '\n',
    );
    const anyArgs = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 60 }),
      fc.string({ unit: 'binary', maxLength: 60 }),
      fc.string({ unit: tokenUnits, maxLength: 40 }),
      fc
        .tuple(fc.string({ unit: tokenUnits, maxLength: 10 }), fc.integer({ min: 195, max: 205 }))
        .map(([rest, n]) => `${'菜'.repeat(n)}${rest}`),
    );
    const anyContext = fc.record({
      now: fc.integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: Date.parse('2100-01-01T00:00:00Z') }),
      timezone: fc.constantFrom('Asia/Shanghai', 'UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kathmandu'),
      defaultDurationMs: fc.integer({ min: minute, max: 30 * day }),
    });

    it('gives either a group buy that keeps every rule or a usage error for any input, never another exception', () => {
      fc.assert(
        fc.property(anyArgs, anyContext, (args, ctx) => {
          let command: BuyCommand;
          try {
            command = parseBuy(args, ctx);
          } catch (err) {
            expect(err).toBeInstanceOf(UsageError);
            return;
          }
          expect(command.item).toBe(command.item.trim());
          expect(command.item.length).toBeGreaterThan(0);
          expect(codePointLength(command.item)).toBeLessThanOrEqual(maxItemLength);
          expect(toAsciiForms(command.item)).not.toContain('|');
          expect(Number.isInteger(command.priceCents)).toBe(true);
          expect(command.priceCents).toBeGreaterThan(0);
          expect(command.priceCents).toBeLessThanOrEqual(maxPriceCents);
          for (const count of [command.min, command.max, command.limit]) {
            if (count === null) continue;
            expect(Number.isInteger(count)).toBe(true);
            expect(count).toBeGreaterThanOrEqual(1);
            expect(count).toBeLessThanOrEqual(maxQuantity);
          }
          if (command.min !== null && command.max !== null) expect(command.min).toBeLessThanOrEqual(command.max);
          if (command.limit !== null && command.max !== null) expect(command.limit).toBeLessThanOrEqual(command.max);
          expect(Number.isInteger(command.closesAt)).toBe(true);
          expect(command.closesAt).toBeGreaterThan(ctx.now);
          expect(command.closesAt - ctx.now).toBeLessThanOrEqual(Math.max(30 * day, ctx.defaultDurationMs));
        }),
      );
    });

    type Setting = 'min' | 'max' | 'limit' | 'until';
    const names: Record<Setting, string[]> = {
      min: ['min', 'MIN', 'Min', '最少'],
      max: ['max', 'MAX', '最多'],
      limit: ['limit', 'LIMIT', '限购'],
      until: ['until', 'Until', '截止'],
    };
    const maybeFullWidth = (written: string) => fc.boolean().map((wide) => (wide ? fullWidthDigits(written) : written));
    const joiner = fc.constantFrom(' ', '  ', '=', ' = ', ':', '\u3000');
    const bar = fc.constantFrom('|', '｜', ' | ', ' ｜ ', '\u3000｜\u3000');
    const noBars = (s: string) => !toAsciiForms(s).includes('|');
    const item = fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 40 })
      .filter((s) => noBars(s) && s.trim().length > 0)
      .map((s) => s.trim());
    const price = fc
      .tuple(fc.integer({ min: 1, max: maxPriceCents }), fc.constantFrom('fixed', 'short', 'yen', 'yuan'))
      .chain(([cents, form]) => {
        const fixed = (cents / 100).toFixed(2);
        const short = fixed.replace(/0+$/, '').replace(/\.$/, '');
        const written = { fixed, short, yen: `¥${short}`, yuan: `${fixed}元` }[form];
        return maybeFullWidth(written).map((w) => ({ cents, written: w }));
      });
    const until = fc.oneof(
      fc
        .tuple(
          fc.constantFrom(['m', minute, 43_200] as const, ['h', hour, 720] as const, ['d', day, 30] as const),
          fc.integer({ min: 1, max: 43_200 }),
        )
        .map(([[unit, ms, most], n]) => ({
          written: `${(n % most) + 1}${unit}`,
          closesAt: now + ((n % most) + 1) * ms,
        })),
      fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => {
        // Shanghai keeps +08:00: the next h:m after 08:00 on 1 April, today or tomorrow
        const today = Date.parse(`2026-04-01T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00+08:00`);
        return { written: `${h}:${String(m).padStart(2, '0')}`, closesAt: today > now ? today : today + day };
      }),
    );
    const settings = fc
      .record(
        {
          min: fc.integer({ min: 1, max: maxQuantity }),
          max: fc.integer({ min: 1, max: maxQuantity }),
          limit: fc.integer({ min: 1, max: maxQuantity }),
          until,
        },
        { requiredKeys: [] },
      )
      .map((s) => (s.min !== undefined && s.max !== undefined && s.min > s.max ? { ...s, min: s.max, max: s.min } : s));

    it('recovers exactly the item, price and settings it was given, in any order, width and spelling', () => {
      fc.assert(
        fc.property(
          item,
          price,
          settings,
          fc.nat(),
          fc.array(fc.tuple(bar, joiner, fc.nat(), fc.boolean()), { minLength: 6, maxLength: 6 }),
          (typedItem, { cents, written }, chosen, shuffleSeed, style) => {
            const keys = (Object.keys(chosen) as Setting[]).filter((k) => chosen[k] !== undefined);
            // a deterministic shuffle from the seed
            const order = keys
              .map((k, i) => ({ k, r: (shuffleSeed * (i + 7)) % 11 }))
              .sort((a, b) => a.r - b.r)
              .map((x) => x.k);
            const parts = order.map((k, i) => {
              const [, join, pick, wide] = style[i + 1]!;
              const spelled = names[k][pick % names[k].length]!;
              const value = k === 'until' ? chosen.until!.written : String(chosen[k]);
              return `${spelled}${join}${wide ? fullWidthDigits(value) : value}`;
            });
            const args = [typedItem, written, ...parts].reduce((acc, part, i) => `${acc}${style[i % 6]![0]}${part}`);
            const max = chosen.max ?? null;
            const limit = chosen.limit === undefined ? null : max !== null && chosen.limit > max ? max : chosen.limit;
            expect(parse(args)).toEqual({
              item: typedItem,
              priceCents: cents,
              min: chosen.min ?? null,
              max,
              limit,
              closesAt: chosen.until?.closesAt ?? now + defaultDurationMs,
            });
          },
        ),
      );
    });
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codePointLength, toAsciiForms } from '../../src/core/text.ts';
import { UsageError } from '../../src/core/usage-error.ts';
import {
  type BuyAction,
  type BuyCommand,
  buyCallbackData,
  byFloorThenUnit,
  checkQuantity,
  floorOf,
  formatMoney,
  maxItemLength,
  maxPriceCents,
  maxQuantity,
  type OrderChange,
  parseBuy,
  parseBuyAndUnit,
  parseBuyCallbackData,
  parseOrder,
  parsePrice,
} from '../../src/features/buys/buys.ts';
import { usageError } from './usage-error.ts';

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;
const defaultDurationMs = 24 * hour;
/** 08:00 on 1 April 2026 in Shanghai. */
const now = Date.parse('2026-04-01T08:00:00+08:00');
const context = { now, timezone: 'Asia/Shanghai', defaultDurationMs };

function parse(args: string): BuyCommand {
  return parseBuy(args, context);
}

function parseError(args: string): UsageError | undefined {
  return usageError(() => parse(args));
}

function parseKey(args: string): string | undefined {
  return parseError(args)?.key;
}

/** `１２３` for `123`: the full-width forms residents type with a Chinese keyboard. */
function fullWidthDigits(text: string): string {
  return text.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
}

/** The wall-clock `HH:MM` of `at` in `timeZone`, read independently of the code under test. */
function wallClock(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
    new Date(at),
  );
}

const noSettings = { min: null, max: null, limit: null, closesAt: now + defaultDurationMs };

describe('parseBuy', () => {
  it('reads the example of the spec with every setting', () => {
    expect(parse('Vegetable box 蔬菜箱 | 45 | min 20 | max 120 | limit 2 | until 18:00')).toEqual({
      item: 'Vegetable box 蔬菜箱',
      priceCents: 4500,
      min: 20,
      max: 120,
      limit: 2,
      closesAt: Date.parse('2026-04-01T18:00:00+08:00'),
    });
  });

  it('reads an item and a price alone with no settings and the default duration', () => {
    expect(parse('Vegetable box | 45')).toEqual({ item: 'Vegetable box', priceCents: 4500, ...noSettings });
  });

  it('takes the default duration it is given', () => {
    expect(parseBuy('Eggs | 12', { ...context, defaultDurationMs: 2 * hour }).closesAt).toBe(now + 2 * hour);
  });

  it.each<[string, Partial<BuyCommand>]>([
    ['min 20', { min: 20 }],
    ['max 120', { max: 120 }],
    ['limit 2', { limit: 2 }],
    ['最少 20', { min: 20 }],
    ['最多 120', { max: 120 }],
    ['限购 2', { limit: 2 }],
    ['min=20', { min: 20 }],
    ['min = 20', { min: 20 }],
    ['max:120', { max: 120 }],
    ['MIN 20', { min: 20 }],
    ['Limit 2', { limit: 2 }],
    ['until 6h', { closesAt: now + 6 * hour }],
    ['until 30m', { closesAt: now + 30 * minute }],
    ['until 2d', { closesAt: now + 2 * day }],
    ['截止 18:00', { closesAt: Date.parse('2026-04-01T18:00:00+08:00') }],
    ['截止 6h', { closesAt: now + 6 * hour }],
  ])('reads the setting %j', (setting, expected) => {
    expect(parse(`Eggs | 12 | ${setting}`)).toEqual({ item: 'Eggs', priceCents: 1200, ...noSettings, ...expected });
  });

  it('reads the Chinese settings together', () => {
    expect(parse('蔬菜箱 | 45 | 最少 20 | 最多 120 | 限购 2 | 截止 18:00')).toEqual({
      item: '蔬菜箱',
      priceCents: 4500,
      min: 20,
      max: 120,
      limit: 2,
      closesAt: Date.parse('2026-04-01T18:00:00+08:00'),
    });
  });

  it('reads the settings in any order', () => {
    const expected = parse('Eggs | 12 | min 20 | max 120 | limit 2 | until 18:00');
    expect(parse('Eggs | 12 | until 18:00 | limit 2 | max 120 | min 20')).toEqual(expected);
    expect(parse('Eggs | 12 | 限购 2 | min 20 | 截止 18:00 | 最多 120')).toEqual(expected);
  });

  it('reads full-width bars and digits but keeps the item as typed', () => {
    expect(parse('Ｅｇｇｓ　蛋 ｜ ４５ ｜ 限购 ２')).toEqual({
      item: 'Ｅｇｇｓ　蛋',
      priceCents: 4500,
      ...noSettings,
      limit: 2,
    });
    expect(parse('蔬菜箱｜４５．５｜最少 ２０｜截止 １８：００')).toEqual({
      item: '蔬菜箱',
      priceCents: 4550,
      ...noSettings,
      min: 20,
      closesAt: Date.parse('2026-04-01T18:00:00+08:00'),
    });
  });

  it('mixes ASCII and full-width bars', () => {
    expect(parse('Eggs ｜ 12 | max 30 ｜ limit 3')).toMatchObject({
      item: 'Eggs',
      priceCents: 1200,
      max: 30,
      limit: 3,
    });
  });

  it('trims the item, including ideographic spaces, but keeps the spaces inside it', () => {
    expect(parse('\u3000 Vegetable  box\u3000\t| 45').item).toBe('Vegetable  box');
  });

  describe('until', () => {
    it('closes at a time later today when that time is still ahead', () => {
      expect(parse('Eggs | 12 | until 18:00').closesAt).toBe(Date.parse('2026-04-01T18:00:00+08:00'));
      expect(parse('Eggs | 12 | until 08:01').closesAt).toBe(Date.parse('2026-04-01T08:01:00+08:00'));
    });

    it('closes tomorrow at a time already past today', () => {
      expect(parse('Eggs | 12 | until 07:00').closesAt).toBe(Date.parse('2026-04-02T07:00:00+08:00'));
      expect(parse('Eggs | 12 | until 00:00').closesAt).toBe(Date.parse('2026-04-02T00:00:00+08:00'));
    });

    it('closes tomorrow at the very minute it is now, never at once', () => {
      expect(parse('Eggs | 12 | until 08:00').closesAt).toBe(Date.parse('2026-04-02T08:00:00+08:00'));
    });

    it('closes on the whole minute even when now is in the middle of one', () => {
      const later = now + 30_000 + 123;
      expect(parseBuy('Eggs | 12 | until 18:00', { ...context, now: later }).closesAt).toBe(
        Date.parse('2026-04-01T18:00:00+08:00'),
      );
    });

    it('reads an hour of one digit and a dot between hours and minutes', () => {
      expect(parse('Eggs | 12 | until 9:30').closesAt).toBe(Date.parse('2026-04-01T09:30:00+08:00'));
      expect(parse('Eggs | 12 | until 18.00').closesAt).toBe(Date.parse('2026-04-01T18:00:00+08:00'));
    });

    it('reads the time in the time zone it is given', () => {
      // 08:00 in Shanghai is 00:00 UTC and 05:30 in Kolkata
      expect(parseBuy('Eggs | 12 | until 18:00', { ...context, timezone: 'UTC' }).closesAt).toBe(
        Date.parse('2026-04-01T18:00:00Z'),
      );
      expect(parseBuy('Eggs | 12 | until 05:00', { ...context, timezone: 'Asia/Kolkata' }).closesAt).toBe(
        Date.parse('2026-04-02T05:00:00+05:30'),
      );
    });

    it('accepts a duration of 30 days and refuses a longer one', () => {
      expect(parse('Eggs | 12 | until 30d').closesAt).toBe(now + 30 * day);
      expect(parse('Eggs | 12 | until 720h').closesAt).toBe(now + 30 * day);
      expect(parseKey('Eggs | 12 | until 31d')).toBe('buy-until-invalid');
      expect(parseKey('Eggs | 12 | until 721h')).toBe('buy-until-invalid');
    });

    it.each(['25:00', '24:00', '18:60', '18', '18:0', 'tomorrow', '0h', '6 hours', '-6h', '明天'])(
      'refuses until %j',
      (value) => {
        expect(parseKey(`Eggs | 12 | until ${value}`)).toBe('buy-until-invalid');
      },
    );

    it('closes at the wall-clock time asked for on the day clocks go forward', () => {
      // Berlin, 29 March 2026: at 02:00 the clocks jump to 03:00 (CET +01:00 → CEST +02:00)
      const beforeJump = Date.parse('2026-03-29T01:00:00+01:00');
      const closesAt = parseBuy('Eggs | 12 | until 18:00', {
        ...context,
        now: beforeJump,
        timezone: 'Europe/Berlin',
      }).closesAt;
      expect(wallClock(closesAt, 'Europe/Berlin')).toBe('18:00');
      expect(closesAt).toBe(Date.parse('2026-03-29T18:00:00+02:00'));
    });

    it('closes at the wall-clock time asked for on the day clocks go back', () => {
      // Berlin, 25 October 2026: at 03:00 the clocks go back to 02:00 (CEST +02:00 → CET +01:00)
      const beforeChange = Date.parse('2026-10-25T01:00:00+02:00');
      const closesAt = parseBuy('Eggs | 12 | until 18:00', {
        ...context,
        now: beforeChange,
        timezone: 'Europe/Berlin',
      }).closesAt;
      expect(wallClock(closesAt, 'Europe/Berlin')).toBe('18:00');
      expect(closesAt).toBe(Date.parse('2026-10-25T18:00:00+01:00'));
    });

    const hhmm = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }));
    const moment = fc.integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: Date.parse('2100-01-01T00:00:00Z') });
    // zones without daylight saving time in these years, on whole, half and quarter hours
    const steadyZone = fc.constantFrom('Asia/Shanghai', 'UTC', 'Asia/Kolkata', 'Asia/Kathmandu', 'Asia/Tokyo');

    it('closes at the next time the clock shows HH:MM, within a day, on a whole minute', () => {
      fc.assert(
        fc.property(moment, hhmm, steadyZone, fc.boolean(), (at, [h, m], timezone, pad) => {
          const written = `${pad ? String(h).padStart(2, '0') : String(h)}:${String(m).padStart(2, '0')}`;
          const closesAt = parseBuy(`Eggs | 12 | until ${written}`, { now: at, timezone, defaultDurationMs }).closesAt;
          expect(closesAt).toBeGreaterThan(at);
          expect(closesAt - at).toBeLessThanOrEqual(day);
          expect(closesAt % minute).toBe(0);
          expect(wallClock(closesAt, timezone)).toBe(`${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
        }),
      );
    });
  });

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

  describe('counts', () => {
    it(`accepts counts from 1 to ${maxQuantity}`, () => {
      expect(parse(`Eggs | 12 | min 1 | max ${maxQuantity} | limit ${maxQuantity}`)).toMatchObject({
        min: 1,
        max: maxQuantity,
        limit: maxQuantity,
      });
    });

    it('accepts a min equal to the max', () => {
      expect(parse('Eggs | 12 | min 10 | max 10')).toMatchObject({ min: 10, max: 10 });
    });

    it('lowers a limit above the max to the max, in any order', () => {
      expect(parse('Eggs | 12 | max 10 | limit 50').limit).toBe(10);
      expect(parse('Eggs | 12 | limit 50 | max 10').limit).toBe(10);
    });

    it('keeps a limit at or below the max, and a limit without a max', () => {
      expect(parse('Eggs | 12 | max 10 | limit 10').limit).toBe(10);
      expect(parse('Eggs | 12 | max 10 | limit 3').limit).toBe(3);
      expect(parse('Eggs | 12 | limit 50').limit).toBe(50);
    });

    it('allows a limit above a min and a min without a max', () => {
      expect(parse('Eggs | 12 | min 40 | limit 2')).toMatchObject({ min: 40, max: null, limit: 2 });
    });
  });

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

describe('floorOf', () => {
  it.each<[string, number]>([
    ['1502', 15],
    ['3-1502', 15],
    ['301', 3],
    ['902', 9],
    ['1001', 10],
    ['12A', 0],
    ['B1-0902', 9],
    ['3号1502', 15],
    ['A', 0],
    ['', 0],
    ['99', 0],
    ['100', 1],
  ])('reads the floor of %j as %i', (unit, floor) => {
    expect(floorOf(unit)).toBe(floor);
  });
});

describe('byFloorThenUnit', () => {
  it('sorts units by floor, then in natural order', () => {
    expect(['1502', '301', '902', '1001', '12A', '3-1501'].sort(byFloorThenUnit)).toEqual([
      '12A',
      '301',
      '902',
      '1001',
      '3-1501',
      '1502',
    ]);
  });

  it('puts 902 before 1001, which a plain string sort would not', () => {
    expect(byFloorThenUnit('902', '1001')).toBeLessThan(0);
    expect(byFloorThenUnit('1001', '902')).toBeGreaterThan(0);
    expect(byFloorThenUnit('1502', '1502')).toBe(0);
  });

  const unit = fc.oneof(
    fc.integer({ min: 101, max: 3_399 }).map(String),
    fc.tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 101, max: 3_399 })).map(([b, u]) => `${b}-${u}`),
    fc.tuple(fc.integer({ min: 1, max: 40 }), fc.constantFrom('A', 'B')).map(([n, l]) => `${n}${l}`),
    fc.string({ maxLength: 8 }),
  );

  it('is a consistent order: antisymmetric, and floors never go down in a sorted list', () => {
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 30 }), fc.tuple(unit, unit), (units, [a, b]) => {
        expect(Math.sign(byFloorThenUnit(a, b)) + 0).toBe(-Math.sign(byFloorThenUnit(b, a)) + 0);
        const floors = [...units].sort(byFloorThenUnit).map(floorOf);
        expect(floors).toEqual([...floors].sort((x, y) => x - y));
      }),
    );
  });
});

describe('buy callback data', () => {
  const actions: BuyAction[] = ['plus', 'minus', 'mine', 'close'];
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

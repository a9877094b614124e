import { describe, expect, it } from 'vitest';
import { type BuyCommand, maxQuantity, parseBuy } from '../../../src/features/buys/buys.ts';
import { context, day, hour, minute, noSettings, now, parse } from './parse-buy-context.ts';

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
});

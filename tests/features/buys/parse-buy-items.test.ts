import { describe, expect, it } from 'vitest';
import { type BuyCommand, itemsOf, maxItems } from '../../../src/features/buys/buys.ts';
import { day, defaultDurationMs, fullWidthDigits, now, parse, parseError, parseKey } from './parse-buy-context.ts';

const at18 = Date.parse('2026-04-01T18:00:00+08:00');

describe('parseBuy of several items', () => {
  it('reads the example of the spec: a title with the buy’s settings, then an item per line with its own', () => {
    const command = parse(
      [
        '周三蔬菜团 Wednesday vegetables | until 18:00 | min ¥300',
        '白菜 Cabbage 3 kg | 15 | limit 2',
        '鸡蛋 Eggs, tray of 30 | 30 | max 100',
      ].join('\n'),
    );
    expect(command).toEqual<BuyCommand>({
      item: '周三蔬菜团 Wednesday vegetables',
      priceCents: 1500,
      min: null,
      max: null,
      limit: null,
      closesAt: at18,
      minAmountCents: 30000,
      items: [
        { name: '白菜 Cabbage 3 kg', priceCents: 1500, max: null, limit: 2 },
        { name: '鸡蛋 Eggs, tray of 30', priceCents: 3000, max: 100, limit: null },
      ],
    });
  });

  it('takes a title without settings, the default deadline, and lines ending in \\r\\n or with blank lines between', () => {
    const command = parse('Breakfast\r\nEggs | 30\r\n\r\n  \nMilk | 0.5 | limit 1\r\n');
    expect(command.item).toBe('Breakfast');
    expect(command.closesAt).toBe(now + defaultDurationMs);
    expect(command.items?.map((i) => [i.name, i.priceCents, i.limit])).toEqual([
      ['Eggs', 3000, null],
      ['Milk', 50, 1],
    ]);
  });

  it('reads full-width bars and digits on item lines, keeping the names as typed', () => {
    const command = parse(`蔬菜团 ｜ 截止 ${fullWidthDigits('6h')}\n白菜 ｜ ${fullWidthDigits('15')} ｜ 限购 ２`);
    expect(command.closesAt).toBe(now + 6 * 3_600_000);
    expect(command.items).toEqual([{ name: '白菜', priceCents: 1500, max: null, limit: 2 }]);
  });

  it('applies the first line’s max, limit and min to the whole buy, and keeps an item’s limit within its stock', () => {
    const command = parse('Box | min 5 | max 50 | limit 4 | until 2d\nA | 1 | max 3 | limit 9\nB | 2');
    expect(command).toMatchObject({ min: 5, max: 50, limit: 4, closesAt: now + 2 * day });
    expect(command.items?.[0]).toEqual({ name: 'A', priceCents: 100, max: 3, limit: 3 });
  });

  it(`takes up to ${maxItems} items`, () => {
    const lines = Array.from({ length: maxItems }, (_, i) => `Item ${i} | ${i + 1}`);
    expect(parse(['Many', ...lines].join('\n')).items).toHaveLength(maxItems);
  });

  it.each<[string, string]>([
    ['Box | 45\nEggs | 30', 'buy-price-on-title'],
    ['Box | until 6h | ¥45\nEggs | 30', 'buy-price-on-title'],
    ['Box | colour red\nEggs | 30', 'buy-setting-unknown'],
    ['Box\nEggs | 30 | min 3', 'buy-item-setting'],
    ['Box\nEggs | 30 | until 6h', 'buy-item-setting'],
    ['Box\nEggs | 30 | max 3 | max 4', 'buy-setting-twice'],
    ['Box\nEggs 30', 'buy-item-line'],
    ['Box\n | 30', 'buy-item-empty'],
    [' | until 6h\nEggs | 30', 'buy-item-empty'],
    ['Box\nEggs | 0', 'buy-price-invalid'],
    ['Box\nEggs | 1.234', 'buy-price-invalid'],
    ['Box | min 7\nEggs | 30 | max 3\nMilk | 1 | max 3', 'buy-min-over-max'],
    ['Box | min ¥100\nEggs | 30 | max 3\nMilk | 1 | max 3', 'buy-min-over-max'],
    ['Box | min ¥0\nEggs | 30', 'buy-amount-invalid'],
    ['Box | min ¥1.234\nEggs | 30', 'buy-amount-invalid'],
    ['Box | min 1.5\nEggs | 30', 'buy-count-invalid'],
    [['Many', ...Array.from({ length: maxItems + 1 }, (_, i) => `Item ${i} | 1`)].join('\n'), 'buy-too-many-items'],
  ])('refuses %j with %s', (args, key) => {
    expect(parseKey(args)).toBe(key);
  });

  it('names the line that is no item line, and the setting that does not go on one', () => {
    expect(parseError('Box\nEggs 30')?.args).toEqual({ line: 'Eggs 30' });
    expect(parseError('Box\nEggs | 30 | min 3')?.args).toEqual({ setting: 'min 3' });
  });
});

describe('parseBuy of one line with a minimum amount', () => {
  it.each<[string, number]>([
    ['min ¥300', 30000],
    ['min ￥300', 30000],
    ['min 300元', 30000],
    ['最少 ¥45.50', 4550],
    ['min $12.5', 1250],
  ])('reads %j as an amount, leaving the quantity minimum unset', (setting, cents) => {
    const command = parse(`Eggs | 12 | ${setting}`);
    expect(command.minAmountCents).toBe(cents);
    expect(command.min).toBeNull();
    expect(command.items).toBeUndefined();
  });

  it('refuses an amount the stock can never reach', () => {
    expect(parseKey('Eggs | 12 | max 10 | min ¥120.01')).toBe('buy-min-over-max');
    expect(parse('Eggs | 12 | max 10 | min ¥120').minAmountCents).toBe(12000);
  });

  it('has one item, itself, as itemsOf gives it', () => {
    expect(itemsOf(parse('Eggs | 12 | max 10 | limit 2'))).toEqual([
      { name: 'Eggs', priceCents: 1200, max: 10, limit: 2 },
    ]);
  });
});

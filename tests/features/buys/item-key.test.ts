import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { itemKey, sameItemIn } from '../../../src/features/buys/buys.ts';

describe('itemKey', () => {
  it.each([
    ['Vegetable box', 'vegetable box'],
    ['  VEGETABLE   Box ', 'vegetable box'],
    ['Ｖｅｇｅｔａｂｌｅ　ｂｏｘ', 'vegetable box'],
    ['蔬菜箱 ', '蔬菜箱'],
    ['Eggs，30', 'eggs,30'],
  ])('reads %j as %j', (item, key) => {
    expect(itemKey(item)).toBe(key);
  });

  it('tells different items apart', () => {
    expect(itemKey('Rice')).not.toBe(itemKey('Rice noodles'));
    expect(itemKey('蔬菜箱')).not.toBe(itemKey('水果箱'));
  });

  it('gives the same key whatever the case and the spaces around', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 30 }), (item) => {
        expect(itemKey(` ${item.toUpperCase()}  `)).toBe(itemKey(item.toLowerCase()));
      }),
    );
  });
});

describe('sameItemIn', () => {
  const open = [
    { id: 3, item: 'Rice' },
    { id: 4, item: 'Vegetable box' },
    { id: 5, item: 'vegetable BOX' },
  ];

  it('finds the first open buy with the same item', () => {
    expect(sameItemIn(open, ' ｖｅｇｅｔａｂｌｅ box')?.id).toBe(4);
  });

  it('finds none for another item', () => {
    expect(sameItemIn(open, 'Vegetable boxes')).toBeUndefined();
    expect(sameItemIn([], 'Rice')).toBeUndefined();
  });
});

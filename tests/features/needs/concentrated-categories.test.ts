import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concentratedCategories } from '../../../src/features/needs/needs.ts';
import { categoryIds } from './need-fixtures.ts';

describe('concentratedCategories', () => {
  it('counts distinct households, not needs', () => {
    const open = [
      { category: 'food', householdKey: 'a' },
      { category: 'food', householdKey: 'a' },
      { category: 'food', householdKey: 'a' },
      { category: 'food', householdKey: 'b' },
    ];
    expect(concentratedCategories(open, 2)).toEqual([{ category: 'food', households: 2 }]);
    expect(concentratedCategories(open, 3)).toEqual([]);
  });

  it('includes a category that reaches the threshold exactly', () => {
    const open = ['a', 'b', 'c'].map((householdKey) => ({ category: 'medicine', householdKey }));
    expect(concentratedCategories(open, 3)).toEqual([{ category: 'medicine', households: 3 }]);
    expect(concentratedCategories(open, 4)).toEqual([]);
  });

  it('lists the categories with most households first', () => {
    const open = [
      { category: 'food', householdKey: 'a' },
      { category: 'food', householdKey: 'b' },
      { category: 'medicine', householdKey: 'a' },
      { category: 'medicine', householdKey: 'b' },
      { category: 'medicine', householdKey: 'c' },
      { category: 'elderly', householdKey: 'd' },
    ];
    expect(concentratedCategories(open, 2)).toEqual([
      { category: 'medicine', households: 3 },
      { category: 'food', households: 2 },
    ]);
  });

  it('gives nothing when there are no open needs', () => {
    expect(concentratedCategories([], 1)).toEqual([]);
  });

  it('agrees with counting households per category by hand', () => {
    const openArb = fc.array(
      fc.record({
        category: fc.constantFrom(...categoryIds),
        householdKey: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
      }),
      { maxLength: 40 },
    );
    fc.assert(
      fc.property(openArb, fc.integer({ min: 1, max: 7 }), (open, threshold) => {
        const result = concentratedCategories(open, threshold);
        const expected = new Map<string, number>();
        for (const category of categoryIds) {
          const households = new Set(open.filter((n) => n.category === category).map((n) => n.householdKey)).size;
          if (households >= threshold) expected.set(category, households);
        }
        expect(new Map(result.map((r) => [r.category, r.households]))).toEqual(expected);
        expect(result).toHaveLength(expected.size);
        for (let i = 1; i < result.length; i++)
          expect(result[i - 1]!.households).toBeGreaterThanOrEqual(result[i]!.households);
      }),
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byFloorThenUnit, floorOf } from '../../../src/features/buys/buys.ts';

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

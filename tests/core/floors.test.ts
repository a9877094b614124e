import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isBasement, parseFloor } from '../../src/core/floors.ts';
import { floorOf } from '../../src/features/buys/buys.ts';

describe('parseFloor', () => {
  it.each([
    ['1502', 15],
    ['3-1502', 15],
    ['301', 3],
    ['１５０２', 15],
    ['1502A', 15],
    ['B1-02', -1],
    ['b2 05', -2],
    ['地下1-02', -1],
    ['B1-0902', 9],
  ])('reads %s as floor %s', (unit, floor) => {
    expect(parseFloor(unit)).toBe(floor);
  });

  it.each(['12A', 'shop', '', 'B0-01', '1234567'])('does not guess a floor for %j', (unit) => {
    expect(parseFloor(unit)).toBeUndefined();
  });

  it('never throws, and answers a whole number or nothing', () => {
    fc.assert(
      fc.property(fc.string(), (unit) => {
        const floor = parseFloor(unit);
        expect(floor === undefined || Number.isInteger(floor)).toBe(true);
      }),
    );
  });

  it('reads any building-unit number as its floor', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 99 }),
        fc.integer({ min: 1, max: 99 }),
        fc.integer({ min: 0, max: 99 }),
        (building, floor, door) => {
          const unit = `${building}-${floor}${String(door).padStart(2, '0')}`;
          expect(parseFloor(unit)).toBe(floor);
        },
      ),
    );
  });

  it('keeps delivery sheets as they were: basements and unknown floors are floor 0 there', () => {
    expect(isBasement('B1-02')).toBe(true);
    expect(floorOf('B1-02')).toBe(0);
    expect(floorOf('12A')).toBe(0);
    expect(floorOf('3-1502')).toBe(15);
  });
});

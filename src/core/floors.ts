import { toAsciiForms } from './text.ts';

/**
 * The floor a unit is on, as residents number them: the digits before the last two of its last number
 * (`1502` → 15, `3-1502` → 15, `301` → 3, `1502A` → 15); a basement unit (`B1-02`, `B2 05`) is below ground, -1 for
 * the first level down, while `B1-0902` is unit 0902 of block B1, floor 9; undefined when the unit does not say
 * (`12A`, `shop`). Never throws.
 */
export function parseFloor(unit: string): number | undefined {
  const text = toAsciiForms(unit).trim().toUpperCase();
  // a basement level and a door of at most two digits: a longer number is a unit of a block named B1
  const basement = /^(?:B|地下)\s*([0-9]{1,2})(?:\s*[-\s]\s*[0-9]{1,2}[A-Z]?)?$/.exec(text);
  if (basement) {
    const level = Number(basement[1]);
    return level >= 1 ? -level : undefined;
  }
  const digits = /([0-9]+)[^0-9]*$/.exec(text)?.[1];
  if (digits === undefined || digits.length > 6) return undefined;
  const n = Number(digits);
  return n >= 100 ? Math.floor(n / 100) : undefined;
}

/** Whether a unit is below ground (`B1-02`). */
export function isBasement(unit: string): boolean {
  const floor = parseFloor(unit);
  return floor !== undefined && floor < 0;
}

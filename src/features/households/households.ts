import { toAsciiForms } from '../../core/text.ts';
import { UsageError } from '../../core/usage-error.ts';

export const maxUnitLength = 16;

/**
 * Reads a household unit as residents write it (`1502`, `3-1502`, `１５０２`, `12a`, `3号1502`) into its stored
 * form: ASCII digits and upper-case letters, dashes between parts. Throws {@link UsageError} `home-usage` when
 * it is empty, too long, or not a unit (no digit, or symbols other than `-` `/` `.` between parts).
 */
export function parseUnit(raw: string): string {
  const ascii = toAsciiForms(raw).trim().toUpperCase();
  const unit = ascii
    .replace(/[\s/.#]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  if (unit.length === 0) throw new UsageError('home-usage');
  if ([...unit].length > maxUnitLength) throw new UsageError('home-too-long', { max: maxUnitLength });
  if (!/^[\p{L}\p{N}-]+$/u.test(unit) || !/[0-9]/.test(unit))
    throw new UsageError('home-invalid', { unit: raw.trim() });
  return unit;
}

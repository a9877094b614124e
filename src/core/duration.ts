import { toAsciiForms } from './text.ts';

const units: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Reads `30m`, `6h`, `2d` (and full-width forms) into milliseconds; undefined when it is not a duration. */
export function parseDuration(text: string): number | undefined {
  const match = /^([1-9][0-9]{0,4})([mhd])$/i.exec(toAsciiForms(text).trim());
  if (!match) return undefined;
  return Number(match[1]) * units[match[2]!.toLowerCase()]!;
}

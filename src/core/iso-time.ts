import { dateTimeFormat } from './time-format.ts';

/**
 * ISO 8601 with the offset of `timezone` (`2026-04-01T20:00:00+08:00`), as the export promises: readable
 * local times that still name one instant.
 */
export function isoWithOffset(at: number, timezone: string): string {
  const wholeSeconds = Math.floor(at / 1000) * 1000;
  const offset = steadyOffset(at, timezone);
  // the zone's offset, the same all hour long (nearly always): the local time is the instant moved by it
  const local =
    offset === undefined ? localTime(at, timezone) : new Date(wholeSeconds + offset).toISOString().slice(0, 19);
  const offsetMinutes = Math.round((Date.parse(`${local}Z`) - wholeSeconds) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** The wall-clock time of `at` in `timezone`, to the second (`2026-04-01T20:00:00`), as Intl reads the zone. */
function localTime(at: number, timezone: string): string {
  const parts = Object.fromEntries(
    dateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(new Date(at))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
}

const HOUR = 3_600_000;
/** Per zone and hour since 1970: its offset in milliseconds when the same all hour (NaN when not). */
const hourOffsets = new Map<string, number>();
/** The hour asked last: times written in a row are mostly of the same hour and zone. */
let last = { timezone: '', hour: Number.NaN, offset: Number.NaN };

/**
 * The zone's offset at `at` when it is the same from the start to the end of that hour and a whole number of
 * minutes; undefined otherwise (an hour with a clock change, a historic local mean time, years outside 1970–9999),
 * where the caller asks Intl. Asking Intl costs microseconds, and an export writes millions of times.
 */
function steadyOffset(at: number, timezone: string): number | undefined {
  if (!(at >= 0 && at < 253_402_214_400_000)) return undefined;
  const hour = Math.floor(at / HOUR);
  let offset = hour === last.hour && timezone === last.timezone ? last.offset : hourOffsets.get(`${timezone}|${hour}`);
  if (offset === undefined) {
    const offsetAt = (t: number) => Date.parse(`${localTime(t, timezone)}Z`) - t;
    const start = offsetAt(hour * HOUR);
    offset = start === offsetAt(hour * HOUR + HOUR - 1000) && start % 60_000 === 0 ? start : Number.NaN;
    // a bot runs for months: the hours it writes times in are few, but keep the map from growing without end
    if (hourOffsets.size >= 100_000) hourOffsets.clear();
    hourOffsets.set(`${timezone}|${hour}`, offset);
  }
  last = { timezone, hour, offset };
  if (Number.isNaN(offset)) return undefined;
  const local = Math.floor(at / 1000) * 1000 + offset;
  return local >= 0 && local < 253_402_300_800_000 ? offset : undefined;
}

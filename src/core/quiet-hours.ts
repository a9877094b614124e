import { dateTimeFormat } from './time-format.ts';

/** `HH:MM` → minutes after midnight. */
export function minutesOfDay(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** The wall-clock minutes after midnight of `at` in `timezone`. */
export function localMinutes(at: number, timezone: string): number {
  const parts = dateTimeFormat('en-GB', {
    timeZone: timezone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(at));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return part('hour') * 60 + part('minute');
}

/**
 * When a non-urgent message due at `at` may go: `at` itself outside quiet hours, else the end of the quiet
 * hours (the window may span midnight, e.g. 22:00–07:00).
 */
export function afterQuietHours(at: number, quiet: { from: string; to: string } | null, timezone: string): number {
  if (!quiet) return at;
  const from = minutesOfDay(quiet.from);
  const to = minutesOfDay(quiet.to);
  const now = localMinutes(at, timezone);
  const inside = from < to ? now >= from && now < to : now >= from || now < to;
  if (!inside) return at;
  const wait = (to - now + 24 * 60) % (24 * 60);
  const startOfMinute = at - (at % 60_000);
  return startOfMinute + wait * 60_000;
}

import { idPattern } from '../../core/ids.ts';
import { isoWithOffset } from '../../core/iso-time.ts';
import { minutesOfDay } from '../../core/quiet-hours.ts';

/** The local date of `at` (`2026-04-01`): one check-in a day, by the building's calendar. */
export function localDay(at: number, timezone: string): string {
  return isoWithOffset(at, timezone).slice(0, 10);
}

/** `HH:MM` as a daily cron expression. */
export function dailyCron(hhmm: string): string {
  const minutes = minutesOfDay(hhmm);
  return `${minutes % 60} ${Math.floor(minutes / 60)} * * *`;
}

/** Callback data of the *I'm OK* button: the household and the day it answers for (`v1:ok:12:20260401`). */
export function okData(householdId: number, day: string): string {
  return `v1:ok:${householdId}:${day.replace(/-/g, '')}`;
}

const okButtonData = new RegExp(`^v1:ok:(${idPattern}):([0-9]{4})([0-9]{2})([0-9]{2})$`);

/** Reads {@link okData}; undefined for anything else (stale or forged data). */
export function parseOkData(data: string): { householdId: number; day: string } | undefined {
  const match = okButtonData.exec(data);
  return match ? { householdId: Number(match[1]), day: `${match[2]}-${match[3]}-${match[4]}` } : undefined;
}

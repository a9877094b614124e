import { CloudEvent, HTTP } from 'cloudevents';
import { CLOUDEVENTS_CONTENT_TYPE } from '../features/events/events.ts';
import { type AlertLevel, alertLevels, maxNoticeLength } from '../features/notices/notices.ts';

export { CLOUDEVENTS_CONTENT_TYPE };

/** The CloudEvent `type` of a city alert, as the district bots' `POST /v1/alerts` expects it (SPEC §7). */
export const CITY_ALERT_TYPE = 'org.mutualaid.alert.issued';
/** The CloudEvent `source` of everything the hub sends down. */
export const HUB_SOURCE = 'mutual-aid-hub';

/** A city alert as it is recorded: a level of SPEC §2.4, a text a group can show, and the districts it goes to. */
export interface CityAlertInput {
  level: AlertLevel;
  text: string;
  /** District ids; all of the config's when the sender named none. */
  districts: string[];
  /** A viewer's name, or `cli`. */
  sentBy: string;
}

/** A city alert the sender got wrong: the message says what to fix (the CLI prints it, the API answers 400). */
export class AlertInputError extends Error {
  override name = 'AlertInputError';
}

/**
 * Checks a city alert's level, text and districts (`known`: the config's ids). `districts` undefined or empty: all.
 * @throws AlertInputError naming what was wrong
 */
export function checkAlertInput(
  input: { level?: unknown; text?: unknown; districts?: unknown },
  known: readonly string[],
): { level: AlertLevel; text: string; districts: string[] } {
  if (typeof input.level !== 'string' || !(alertLevels as readonly string[]).includes(input.level))
    throw new AlertInputError(`level: expected one of ${alertLevels.join(', ')}`);
  const text = typeof input.text === 'string' ? input.text.trim() : '';
  if (text === '') throw new AlertInputError('text: an alert needs a text');
  if (text.length > maxNoticeLength)
    throw new AlertInputError(`text: at most ${maxNoticeLength} characters (UTF-16 units), got ${text.length}`);
  let districts: string[] = [...known];
  if (input.districts !== undefined) {
    if (!Array.isArray(input.districts) || !input.districts.every((d) => typeof d === 'string'))
      throw new AlertInputError('districts: expected a list of district ids');
    const named = [...new Set(input.districts as string[])];
    const unknown = named.filter((d) => !known.includes(d));
    if (unknown.length > 0)
      throw new AlertInputError(`districts: unknown ${unknown.join(', ')} (known: ${known.join(', ')})`);
    if (named.length > 0) districts = named;
  }
  return { level: input.level as AlertLevel, text, districts };
}

/**
 * Reads `alert <level> <text…> [--districts d1,d2]` (the CLI's words after `alert`): the text is every other word,
 * joined by spaces. @throws AlertInputError
 */
export function parseAlertArgs(
  args: readonly string[],
  known: readonly string[],
): { level: AlertLevel; text: string; districts: string[] } {
  const words: string[] = [];
  let districts: string[] | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--districts') {
      const value = args[++i];
      if (value === undefined) throw new AlertInputError('--districts: expected d1,d2');
      districts = value.split(',').filter((d) => d !== '');
    } else if (arg.startsWith('--districts=')) districts = arg.slice('--districts='.length).split(',');
    else words.push(arg);
  }
  const [level, ...text] = words;
  return checkAlertInput({ level, text: text.join(' '), districts }, known);
}

/**
 * The CloudEvent every district is sent for a city alert, built once and stored, so each retry carries the same
 * bytes (and the same signature). `subject` and `id` are the alert's id: a district stores it once by it.
 */
export function cityAlertBody(alert: { id: string; level: AlertLevel; text: string; at: Date; city: string }): string {
  const event = new CloudEvent({
    specversion: '1.0',
    id: alert.id,
    source: HUB_SOURCE,
    type: CITY_ALERT_TYPE,
    time: alert.at.toISOString(),
    datacontenttype: 'application/json',
    subject: alert.id,
    data: { level: alert.level, text: alert.text, city: alert.city },
  });
  return HTTP.structured(event).body as string;
}

/** Retries of an alert's delivery to a district: the first after `firstMs`, doubling to `maxMs`, for `giveUpMs`. */
export interface AlertRetry {
  firstMs: number;
  maxMs: number;
  giveUpMs: number;
}

/** As the bot's webhooks (SPEC §2.9): 10 s doubling to an hour, for 24 hours. */
export const defaultAlertRetry: AlertRetry = { firstMs: 10_000, maxMs: 3_600_000, giveUpMs: 24 * 3_600_000 };

/** The wait after the `attempts`-th failed attempt in a row, or `dead` once `giveUpMs` passed since the first. */
export function nextAttempt(
  retry: AlertRetry,
  attempts: number,
  firstFailedAt: Date,
  now: Date,
): { dead: true } | { dead: false; at: Date } {
  const deadline = firstFailedAt.getTime() + retry.giveUpMs;
  if (now.getTime() >= deadline) return { dead: true };
  const wait = Math.min(retry.maxMs, retry.firstMs * 2 ** Math.min(Math.max(attempts - 1, 0), 30));
  return { dead: false, at: new Date(Math.min(now.getTime() + wait, deadline)) };
}

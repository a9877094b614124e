import { toAsciiForms } from '../../core/text.ts';
import { instantOf, localTime } from '../board/board.ts';

/**
 * Recurring needs (SPEC §2.11): `/need every week …`. A rhythm is stored as its normalised text — `day`, `week`,
 * `3d` (2 to {@link maxRhythmDays} days, 7 being `week`), or weekdays Monday first (`mon,thu`; all seven being
 * `day`) — which {@link parseRhythm} reads back as it is.
 */
export type Rhythm =
  | { kind: 'day' }
  | { kind: 'week' }
  | { kind: 'days'; days: number }
  | { kind: 'weekdays'; weekdays: number[] };

/** The longest `<N>d` rhythm: a private need's text is kept `retentionDays` (30 by default) after it was closed. */
export const maxRhythmDays = 28;

/** A need of the series opens at this local hour of its date (its card still waits for the end of quiet hours). */
export const reopenHour = 8;

/** Weekday names as typed, by JavaScript's day number (0 = Sunday); the first is the normalised form. */
const weekdayNames: ReadonlyArray<readonly string[]> = [
  ['sun', 'sunday', '周日', '周天', '星期日', '星期天', '日', '天'],
  ['mon', 'monday', '周一', '星期一', '一'],
  ['tue', 'tuesday', '周二', '星期二', '二'],
  ['wed', 'wednesday', '周三', '星期三', '三'],
  ['thu', 'thursday', '周四', '星期四', '四'],
  ['fri', 'friday', '周五', '星期五', '五'],
  ['sat', 'saturday', '周六', '星期六', '六'],
];
const dayWords = new Set(['day', 'daily', '每天', '每日']);
const weekWords = new Set(['week', 'weekly', '每周', '每星期', '每礼拜']);
const listSeparators = /[,，、]+/;

/** The normalised text of a rhythm (what the database, the export and the events hold). */
export function rhythmText(rhythm: Rhythm): string {
  switch (rhythm.kind) {
    case 'day':
      return 'day';
    case 'week':
      return 'week';
    case 'days':
      return `${rhythm.days}d`;
    case 'weekdays':
      return [...rhythm.weekdays]
        .sort((a, b) => ((a + 6) % 7) - ((b + 6) % 7))
        .map((d) => weekdayNames[d]![0])
        .join(',');
  }
}

/** A rhythm of `n` days, as its simplest form (`1d` is `day`, `7d` is `week`). */
function everyDays(n: number): Rhythm {
  if (n === 1) return { kind: 'day' };
  if (n === 7) return { kind: 'week' };
  return { kind: 'days', days: n };
}

function weekdaysRhythm(days: ReadonlySet<number>): Rhythm {
  return days.size === 7 ? { kind: 'day' } : { kind: 'weekdays', weekdays: [...days].sort((a, b) => a - b) };
}

function weekdayOf(word: string): number | undefined {
  const day = weekdayNames.findIndex((names) => names.includes(word));
  return day < 0 ? undefined : day;
}

/** `mon,thu`, `周一、周四`, and after `每周` the bare `一、四`; undefined unless every item is a weekday. */
function readWeekdays(text: string, bare: boolean): Rhythm | undefined {
  const items = text.split(listSeparators).filter(Boolean);
  if (items.length === 0) return undefined;
  const days = new Set<number>();
  for (const item of items) {
    // a bare 一 or 日 is a weekday only right after 每周 (`每周一`): alone it is a number or "day"
    const day = bare || item.length > 1 ? weekdayOf(item) : undefined;
    if (day === undefined) return undefined;
    days.add(day);
  }
  return weekdaysRhythm(days);
}

/** Why a rhythm was refused: unreadable, or a number of days out of range. */
export type RhythmProblem = 'invalid' | 'range';

/**
 * Reads one rhythm phrase, lowercased and in ASCII forms, without `every`: `week`, `day`, `3d`, `3 days`, `mon,thu`,
 * `每周`, `每3天`, `每周一、四`. A number of days out of range is `range`; anything else unreadable is `invalid`.
 */
function readPhrase(phrase: string): Rhythm | RhythmProblem {
  const text = phrase.trim();
  if (dayWords.has(text)) return { kind: 'day' };
  if (weekWords.has(text)) return { kind: 'week' };
  const days = /^(?:每\s*)?([0-9]{1,4})\s*(?:d|days?|天|日)$/.exec(text);
  if (days) {
    const n = Number(days[1]);
    return n >= 1 && n <= maxRhythmDays ? everyDays(n) : 'range';
  }
  const chineseWeek = /^每\s*(?:周|星期|礼拜)\s*(.+)$/.exec(text);
  if (chineseWeek) return readWeekdays(chineseWeek[1]!.replace(/\s+/g, ''), true) ?? 'invalid';
  const list = text.startsWith('每') ? text.slice(1) : text;
  return readWeekdays(list.replace(/\s+/g, ''), false) ?? 'invalid';
}

/**
 * Reads a rhythm as people type it (`every week`, `week`, `3d`, `every 3 days`, `mon,thu`, `每周`, `每天`, `每3天`,
 * `周一,周四`; full-width forms too) into its normalised text; undefined when it is not one. Never throws: what a
 * resident types is data. `parseRhythm(rhythmText(r))` gives `rhythmText(r)` back.
 */
export function parseRhythm(typed: string): string | undefined {
  const text = toAsciiForms(typed)
    .toLowerCase()
    .trim()
    .replace(/^every\s+/, '');
  const read = readPhrase(text);
  return typeof read === 'string' ? undefined : rhythmText(read);
}

/** The rhythm a normalised text names; undefined for anything else (a row written by a future version). */
export function rhythmOf(normalised: string): Rhythm | undefined {
  const read = readPhrase(normalised);
  return typeof read === 'string' || rhythmText(read) !== normalised ? undefined : read;
}

/**
 * Reads the rhythm at the start of `/need`'s words (lowercased ASCII forms): `every` and the phrase (one word, or
 * `3 days`, or a list written with spaces after its commas), or one word starting with 每 (`每周`). Returns the
 * normalised rhythm and how many words it took; a `每…` word that is no rhythm is the need's text (`每天早上送饭`), while
 * `every` followed by no rhythm is a mistake: `{ problem }`.
 */
export function readRhythmWords(
  words: readonly string[],
): { rhythm: string; used: number } | { problem: RhythmProblem } | undefined {
  const [first, ...rest] = words;
  if (first === undefined) return undefined;
  if (first.startsWith('每')) {
    const read = readPhrase(first);
    return typeof read === 'string' ? undefined : { rhythm: rhythmText(read), used: 1 };
  }
  if (first !== 'every') return undefined;
  // the longest phrase that reads: `3 days` (two words), `mon, thu` (a list continued after a comma)
  let phrase = '';
  let best: { rhythm: string; used: number } | undefined;
  let problem: RhythmProblem = 'invalid';
  for (let i = 0; i < rest.length && i < 7; i++) {
    phrase = phrase === '' ? rest[i]! : `${phrase} ${rest[i]!}`;
    const read = readPhrase(phrase);
    if (typeof read !== 'string') best = { rhythm: rhythmText(read), used: i + 2 };
    else if (read === 'range') problem = read;
    const continues = listSeparators.test(rest[i]!.slice(-1)) || /^[0-9]+$/.test(rest[i]!);
    if (!continues) break;
  }
  return best ?? { problem };
}

/**
 * When the next need of a series opens after one was done at `doneAt` (SPEC §2.11): the rhythm counts from the day it
 * was done (weekly insulin delivered on a Thursday is needed again the next Thursday), or, for weekdays, the first
 * of them after that day; at {@link reopenHour} local time in `timezone`.
 */
export function nextOpening(rhythm: Rhythm, doneAt: number, timezone: string): number {
  const done = localTime(doneAt, timezone);
  let plusDays: number;
  if (rhythm.kind === 'day') plusDays = 1;
  else if (rhythm.kind === 'week') plusDays = 7;
  else if (rhythm.kind === 'days') plusDays = rhythm.days;
  else {
    const weekday = new Date(Date.UTC(done.year, done.month - 1, done.day)).getUTCDay();
    plusDays = 1;
    while (plusDays < 7 && !rhythm.weekdays.includes((weekday + plusDays) % 7)) plusDays++;
  }
  const date = new Date(Date.UTC(done.year, done.month - 1, done.day + plusDays));
  const day = { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
  // a clock change may skip the hour: then an hour later
  return (
    instantOf({ ...day, hour: reopenHour, minute: 0 }, timezone) ??
    instantOf({ ...day, hour: reopenHour + 1, minute: 0 }, timezone) ??
    doneAt + plusDays * 86_400_000
  );
}

import type { InlineKeyboardMarkup } from 'grammy/types';
import { cutText } from '../../core/text.ts';
import { dateTimeFormat, formatTime } from '../../core/time-format.ts';
import type { T } from '../../core/translate.ts';
import { byFloorThenUnit } from '../buys/buys.ts';
import type { AnswerRow, CallRow, RosterRow, ShiftView, WaveRow } from './rosters.store.ts';
import { callData, shiftData, waveCount, waveFloors } from './rosters.ts';

const namesShown = 6;

/** A shift's day as residents read it (`Thu 2 Apr`, `4月2日周四`). */
export function shiftDay(at: number, timezone: string, language: 'en' | 'zh'): string {
  return dateTimeFormat(language === 'zh' ? 'zh-CN' : 'en-GB', {
    timeZone: timezone,
    weekday: 'short',
    month: language === 'zh' ? 'numeric' : 'short',
    day: 'numeric',
  }).format(new Date(at));
}

/** A shift's day and hours (`Thu 2 Apr 09:00–11:00`). */
export function shiftWhen(shift: { startAt: number; endAt: number }, timezone: string, language: 'en' | 'zh') {
  return `${shiftDay(shift.startAt, timezone, language)} ${formatTime(shift.startAt, timezone)}–${formatTime(shift.endAt, timezone)}`;
}

function names(shift: ShiftView): string {
  const all = shift.volunteers.map((v) => v.name);
  return all.length > namesShown
    ? `${all.slice(0, namesShown).join(', ')} +${all.length - namesShown}`
    : all.join(', ');
}

/**
 * The roster card: its task and rhythm, a line per shift with filled/needed and who signed up, and a button per
 * shift not yet started showing filled/needed (the same button signs up and withdraws).
 */
export function renderRosterCard(
  t: T,
  roster: RosterRow,
  shifts: readonly ShiftView[],
  place: { timezone: string; language: 'en' | 'zh'; now: number },
): { text: string; replyMarkup: InlineKeyboardMarkup } {
  const lines = [
    t('shift-card-title', { id: roster.id, task: roster.task }),
    t('shift-card-rhythm', { rhythm: roster.rhythm }),
    '',
  ];
  for (const shift of shifts) {
    lines.push(
      t(shift.volunteers.length >= shift.needed ? 'shift-card-line-full' : 'shift-card-line', {
        when: shiftWhen(shift, place.timezone, place.language),
        filled: shift.volunteers.length,
        needed: shift.needed,
      }),
    );
    if (shift.volunteers.length > 0) lines.push(`   ${names(shift)}`);
  }
  if (shifts.length === 0) lines.push(t('shift-card-none'));
  lines.push('', t('shift-card-hint'));
  const buttons = shifts
    .filter((s) => s.startAt > place.now)
    .map((s) => ({
      text: cutText(`${shiftDay(s.startAt, place.timezone, place.language)} ${s.volunteers.length}/${s.needed}`, 40),
      callback_data: shiftData(s.id),
    }));
  const rows: InlineKeyboardMarkup['inline_keyboard'] = [];
  for (let i = 0; i < buttons.length; i += 2) rows.push(buttons.slice(i, i + 2));
  return { text: lines.join('\n'), replyMarkup: { inline_keyboard: rows } };
}

/** `/shifts`: the building's shifts of the coming week, soonest first, with filled/needed and who. */
export function renderShiftList(
  t: T,
  building: string,
  shifts: readonly ShiftView[],
  place: { timezone: string; language: 'en' | 'zh' },
): string {
  if (shifts.length === 0) return t('shifts-none', { building });
  const lines = [t('shifts-title', { building })];
  for (const shift of shifts) {
    lines.push(
      t(shift.volunteers.length >= shift.needed ? 'shifts-line-full' : 'shifts-line', {
        when: shiftWhen(shift, place.timezone, place.language),
        task: cutText(shift.task, 60),
        filled: shift.volunteers.length,
        needed: shift.needed,
      }),
    );
    if (shift.volunteers.length > 0) lines.push(`   ${names(shift)}`);
  }
  return lines.join('\n');
}

/** The floors of a wave as a range (`1–3`, or `33` alone). */
export function floorsText(floors: readonly [number, number]): string {
  return floors[0] === floors[1] ? String(floors[0]) : `${floors[0]}–${floors[1]}`;
}

/**
 * The call card: the task, the waves called so far and the floors now, how many households came down and how many
 * asked for a home visit (counts: the group never learns which units), and the buttons for its state.
 */
export function renderCallCard(
  t: T,
  call: CallRow,
  waves: readonly WaveRow[],
  answers: readonly AnswerRow[],
  timezone: string,
): { text: string; replyMarkup: InlineKeyboardMarkup } {
  const total = waveCount(call);
  const last = waves.at(-1);
  const lines = [
    t('call-card-title', { id: call.id, task: call.task }),
    t('call-card-floors', { floors: floorsText([call.fromFloor, call.toFloor]), per: call.perWave }),
  ];
  if (call.everyMinutes !== null) lines.push(t('call-card-every', { minutes: call.everyMinutes }));
  if (last)
    lines.push(
      t('call-card-now', {
        floors: floorsText([last.fromFloor, last.toFloor]),
        at: formatTime(last.at, timezone),
        wave: last.wave + 1,
        waves: total,
      }),
    );
  const down = answers.filter((a) => a.answer === 'down').length;
  const visits = answers.length - down;
  lines.push(t('call-card-answers', { down, visits }));
  lines.push(t('call-card-status', { status: call.status }));
  if (call.status === 'ended') return { text: lines.join('\n'), replyMarkup: { inline_keyboard: [] } };
  const more = waveFloors(call, waves.length) !== undefined;
  const controls = [
    ...(more ? [{ text: t('call-btn-next'), callback_data: callData('next', call.id) }] : []),
    {
      text: t(call.status === 'paused' ? 'call-btn-resume' : 'call-btn-pause'),
      callback_data: callData('pause', call.id),
    },
    { text: t('call-btn-end'), callback_data: callData('end', call.id) },
  ];
  return {
    text: lines.join('\n'),
    replyMarkup: {
      inline_keyboard: [
        [{ text: t('call-btn-down'), callback_data: callData('down', call.id) }],
        [{ text: t('call-btn-visit'), callback_data: callData('visit', call.id) }],
        controls,
      ],
    },
  };
}

/** The summary posted in the group at the end: waves and times, households answered and home visits (counts only). */
export function renderCallSummary(
  t: T,
  call: CallRow,
  waves: readonly WaveRow[],
  answers: readonly AnswerRow[],
  timezone: string,
): string {
  const lines = [t('call-summary-title', { id: call.id, task: call.task })];
  for (const wave of waves)
    lines.push(
      t('call-summary-wave', { floors: floorsText([wave.fromFloor, wave.toFloor]), at: formatTime(wave.at, timezone) }),
    );
  if (waves.length === 0) lines.push(t('call-summary-no-waves'));
  const visits = answers.filter((a) => a.answer === 'visit').length;
  lines.push(t('call-summary-answers', { answered: answers.length, visits }));
  return lines.join('\n');
}

/** For the organizer and the volunteers only: the units asking for a home visit, by floor. */
export function renderHomeVisits(t: T, call: CallRow, building: string, answers: readonly AnswerRow[]): string {
  const units = answers
    .filter((a) => a.answer === 'visit')
    .map((a) => a.unit)
    .sort(byFloorThenUnit);
  return units.length === 0
    ? t('call-visits-none', { id: call.id, task: call.task, building })
    : t('call-visits', { id: call.id, task: call.task, building, units: units.join(', '), count: units.length });
}

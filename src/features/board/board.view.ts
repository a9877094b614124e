import { cutText, maxMessageLength } from '../../core/text.ts';
import type { T } from '../../core/translate.ts';
import { type CategoryLabel, ellipsis } from '../needs/needs.view.ts';
import type { AlertLevel } from '../notices/notices.ts';
import { type NeedCounts, percentOf, scheduleHorizonDays } from './board.ts';

/** A board stays well under Telegram's 4,096: room is kept for a longer translation. */
export const maxBoardLength = maxMessageLength - 96;

/** How many of each list the board shows; the rest is counted or left to the cards and `/needs`. */
export const boardLimits = { scheduled: 5, categories: 6, buys: 5, decisions: 3, notices: 3 } as const;

/**
 * Something scheduled to come to the building, as the board lists it. Today the config's scheduled notices;
 * duty rosters and floor calls (SPEC §2.13) are to add their kinds here when they exist.
 */
export type ScheduledItem =
  | {
      kind: 'notice';
      /** When, as residents read it (`Apr 2, 07:30`). */
      at: string;
      text: string;
    }
  /** A shift of a duty roster today (SPEC §2.13), with how many volunteers it has. */
  | { kind: 'shift'; at: string; text: string; filled: number; needed: number }
  /** A floor call in progress, with the floors called now. */
  | { kind: 'call'; text: string; floors: string };

/** Everything a board shows, already public: counts, public texts, no private text, no name, no unit. */
export interface BoardData {
  building: string;
  alert: AlertLevel | 'none';
  /** Soonest first. */
  scheduled: readonly ScheduledItem[];
  needs: NeedCounts;
  /** Open now, oldest first. */
  buys: ReadonlyArray<{ id: number; item: string; deadline: string; households: number }>;
  /** The last decisions taken by vote, the latest first. */
  decisions: ReadonlyArray<{ id: number; question: string; option: string }>;
  /** The latest notices and alerts, newest first, with how many registered households acknowledged each. */
  notices: ReadonlyArray<{
    id: number;
    level: 'info' | AlertLevel;
    text: string;
    acknowledged: number;
    households: number;
  }>;
  /** When the board was last changed, as residents read it. */
  updated: string;
  /** Categories as the building's readers see them. */
  label: CategoryLabel;
  /** The household survey's response (SPEC §2.10): counts only; left out before anyone answered. */
  survey?: { answered: number; households: number };
}

/**
 * The building's status board (SPEC §2.8), in the language of `t`: the alert in force, what is scheduled next, open
 * needs by priority and category, group buys open now, the last decisions taken by vote, the latest notices with
 * their acknowledgement rate. Every list is capped and every text shortened, so it is always one message.
 */
export function renderBoard(t: T, data: BoardData): string {
  const lines = [t('board-title', { building: ellipsis(data.building, 60) }), t('board-alert', { level: data.alert })];

  lines.push('');
  if (data.scheduled.length === 0) lines.push(t('board-scheduled-none', { days: scheduleHorizonDays }));
  else {
    lines.push(t('board-scheduled-title'));
    for (const item of data.scheduled.slice(0, boardLimits.scheduled)) {
      const text = ellipsis(item.text, 60);
      if (item.kind === 'call') lines.push(t('board-scheduled-call', { text, floors: item.floors }));
      else if (item.kind === 'shift')
        lines.push(t('board-scheduled-shift', { at: item.at, text, filled: item.filled, needed: item.needed }));
      else lines.push(t('board-scheduled-notice', { at: item.at, text }));
    }
  }

  lines.push('');
  const { needs } = data;
  if (needs.total === 0) lines.push(t('board-needs-none'));
  else {
    lines.push(
      t('board-needs', {
        count: needs.total,
        urgent: needs.byPriority.urgent,
        high: needs.byPriority.high,
        normal: needs.byPriority.normal,
      }),
    );
    const shown = needs.byCategory.slice(0, boardLimits.categories);
    const others = needs.byCategory.slice(boardLimits.categories).reduce((n, c) => n + c.count, 0);
    const list = shown.map((c) => `#${ellipsis(data.label(c.category), 20)} ${c.count}`);
    if (others > 0) list.push(`… ${others}`);
    lines.push(t('needs-by-category', { list: list.join(' · ') }));
  }

  lines.push('');
  if (data.buys.length === 0) lines.push(t('board-buys-none'));
  else {
    lines.push(t('board-buys-title'));
    for (const buy of data.buys.slice(0, boardLimits.buys))
      lines.push(t('board-buy', { ...buy, item: ellipsis(buy.item, 40) }));
    const more = data.buys.length - boardLimits.buys;
    if (more > 0) lines.push(t('board-buys-more', { count: more }));
  }

  lines.push('');
  if (data.decisions.length === 0) lines.push(t('board-decisions-none'));
  else {
    lines.push(t('board-decisions-title'));
    for (const decision of data.decisions.slice(0, boardLimits.decisions))
      lines.push(
        t('board-decision', {
          id: decision.id,
          question: ellipsis(decision.question, 60),
          option: ellipsis(decision.option, 30),
        }),
      );
  }

  lines.push('');
  if (data.notices.length === 0) lines.push(t('board-notices-none'));
  else {
    lines.push(t('board-notices-title'));
    for (const notice of data.notices.slice(0, boardLimits.notices))
      lines.push(
        t('board-notice', {
          id: notice.id,
          level: notice.level,
          text: ellipsis(notice.text, 50),
          acknowledged: notice.acknowledged,
          households: notice.households,
          percent: percentOf(notice.acknowledged, notice.households),
        }),
      );
  }

  if (data.survey && data.survey.answered > 0) {
    const { answered, households } = data.survey;
    lines.push('', t('board-survey', { answered, households, percent: percentOf(answered, households) }));
  }

  lines.push('', t('board-updated', { at: data.updated }));
  return fitted(lines);
}

/** The lines as one text of at most {@link maxBoardLength}, cut between lines (never inside a character). */
function fitted(lines: readonly string[]): string {
  const text = lines.join('\n');
  if (text.length <= maxBoardLength) return text;
  // only a translation far longer than ours could get here: the end goes, whole lines at a time
  const cut = text.lastIndexOf('\n', maxBoardLength - 2);
  return cut > 0 ? `${text.slice(0, cut)}\n…` : cutText(text, maxBoardLength);
}

import type { InlineKeyboardMarkup } from 'grammy/types';
import { type RichLine, type RichText, richText } from '../../core/rich-text.ts';
import { graphemesOf } from '../../core/text.ts';
import { dateTimeFormat, formatDateTime } from '../../core/time-format.ts';
import type { Locale, T } from '../../core/translate.ts';
import { actionsFor, buyHints, byUrgencyThenAge, type NeedStatus, needCallbackData, type Priority } from './needs.ts';
import { nextOpening, type Rhythm, rhythmOf } from './recurring.ts';

export interface CardNeed {
  id: number;
  priority: Priority;
  category: string;
  text: string | null;
  private: boolean;
  status: NeedStatus;
  unit: string | null;
  requesterId: number | null;
  enteredBy: number;
  /** Null for a household without a phone (assisted mode). */
  requesterName: string | null;
  enteredByName: string;
  claimedBy: number | null;
  claimerName: string | null;
  claimExpiredAt: number | null;
  createdAt: number;
  /** The committee the claimer helps for (*We'll handle it* in its chat, SPEC §2.8); absent or null otherwise. */
  committeeName?: string | null;
  /** A recurring need's normalised rhythm (SPEC §2.11); absent or null for a one-off need. */
  repeat?: string | null;
  /** When the series' next need opens (set once this one is done). */
  nextAt?: number | null;
  /** The offer that served it (a match, SPEC §2.11). */
  offerId?: number | null;
}

/** Where a card is read: the time zone and language its dates are shown in. */
export interface CardPlace {
  timezone: string;
  language: Locale;
}

/** A weekday's short name in the reader's language (`Mon`, `周一`); 0 is Sunday. */
function weekdayName(day: number, language: Locale): string {
  const format = dateTimeFormat(language === 'zh' ? 'zh-CN' : 'en-GB', { weekday: 'short', timeZone: 'UTC' });
  // 4 January 2026 was a Sunday
  return format.format(new Date(Date.UTC(2026, 0, 4 + day)));
}

/** A rhythm as the reader says it: `every week`, `every 3 days`, `every Mon, Thu`; `每周`, `每3天`, `每周一、周四`. */
export function rhythmLabel(t: T, rhythm: Rhythm, language: Locale): string {
  if (rhythm.kind === 'day') return t('rhythm-day');
  if (rhythm.kind === 'week') return t('rhythm-week');
  if (rhythm.kind === 'days') return t('rhythm-days', { days: rhythm.days });
  const days = [...rhythm.weekdays].sort((a, b) => ((a + 6) % 7) - ((b + 6) % 7));
  return t('rhythm-weekdays', {
    days: days.map((d) => weekdayName(d, language)).join(language === 'zh' ? '、' : ', '),
  });
}

/**
 * The card's line of a recurring need: its rhythm and the next date — once done, when the next need opens; before,
 * the earliest it may (if done the day it was posted); a series ended (cancelled, or already followed) shows only the
 * rhythm. None for a one-off need, or without a place to show dates in.
 */
function repeatLine(t: T, need: CardNeed, place: CardPlace | undefined): string | undefined {
  const rhythm = need.repeat ? rhythmOf(need.repeat) : undefined;
  if (!rhythm || !place) return undefined;
  const label = rhythmLabel(t, rhythm, place.language);
  const when = (at: number) => formatDateTime(at, place.timezone, place.language);
  if (need.status === 'done' && need.nextAt != null)
    return t('need-card-repeat-next', { rhythm: label, next: when(need.nextAt) });
  if (need.status === 'open' || need.status === 'claimed')
    return t('need-card-repeat', { rhythm: label, next: when(nextOpening(rhythm, need.createdAt, place.timezone)) });
  return t('need-card-repeat-ended', { rhythm: label });
}

/** How a category is shown to the reader: its label in their language (`categoryLabel` of needs.ts). */
export type CategoryLabel = (id: string) => string;

/**
 * The need card: id, priority, category, text, who asked (name and unit, tappable), status, and the buttons that
 * make sense in that status; a recurring need's rhythm and next date (dates shown in `place`), and the offer that
 * served it. A private need's card says only that the details are with the volunteers: no text, no name, no unit
 * (SPEC §2.1).
 */
export function renderNeedCard(
  t: T,
  need: CardNeed,
  label: CategoryLabel,
  place?: CardPlace,
): RichText & { replyMarkup: InlineKeyboardMarkup } {
  const lines: RichLine[] = [
    t('need-card-title', { id: need.id, priority: need.priority, category: label(need.category) }),
  ];
  if (need.private) lines.push(t('need-card-private'));
  else {
    lines.push(need.text ?? '');
    const name = need.requesterName ?? need.enteredByName;
    const asker = need.requesterId === null ? [] : [{ name, userId: need.requesterId }];
    if (need.requesterName === null) {
      lines.push(t('need-card-for-household', { unit: need.unit ?? t('unit-unknown') }));
    } else {
      const line = need.unit ? t('need-card-asked', { name, unit: need.unit }) : t('need-card-asked-no-unit', { name });
      lines.push({ line, mentions: asker });
    }
    if (need.enteredBy !== need.requesterId) {
      const line = t('need-card-entered', { name: need.enteredByName });
      lines.push({ line, mentions: [{ name: need.enteredByName, userId: need.enteredBy }] });
    }
  }
  lines.push(statusLine(t, need));
  if (need.offerId != null) lines.push(t('need-card-offer', { offer: need.offerId }));
  const repeat = repeatLine(t, need, place);
  if (repeat) lines.push(repeat);
  if (need.status === 'open' && need.claimExpiredAt !== null) lines.push(t('need-card-claim-expired'));
  const buttons = actionsFor(need.status).map((action) => ({
    text: t(`need-btn-${action}`),
    callback_data: needCallbackData(action, need.id),
  }));
  return { ...richText(lines), replyMarkup: { inline_keyboard: buttons.length > 0 ? [buttons] : [] } };
}

function statusLine(t: T, need: CardNeed): RichLine {
  if (need.status === 'claimed') {
    const name = need.claimerName ?? '?';
    const mentions = need.claimedBy === null ? [] : [{ name, userId: need.claimedBy }];
    const committee = need.committeeName;
    const line = committee ? t('need-card-claimed-committee', { name, committee }) : t('need-card-claimed', { name });
    return { line, mentions };
  }
  if (need.status === 'done') return t('need-card-done');
  if (need.status === 'cancelled') return t('need-card-cancelled');
  return t('need-card-open');
}

export const needsPageSize = 10;

/**
 * `/needs`: a header with counts per category (and the group-buy hint where needs concentrate), then one line
 * a need, urgent first then oldest, a page at a time. Private needs are listed without their text.
 */
export function renderNeedsList(
  t: T,
  input: {
    building: string;
    needs: readonly CardNeed[];
    page: number;
    suggestBuyAt: number;
    label: CategoryLabel;
    /** The header's count of open offers (SPEC §2.11), when there are some. */
    offersLine?: string;
  },
): { text: string; page: number; pages: number } {
  const { building, suggestBuyAt, label } = input;
  const offers = input.offersLine ? [input.offersLine] : [];
  if (input.needs.length === 0)
    return { text: [t('needs-none', { building }), ...offers].join('\n'), page: 1, pages: 1 };
  const sorted = [...input.needs].sort(byUrgencyThenAge);
  const pages = Math.ceil(sorted.length / needsPageSize);
  const page = Math.min(Math.max(1, input.page), pages);
  const counts = new Map<string, number>();
  for (const need of sorted) counts.set(need.category, (counts.get(need.category) ?? 0) + 1);
  const lines = [t('needs-header', { building, count: sorted.length })];
  lines.push(
    t('needs-by-category', {
      list: [...counts]
        .sort((a, b) => b[1] - a[1])
        .map(([category, n]) => `#${label(category)} ${n}`)
        .join(' · '),
    }),
  );
  for (const hint of buyHints(sorted, suggestBuyAt)) {
    lines.push(t('needs-suggest-buy', { category: label(hint.category), households: hint.households }));
  }
  lines.push(...offers);
  lines.push('');
  for (const need of sorted.slice((page - 1) * needsPageSize, page * needsPageSize)) {
    const marker = need.priority === 'urgent' ? '🆘 ' : need.priority === 'high' ? '❗ ' : '';
    const claimed = need.status === 'claimed' ? t('needs-line-claimed', { name: need.claimerName ?? '?' }) : '';
    // a private need: neither its text nor its unit (SPEC §2.1)
    const line = need.private
      ? t('needs-line-private', { id: need.id, marker, category: label(need.category), claimed })
      : t('needs-line', {
          id: need.id,
          marker,
          category: label(need.category),
          text: ellipsis(need.text ?? '', 80),
          unit: need.unit ?? t('unit-unknown'),
          claimed,
        });
    lines.push(line);
  }
  if (pages > 1) lines.push('', t('needs-page', { page, pages }));
  return { text: lines.join('\n'), page, pages };
}

/** Cuts at a word boundary where there is one, never inside a user-perceived character (an emoji, a surrogate pair). */
export function ellipsis(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ');
  // no more UTF-16 units than `max` is no more characters: nothing to cut. Else read only as far as the cut (a list
  // cuts every text on its page: segmenting each whole text was half the CPU of rendering /needs)
  if (flat.length <= max) return flat;
  const chars = graphemesOf(flat, max + 1);
  if (chars.length <= max) return flat;
  const cut = chars.slice(0, max - 1).join('');
  const space = cut.lastIndexOf(' ');
  return `${space > max / 2 ? cut.slice(0, space) : cut}…`;
}

/**
 * The Previous and Next buttons under a page of `/needs` (none when it has one page), read back by
 * {@link parseNeedsPageData}.
 */
export function needsPageButtons(t: T, page: number, pages: number): InlineKeyboardMarkup {
  const row = [];
  if (page > 1) row.push({ text: t('needs-prev'), callback_data: `v1:needs:page:${page - 1}` });
  if (page < pages) row.push({ text: t('needs-next'), callback_data: `v1:needs:page:${page + 1}` });
  return { inline_keyboard: row.length > 0 ? [row] : [] };
}

/** The page a `/needs` page button asks for; undefined for any other data. */
export function parseNeedsPageData(data: string): number | undefined {
  const match = /^v1:needs:page:([1-9][0-9]{0,5})$/.exec(data);
  return match ? Number(match[1]) : undefined;
}

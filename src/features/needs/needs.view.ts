import type { InlineKeyboardMarkup } from 'grammy/types';
import type { T } from '../../core/translate.ts';
import {
  actionsFor,
  byUrgencyThenAge,
  concentratedCategories,
  type NeedStatus,
  needCallbackData,
  type Priority,
} from './needs.ts';

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
  claimerName: string | null;
  claimExpiredAt: number | null;
  createdAt: number;
}

/**
 * The need card: id, priority, category, text (never a private one: `where` is a group), who asked (name and
 * unit), status, and the buttons that make sense in that status.
 */
export function renderNeedCard(t: T, need: CardNeed): { text: string; replyMarkup: InlineKeyboardMarkup } {
  const lines = [t('need-card-title', { id: need.id, priority: need.priority, category: need.category })];
  lines.push(need.private ? t('need-card-private') : (need.text ?? ''));
  const name = need.requesterName ?? need.enteredByName;
  if (need.requesterName === null) lines.push(t('need-card-for-household', { unit: need.unit ?? t('unit-unknown') }));
  else lines.push(need.unit ? t('need-card-asked', { name, unit: need.unit }) : t('need-card-asked-no-unit', { name }));
  if (need.enteredBy !== need.requesterId) lines.push(t('need-card-entered', { name: need.enteredByName }));
  lines.push(statusLine(t, need));
  if (need.status === 'open' && need.claimExpiredAt !== null) lines.push(t('need-card-claim-expired'));
  const buttons = actionsFor(need.status).map((action) => ({
    text: t(`need-btn-${action}`),
    callback_data: needCallbackData(action, need.id),
  }));
  return { text: lines.join('\n'), replyMarkup: { inline_keyboard: buttons.length > 0 ? [buttons] : [] } };
}

function statusLine(t: T, need: CardNeed): string {
  if (need.status === 'claimed') return t('need-card-claimed', { name: need.claimerName ?? '?' });
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
  input: { building: string; needs: readonly CardNeed[]; page: number; suggestBuyAt: number },
): { text: string; page: number; pages: number } {
  const { building, suggestBuyAt } = input;
  if (input.needs.length === 0) return { text: t('needs-none', { building }), page: 1, pages: 1 };
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
        .map(([category, n]) => `#${category} ${n}`)
        .join(' · '),
    }),
  );
  const householdKey = (need: CardNeed) => need.unit ?? `user:${need.requesterId}`;
  for (const hint of concentratedCategories(
    sorted.map((n) => ({ category: n.category, householdKey: householdKey(n) })),
    suggestBuyAt,
  )) {
    lines.push(t('needs-suggest-buy', { category: hint.category, households: hint.households }));
  }
  lines.push('');
  for (const need of sorted.slice((page - 1) * needsPageSize, page * needsPageSize)) {
    const marker = need.priority === 'urgent' ? '🆘 ' : need.priority === 'high' ? '❗ ' : '';
    const text = need.private ? t('needs-private-text') : ellipsis(need.text ?? '', 80);
    const claimed = need.status === 'claimed' ? t('needs-line-claimed', { name: need.claimerName ?? '?' }) : '';
    lines.push(
      t('needs-line', {
        id: need.id,
        marker,
        category: need.category,
        text,
        unit: need.unit ?? t('unit-unknown'),
        claimed,
      }),
    );
  }
  if (pages > 1) lines.push('', t('needs-page', { page, pages }));
  return { text: lines.join('\n'), page, pages };
}

/** Cuts at a word boundary where there is one, never in the middle of a surrogate pair. */
export function ellipsis(text: string, max: number): string {
  const chars = [...text.replace(/\s+/g, ' ')];
  if (chars.length <= max) return chars.join('');
  const cut = chars.slice(0, max - 1).join('');
  const space = cut.lastIndexOf(' ');
  return `${space > max / 2 ? cut.slice(0, space) : cut}…`;
}

export function needsPageButtons(t: T, page: number, pages: number): InlineKeyboardMarkup {
  const row = [];
  if (page > 1) row.push({ text: t('needs-prev'), callback_data: `v1:needs:page:${page - 1}` });
  if (page < pages) row.push({ text: t('needs-next'), callback_data: `v1:needs:page:${page + 1}` });
  return { inline_keyboard: row.length > 0 ? [row] : [] };
}

export function parseNeedsPageData(data: string): number | undefined {
  const match = /^v1:needs:page:([1-9][0-9]{0,5})$/.exec(data);
  return match ? Number(match[1]) : undefined;
}

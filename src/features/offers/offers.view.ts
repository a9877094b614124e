import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import { type RichLine, type RichText, richText } from '../../core/rich-text.ts';
import type { T } from '../../core/translate.ts';
import type { Priority } from '../needs/needs.ts';
import { type CategoryLabel, ellipsis } from '../needs/needs.view.ts';
import { maxMatchesShown, type OfferStatus, offerCallbackData } from './offers.ts';

/** What an offer's card and lines show. */
export interface CardOffer {
  id: number;
  category: string;
  text: string;
  status: OfferStatus;
  offeredBy: number;
  authorName: string;
  unit: string | null;
  needId: number | null;
}

/**
 * The offer card: id, category, text, who offers (a tappable name, and the unit), its status (open until when; given,
 * to which need — its number only, since a private need's asker must not be tied to it in the group), and while open
 * *I need this*, *Given*, *Withdraw* (each re-checked when pressed).
 */
export function renderOfferCard(
  t: T,
  offer: CardOffer,
  label: CategoryLabel,
  expires: string,
): RichText & { replyMarkup: InlineKeyboardMarkup } {
  const name = offer.authorName;
  const lines: RichLine[] = [
    t('offer-card-title', { id: offer.id, category: label(offer.category) }),
    offer.text,
    {
      line: t('offer-card-by', { name, unit: offer.unit ?? t('unit-unknown') }),
      mentions: [{ name, userId: offer.offeredBy }],
    },
    statusLine(t, offer, expires),
  ];
  const buttons: InlineKeyboardButton[][] =
    offer.status === 'open'
      ? [
          [{ text: t('offer-btn-take'), callback_data: offerCallbackData('take', offer.id) }],
          [
            { text: t('offer-btn-given'), callback_data: offerCallbackData('given', offer.id) },
            { text: t('offer-btn-withdraw'), callback_data: offerCallbackData('withdraw', offer.id) },
          ],
        ]
      : [];
  return { ...richText(lines), replyMarkup: { inline_keyboard: buttons } };
}

function statusLine(t: T, offer: CardOffer, expires: string): string {
  if (offer.status === 'open') return t('offer-card-open', { until: expires });
  if (offer.status === 'given')
    return offer.needId === null ? t('offer-card-given') : t('offer-card-given-need', { need: offer.needId });
  return offer.status === 'withdrawn' ? t('offer-card-withdrawn') : t('offer-card-expired');
}

/** One line of an offer in a list: `#3 #food — 5 kg rice (Alice Lee, 1502)`. */
function offerLine(t: T, offer: CardOffer, label: CategoryLabel): string {
  return t('offer-line', {
    id: offer.id,
    category: label(offer.category),
    text: ellipsis(offer.text, 80),
    name: offer.authorName,
    unit: offer.unit ?? t('unit-unknown'),
  });
}

/** `/offers`: the building's open offers, oldest first, each with *I need #N* (the first {@link maxMatchesShown}). */
export function renderOffersList<O extends CardOffer>(
  t: T,
  input: { building: string; offers: readonly O[]; label: CategoryLabel; expires: (offer: O) => string },
): { text: string; replyMarkup: InlineKeyboardMarkup } {
  if (input.offers.length === 0)
    return { text: t('offers-none', { building: input.building }), replyMarkup: { inline_keyboard: [] } };
  const lines = [t('offers-header', { building: input.building, count: input.offers.length })];
  for (const offer of input.offers.slice(0, 30))
    lines.push(`${offerLine(t, offer, input.label)} · ${t('offer-until', { until: input.expires(offer) })}`);
  if (input.offers.length > 30) lines.push(t('offers-more', { count: input.offers.length - 30 }));
  const buttons = input.offers
    .slice(0, maxMatchesShown)
    .map((offer) => [
      { text: t('offers-btn-take', { id: offer.id }), callback_data: offerCallbackData('take', offer.id) },
    ]);
  return { text: lines.join('\n'), replyMarkup: { inline_keyboard: buttons } };
}

/** To a new need's asker: the open offers of its category, each with *Ask for #N* (SPEC §2.11). */
export function renderOffersForNeed(
  t: T,
  input: { needId: number; category: string; offers: readonly CardOffer[]; label: CategoryLabel },
): { text: string; replyMarkup: InlineKeyboardMarkup } {
  const shown = input.offers.slice(0, maxMatchesShown);
  const lines = [t('offers-for-need', { need: input.needId, category: input.label(input.category) })];
  for (const offer of shown) lines.push(offerLine(t, offer, input.label));
  lines.push(t('offers-for-need-hint'));
  const buttons = shown.map((offer) => [
    { text: t('offer-btn-ask', { id: offer.id }), callback_data: offerCallbackData('ask', offer.id, input.needId) },
  ]);
  return { text: lines.join('\n'), replyMarkup: { inline_keyboard: buttons } };
}

/** A need as the author of an offer is shown it: a private one without its text, asker or unit. */
export interface MatchableNeed {
  id: number;
  priority: Priority;
  category: string;
  text: string | null;
  private: boolean;
  unit: string | null;
}

/** To a new offer's author: the open needs of its category, urgent first then oldest, each with *Give to #N*. */
export function renderNeedsForOffer(
  t: T,
  input: { offerId: number; category: string; needs: readonly MatchableNeed[]; label: CategoryLabel },
): { text: string; replyMarkup: InlineKeyboardMarkup } {
  const shown = input.needs.slice(0, maxMatchesShown);
  const lines = [t('needs-for-offer', { offer: input.offerId, category: input.label(input.category) })];
  for (const need of shown) {
    const marker = need.priority === 'urgent' ? '🆘 ' : need.priority === 'high' ? '❗ ' : '';
    lines.push(
      need.private
        ? t('needs-for-offer-private', { id: need.id, marker })
        : t('needs-for-offer-line', {
            id: need.id,
            marker,
            text: ellipsis(need.text ?? '', 80),
            unit: need.unit ?? t('unit-unknown'),
          }),
    );
  }
  if (input.needs.length > shown.length) lines.push(t('offers-more', { count: input.needs.length - shown.length }));
  lines.push(t('needs-for-offer-hint'));
  const buttons = shown.map((need) => [
    { text: t('offer-btn-give', { id: need.id }), callback_data: offerCallbackData('give', input.offerId, need.id) },
  ]);
  return { text: lines.join('\n'), replyMarkup: { inline_keyboard: buttons } };
}

/** The open offers line of `/needs` and the digest: `🎁 Open offers: 3 — #food 2 · #medical 1`; none when there are none. */
export function openOffersLine(t: T, counts: ReadonlyMap<string, number>, label: CategoryLabel): string | undefined {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return undefined;
  const list = [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([category, n]) => `#${label(category)} ${n}`)
    .join(' · ');
  return t('offers-open-count', { count: total, list });
}

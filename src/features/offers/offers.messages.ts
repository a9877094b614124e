import type { InlineKeyboardMarkup } from 'grammy/types';
import { localeOfUser } from '../../bot/i18n.ts';
import type { BotConfig } from '../../config/index.ts';
import { type RichLine, richText } from '../../core/rich-text.ts';
import { formatDateTime } from '../../core/time-format.ts';
import { inLanguage, type Locale, type T, type Translate } from '../../core/translate.ts';
import { UsageError } from '../../core/usage-error.ts';
import type { Tx } from '../../db/open.ts';
import { dmRecipient } from '../../db/users.ts';
import { enqueueMessage, lanes } from '../../jobs/outbox.store.ts';
import { type BuildingRow, findBuilding } from '../buildings/buildings.store.ts';
import { tellAskers } from '../needs/needs.household.ts';
import { editCard } from '../needs/needs.messages.ts';
import { claimNeedForOffer, getNeed, listActiveNeeds, type NeedView } from '../needs/needs.store.ts';
import { byUrgencyThenAge, categoryLabel } from '../needs/needs.ts';
import { closeOffer, getOffer, listOpenOffers, type OfferView } from './offers.store.ts';
import { offerExpiresAt } from './offers.ts';
import { renderNeedsForOffer, renderOfferCard, renderOffersForNeed } from './offers.view.ts';

/** What composing an offer's messages needs outside an update (jobs) as well as in one. */
export interface OfferMessageContext {
  translate: Translate;
  config: BotConfig;
  now: number;
}

/** The outbox handle of an offer's card in its building's group: edits find it through it. */
export function offerCardRef(offerId: number): string {
  return `offer:${offerId}:card`;
}

/** When an open offer expires, as the building's readers read it. */
export function offerExpiry(config: BotConfig, offer: { createdAt: number }, language: Locale): string {
  return formatDateTime(offerExpiresAt(offer.createdAt, config.offers.expireAfterDays), config.timezone, language);
}

/** The offer's card (text, mention, buttons) in the building's language. */
export function offerCard(t: T, config: BotConfig, offer: OfferView, building: BuildingRow) {
  const language = building.language as Locale;
  return renderOfferCard(
    t,
    offer,
    categoryLabel(config.needs.categories, language),
    offerExpiry(config, offer, language),
  );
}

/** Re-renders the offer's card in place after a change. */
export function editOfferCard(
  tx: Tx,
  t: T,
  config: BotConfig,
  offer: OfferView,
  building: BuildingRow,
  now: number,
): void {
  const card = offerCard(t, config, offer, building);
  enqueueMessage(
    tx,
    {
      chatId: building.chatId,
      method: 'editMessageText',
      payload: {
        message_ref: offerCardRef(offer.id),
        text: card.text,
        ...(card.entities.length > 0 ? { entities: card.entities } : {}),
        reply_markup: card.replyMarkup,
      },
      kind: 'offer-card-edit',
      priority: lanes.answer,
    },
    now,
  );
}

/** The person's language for a DM, or undefined when the bot may not write to them (no `/start`, blocked). */
function dmLocale(tx: Tx, config: BotConfig, userId: number): Locale | undefined {
  const person = dmRecipient(tx, userId);
  return person ? localeOfUser(person.languageCode ?? undefined, config.language as Locale) : undefined;
}

/** Where a proposal goes when its reader cannot be written to privately: the group, for public content only. */
export type GroupFallback = (text: string, replyMarkup: InlineKeyboardMarkup) => void;

/**
 * Matching, need side (SPEC §2.11): a new need's asker (or whoever entered it for a household) is shown the open
 * offers of its category, each with *Ask for it* — by DM; in the group (`fallback`) only for a public need whose asker
 * the bot may not write to. Offers of the asker's own household are left out. Nothing when there are none.
 */
export function proposeOffersForNeed(
  tx: Tx,
  context: OfferMessageContext,
  need: NeedView,
  fallback?: { say: GroupFallback; language: Locale },
): void {
  if (need.buildingId === null || need.status !== 'open') return;
  const offers = listOpenOffers(tx, need.buildingId, need.category).filter(
    (o) => o.offeredBy !== need.requesterId && (need.householdId === null || o.householdId !== need.householdId),
  );
  if (offers.length === 0) return;
  const reader = need.requesterId ?? need.enteredBy;
  const locale = dmLocale(tx, context.config, reader);
  const render = (language: Locale) =>
    renderOffersForNeed(inLanguage(context.translate, language), {
      needId: need.id,
      category: need.category,
      offers,
      label: categoryLabel(context.config.needs.categories, language),
    });
  if (locale) {
    const message = render(locale);
    enqueueMessage(
      tx,
      {
        chatId: reader,
        payload: { text: message.text, reply_markup: message.replyMarkup },
        kind: 'offers-for-need',
        // after the receipt of the need, when it was posted in this same private chat
        priority: lanes.bulk,
      },
      context.now,
    );
  } else if (fallback && !need.private) {
    const message = render(fallback.language);
    fallback.say(message.text, message.replyMarkup);
  }
}

/**
 * Matching, offer side (SPEC §2.11): a new offer's author is shown the open needs of its category, urgent first then
 * oldest, each with *Give to #N* — by DM, else in the group (`fallback`). A private need is listed by its number only
 * (as its card in the group shows it). Needs of the author's own household are left out.
 */
export function proposeNeedsForOffer(
  tx: Tx,
  context: OfferMessageContext,
  offer: OfferView,
  fallback: { say: GroupFallback; language: Locale },
): void {
  const needs = listActiveNeeds(tx, offer.buildingId)
    .filter(
      (n) =>
        n.status === 'open' &&
        n.category === offer.category &&
        n.requesterId !== offer.offeredBy &&
        (offer.householdId === null || n.householdId !== offer.householdId),
    )
    .sort(byUrgencyThenAge);
  if (needs.length === 0) return;
  const locale = dmLocale(tx, context.config, offer.offeredBy);
  const language = locale ?? fallback.language;
  const message = renderNeedsForOffer(inLanguage(context.translate, language), {
    offerId: offer.id,
    category: offer.category,
    needs,
    label: categoryLabel(context.config.needs.categories, language),
  });
  if (!locale) {
    fallback.say(message.text, message.replyMarkup);
    return;
  }
  enqueueMessage(
    tx,
    {
      chatId: offer.offeredBy,
      payload: { text: message.text, reply_markup: message.replyMarkup },
      kind: 'needs-for-offer',
      priority: lanes.bulk,
    },
    context.now,
  );
}

/**
 * Makes a match (SPEC §2.11), in the caller's transaction: the offer becomes `given` to the need, the need `claimed`
 * by the offer's author and linked to it (both conditional on still being open: of two residents asking for one
 * offer, the second is refused and nothing of theirs is written), both cards are edited, and the two learn each
 * other's name and unit by DM only — the author, as a private need's helper, its text too; the asker's household
 * hears that it is claimed. `actorId` pressed the button. Throws {@link UsageError} when the race was lost.
 */
export function matchOfferToNeed(
  tx: Tx,
  context: OfferMessageContext,
  offer: OfferView,
  need: NeedView,
  actorId: number,
): void {
  const { config, translate, now } = context;
  if (!closeOffer(tx, offer, 'given', { actorId, needId: need.id }, now, config)) throw new UsageError('offer-taken');
  if (!claimNeedForOffer(tx, need, offer, actorId, now, config)) throw new UsageError('need-already-claimed');
  const building = findBuilding(tx, offer.buildingId)!;
  const t = inLanguage(translate, building.language);
  editOfferCard(tx, t, config, getOffer(tx, offer.id)!, building, now);
  const claimed = getNeed(tx, need.id)!;
  editCard(tx, t, config, claimed, building, now);

  const asker = need.requesterId ?? need.enteredBy;
  const askerName = need.requesterName ?? need.enteredByName;
  const authorLocale = dmLocale(tx, config, offer.offeredBy);
  if (authorLocale) {
    const line = translate(authorLocale, 'offer-matched-author', {
      offer: offer.id,
      need: need.id,
      name: askerName,
      unit: need.unit ?? translate(authorLocale, 'unit-unknown'),
      text: need.text ?? '',
    });
    sendRich(tx, offer.offeredBy, [{ line, mentions: [{ name: askerName, userId: asker }] }], 'offer-matched', now);
  }
  const askerLocale = dmLocale(tx, config, asker);
  if (askerLocale) {
    const line = translate(askerLocale, 'offer-matched-asker', {
      offer: offer.id,
      need: need.id,
      name: offer.authorName,
      unit: offer.unit ?? translate(askerLocale, 'unit-unknown'),
      text: offer.text,
    });
    const mentions = [{ name: offer.authorName, userId: offer.offeredBy }];
    sendRich(tx, asker, [{ line, mentions }], 'offer-matched', now);
  }
  // the rest of the household hears it as of any claim; the asker had the fuller message above
  tellAskers(tx, { translate, config, now, need: claimed, event: 'claim', name: offer.authorName, actorId: asker });
}

function sendRich(tx: Tx, chatId: number, lines: RichLine[], kind: string, now: number): void {
  const message = richText(lines);
  enqueueMessage(
    tx,
    {
      chatId,
      payload: { text: message.text, ...(message.entities.length > 0 ? { entities: message.entities } : {}) },
      kind,
      priority: lanes.answer,
    },
    now,
  );
}

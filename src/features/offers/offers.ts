import { idPattern } from '../../core/ids.ts';
import { isoWithOffset } from '../../core/iso-time.ts';
import { codePointLength, toAsciiForms } from '../../core/text.ts';
import type { Locale } from '../../core/translate.ts';
import { UsageError } from '../../core/usage-error.ts';
import {
  defaultCategory,
  findCategory,
  isNeedAsker,
  maxNeedTextLength,
  type NeedActor,
  type NeedCategoryConfig,
  type NeedState,
} from '../needs/needs.ts';

/**
 * Offers (SPEC §2.11): `/offer [#category] <text>` posts a card that needs of its category can be matched to, both
 * ways — a new need shows its asker the open offers (*Ask for it*), a new offer its author the open needs (*Give to
 * #N*), and *I need this* on a card matches the presser's open need of the category, or a new one.
 */
export type OfferStatus = 'open' | 'given' | 'withdrawn' | 'expired';
/** The buttons of an offer's card: *I need this*, and for its author *Given* and *Withdraw*. */
export type OfferCardAction = 'take' | 'given' | 'withdraw';
/** The buttons of a match proposed by DM: *Ask for it* (to a need's asker), *Give to #N* (to an offer's author). */
export type OfferMatchAction = 'ask' | 'give';

export interface OfferCommand {
  category: string;
  /** As typed (full-width characters kept). */
  text: string;
}

/**
 * Reads the arguments of `/offer [#category] <text>` (full-width `＃` read as ASCII; without a category, the config's
 * `other`). Throws {@link UsageError} with what was wrong, the usage included.
 */
export function parseOffer(args: string, categories: readonly NeedCategoryConfig[], language: Locale): OfferCommand {
  const ascii = toAsciiForms(args);
  const first = /^\s*(\S+)/.exec(ascii);
  if (!first) throw new UsageError('offer-usage');
  let category: string | undefined;
  let textStart = 0;
  if (first[1]!.startsWith('#')) {
    category = findCategory(first[1]!.slice(1), categories, language);
    textStart = first[0].length;
  }
  const text = args.slice(textStart).trim();
  if (text.length === 0) throw new UsageError('offer-usage');
  const length = codePointLength(text);
  if (length > maxNeedTextLength) throw new UsageError('need-text-too-long', { max: maxNeedTextLength, length });
  return { category: category ?? defaultCategory(categories), text };
}

/** What decides who may press what on an offer. */
export interface OfferState {
  status: OfferStatus;
  offeredBy: number;
  buildingId: string;
  category: string;
  householdId: number | null;
}

/** Throws {@link UsageError} unless the offer is still open (given, withdrawn or expired: nothing more happens). */
function checkOpen(offer: OfferState): void {
  if (offer.status !== 'open') throw new UsageError('offer-closed', { status: offer.status });
}

/**
 * Whether `actor` may press a button of the offer's card now: *I need this* anyone but its author; *Given* only its
 * author; *Withdraw* its author or an admin (who may take down an offer that should not be there). Throws
 * {@link UsageError} naming the reason.
 */
export function checkOfferAction(
  offer: OfferState,
  action: OfferCardAction,
  actor: { userId: number; isAdmin: boolean; isAnonymous: boolean },
): void {
  // a stale *I need this* on an offer someone else got: the presser lost the race, whenever they pressed
  if (action === 'take' && offer.status === 'given') throw new UsageError('offer-taken');
  checkOpen(offer);
  const author = actor.userId === offer.offeredBy && !actor.isAnonymous;
  if (action === 'take') {
    if (actor.isAnonymous) throw new UsageError('anonymous-no-person');
    if (author) throw new UsageError('offer-own');
    return;
  }
  if (action === 'given' && !author) throw new UsageError('offer-only-author');
  if (action === 'withdraw' && !author && !actor.isAdmin) throw new UsageError('offer-only-author');
}

/**
 * Whether a match of the offer to the need may be made by `actor` (SPEC §2.11): both still open (a need already
 * claimed, done or cancelled, an offer given, withdrawn or expired: refused), of one building and category, not the
 * author's own household's need; *Ask for it* by the need's asker (its household counts), *Give to #N* by the
 * offer's author. Throws {@link UsageError} naming the reason.
 */
export function checkMatch(
  offer: OfferState,
  need: NeedState & { buildingId: string | null; category: string },
  action: OfferMatchAction,
  actor: NeedActor,
): void {
  checkOpen(offer);
  if (need.status === 'done' || need.status === 'cancelled')
    throw new UsageError('need-closed', { status: need.status });
  if (need.status !== 'open') throw new UsageError('need-already-claimed');
  if (need.buildingId !== offer.buildingId || need.category !== offer.category) throw new UsageError('button-invalid');
  if (action === 'ask' && !isNeedAsker(need, actor)) throw new UsageError('offer-ask-only-asker');
  if (action === 'give' && actor.userId !== offer.offeredBy) throw new UsageError('offer-only-author');
  // giving to one's own household is no match (a volunteer who entered the need for another household may give to it)
  const ownHousehold = need.householdId != null && need.householdId === offer.householdId;
  if (need.requesterId === offer.offeredBy || ownHousehold) throw new UsageError('offer-own-need');
}

/** When an open offer expires: `expireAfterDays` after it was posted. */
export function offerExpiresAt(createdAt: number, expireAfterDays: number): number {
  return createdAt + expireAfterDays * 86_400_000;
}

/** At most this many matches are proposed at once (the oldest offers; the most urgent, then oldest, needs). */
export const maxMatchesShown = 8;

// --- callback data -----------------------------------------------------------------------------------------

/** `v1:offer:take:3` (a card's button) or `v1:offer:ask:3:12` (a match: offer 3 for need 12). */
export function offerCallbackData(
  action: OfferCardAction | OfferMatchAction,
  offerId: number,
  needId?: number,
): string {
  return needId === undefined ? `v1:offer:${action}:${offerId}` : `v1:offer:${action}:${offerId}:${needId}`;
}

const offerButtonData = new RegExp(
  `^v1:offer:(?:(take|given|withdraw):(${idPattern})|(ask|give):(${idPattern}):(${idPattern}))$`,
);

export type OfferPress =
  | { action: OfferCardAction; offerId: number }
  | { action: OfferMatchAction; offerId: number; needId: number };

/** Reads {@link offerCallbackData}; undefined for anything else (stale or forged data). */
export function parseOfferCallbackData(data: string): OfferPress | undefined {
  const match = offerButtonData.exec(data);
  if (!match) return undefined;
  if (match[1] !== undefined) return { action: match[1] as OfferCardAction, offerId: Number(match[2]) };
  return { action: match[3] as OfferMatchAction, offerId: Number(match[4]), needId: Number(match[5]) };
}

// --- export ------------------------------------------------------------------------------------------------

/** An offer as the export (SPEC §5) and the `offer.*` events (SPEC §2.9) carry it. */
export type ExportedOffer = {
  id: number;
  building: string;
  category: string;
  text: string;
  status: OfferStatus;
  offeredBy: number;
  unit: string | null;
  need: number | null;
  createdAt: string;
};

/** An offer as exported: offers are public (posted in the group), so their text, author and unit are in it. */
export function offerForExport(
  offer: {
    id: number;
    buildingId: string;
    category: string;
    text: string;
    status: OfferStatus;
    offeredBy: number;
    unit: string | null;
    needId: number | null;
    createdAt: number;
  },
  timezone: string,
): ExportedOffer {
  return {
    id: offer.id,
    building: offer.buildingId,
    category: offer.category,
    text: offer.text,
    status: offer.status,
    offeredBy: offer.offeredBy,
    unit: offer.unit,
    need: offer.needId,
    createdAt: isoWithOffset(offer.createdAt, timezone),
  };
}

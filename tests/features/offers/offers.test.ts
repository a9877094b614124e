import { describe, expect, it } from 'vitest';
import {
  checkMatch,
  checkOfferAction,
  type OfferState,
  offerCallbackData,
  offerForExport,
  parseOffer,
  parseOfferCallbackData,
} from '../../../src/features/offers/offers.ts';
import { categories } from '../needs/need-fixtures.ts';
import { usageError } from '../usage-error.ts';

const AUTHOR = 1;
const ASKER = 2;
const OTHER = 3;
const offer: OfferState = { status: 'open', offeredBy: AUTHOR, buildingId: 'b7', category: 'food', householdId: 10 };
const need = {
  status: 'open' as const,
  requesterId: ASKER,
  enteredBy: ASKER,
  claimedBy: null,
  householdId: 20,
  buildingId: 'b7',
  category: 'food',
};
const person = (userId: number, more: Partial<{ isAdmin: boolean; householdId: number | null }> = {}) => ({
  userId,
  isAdmin: false,
  isVolunteer: false,
  isAnonymous: false,
  householdId: null,
  ...more,
});

describe('parseOffer', () => {
  it('reads an optional category and the text as typed', () => {
    expect(parseOffer('#food 5 kg rice', categories, 'en')).toEqual({ category: 'food', text: '5 kg rice' });
    expect(parseOffer('＃食物 大米 5 公斤', categories, 'zh')).toEqual({ category: 'food', text: '大米 5 公斤' });
    expect(parseOffer('I can drive', categories, 'en')).toEqual({ category: 'other', text: 'I can drive' });
  });

  it('refuses no text, an unknown category and a text too long, each with its reason', () => {
    expect(usageError(() => parseOffer('', categories, 'en'))?.key).toBe('offer-usage');
    expect(usageError(() => parseOffer('#food  ', categories, 'en'))?.key).toBe('offer-usage');
    expect(usageError(() => parseOffer('#spaceship warp', categories, 'en'))?.key).toBe('need-unknown-category');
    expect(usageError(() => parseOffer('x'.repeat(1001), categories, 'en'))?.key).toBe('need-text-too-long');
  });
});

describe('checkOfferAction', () => {
  it('lets anyone but the author ask for it, the author mark it given, the author or an admin withdraw it', () => {
    expect(usageError(() => checkOfferAction(offer, 'take', person(OTHER)))).toBeUndefined();
    expect(usageError(() => checkOfferAction(offer, 'take', person(AUTHOR)))?.key).toBe('offer-own');
    expect(usageError(() => checkOfferAction(offer, 'given', person(OTHER)))?.key).toBe('offer-only-author');
    expect(usageError(() => checkOfferAction(offer, 'given', person(OTHER, { isAdmin: true })))?.key).toBe(
      'offer-only-author',
    );
    expect(usageError(() => checkOfferAction(offer, 'withdraw', person(OTHER)))?.key).toBe('offer-only-author');
    expect(usageError(() => checkOfferAction(offer, 'withdraw', person(OTHER, { isAdmin: true })))).toBeUndefined();
    expect(usageError(() => checkOfferAction(offer, 'given', person(AUTHOR)))).toBeUndefined();
  });

  it('refuses everything on an offer no longer open; a late I need this is told someone else got it', () => {
    for (const status of ['withdrawn', 'expired'] as const)
      expect(usageError(() => checkOfferAction({ ...offer, status }, 'take', person(OTHER)))?.key).toBe('offer-closed');
    expect(usageError(() => checkOfferAction({ ...offer, status: 'given' }, 'take', person(OTHER)))?.key).toBe(
      'offer-taken',
    );
    expect(usageError(() => checkOfferAction({ ...offer, status: 'given' }, 'withdraw', person(AUTHOR)))?.key).toBe(
      'offer-closed',
    );
  });
});

describe('checkMatch', () => {
  it('lets the asker (or their household) ask, the author give', () => {
    expect(usageError(() => checkMatch(offer, need, 'ask', person(ASKER)))).toBeUndefined();
    expect(usageError(() => checkMatch(offer, need, 'ask', person(OTHER, { householdId: 20 })))).toBeUndefined();
    expect(usageError(() => checkMatch(offer, need, 'ask', person(OTHER)))?.key).toBe('offer-ask-only-asker');
    expect(usageError(() => checkMatch(offer, need, 'give', person(AUTHOR)))).toBeUndefined();
    expect(usageError(() => checkMatch(offer, need, 'give', person(OTHER)))?.key).toBe('offer-only-author');
  });

  it('refuses a need already claimed or closed, another building or category, and the author’s own household', () => {
    const author = person(AUTHOR);
    expect(usageError(() => checkMatch(offer, { ...need, status: 'claimed' }, 'give', author))?.key).toBe(
      'need-already-claimed',
    );
    expect(usageError(() => checkMatch(offer, { ...need, status: 'done' }, 'give', author))?.key).toBe('need-closed');
    expect(usageError(() => checkMatch(offer, { ...need, buildingId: 'b3' }, 'give', author))?.key).toBe(
      'button-invalid',
    );
    expect(usageError(() => checkMatch(offer, { ...need, category: 'medicine' }, 'give', author))?.key).toBe(
      'button-invalid',
    );
    expect(usageError(() => checkMatch(offer, { ...need, householdId: 10 }, 'give', author))?.key).toBe(
      'offer-own-need',
    );
    expect(usageError(() => checkMatch({ ...offer, status: 'withdrawn' }, need, 'ask', person(ASKER)))?.key).toBe(
      'offer-closed',
    );
  });
});

describe('offer callback data', () => {
  it('round-trips every button and refuses anything else', () => {
    for (const action of ['take', 'given', 'withdraw'] as const)
      expect(parseOfferCallbackData(offerCallbackData(action, 12))).toEqual({ action, offerId: 12 });
    for (const action of ['ask', 'give'] as const)
      expect(parseOfferCallbackData(offerCallbackData(action, 12, 34))).toEqual({ action, offerId: 12, needId: 34 });
    for (const data of ['v1:offer:take:0', 'v1:offer:ask:1', 'v1:offer:take:1:2', 'v1:offer:eat:1', 'v1:need:claim:1'])
      expect(parseOfferCallbackData(data)).toBeUndefined();
    expect(offerCallbackData('give', 9_999_999_999_999, 9_999_999_999_999).length).toBeLessThanOrEqual(64);
  });
});

describe('offerForExport', () => {
  it('gives the export shape of SPEC §5 with a local ISO time', () => {
    expect(
      offerForExport(
        {
          id: 3,
          buildingId: 'b7',
          category: 'food',
          text: 'rice',
          status: 'given',
          offeredBy: AUTHOR,
          unit: '1502',
          needId: 5,
          createdAt: Date.parse('2026-04-01T08:00:00+08:00'),
        },
        'Asia/Shanghai',
      ),
    ).toEqual({
      id: 3,
      building: 'b7',
      category: 'food',
      text: 'rice',
      status: 'given',
      offeredBy: AUTHOR,
      unit: '1502',
      need: 5,
      createdAt: '2026-04-01T08:00:00+08:00',
    });
  });
});

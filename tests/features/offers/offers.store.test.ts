import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../src/db/open.ts';
import { events } from '../../../src/db/schema.ts';
import {
  applyNeedAction,
  createNeed,
  getNeed,
  latestOfSeries,
  openNextOfSeries,
  recurringDue,
  stopSeries,
} from '../../../src/features/needs/needs.store.ts';
import {
  closeOffer,
  createOffer,
  getOffer,
  listOpenOffers,
  offersToExpire,
  openOfferCounts,
} from '../../../src/features/offers/offers.store.ts';
import { auditRows, DAY, openTestDatabase, seedBuildings, seedHousehold, seedUsers, T0 } from '../../db/memory-db.ts';

const context = { webhooks: [], timezone: 'UTC' };
const AUTHOR = 1;
const ASKER = 2;

let handle: DatabaseHandle;
let household: number;
beforeEach(() => {
  handle = openTestDatabase();
  seedBuildings(handle.db, ['east']);
  seedUsers(handle.db, [
    { id: AUTHOR, firstName: 'Ann', lastName: 'Lee' },
    { id: ASKER, firstName: 'Bo' },
  ]);
  household = seedHousehold(handle.db, 'east', '1502', [AUTHOR]);
});
afterEach(() => handle.close());

function offer(category = 'food', now = T0): number {
  return handle.db.transaction((tx) =>
    createOffer(
      tx,
      { buildingId: 'east', offeredBy: AUTHOR, householdId: household, unit: '1502', category, text: 'rice' },
      now,
      context,
    ),
  );
}

describe('offers in the store', () => {
  it('records an open offer with its author, audited, an offer.created event', () => {
    const id = offer();
    expect(getOffer(handle.db, id)).toMatchObject({
      status: 'open',
      authorName: 'Ann Lee',
      unit: '1502',
      needId: null,
    });
    expect(auditRows(handle.db, 'offer.open').map((r) => [r.actor, r.subject])).toEqual([[AUTHOR, `offer:${id}`]]);
    expect(
      handle.db
        .select()
        .from(events)
        .all()
        .map((e) => e.type),
    ).toEqual(['offer.created']);
  });

  it('closes an offer once: the second close changes nothing (of two askers, one gets it)', () => {
    const id = offer();
    const close = () =>
      handle.db.transaction((tx) =>
        closeOffer(tx, getOffer(tx, id)!, 'given', { actorId: ASKER, needId: 7 }, T0 + 1, context),
      );
    expect(close()).toBe(true);
    expect(close()).toBe(false);
    expect(getOffer(handle.db, id)).toMatchObject({ status: 'given', needId: 7, closedAt: T0 + 1 });
    expect(
      handle.db
        .select()
        .from(events)
        .all()
        .map((e) => e.type),
    ).toEqual(['offer.created', 'offer.given']);
  });

  it('lists and counts the open ones, and finds those to expire by age', () => {
    offer('food', T0);
    offer('food', T0 + DAY);
    const third = offer('medicine', T0 + 2 * DAY);
    handle.db.transaction((tx) => closeOffer(tx, getOffer(tx, third)!, 'withdrawn', { actorId: AUTHOR }, T0, context));
    expect(listOpenOffers(handle.db, 'east').map((o) => o.id)).toEqual([1, 2]);
    expect(listOpenOffers(handle.db, 'east', 'medicine')).toEqual([]);
    expect([...openOfferCounts(handle.db, 'east')]).toEqual([['food', 2]]);
    expect(handle.db.transaction((tx) => offersToExpire(tx, T0 + 7 * DAY, 7)).map((o) => o.id)).toEqual([1]);
    expect(handle.db.transaction((tx) => offersToExpire(tx, T0 + 8 * DAY, 7)).map((o) => o.id)).toEqual([1, 2]);
  });
});

describe('recurring needs in the store', () => {
  function weekly(): number {
    return handle.db.transaction((tx) =>
      createNeed(
        tx,
        {
          buildingId: 'east',
          requesterId: ASKER,
          enteredBy: ASKER,
          householdId: null,
          unit: null,
          priority: 'normal',
          category: 'medicine',
          text: 'insulin',
          private: true,
          status: 'open',
          repeat: 'week',
        },
        T0,
        context,
      ),
    );
  }

  it('schedules the next need when one is done, opens it once however often the check runs', () => {
    const id = weekly();
    handle.db.transaction((tx) => applyNeedAction(tx, getNeed(tx, id)!, 'claim', AUTHOR, T0, context));
    handle.db.transaction((tx) => applyNeedAction(tx, getNeed(tx, id)!, 'done', ASKER, T0, context));
    // 15 January 2026 09:00 UTC, done: the next one opens 22 January at 08:00 UTC
    const nextAt = Date.UTC(2026, 0, 22, 8);
    expect(getNeed(handle.db, id)!.nextAt).toBe(nextAt);
    expect(handle.db.transaction((tx) => recurringDue(tx, nextAt - 1))).toEqual([]);
    const opened = handle.db.transaction((tx) =>
      recurringDue(tx, nextAt + DAY).map((done) => openNextOfSeries(tx, done, nextAt + DAY, context)),
    );
    expect(opened).toEqual([id + 1]);
    expect(handle.db.transaction((tx) => recurringDue(tx, nextAt + 2 * DAY))).toEqual([]);
    expect(getNeed(handle.db, id + 1)).toMatchObject({ status: 'open', seriesId: id, repeat: 'week', text: 'insulin' });
    expect(latestOfSeries(handle.db, getNeed(handle.db, id)!).id).toBe(id + 1);
    expect(auditRows(handle.db, 'need.reopen').map((r) => [r.actor, r.subject, r.details])).toEqual([
      [null, `need:${id + 1}`, { after: id, series: id, repeat: 'week' }],
    ]);
  });

  it('does not schedule a next need once the series is stopped, nor after a cancel', () => {
    const id = weekly();
    handle.db.transaction((tx) => stopSeries(tx, getNeed(tx, id)!, ASKER, T0));
    handle.db.transaction((tx) => applyNeedAction(tx, getNeed(tx, id)!, 'claim', AUTHOR, T0, context));
    handle.db.transaction((tx) => applyNeedAction(tx, getNeed(tx, id)!, 'done', ASKER, T0, context));
    expect(getNeed(handle.db, id)).toMatchObject({ repeat: null, nextAt: null });
    const other = weekly();
    handle.db.transaction((tx) => applyNeedAction(tx, getNeed(tx, other)!, 'cancel', ASKER, T0, context));
    expect(getNeed(handle.db, other)!.nextAt).toBeNull();
    expect(auditRows(handle.db, 'need.stop').map((r) => r.details)).toEqual([{ repeat: 'week' }]);
  });
});

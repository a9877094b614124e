import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../src/db/open.ts';
import { needForExport } from '../../../src/features/export/export.view.ts';
import {
  applyNeedAction,
  claimsToExpire,
  createNeed,
  createNeedByAuthor,
  expireClaim,
  finishedSince,
  getNeed,
  listActiveNeeds,
  markEscalated,
  type NeedView,
  type NewNeed,
  needsOfUser,
  needsToEscalate,
  openNextOfSeries,
  placeDraftNeed,
  purgePrivateTexts,
} from '../../../src/features/needs/needs.store.ts';
import type { NeedAction } from '../../../src/features/needs/needs.ts';
import {
  auditRows,
  DAY,
  HOUR,
  MINUTE,
  openTestDatabase,
  seedBuildings,
  seedHousehold,
  seedUsers,
  T0,
} from '../../db/memory-db.ts';

/** No webhooks: these tests are about needs; their events are tested in tests/features/events. */
const events = { webhooks: [], timezone: 'UTC' };

const ASKER = 1;
const HELPER = 2;
const OTHER = 3;

let handle: DatabaseHandle;
let household: number;
beforeEach(() => {
  handle = openTestDatabase();
  seedBuildings(handle.db, ['east', 'west']);
  seedUsers(handle.db, [
    { id: ASKER, firstName: 'Ann', lastName: 'Lee' },
    { id: HELPER, firstName: 'Bo' },
    { id: OTHER, firstName: 'Cy', lastName: 'Wu' },
  ]);
  household = seedHousehold(handle.db, 'east', '1502', [ASKER]);
});
afterEach(() => handle.close());

function need(overrides: Partial<NewNeed> = {}, now = T0): number {
  return handle.db.transaction((tx) =>
    createNeed(
      tx,
      {
        buildingId: 'east',
        requesterId: ASKER,
        enteredBy: ASKER,
        householdId: household,
        unit: '1502',
        priority: 'normal',
        category: 'food',
        text: 'bread for two days',
        private: false,
        status: 'open',
        ...overrides,
      },
      now,
      events,
    ),
  );
}

/** A need posted by its author, as `/need` stores it (`createNeedByAuthor`): rice for unit 1502 unless overridden. */
function postedByAuthor(
  overrides: Partial<NewNeed> & { requesterId: number | null },
  author: { firstName: string; lastName: string | null },
): NeedView {
  return handle.db.transaction((tx) =>
    createNeedByAuthor(
      tx,
      {
        buildingId: 'east',
        enteredBy: overrides.requesterId ?? HELPER,
        householdId: household,
        unit: '1502',
        priority: 'high',
        category: 'food',
        text: 'rice',
        private: false,
        status: 'open',
        ...overrides,
      },
      author,
      T0,
      events,
    ),
  );
}

/** Reads the need as the bot does and applies the action to what it read. */
function act(id: number, action: NeedAction, actor: number, now: number): boolean {
  return handle.db.transaction((tx) => applyNeedAction(tx, getNeed(tx, id)!, action, actor, now, events));
}

describe('createNeed and getNeed', () => {
  it('record an open need and read it back with the names a card shows', () => {
    const id = need({ priority: 'urgent', category: 'medicine', text: 'insulin' });
    expect(getNeed(handle.db, id)).toMatchObject({
      id,
      buildingId: 'east',
      requesterId: ASKER,
      enteredBy: ASKER,
      householdId: household,
      unit: '1502',
      priority: 'urgent',
      category: 'medicine',
      text: 'insulin',
      private: false,
      status: 'open',
      claimedBy: null,
      createdAt: T0,
      updatedAt: T0,
      requesterName: 'Ann Lee',
      enteredByName: 'Ann Lee',
      claimerName: null,
    });
  });

  it('give successive needs increasing ids, and find no need for an unknown id', () => {
    const first = need();
    const second = need();
    expect(second).toBeGreaterThan(first);
    expect(getNeed(handle.db, second + 1)).toBeUndefined();
  });

  it('audit an open need by its author without its text', () => {
    const id = need({ text: 'something only the helpers should read', private: true });
    expect(auditRows(handle.db, 'need.open').map((r) => [r.actor, r.buildingId, r.subject, r.details])).toEqual([
      [ASKER, 'east', `need:${id}`, { priority: 'normal', category: 'food', private: true }],
    ]);
    expect(JSON.stringify(auditRows(handle.db))).not.toContain('only the helpers');
  });

  it('record an assisted need with no requester under the name of who typed it, audited as for nobody', () => {
    const id = need({ requesterId: null, enteredBy: HELPER });
    expect(getNeed(handle.db, id)).toMatchObject({ requesterName: null, enteredByName: 'Bo' });
    expect(auditRows(handle.db, 'need.open')[0]).toMatchObject({ actor: HELPER, details: { for: null } });
  });

  it('give a need posted by its author as getNeed reads it back, for the author and for a unit', () => {
    const own = postedByAuthor({ requesterId: ASKER }, { firstName: 'Ann', lastName: 'Lee' });
    expect(own).toEqual(getNeed(handle.db, own.id));
    const forUnit = postedByAuthor({ requesterId: null }, { firstName: 'Bo', lastName: null });
    expect(forUnit).toEqual(getNeed(handle.db, forUnit.id));
    expect(forUnit).toMatchObject({ requesterName: null, enteredByName: 'Bo', claimerName: null });
  });

  it('give a recurring private need and the next of its series as stored, and their events carry them so', () => {
    const posted = postedByAuthor(
      { requesterId: ASKER, priority: 'urgent', category: 'medicine', text: 'insulin', private: true, repeat: 'week' },
      { firstName: 'Ann', lastName: 'Lee' },
    );
    expect(posted).toEqual(getNeed(handle.db, posted.id));
    act(posted.id, 'claim', HELPER, T0 + HOUR);
    act(posted.id, 'done', HELPER, T0 + 2 * HOUR);
    const next = handle.db.transaction((tx) => openNextOfSeries(tx, getNeed(tx, posted.id)!, T0 + 8 * DAY, events));
    const stored = getNeed(handle.db, next!)!;
    expect(stored).toMatchObject({ seriesId: posted.id, repeat: 'week', status: 'open', createdAt: T0 + 8 * DAY });
    // each need.created event holds the need as exported from the row as stored (a private one without its text)
    const created = handle.sqlite
      .prepare("SELECT body FROM events WHERE type = 'need.created' ORDER BY seq")
      .all() as Array<{ body: string }>;
    expect(created.map((e) => JSON.parse(e.body).data)).toEqual([
      needForExport(posted, 'UTC'),
      needForExport(stored, 'UTC'),
    ]);
  });

  it('audit no draft until it is placed', () => {
    need({ status: 'draft', buildingId: null, householdId: null, unit: null, private: true });
    expect(auditRows(handle.db, 'need.open')).toEqual([]);
  });
});

describe('placeDraftNeed', () => {
  const place = () => ({ buildingId: 'west', householdId: seedHousehold(handle.db, 'west', '301'), unit: '301' });

  it('opens the draft in the chosen building, as posted now, and audits it', () => {
    const id = need({ status: 'draft', buildingId: null, householdId: null, unit: null, private: true });
    const where = place();
    const placed = handle.db.transaction((tx) => placeDraftNeed(tx, id, where, T0 + MINUTE, events));
    expect(placed).toMatchObject({ id, ...where, status: 'open', createdAt: T0 + MINUTE, updatedAt: T0 + MINUTE });
    expect(getNeed(handle.db, id)).toMatchObject({ ...where, status: 'open' });
    expect(auditRows(handle.db, 'need.open').map((r) => [r.buildingId, r.at, r.details])).toEqual([
      ['west', T0 + MINUTE, { priority: 'normal', category: 'food', private: true }],
    ]);
  });

  it('places a draft once: a second choice changes nothing', () => {
    const id = need({ status: 'draft', buildingId: null, householdId: null, unit: null, private: true });
    const where = place();
    handle.db.transaction((tx) => placeDraftNeed(tx, id, where, T0 + MINUTE, events));
    const again = handle.db.transaction((tx) =>
      placeDraftNeed(tx, id, { buildingId: 'east', householdId: household, unit: '1502' }, T0 + HOUR, events),
    );
    expect(again).toBeUndefined();
    expect(getNeed(handle.db, id)).toMatchObject({ buildingId: 'west', createdAt: T0 + MINUTE });
    expect(auditRows(handle.db, 'need.open')).toHaveLength(1);
  });

  it('does not touch a need that is no draft', () => {
    const id = need();
    const placed = handle.db.transaction((tx) => placeDraftNeed(tx, id, place(), T0 + HOUR, events));
    expect(placed).toBeUndefined();
    expect(getNeed(handle.db, id)).toMatchObject({ buildingId: 'east', unit: '1502', createdAt: T0 });
  });
});

describe('applyNeedAction', () => {
  it('claims an open need for the actor and audits the change of status', () => {
    const id = need();
    expect(act(id, 'claim', HELPER, T0 + MINUTE)).toBe(true);
    expect(getNeed(handle.db, id)).toMatchObject({
      status: 'claimed',
      claimedBy: HELPER,
      claimedAt: T0 + MINUTE,
      updatedAt: T0 + MINUTE,
      claimerName: 'Bo',
    });
    expect(auditRows(handle.db, 'need.claim').map((r) => [r.actor, r.buildingId, r.subject, r.details])).toEqual([
      [HELPER, 'east', `need:${id}`, { from: 'open', to: 'claimed' }],
    ]);
  });

  it('lets only one of two presses on the same open need claim it', () => {
    const id = need();
    const seenByBoth = getNeed(handle.db, id)!;
    const first = handle.db.transaction((tx) => applyNeedAction(tx, seenByBoth, 'claim', HELPER, T0 + MINUTE, events));
    const second = handle.db.transaction((tx) =>
      applyNeedAction(tx, seenByBoth, 'claim', OTHER, T0 + 2 * MINUTE, events),
    );
    expect([first, second]).toEqual([true, false]);
    expect(getNeed(handle.db, id)).toMatchObject({ claimedBy: HELPER, claimedAt: T0 + MINUTE });
    expect(auditRows(handle.db, 'need.claim')).toHaveLength(1);
  });

  it('releases a claim back to open, forgetting the claimer', () => {
    const id = need();
    act(id, 'claim', HELPER, T0 + MINUTE);
    expect(act(id, 'release', HELPER, T0 + HOUR)).toBe(true);
    expect(getNeed(handle.db, id)).toMatchObject({
      status: 'open',
      claimedBy: null,
      claimedAt: null,
      claimerName: null,
    });
    expect(auditRows(handle.db, 'need.release')[0]?.details).toEqual({ from: 'claimed', to: 'open' });
  });

  it('marks a claimed need done by whom and when', () => {
    const id = need();
    act(id, 'claim', HELPER, T0 + MINUTE);
    expect(act(id, 'done', ASKER, T0 + HOUR)).toBe(true);
    expect(getNeed(handle.db, id)).toMatchObject({
      status: 'done',
      doneAt: T0 + HOUR,
      doneBy: ASKER,
      claimedBy: HELPER,
    });
  });

  it('cancels an open need and refuses a later action on the stale row', () => {
    const id = need();
    const stale = getNeed(handle.db, id)!;
    expect(act(id, 'cancel', ASKER, T0 + HOUR)).toBe(true);
    expect(getNeed(handle.db, id)).toMatchObject({ status: 'cancelled', cancelledAt: T0 + HOUR });
    expect(handle.db.transaction((tx) => applyNeedAction(tx, stale, 'claim', HELPER, T0 + 2 * HOUR, events))).toBe(
      false,
    );
    expect(getNeed(handle.db, id)).toMatchObject({ status: 'cancelled', claimedBy: null, updatedAt: T0 + HOUR });
  });

  it('clears the mark of a lapsed claim when the need is claimed again', () => {
    const id = need();
    act(id, 'claim', HELPER, T0);
    handle.db.transaction((tx) => expireClaim(tx, getNeed(tx, id)!, T0 + DAY, events));
    expect(getNeed(handle.db, id)?.claimExpiredAt).toBe(T0 + DAY);
    act(id, 'claim', OTHER, T0 + DAY + HOUR);
    expect(getNeed(handle.db, id)).toMatchObject({ claimedBy: OTHER, claimExpiredAt: null });
  });
});

describe('listActiveNeeds', () => {
  it('lists the building’s open and claimed needs only', () => {
    const open = need();
    const claimed = need();
    act(claimed, 'claim', HELPER, T0);
    const done = need();
    act(done, 'claim', HELPER, T0);
    act(done, 'done', HELPER, T0);
    const cancelled = need();
    act(cancelled, 'cancel', ASKER, T0);
    need({ status: 'draft', buildingId: null });
    need({ buildingId: 'west', householdId: null, unit: null });
    // unsorted by promise: the pure rules sort them
    const listed = listActiveNeeds(handle.db, 'east').sort((a, b) => a.id - b.id);
    expect(listed.map((n) => [n.id, n.status, n.claimerName])).toEqual([
      [open, 'open', null],
      [claimed, 'claimed', 'Bo'],
    ]);
  });

  it('is empty for a building without needs', () => {
    need();
    expect(listActiveNeeds(handle.db, 'west')).toEqual([]);
  });
});

describe('needsOfUser', () => {
  it('lists what the user asked or typed and what they claimed, oldest first, leaving finished needs out', () => {
    const asked = need();
    const typedForOther = need({ requesterId: OTHER, enteredBy: ASKER, householdId: null, unit: null });
    const askedForThem = need({ requesterId: ASKER, enteredBy: HELPER });
    const finished = need();
    act(finished, 'cancel', ASKER, T0);
    const someoneElses = need({ requesterId: OTHER, enteredBy: OTHER, householdId: null, unit: null });
    act(someoneElses, 'claim', ASKER, T0);
    const mine = needsOfUser(handle.db, ASKER);
    expect(mine.asked.map((n) => n.id)).toEqual([asked, typedForOther, askedForThem]);
    expect(mine.claimed.map((n) => [n.id, n.claimerName])).toEqual([[someoneElses, 'Ann Lee']]);
  });

  it('stops listing a claim once it is done', () => {
    const id = need();
    act(id, 'claim', HELPER, T0);
    expect(needsOfUser(handle.db, HELPER).claimed.map((n) => n.id)).toEqual([id]);
    act(id, 'done', HELPER, T0 + HOUR);
    expect(needsOfUser(handle.db, HELPER)).toEqual({ asked: [], claimed: [] });
  });
});

describe('needsToEscalate and markEscalated', () => {
  const escalate = (now: number) => handle.db.transaction((tx) => needsToEscalate(tx, now, 30).map((n) => n.id));

  it('find urgent needs still open for the given minutes, high ones after twice as long, normal ones never', () => {
    const urgent = need({ priority: 'urgent' });
    const high = need({ priority: 'high' });
    need({ priority: 'normal' });
    const claimed = need({ priority: 'urgent' });
    act(claimed, 'claim', HELPER, T0 + MINUTE);
    expect(escalate(T0 + 30 * MINUTE - 1)).toEqual([]);
    expect(escalate(T0 + 30 * MINUTE)).toEqual([urgent]);
    expect(escalate(T0 + 60 * MINUTE - 1)).toEqual([urgent]);
    expect(escalate(T0 + 60 * MINUTE)).toEqual([urgent, high]);
  });

  it('raise a need once: marked, it is no longer found, and the escalation is audited', () => {
    const urgent = need({ priority: 'urgent' });
    handle.db.transaction((tx) => markEscalated(tx, { id: urgent, buildingId: 'east' }, T0 + HOUR, events));
    expect(getNeed(handle.db, urgent)?.escalatedAt).toBe(T0 + HOUR);
    expect(escalate(T0 + 2 * HOUR)).toEqual([]);
    expect(auditRows(handle.db, 'need.escalate').map((r) => [r.actor, r.buildingId, r.subject, r.at])).toEqual([
      [null, 'east', `need:${urgent}`, T0 + HOUR],
    ]);
  });
});

describe('claimsToExpire and expireClaim', () => {
  const lapsed = (now: number) => handle.db.transaction((tx) => claimsToExpire(tx, now, 24).map((n) => n.id));

  it('find claims without progress for the given hours, from the moment they reach it', () => {
    const old = need();
    act(old, 'claim', HELPER, T0);
    const recent = need();
    act(recent, 'claim', HELPER, T0 + HOUR);
    need();
    expect(lapsed(T0 + DAY - 1)).toEqual([]);
    expect(lapsed(T0 + DAY)).toEqual([old]);
  });

  it('put a lapsed claim back to open, saying when, and audit it with the claimer', () => {
    const id = need();
    act(id, 'claim', HELPER, T0);
    expect(handle.db.transaction((tx) => expireClaim(tx, getNeed(tx, id)!, T0 + DAY, events))).toBe(true);
    expect(getNeed(handle.db, id)).toMatchObject({
      status: 'open',
      claimedBy: null,
      claimedAt: null,
      claimExpiredAt: T0 + DAY,
      updatedAt: T0 + DAY,
    });
    expect(lapsed(T0 + 2 * DAY)).toEqual([]);
    expect(auditRows(handle.db, 'need.claim_expired').map((r) => [r.actor, r.buildingId, r.details])).toEqual([
      [null, 'east', { claimer: HELPER }],
    ]);
  });

  it('expire nothing when the claim ended meanwhile', () => {
    const id = need();
    act(id, 'claim', HELPER, T0);
    const stale = getNeed(handle.db, id)!;
    act(id, 'done', HELPER, T0 + HOUR);
    expect(handle.db.transaction((tx) => expireClaim(tx, stale, T0 + DAY, events))).toBe(false);
    expect(getNeed(handle.db, id)).toMatchObject({ status: 'done', claimExpiredAt: null });
    expect(auditRows(handle.db, 'need.claim_expired')).toEqual([]);
  });
});

describe('purgePrivateTexts', () => {
  const purge = (now: number) => handle.db.transaction((tx) => purgePrivateTexts(tx, now, 30));

  it('forgets the texts of private needs closed longer ago than the retention, and only those', () => {
    const privateDone = need({ private: true, text: 'private done' });
    act(privateDone, 'claim', HELPER, T0);
    act(privateDone, 'done', HELPER, T0);
    const privateCancelled = need({ private: true, text: 'private cancelled' });
    act(privateCancelled, 'cancel', ASKER, T0);
    const privateRecent = need({ private: true, text: 'private recent' });
    act(privateRecent, 'cancel', ASKER, T0 + 10 * DAY);
    const privateOpen = need({ private: true, text: 'private open' });
    const publicDone = need({ text: 'public done' });
    act(publicDone, 'cancel', ASKER, T0);

    expect(purge(T0 + 30 * DAY)).toBe(2);
    const textOf = (id: number) => getNeed(handle.db, id)?.text;
    expect([privateDone, privateCancelled, privateRecent, privateOpen, publicDone].map(textOf)).toEqual([
      null,
      null,
      'private recent',
      'private open',
      'public done',
    ]);
    expect(getNeed(handle.db, privateDone)).toMatchObject({ status: 'done', private: true, category: 'food' });
  });

  it('audits how many texts it purged, and purges none twice', () => {
    const id = need({ private: true });
    act(id, 'cancel', ASKER, T0);
    expect(purge(T0 + 31 * DAY)).toBe(1);
    expect(purge(T0 + 32 * DAY)).toBe(0);
    expect(auditRows(handle.db, 'retention.purge').map((r) => [r.at, r.subject, r.details])).toEqual([
      [T0 + 31 * DAY, 'needs', { privateTexts: 1 }],
    ]);
  });

  it('keeps the text of a private need still open however old', () => {
    const id = need({ private: true, text: 'still needed' });
    act(id, 'claim', HELPER, T0);
    expect(purge(T0 + 365 * DAY)).toBe(0);
    expect(getNeed(handle.db, id)?.text).toBe('still needed');
    expect(auditRows(handle.db, 'retention.purge')).toEqual([]);
  });
});

describe('finishedSince', () => {
  it('counts the building’s needs done after the time, and the distinct helpers who did them', () => {
    const before = need();
    act(before, 'claim', HELPER, T0);
    act(before, 'done', HELPER, T0 + HOUR);
    for (const [helper, at] of [
      [HELPER, T0 + 2 * HOUR],
      [HELPER, T0 + 3 * HOUR],
      [OTHER, T0 + 3 * HOUR],
    ] as const) {
      const id = need();
      act(id, 'claim', helper, T0);
      act(id, 'done', helper, at);
    }
    const cancelled = need();
    act(cancelled, 'cancel', ASKER, T0 + 2 * HOUR);
    const elsewhere = need({ buildingId: 'west', householdId: null, unit: null });
    act(elsewhere, 'claim', HELPER, T0);
    act(elsewhere, 'done', HELPER, T0 + 2 * HOUR);
    expect(finishedSince(handle.db, 'east', T0 + HOUR)).toEqual({ needs: 3, volunteers: 2 });
    expect(finishedSince(handle.db, 'east', T0 + 3 * HOUR)).toEqual({ needs: 0, volunteers: 0 });
    expect(finishedSince(handle.db, 'east', T0)).toEqual({ needs: 4, volunteers: 2 });
  });
});

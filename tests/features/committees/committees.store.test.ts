import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../src/db/open.ts';
import { acknowledgements, needs, notices, votes } from '../../../src/db/schema.ts';
import { answerCheckin, setCheckin } from '../../../src/features/checkins/checkins.store.ts';
import {
  activeBuildingsAmong,
  buildingSummaries,
  categorySpreads,
  latestNotices,
  markCommitteeEscalated,
  missedCheckinsByBuilding,
  needsForCommittees,
  recordCommitteeClaim,
  unansweredCheckinUnits,
} from '../../../src/features/committees/committees.store.ts';
import { applyNeedAction, createNeed, getNeed, type NewNeed } from '../../../src/features/needs/needs.store.ts';
import {
  auditRows,
  HOUR,
  MINUTE,
  openTestDatabase,
  seedBuildings,
  seedHousehold,
  seedUsers,
  T0,
} from '../../db/memory-db.ts';

const noEvents = { webhooks: [], timezone: 'UTC' };
const ANN = 1;
const BO = 2;
const CY = 3;
const DI = 4;

let handle: DatabaseHandle;
let homes: Record<string, number>;
beforeEach(() => {
  handle = openTestDatabase();
  seedBuildings(handle.db, ['east', 'west', 'north']);
  seedUsers(handle.db, [
    { id: ANN, firstName: 'Ann' },
    { id: BO, firstName: 'Bo' },
    { id: CY, firstName: 'Cy' },
    { id: DI, firstName: 'Di' },
  ]);
  homes = {
    east1502: seedHousehold(handle.db, 'east', '1502', [ANN]),
    east301: seedHousehold(handle.db, 'east', '301', [BO]),
    west901: seedHousehold(handle.db, 'west', '901', [CY]),
    // a unit the config enrolled in check-ins, with nobody registered in it
    east101: seedHousehold(handle.db, 'east', '101'),
  };
});
afterEach(() => handle.close());

function need(overrides: Partial<NewNeed> = {}, at = T0): number {
  return handle.db.transaction((tx) =>
    createNeed(
      tx,
      {
        buildingId: 'east',
        requesterId: ANN,
        enteredBy: ANN,
        householdId: homes.east1502!,
        unit: '1502',
        priority: 'normal',
        category: 'food',
        text: 'bread',
        private: false,
        status: 'open',
        ...overrides,
      },
      at,
      noEvents,
    ),
  );
}

function act(id: number, action: 'claim' | 'done' | 'cancel', by: number, at: number): void {
  handle.db.transaction((tx) => {
    expect(applyNeedAction(tx, getNeed(tx, id)!, action, by, at, noEvents)).toBe(true);
  });
}

const moment = { dayStart: T0 - 9 * HOUR, day: '2026-01-15', missedCheckins: true };
const buildingsOf = (...ids: string[]) => ids.map((id) => ({ id, name: `Building ${id}` }));

describe('buildingSummaries', () => {
  it("counts each building's households, unfinished needs by priority and the oldest urgent one nobody took", () => {
    need({ priority: 'urgent' }, T0 - 3 * HOUR);
    const claimedEarlier = need({ priority: 'urgent' }, T0 - 5 * HOUR);
    act(claimedEarlier, 'claim', BO, T0 - 4 * HOUR);
    need({ priority: 'high' }, T0 - HOUR);
    need({ priority: 'normal', householdId: homes.east301!, requesterId: BO, unit: '301' });
    need({ buildingId: 'west', priority: 'urgent', householdId: homes.west901!, requesterId: CY, unit: '901' });
    const [east, west, north] = buildingSummaries(handle.db, buildingsOf('east', 'west', 'north'), moment);
    expect(east).toMatchObject({
      id: 'east',
      households: 2,
      surveyed: 0,
      vulnerable: 0,
      open: { urgent: 2, high: 1, normal: 1 },
      oldestUnclaimedUrgentAt: T0 - 3 * HOUR,
    });
    expect(west).toMatchObject({ households: 1, open: { urgent: 1, high: 0, normal: 0 }, oldestUnclaimedUrgentAt: T0 });
    expect(north).toMatchObject({
      households: 0,
      open: { urgent: 0, high: 0, normal: 0 },
      oldestUnclaimedUrgentAt: null,
    });
  });

  it('counts the needs done today only, and not cancelled ones', () => {
    const yesterday = need({}, T0 - 30 * HOUR);
    act(yesterday, 'claim', BO, T0 - 29 * HOUR);
    act(yesterday, 'done', BO, T0 - 28 * HOUR);
    for (const at of [T0 - HOUR, T0]) {
      const id = need({}, at - MINUTE);
      act(id, 'claim', BO, at - MINUTE);
      act(id, 'done', BO, at);
    }
    act(need(), 'cancel', ANN, T0);
    const [east] = buildingSummaries(handle.db, buildingsOf('east'), moment);
    expect(east!.doneToday).toBe(2);
    expect(east!.open).toEqual({ urgent: 0, high: 0, normal: 0 });
  });

  it('counts the check-ins without an answer today, only past the deadline', () => {
    handle.db.transaction((tx) => {
      for (const id of [homes.east1502!, homes.east301!, homes.east101!])
        setCheckin(tx, { buildingId: 'east', householdId: id, on: true, userId: null, now: T0 - 48 * HOUR });
      setCheckin(tx, { buildingId: 'west', householdId: homes.west901!, on: false, userId: null, now: T0 });
      answerCheckin(tx, { householdId: homes.east1502!, day: '2026-01-15', userId: ANN, now: T0 });
      answerCheckin(tx, { householdId: homes.east301!, day: '2026-01-14', userId: BO, now: T0 - 24 * HOUR });
    });
    const [east, west] = buildingSummaries(handle.db, buildingsOf('east', 'west'), moment);
    expect(east!.checkinsMissed).toBe(2);
    expect(west!.checkinsMissed).toBe(0);
    const [before] = buildingSummaries(handle.db, buildingsOf('east'), { ...moment, missedCheckins: false });
    expect(before!.checkinsMissed).toBeNull();
    expect(missedCheckinsByBuilding(handle.db, ['east', 'west'], '2026-01-15')).toEqual(new Map([['east', 2]]));
    expect(unansweredCheckinUnits(handle.db, 'east', '2026-01-15').sort()).toEqual(['101', '301']);
  });

  it("counts the latest notice's acknowledgements as its card does, per building", () => {
    const [older, latest, westOnly] = handle.db.transaction((tx) =>
      [['east', 'west'], ['east', 'west'], ['west']].map(
        (buildingIds, i) =>
          tx
            .insert(notices)
            .values({ buildingIds, level: 'info', text: `n${i}`, authorId: null, pinned: false, sentAt: T0 + i })
            .returning()
            .get().id,
      ),
    );
    const ack = (noticeId: number, buildingId: string, userId: number, householdId: number | null) =>
      handle.db
        .insert(acknowledgements)
        .values({ noticeId, buildingId, userId, householdId, ackKey: `${householdId ?? `u${userId}`}`, at: T0 })
        .run();
    ack(older!, 'east', ANN, homes.east1502!);
    ack(latest!, 'east', ANN, homes.east1502!);
    // Bo pressed before registering his household: it counts for it now
    ack(latest!, 'east', BO, null);
    // Di has no household: recorded, but no household counts
    ack(latest!, 'east', DI, null);
    expect(latestNotices(handle.db, ['east', 'west', 'north'])).toEqual(
      new Map([
        ['east', latest],
        ['west', westOnly],
      ]),
    );
    const [east, west, north] = buildingSummaries(handle.db, buildingsOf('east', 'west', 'north'), moment);
    expect(east!.latestNotice).toEqual({ id: latest, acknowledged: 2, households: 2 });
    expect(west!.latestNotice).toEqual({ id: westOnly, acknowledged: 0, households: 1 });
    expect(north!.latestNotice).toBeNull();
  });

  it('counts open votes per building', () => {
    const vote = (buildingId: string, status: 'open' | 'closed') =>
      handle.db
        .insert(votes)
        .values({
          buildingId,
          organizerId: ANN,
          question: 'Gate?',
          options: ['Yes', 'No'],
          perHousehold: false,
          anonymous: false,
          hidden: false,
          closesAt: T0 + HOUR,
          status,
          createdAt: T0,
        })
        .run();
    vote('east', 'open');
    vote('east', 'open');
    vote('east', 'closed');
    vote('west', 'closed');
    const [east, west] = buildingSummaries(handle.db, buildingsOf('east', 'west'), moment);
    expect([east!.openVotes, west!.openVotes]).toEqual([2, 0]);
  });

  it('keeps to the buildings asked for, in their order, and leaves out retired ones', () => {
    need({ buildingId: 'west', householdId: homes.west901!, requesterId: CY, unit: '901', priority: 'urgent' });
    expect(buildingSummaries(handle.db, buildingsOf('east'), moment)[0]!.open.urgent).toBe(0);
    expect(activeBuildingsAmong(handle.db, ['west', 'east', 'nowhere']).map((b) => b.id)).toEqual(['west', 'east']);
    seedBuildings(handle.db, ['east', 'west']);
    expect(activeBuildingsAmong(handle.db, ['north', 'east']).map((b) => b.id)).toEqual(['east']);
  });
});

describe('categorySpreads', () => {
  it('counts households (not needs) with an unfinished need of each category, and their buildings', () => {
    need({ category: 'medicine' });
    need({ category: 'medicine' });
    need({ category: 'medicine', householdId: homes.east301!, requesterId: BO, unit: '301' });
    need({ category: 'medicine', buildingId: 'west', householdId: homes.west901!, requesterId: CY, unit: '901' });
    // a resident without a household counts alone
    need({ category: 'medicine', buildingId: 'west', householdId: null, requesterId: DI, unit: null });
    act(need({ category: 'food' }), 'cancel', ANN, T0);
    const spreads = categorySpreads(handle.db, ['east', 'west']);
    expect(spreads).toEqual([{ category: 'medicine', households: 4, buildings: 2 }]);
    expect(categorySpreads(handle.db, ['north'])).toEqual([]);
  });
});

describe("the ladder's last step", () => {
  const minutes = 60;

  it('selects urgent needs still open after the delay and high ones after twice that, in covered buildings', () => {
    const urgent = need({ priority: 'urgent' }, T0 - 61 * MINUTE);
    need({ priority: 'urgent' }, T0 - 59 * MINUTE);
    const high = need({ priority: 'high' }, T0 - 121 * MINUTE);
    need({ priority: 'high' }, T0 - 90 * MINUTE);
    need({ priority: 'normal' }, T0 - 10 * HOUR);
    act(need({ priority: 'urgent' }, T0 - 5 * HOUR), 'claim', BO, T0 - 4 * HOUR);
    need({ priority: 'urgent', buildingId: 'west', householdId: homes.west901!, requesterId: CY }, T0 - 5 * HOUR);
    const due = handle.db.transaction((tx) => needsForCommittees(tx, T0, minutes, ['east']));
    expect(due.map((n) => n.id)).toEqual([high, urgent]);
    expect(due[1]).toMatchObject({ buildingId: 'east', priority: 'urgent', text: 'bread', unit: '1502' });
  });

  it('posts a need once: marked, it is not selected again, and the mark is audited with its committees', () => {
    const urgent = need({ priority: 'urgent' }, T0 - 2 * HOUR);
    handle.db.transaction((tx) => {
      const [due] = needsForCommittees(tx, T0, minutes, ['east']);
      markCommitteeEscalated(tx, due!, ['c1'], T0);
      expect(needsForCommittees(tx, T0 + HOUR, minutes, ['east'])).toEqual([]);
    });
    expect(handle.db.select().from(needs).where(eq(needs.id, urgent)).get()!.committeeEscalatedAt).toBe(T0);
    expect(auditRows(handle.db, 'need.committee_escalate').map((r) => r.details)).toEqual([{ committees: ['c1'] }]);
  });

  it("records the committee with its member's claim, and forgets it when the need is released or claimed again", () => {
    const id = need({ priority: 'urgent' }, T0 - 2 * HOUR);
    handle.db.transaction((tx) => {
      expect(recordCommitteeClaim(tx, { needId: id, buildingId: 'east', userId: DI, committeeId: 'c1', now: T0 })).toBe(
        false,
      );
    });
    act(id, 'claim', DI, T0);
    handle.db.transaction((tx) => {
      expect(recordCommitteeClaim(tx, { needId: id, buildingId: 'east', userId: BO, committeeId: 'c1', now: T0 })).toBe(
        false,
      );
      expect(recordCommitteeClaim(tx, { needId: id, buildingId: 'east', userId: DI, committeeId: 'c1', now: T0 })).toBe(
        true,
      );
    });
    expect(getNeed(handle.db, id)!.claimedForCommittee).toBe('c1');
    expect(auditRows(handle.db, 'need.committee_claim').map((r) => [r.actor, r.details])).toEqual([
      [DI, { committee: 'c1' }],
    ]);
    handle.db.transaction((tx) => applyNeedAction(tx, getNeed(tx, id)!, 'release', DI, T0 + MINUTE, noEvents));
    expect(getNeed(handle.db, id)!.claimedForCommittee).toBeNull();
  });
});

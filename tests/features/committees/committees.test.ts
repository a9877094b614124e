import { describe, expect, it } from 'vitest';
import {
  ageParts,
  type BuildingSummary,
  buildingsOf,
  byAttention,
  checkCommitteeAdmin,
  checkCommitteeClaim,
  checkinToday,
  committeeClaimData,
  committeeDelayMinutes,
  committeeOfChat,
  committeesAdministeredBy,
  committeesOfBuilding,
  committeeTargets,
  dueForCommittee,
  leadingBuildings,
  overviewPageData,
  parseCommitteeClaimData,
  parseOverviewPageData,
  shortList,
  startOfLocalDay,
  topSpreads,
  totalsOf,
} from '../../../src/features/committees/committees.ts';
import { usageError } from '../usage-error.ts';

const minute = 60_000;
const all = ['b1', 'b2', 'b3', 'b7'];
const east = {
  id: 'east',
  name: 'East',
  chatId: -100501,
  buildings: ['b7', 'b1'],
  admins: [5],
  escalateAfterMinutes: 60,
};
const district = {
  id: 'd',
  name: 'District',
  chatId: -100502,
  buildings: 'all' as const,
  admins: [],
  escalateAfterMinutes: 30,
};

describe('which buildings and people a committee has', () => {
  it('covers its buildings in the config order, or every building for "all"', () => {
    expect(buildingsOf(east, all)).toEqual(['b1', 'b7']);
    expect(buildingsOf(district, all)).toEqual(all);
  });

  it('finds the committee of a chat and the committees of a building', () => {
    expect(committeeOfChat([east, district], -100502)).toBe(district);
    expect(committeeOfChat([east, district], -1001)).toBeUndefined();
    expect(committeeOfChat([east], undefined)).toBeUndefined();
    expect(committeesOfBuilding([east, district], 'b7')).toEqual([east, district]);
    expect(committeesOfBuilding([east, district], 'b2')).toEqual([district]);
  });

  it("counts a committee's own admins and the global admins as its admins, nobody else", () => {
    expect(committeesAdministeredBy([east, district], [9], 5)).toEqual([east]);
    expect(committeesAdministeredBy([east, district], [9], 9)).toEqual([east, district]);
    expect(committeesAdministeredBy([east, district], [9], 6)).toEqual([]);
  });
});

describe('the escalation ladder reaching the committee', () => {
  it('waits escalateAfterMinutes for an urgent need, twice that for a high one, and never for a normal one', () => {
    expect(committeeDelayMinutes('urgent', 60)).toBe(60);
    expect(committeeDelayMinutes('high', 60)).toBe(120);
    expect(committeeDelayMinutes('normal', 60)).toBeUndefined();
  });

  it('is due once the shortest delay of the committees covering the building has passed', () => {
    const posted = 1_000 * minute;
    const urgent = { priority: 'urgent' as const, createdAt: posted };
    expect(dueForCommittee(urgent, [east], posted + 59 * minute)).toBe(false);
    expect(dueForCommittee(urgent, [east], posted + 60 * minute)).toBe(true);
    expect(dueForCommittee(urgent, [east, district], posted + 30 * minute)).toBe(true);
    expect(dueForCommittee({ priority: 'high', createdAt: posted }, [east], posted + 119 * minute)).toBe(false);
    expect(dueForCommittee({ priority: 'high', createdAt: posted }, [east], posted + 120 * minute)).toBe(true);
    expect(dueForCommittee({ priority: 'normal', createdAt: posted }, [east], posted + 10_000 * minute)).toBe(false);
  });
});

describe("who may press We'll handle it", () => {
  it("lets the committee's admins and its chat's members take a need", () => {
    expect(() => checkCommitteeClaim({ userId: 1, isAdmin: true, isMember: false }, 'East')).not.toThrow();
    expect(() => checkCommitteeClaim({ userId: 1, isAdmin: false, isMember: true }, 'East')).not.toThrow();
  });

  it('refuses a non-member, and asks to press again when Telegram could not say', () => {
    const stranger = usageError(() => checkCommitteeClaim({ userId: 1, isAdmin: false, isMember: false }, 'East'));
    expect(stranger?.key).toBe('committee-members-only');
    expect(stranger?.args).toEqual({ committee: 'East' });
    const unknown = usageError(() => checkCommitteeClaim({ userId: 1, isAdmin: false, isMember: undefined }, 'East'));
    expect(unknown?.key).toBe('committee-membership-unknown');
  });

  it('keeps notices and alerts from the chat to its admins', () => {
    expect(usageError(() => checkCommitteeAdmin({ isAdmin: false }, 'East'))?.key).toBe('committee-admins-only');
    expect(() => checkCommitteeAdmin({ isAdmin: true }, 'East')).not.toThrow();
  });
});

describe('where a notice from the committee goes', () => {
  it("goes to all the committee's buildings by default, or to those named among them", () => {
    expect(committeeTargets(undefined, ['b1', 'b7'])).toEqual(['b1', 'b7']);
    expect(committeeTargets(['b7'], ['b1', 'b7'])).toEqual(['b7']);
  });

  it('refuses a building of another committee, listing its own', () => {
    const refused = usageError(() => committeeTargets(['b2', 'b7'], ['b1', 'b7']));
    expect(refused?.key).toBe('committee-notice-outside');
    expect(refused?.args).toEqual({ buildings: 'b2', own: 'b1, b7' });
  });

  it('reads a list of buildings at the start of an alert, full-width commas too, and leaves other words to the text', () => {
    expect(leadingBuildings('b1,b7 Stay inside', all)).toEqual({ named: ['b1', 'b7'], rest: 'Stay inside' });
    expect(leadingBuildings('ｂ1，b7 Stay inside', all)).toEqual({ named: ['b1', 'b7'], rest: 'Stay inside' });
    expect(leadingBuildings('all Stay inside', all)).toEqual({ named: all, rest: 'Stay inside' });
    expect(leadingBuildings('Stay inside', all)).toEqual({ named: undefined, rest: 'Stay inside' });
    expect(leadingBuildings('b1', all)).toEqual({ named: undefined, rest: 'b1' });
  });

  it('shortens a long list of buildings in a reply', () => {
    const ids = Array.from({ length: 1000 }, (_, i) => `b${i + 1}`);
    expect(shortList(ids)).toMatch(/^b1, b2, .*b20, … \(1000\)$/);
    expect(shortList(['b1', 'b2'])).toBe('b1, b2');
  });
});

describe('the day and the check-in deadline, in the config time zone', () => {
  const zone = 'Asia/Shanghai';

  it('starts the day at local midnight', () => {
    expect(startOfLocalDay(Date.parse('2026-04-01T10:37:12+08:00'), zone)).toBe(
      Date.parse('2026-04-01T00:00:00+08:00'),
    );
    expect(startOfLocalDay(Date.parse('2026-04-01T00:00:00+08:00'), zone)).toBe(
      Date.parse('2026-04-01T00:00:00+08:00'),
    );
  });

  it('counts check-ins as missed only past the deadline', () => {
    const checkin = { at: '09:00', deadline: '12:00' };
    expect(checkinToday(Date.parse('2026-04-01T08:59:00+08:00'), checkin, zone).phase).toBe('before');
    expect(checkinToday(Date.parse('2026-04-01T11:59:00+08:00'), checkin, zone).phase).toBe('waiting');
    const noon = checkinToday(Date.parse('2026-04-01T12:00:00+08:00'), checkin, zone);
    expect(noon).toEqual({ phase: 'missed', deadlineAt: Date.parse('2026-04-01T12:00:00+08:00') });
  });

  it('splits an age into days, hours and minutes', () => {
    expect(ageParts(80 * minute + 59_000)).toEqual({ days: 0, hours: 1, minutes: 20 });
    expect(ageParts((2 * 1440 + 185) * minute)).toEqual({ days: 2, hours: 3, minutes: 5 });
    expect(ageParts(-5)).toEqual({ days: 0, hours: 0, minutes: 0 });
  });
});

describe('callback data', () => {
  it('round-trips an overview page and a claim, and refuses anything else', () => {
    expect(parseOverviewPageData(overviewPageData('c-1_x', 12))).toEqual({ committeeId: 'c-1_x', page: 12 });
    expect(parseCommitteeClaimData(committeeClaimData(42))).toBe(42);
    for (const forged of ['v1:ovw:c1:0', 'v1:ovw:c 1:1', 'v1:ovw:c1:1:2', 'v1:cmte:claim:0', 'v1:cmte:claim:4x'])
      expect(parseOverviewPageData(forged) ?? parseCommitteeClaimData(forged)).toBeUndefined();
    expect(overviewPageData('a'.repeat(32), 99999).length).toBeLessThanOrEqual(64);
  });
});

function summary(overrides: Partial<BuildingSummary> & { id: string }): BuildingSummary {
  return {
    name: overrides.id,
    households: 0,
    surveyed: null,
    open: { urgent: 0, high: 0, normal: 0 },
    oldestUnclaimedUrgentAt: null,
    doneToday: 0,
    checkinsMissed: null,
    latestNotice: null,
    openVotes: 0,
    openBuys: 0,
    ...overrides,
  };
}

describe('the overview across buildings', () => {
  it('lists first the buildings with an urgent need nobody took, longest waiting first, then the busiest', () => {
    const lines = [
      summary({ id: 'quiet' }),
      summary({ id: 'busy', open: { urgent: 1, high: 3, normal: 0 } }),
      summary({ id: 'waiting-short', oldestUnclaimedUrgentAt: 2000 }),
      summary({ id: 'waiting-long', oldestUnclaimedUrgentAt: 1000 }),
      summary({ id: 'calm' }),
    ];
    expect(
      [...lines].sort((a, b) => byAttention(a, b) || lines.indexOf(a) - lines.indexOf(b)).map((l) => l.id),
    ).toEqual(['waiting-long', 'waiting-short', 'busy', 'quiet', 'calm']);
  });

  it('adds up the totals, with missed check-ins unknown before the deadline', () => {
    const totals = totalsOf([
      summary({
        id: 'a',
        households: 3,
        open: { urgent: 1, high: 0, normal: 2 },
        oldestUnclaimedUrgentAt: 5,
        doneToday: 1,
      }),
      summary({ id: 'b', households: 4, open: { urgent: 0, high: 2, normal: 0 }, openVotes: 1, openBuys: 2 }),
    ]);
    expect(totals).toEqual({
      households: 7,
      open: { urgent: 1, high: 2, normal: 2 },
      waitingUrgent: 1,
      doneToday: 1,
      checkinsMissed: null,
      openVotes: 1,
      openBuys: 2,
    });
    expect(
      totalsOf([summary({ id: 'a', checkinsMissed: 2 }), summary({ id: 'b', checkinsMissed: 0 })]).checkinsMissed,
    ).toBe(2);
  });

  it('names the categories most households need, most first', () => {
    const spreads = [
      { category: 'food', households: 3, buildings: 2 },
      { category: 'medicine', households: 14, buildings: 6 },
      { category: 'other', households: 0, buildings: 0 },
      { category: 'medical', households: 3, buildings: 3 },
    ];
    expect(topSpreads(spreads).map((s) => s.category)).toEqual(['medicine', 'medical', 'food']);
    expect(topSpreads(spreads, 1)).toHaveLength(1);
  });
});

import { createHmac } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../src/db/open.ts';
import { appSettings, ballots } from '../../../src/db/schema.ts';
import {
  ballotOptionOf,
  ballotsOf,
  castBallot,
  createVote,
  getVote,
  hasBallot,
  householdsYetToVote,
  markClosed,
  openVotesOf,
  registeredHouseholds,
  type VoteRow,
  votesDue,
  votesToCast,
} from '../../../src/features/votes/votes.store.ts';
import type { VoteCommand } from '../../../src/features/votes/votes.ts';
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

const ORGANIZER = 1;
const ANN = 2;
const BO = 3;
const CY = 4;

let handle: DatabaseHandle;
/** Ann and Bo share 1502; Cy lives in 902; all in `east`. */
let h1502: number;
let h902: number;
beforeEach(() => {
  handle = openTestDatabase();
  seedBuildings(handle.db, ['east', 'west']);
  seedUsers(handle.db, [
    { id: ORGANIZER, firstName: 'Olga' },
    { id: ANN, firstName: 'Ann', lastName: 'Lee' },
    { id: BO, firstName: 'Bo' },
    { id: CY, firstName: 'Cy' },
  ]);
  h1502 = seedHousehold(handle.db, 'east', '1502', [ANN, BO]);
  h902 = seedHousehold(handle.db, 'east', '902', [CY]);
});
afterEach(() => handle.close());

function command(overrides: Partial<VoteCommand> = {}): VoteCommand {
  return {
    question: 'Hire a cleaner?',
    options: ['Yes', 'No'],
    durationMs: DAY,
    perHousehold: false,
    anonymous: false,
    hidden: false,
    quorum: null,
    ...overrides,
  };
}

function openVote(overrides: Partial<VoteCommand> = {}, buildingId = 'east', now = T0): VoteRow {
  const id = handle.db.transaction((tx) =>
    createVote(tx, { buildingId, organizerId: ORGANIZER, command: command(overrides), memberCount: 12, now }),
  );
  return getVote(handle.db, id)!;
}

function cast(vote: VoteRow, userId: number, householdId: number | null, option: number, now: number): boolean {
  return handle.db.transaction((tx) => castBallot(tx, vote, { userId, householdId, option, now }));
}

const ballotRows = (voteId: number) =>
  handle.db.select().from(ballots).where(eq(ballots.voteId, voteId)).orderBy(ballots.castAt).all();
const anonymityKey = () =>
  handle.db.select().from(appSettings).where(eq(appSettings.key, 'anonymity-key')).get()!.value;

describe('createVote and getVote', () => {
  it('record the vote as opened, closing after its duration, and audit it', () => {
    const vote = openVote({ perHousehold: true, anonymous: true, hidden: true, durationMs: 6 * HOUR });
    expect(vote).toEqual({
      id: vote.id,
      buildingId: 'east',
      organizerId: ORGANIZER,
      question: 'Hire a cleaner?',
      options: ['Yes', 'No'],
      perHousehold: true,
      anonymous: true,
      hidden: true,
      quorumCount: null,
      quorumPercent: null,
      memberCount: 12,
      closesAt: T0 + 6 * HOUR,
      status: 'open',
      closedAt: null,
      closedBy: null,
      createdAt: T0,
    });
    expect(auditRows(handle.db, 'vote.open').map((r) => [r.actor, r.buildingId, r.subject, r.details])).toEqual([
      [ORGANIZER, 'east', `vote:${vote.id}`, { options: 2, perHousehold: true, anonymous: true }],
    ]);
  });

  it('record a quorum by count or by percent, or none', () => {
    const quorumColumns = (v: VoteRow) => [v.quorumCount, v.quorumPercent];
    expect(quorumColumns(openVote({ quorum: { count: 5 } }))).toEqual([5, null]);
    expect(quorumColumns(openVote({ quorum: { percent: 60 } }))).toEqual([null, 60]);
    expect(quorumColumns(openVote({ quorum: null }))).toEqual([null, null]);
  });

  it('find no vote for an unknown id', () => {
    expect(getVote(handle.db, 999)).toBeUndefined();
  });
});

describe('castBallot', () => {
  it('stores a per-person ballot under the voter and their household, and audits the choice', () => {
    const vote = openVote();
    expect(cast(vote, ANN, h1502, 1, T0 + MINUTE)).toBe(true);
    expect(ballotRows(vote.id)).toEqual([
      { voteId: vote.id, voterKey: `u:${ANN}`, voterId: ANN, householdId: h1502, option: 1, castAt: T0 + MINUTE },
    ]);
    expect(auditRows(handle.db, 'vote.ballot').map((r) => [r.actor, r.subject, r.details])).toEqual([
      [ANN, `vote:${vote.id}`, { option: 1 }],
    ]);
  });

  it('replaces a voter’s ballot when they change their choice, not adding a second', () => {
    const vote = openVote();
    cast(vote, ANN, h1502, 0, T0 + MINUTE);
    expect(cast(vote, ANN, h1502, 1, T0 + HOUR)).toBe(true);
    expect(ballotRows(vote.id).map((b) => [b.voterKey, b.option, b.castAt])).toEqual([[`u:${ANN}`, 1, T0 + HOUR]]);
    expect(auditRows(handle.db, 'vote.ballot', 'vote.ballot_change').map((r) => r.action)).toEqual([
      'vote.ballot',
      'vote.ballot_change',
    ]);
  });

  it('changes nothing when the same choice is made again', () => {
    const vote = openVote();
    cast(vote, ANN, h1502, 0, T0 + MINUTE);
    expect(cast(vote, ANN, h1502, 0, T0 + HOUR)).toBe(false);
    expect(ballotRows(vote.id).map((b) => b.castAt)).toEqual([T0 + MINUTE]);
    expect(auditRows(handle.db, 'vote.ballot', 'vote.ballot_change')).toHaveLength(1);
  });

  it('keeps one ballot per household in a household vote: the latest member’s', () => {
    const vote = openVote({ perHousehold: true });
    cast(vote, ANN, h1502, 0, T0 + MINUTE);
    expect(cast(vote, BO, h1502, 1, T0 + HOUR)).toBe(true);
    cast(vote, CY, h902, 0, T0 + 2 * HOUR);
    expect(ballotRows(vote.id).map((b) => [b.voterKey, b.voterId, b.option])).toEqual([
      [`h:${h1502}`, BO, 1],
      [`h:${h902}`, CY, 0],
    ]);
  });

  it('records who cast a household’s ballot when another member confirms the same choice', () => {
    const vote = openVote({ perHousehold: true });
    cast(vote, ANN, h1502, 0, T0 + MINUTE);
    expect(cast(vote, BO, h1502, 0, T0 + HOUR)).toBe(true);
    expect(ballotRows(vote.id).map((b) => [b.voterId, b.castAt])).toEqual([[BO, T0 + HOUR]]);
  });

  it('stores no voter and no household for an anonymous vote, only a keyed digest, and audits no choice', () => {
    const vote = openVote({ anonymous: true });
    expect(cast(vote, ANN, h1502, 1, T0 + MINUTE)).toBe(true);
    const digest = createHmac('sha256', anonymityKey()).update(`${vote.id}:u:${ANN}`).digest('hex');
    expect(ballotRows(vote.id)).toEqual([
      { voteId: vote.id, voterKey: `a:${digest}`, voterId: null, householdId: null, option: 1, castAt: T0 + MINUTE },
    ]);
    expect(auditRows(handle.db, 'vote.ballot').map((r) => [r.actor, r.details])).toEqual([[ANN, {}]]);
  });

  it('still replaces an anonymous voter’s ballot when they change their choice', () => {
    const vote = openVote({ anonymous: true });
    cast(vote, ANN, h1502, 0, T0 + MINUTE);
    expect(cast(vote, ANN, h1502, 0, T0 + 2 * MINUTE)).toBe(false);
    expect(cast(vote, ANN, h1502, 1, T0 + HOUR)).toBe(true);
    cast(vote, BO, h1502, 0, T0 + 2 * HOUR);
    expect(ballotRows(vote.id).map((b) => b.option)).toEqual([1, 0]);
    expect(auditRows(handle.db, 'vote.ballot_change').map((r) => r.details)).toEqual([{}]);
  });

  it('keys an anonymous household vote by the household, storing neither household nor voter', () => {
    const vote = openVote({ anonymous: true, perHousehold: true });
    cast(vote, ANN, h1502, 0, T0);
    cast(vote, BO, h1502, 1, T0 + MINUTE);
    const digest = createHmac('sha256', anonymityKey()).update(`${vote.id}:h:${h1502}`).digest('hex');
    expect(ballotRows(vote.id)).toEqual([
      { voteId: vote.id, voterKey: `a:${digest}`, voterId: null, householdId: null, option: 1, castAt: T0 + MINUTE },
    ]);
  });

  it('gives the same voter unrelated keys in two anonymous votes, with one installation key', () => {
    const first = openVote({ anonymous: true });
    const second = openVote({ anonymous: true });
    cast(first, ANN, h1502, 0, T0);
    cast(second, ANN, h1502, 0, T0);
    const [a] = ballotRows(first.id);
    const [b] = ballotRows(second.id);
    expect(a?.voterKey).toMatch(/^a:[0-9a-f]{64}$/);
    expect(b?.voterKey).toMatch(/^a:[0-9a-f]{64}$/);
    expect(a?.voterKey).not.toBe(b?.voterKey);
    expect(handle.db.select().from(appSettings).all()).toHaveLength(1);
  });
});

describe('hasBallot', () => {
  it('is true once the user voted, and only for that vote', () => {
    const vote = openVote();
    const other = openVote();
    const has = (v: VoteRow, userId: number, householdId: number | null) =>
      handle.db.transaction((tx) => hasBallot(tx, v, userId, householdId));
    expect(has(vote, ANN, h1502)).toBe(false);
    cast(vote, ANN, h1502, 0, T0);
    expect(has(vote, ANN, h1502)).toBe(true);
    expect(has(vote, BO, h1502)).toBe(false);
    expect(has(other, ANN, h1502)).toBe(false);
  });

  it('is true for every member of a household that voted, also anonymously', () => {
    const vote = openVote({ perHousehold: true, anonymous: true });
    cast(vote, ANN, h1502, 0, T0);
    const has = (userId: number, householdId: number) =>
      handle.db.transaction((tx) => hasBallot(tx, vote, userId, householdId));
    expect(has(BO, h1502)).toBe(true);
    expect(has(CY, h902)).toBe(false);
  });
});

describe('ballotOptionOf', () => {
  const optionOf = (v: VoteRow, userId: number, householdId: number | null) =>
    handle.db.transaction((tx) => ballotOptionOf(tx, v, userId, householdId));

  it('is the option the voter chose, undefined before they voted', () => {
    const vote = openVote();
    expect(optionOf(vote, ANN, h1502)).toBeUndefined();
    cast(vote, ANN, h1502, 1, T0);
    expect(optionOf(vote, ANN, h1502)).toBe(1);
    expect(optionOf(vote, BO, h1502)).toBeUndefined();
  });

  it('finds an anonymous voter’s own choice by its keyed digest, and a household’s in a household vote', () => {
    const anonymous = openVote({ anonymous: true });
    cast(anonymous, ANN, h1502, 1, T0);
    expect(optionOf(anonymous, ANN, h1502)).toBe(1);
    expect(optionOf(anonymous, BO, h1502)).toBeUndefined();
    const household = openVote({ perHousehold: true });
    cast(household, ANN, h1502, 0, T0);
    expect(optionOf(household, BO, h1502)).toBe(0);
  });
});

describe('householdsYetToVote', () => {
  it('lists the registered units of a household vote without a ballot, by floor then unit', () => {
    seedHousehold(handle.db, 'east', '2-301', [ORGANIZER]);
    seedHousehold(handle.db, 'east', '101');
    const vote = openVote({ perHousehold: true });
    expect(householdsYetToVote(handle.db, vote)).toEqual(['2-301', '902', '1502']);
    cast(vote, BO, h1502, 0, T0);
    expect(householdsYetToVote(handle.db, vote)).toEqual(['2-301', '902']);
  });

  it('is empty for a per-person vote and for an anonymous one, whose ballots name no household', () => {
    expect(householdsYetToVote(handle.db, openVote())).toEqual([]);
    expect(householdsYetToVote(handle.db, openVote({ perHousehold: true, anonymous: true }))).toEqual([]);
  });
});

describe('ballotsOf', () => {
  it('lists the ballots in the order they were cast, with the voter’s name and unit', () => {
    const vote = openVote();
    cast(vote, CY, h902, 1, T0 + 2 * MINUTE);
    cast(vote, ANN, h1502, 0, T0 + MINUTE);
    cast(vote, BO, null, 1, T0 + 3 * MINUTE);
    expect(ballotsOf(handle.db, vote.id)).toEqual([
      { option: 0, voterName: 'Ann Lee', unit: '1502' },
      { option: 1, voterName: 'Cy', unit: '902' },
      { option: 1, voterName: 'Bo', unit: null },
    ]);
  });

  it('names nobody in an anonymous vote', () => {
    const vote = openVote({ anonymous: true });
    cast(vote, ANN, h1502, 0, T0);
    expect(ballotsOf(handle.db, vote.id)).toEqual([{ option: 0, voterName: null, unit: null }]);
  });

  it('is empty for a vote without ballots', () => {
    expect(ballotsOf(handle.db, openVote().id)).toEqual([]);
  });
});

describe('registeredHouseholds', () => {
  it('counts the building’s households that have a member, each once', () => {
    expect(registeredHouseholds(handle.db, 'east')).toBe(2);
    expect(registeredHouseholds(handle.db, 'west')).toBe(0);
  });

  it('leaves out a household whose members all moved away', () => {
    seedHousehold(handle.db, 'east', '301', [CY], T0 + HOUR);
    seedHousehold(handle.db, 'east', '101');
    expect(registeredHouseholds(handle.db, 'east')).toBe(2);
  });
});

describe('markClosed', () => {
  it('closes an open vote once, by whom and when, and audits it', () => {
    const vote = openVote();
    expect(handle.db.transaction((tx) => markClosed(tx, vote, ORGANIZER, T0 + HOUR))).toBe(true);
    expect(handle.db.transaction((tx) => markClosed(tx, vote, null, T0 + DAY))).toBe(false);
    expect(getVote(handle.db, vote.id)).toMatchObject({ status: 'closed', closedAt: T0 + HOUR, closedBy: ORGANIZER });
    expect(auditRows(handle.db, 'vote.close').map((r) => [r.actor, r.at])).toEqual([[ORGANIZER, T0 + HOUR]]);
  });
});

describe('votesDue', () => {
  it('lists the open votes whose closing time has come', () => {
    const soon = openVote({ durationMs: HOUR });
    const later = openVote({ durationMs: DAY });
    const closed = openVote({ durationMs: HOUR });
    handle.db.transaction((tx) => markClosed(tx, closed, ORGANIZER, T0 + MINUTE));
    const due = (now: number) => handle.db.transaction((tx) => votesDue(tx, now).map((v) => v.id));
    expect(due(T0 + HOUR - 1)).toEqual([]);
    expect(due(T0 + HOUR)).toEqual([soon.id]);
    expect(due(T0 + DAY).sort((a, b) => a - b)).toEqual([soon.id, later.id]);
  });
});

describe('votesToCast', () => {
  it('lists the open votes of the user’s buildings they have not voted in, oldest first', () => {
    const second = openVote();
    const first = openVote();
    const voted = openVote();
    const closed = openVote();
    cast(voted, ANN, h1502, 0, T0);
    handle.db.transaction((tx) => markClosed(tx, closed, ORGANIZER, T0));
    openVote({}, 'west');
    expect(votesToCast(handle.db, ANN, undefined).map((v) => v.id)).toEqual([second.id, first.id]);
  });

  it('leaves out a household vote the user’s household already cast', () => {
    const vote = openVote({ perHousehold: true });
    cast(vote, ANN, h1502, 0, T0);
    expect(votesToCast(handle.db, BO, undefined)).toEqual([]);
    expect(votesToCast(handle.db, CY, undefined).map((v) => v.id)).toEqual([vote.id]);
  });

  it('adds the building the user writes in, but not its household votes when they have no home there', () => {
    const perPerson = openVote({}, 'west');
    openVote({ perHousehold: true }, 'west');
    expect(votesToCast(handle.db, ANN, 'west').map((v) => v.id)).toEqual([perPerson.id]);
    expect(votesToCast(handle.db, ORGANIZER, 'west').map((v) => v.id)).toEqual([perPerson.id]);
  });

  it('is empty for a user without a household writing from no building', () => {
    openVote();
    expect(votesToCast(handle.db, ORGANIZER, undefined)).toEqual([]);
  });
});

describe('openVotesOf', () => {
  it('lists the building’s votes still open, and only those', () => {
    const first = openVote();
    const second = openVote();
    const closed = openVote();
    handle.db.transaction((tx) => markClosed(tx, closed, ORGANIZER, T0));
    openVote({}, 'west');
    expect(
      openVotesOf(handle.db, 'east')
        .map((v) => v.id)
        .sort((a, b) => a - b),
    ).toEqual([first.id, second.id]);
    expect(openVotesOf(handle.db, 'nowhere')).toEqual([]);
  });
});

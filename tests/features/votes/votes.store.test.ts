import { createHmac } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../src/db/open.ts';
import { anonymousVoteKeys, appSettings, ballots, inboxUpdates, outbox } from '../../../src/db/schema.ts';
import { storeInbox } from '../../../src/db/updates.ts';
import {
  ballotOptionOf,
  ballotsOf,
  castBallot,
  createVote,
  forgetCardEdits,
  getVote,
  hasBallot,
  householdsYetToVote,
  markClosed,
  openVotesOf,
  redactPress,
  registeredHouseholds,
  type VoteRow,
  votesDue,
  votesToCast,
} from '../../../src/features/votes/votes.store.ts';
import type { VoteCommand } from '../../../src/features/votes/votes.ts';
import { enqueueMessage } from '../../../src/jobs/outbox.store.ts';
import {
  ANN,
  auditRows,
  BO,
  CY,
  DAY,
  HOUR,
  MINUTE,
  ORGANIZER,
  openNeighbourhood,
  seedHousehold,
  T0,
} from '../../db/memory-db.ts';

/** No webhooks: these tests are about votes; their events are tested in tests/features/events. */
const events = { webhooks: [], timezone: 'UTC' };

let handle: DatabaseHandle;
/** Ann and Bo share 1502; Cy lives in 902; all in `east`. */
let h1502: number;
let h902: number;
beforeEach(() => {
  handle = openNeighbourhood();
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
    createVote(tx, { buildingId, organizerId: ORGANIZER, command: command(overrides), memberCount: 12, now, events }),
  );
  return getVote(handle.db, id)!;
}

function cast(vote: VoteRow, userId: number, householdId: number | null, option: number, now: number): boolean {
  return handle.db.transaction((tx) => castBallot(tx, vote, { userId, householdId, option, now }));
}

const ballotRows = (voteId: number) =>
  handle.db.select().from(ballots).where(eq(ballots.voteId, voteId)).orderBy(ballots.castAt).all();
const voteKey = (voteId: number) =>
  handle.db.select().from(anonymousVoteKeys).where(eq(anonymousVoteKeys.voteId, voteId)).get()?.key;
const digestOf = (voteId: number, identity: string) =>
  `a:${createHmac('sha256', voteKey(voteId)!).update(`${voteId}:${identity}`).digest('hex')}`;
const close = (vote: VoteRow, now = T0 + DAY) => handle.db.transaction((tx) => markClosed(tx, vote, null, now, events));

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

  it('stores neither voter, household nor time for an anonymous vote, only a digest under the vote’s key', () => {
    const vote = openVote({ anonymous: true });
    expect(voteKey(vote.id)).toBeUndefined();
    expect(cast(vote, ANN, h1502, 1, T0 + MINUTE)).toBe(true);
    expect(voteKey(vote.id)).toMatch(/^[0-9a-f]{64}$/);
    expect(ballotRows(vote.id)).toEqual([
      {
        voteId: vote.id,
        voterKey: digestOf(vote.id, `u:${ANN}`),
        voterId: null,
        householdId: null,
        option: 1,
        castAt: null,
      },
    ]);
  });

  it('writes no audit row for an anonymous ballot: a row per ballot would date it among the voter’s other rows', () => {
    const vote = openVote({ anonymous: true });
    cast(vote, ANN, h1502, 1, T0 + MINUTE);
    cast(vote, ANN, h1502, 0, T0 + HOUR);
    expect(auditRows(handle.db, 'vote.ballot', 'vote.ballot_change')).toEqual([]);
  });

  it('still replaces an anonymous voter’s ballot when they change their choice', () => {
    const vote = openVote({ anonymous: true });
    cast(vote, ANN, h1502, 0, T0 + MINUTE);
    expect(cast(vote, ANN, h1502, 0, T0 + 2 * MINUTE)).toBe(false);
    expect(cast(vote, ANN, h1502, 1, T0 + HOUR)).toBe(true);
    cast(vote, BO, h1502, 0, T0 + 2 * HOUR);
    const options = new Map(ballotRows(vote.id).map((b) => [b.voterKey, b.option]));
    expect(options).toEqual(
      new Map([
        [digestOf(vote.id, `u:${ANN}`), 1],
        [digestOf(vote.id, `u:${BO}`), 0],
      ]),
    );
  });

  it('keys an anonymous household vote by the household, storing neither household nor voter', () => {
    const vote = openVote({ anonymous: true, perHousehold: true });
    cast(vote, ANN, h1502, 0, T0);
    cast(vote, BO, h1502, 1, T0 + MINUTE);
    expect(ballotRows(vote.id)).toEqual([
      {
        voteId: vote.id,
        voterKey: digestOf(vote.id, `h:${h1502}`),
        voterId: null,
        householdId: null,
        option: 1,
        castAt: null,
      },
    ]);
  });

  it('gives the same voter unrelated keys in two anonymous votes, each with a key of its own', () => {
    const first = openVote({ anonymous: true });
    const second = openVote({ anonymous: true });
    cast(first, ANN, h1502, 0, T0);
    cast(second, ANN, h1502, 0, T0);
    const [a] = ballotRows(first.id);
    const [b] = ballotRows(second.id);
    expect(a?.voterKey).toMatch(/^a:[0-9a-f]{64}$/);
    expect(b?.voterKey).toMatch(/^a:[0-9a-f]{64}$/);
    expect(a?.voterKey).not.toBe(b?.voterKey);
    expect(voteKey(first.id)).not.toBe(voteKey(second.id));
    expect(handle.db.select().from(appSettings).all()).toEqual([]);
  });

  it('refuses a ballot in an anonymous vote once it is closed, making it no new key', () => {
    const vote = openVote({ anonymous: true });
    close(vote, T0 + HOUR);
    expect(() => cast(vote, ANN, h1502, 0, T0 + 2 * HOUR)).toThrow(/closed/);
    expect(voteKey(vote.id)).toBeUndefined();
    expect(ballotRows(vote.id)).toEqual([]);
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
  it('closes an open vote once, by whom and when, and audits it with its ballots', () => {
    const vote = openVote();
    cast(vote, ANN, h1502, 0, T0 + MINUTE);
    expect(handle.db.transaction((tx) => markClosed(tx, vote, ORGANIZER, T0 + HOUR, events))).toBe(true);
    expect(handle.db.transaction((tx) => markClosed(tx, vote, null, T0 + DAY, events))).toBe(false);
    expect(getVote(handle.db, vote.id)).toMatchObject({ status: 'closed', closedAt: T0 + HOUR, closedBy: ORGANIZER });
    expect(auditRows(handle.db, 'vote.close').map((r) => [r.actor, r.at, r.details])).toEqual([
      [ORGANIZER, T0 + HOUR, { ballots: 1 }],
    ]);
    expect(ballotRows(vote.id).map((b) => [b.voterKey, b.voterId, b.castAt])).toEqual([[`u:${ANN}`, ANN, T0 + MINUTE]]);
  });

  it('destroys an anonymous vote’s key and stores its ballots again under random keys, in the order of the keys', () => {
    const vote = openVote({ anonymous: true, perHousehold: true });
    const other = openVote({ anonymous: true });
    cast(vote, CY, h902, 1, T0 + MINUTE);
    cast(vote, ANN, h1502, 0, T0 + 2 * MINUTE);
    cast(vote, BO, h1502, 1, T0 + 3 * MINUTE);
    cast(other, ANN, h1502, 0, T0 + MINUTE);
    const openKeys = ballotRows(vote.id).map((b) => b.voterKey);
    expect(close(vote)).toBe(true);
    expect(voteKey(vote.id)).toBeUndefined();
    expect(voteKey(other.id)).toBeDefined();
    const stored = handle.sqlite
      .prepare(
        'select voter_key, voter_id, household_id, option, cast_at from ballots where vote_id = ? order by rowid',
      )
      .all(vote.id) as Array<{ voter_key: string; option: number }>;
    expect(stored.map((b) => b.option).sort()).toEqual([1, 1]);
    for (const b of stored) expect(b).toMatchObject({ voter_id: null, household_id: null, cast_at: null });
    for (const b of stored) expect(b.voter_key).toMatch(/^a:[0-9a-f]{64}$/);
    expect(stored.map((b) => b.voter_key)).toEqual(stored.map((b) => b.voter_key).sort());
    expect(stored.map((b) => b.voter_key).some((k) => openKeys.includes(k))).toBe(false);
    expect(auditRows(handle.db, 'vote.close').map((r) => r.details)).toEqual([{ ballots: 2 }]);
    // the other vote is still open: its voters keep their ballots
    expect(handle.db.transaction((tx) => ballotOptionOf(tx, other, ANN, h1502))).toBe(0);
  });

  it('leaves a closed anonymous vote unable to tell anyone their ballot, its own voters included', () => {
    const vote = openVote({ anonymous: true });
    cast(vote, ANN, h1502, 1, T0);
    close(vote);
    const closed = getVote(handle.db, vote.id)!;
    expect(handle.db.transaction((tx) => ballotOptionOf(tx, closed, ANN, h1502))).toBeUndefined();
    expect(handle.db.transaction((tx) => hasBallot(tx, closed, ANN, h1502))).toBe(false);
    expect(ballotsOf(handle.db, vote.id)).toEqual([{ option: 1, voterName: null, unit: null }]);
  });
});

describe('redactPress', () => {
  it('leaves the inbox row of the press its id alone, as many bytes long, and the other rows as they were', () => {
    const press = {
      update_id: 41,
      callback_query: {
        id: 'q',
        from: { id: ANN, first_name: '李娜' },
        message: { text: 'Noodles — 1' },
        data: 'v1:vote:1:1',
      },
    };
    const other = { update_id: 42, message: { text: '/mine', from: { id: BO } } };
    storeInbox(handle.db, [press, other], T0);
    const bytes = () =>
      handle.sqlite
        .prepare('select length(cast(payload as blob)) from inbox_updates where update_id = 41')
        .pluck()
        .get();
    const before = bytes();
    handle.db.transaction((tx) => redactPress(tx, 41));
    expect(handle.db.select().from(inboxUpdates).orderBy(inboxUpdates.updateId).all()).toMatchObject([
      { updateId: 41, payload: { update_id: 41, redacted: 'anonymous ballot', pad: expect.stringMatching(/^0+$/) } },
      { updateId: 42, payload: other },
    ]);
    // the same size, so SQLite overwrites the press where it lies instead of leaving it in the page's free space
    expect(bytes()).toBe(before);
  });
});

describe('forgetCardEdits', () => {
  it('deletes the card’s edits already sent or superseded, keeping the card, the edit to send and other cards', () => {
    const edit = (ref: string, text: string) =>
      handle.db.transaction((tx) =>
        enqueueMessage(
          tx,
          { chatId: -1001, method: 'editMessageText', payload: { message_ref: ref, text }, kind: 'vote-card-edit' },
          T0,
        ),
      );
    const card = handle.db.transaction((tx) =>
      enqueueMessage(tx, { chatId: -1001, payload: { text: 'card' }, ref: 'vote:1:card', kind: 'reply' }, T0),
    );
    const sent = edit('vote:1:card', 'Yes — 1');
    handle.db.update(outbox).set({ status: 'sent' }).where(eq(outbox.id, sent)).run();
    edit('vote:1:card', 'Yes — 2');
    const last = edit('vote:1:card', 'Yes — 3');
    const elsewhere = edit('vote:2:card', 'No — 1');
    handle.db.update(outbox).set({ status: 'sent' }).where(eq(outbox.id, elsewhere)).run();
    handle.db.transaction((tx) => forgetCardEdits(tx, 'vote:1:card'));
    const left = handle.db
      .select({ id: outbox.id })
      .from(outbox)
      .where(eq(outbox.chatId, -1001))
      .all()
      .map((r) => r.id);
    expect(left).toEqual([card, last, elsewhere]);
  });
});

describe('votesDue', () => {
  it('lists the open votes whose closing time has come', () => {
    const soon = openVote({ durationMs: HOUR });
    const later = openVote({ durationMs: DAY });
    const closed = openVote({ durationMs: HOUR });
    handle.db.transaction((tx) => markClosed(tx, closed, ORGANIZER, T0 + MINUTE, events));
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
    handle.db.transaction((tx) => markClosed(tx, closed, ORGANIZER, T0, events));
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
    handle.db.transaction((tx) => markClosed(tx, closed, ORGANIZER, T0, events));
    openVote({}, 'west');
    expect(
      openVotesOf(handle.db, 'east')
        .map((v) => v.id)
        .sort((a, b) => a - b),
    ).toEqual([first.id, second.id]);
    expect(openVotesOf(handle.db, 'nowhere')).toEqual([]);
  });
});

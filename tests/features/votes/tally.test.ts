import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type BallotForTally,
  ballotAnswer,
  maxOptions,
  minOptions,
  quorumNeeded,
  tally,
} from '../../../src/features/votes/votes.ts';

function ballots(...options: number[]): BallotForTally[] {
  return options.map((option) => ({ option }));
}

describe('tally', () => {
  it('counts the ballots per option and the turnout', () => {
    expect(tally(3, ballots(0, 2, 0), null, 40)).toEqual({
      counts: [2, 0, 1],
      turnout: 3,
      electorate: 40,
      quorumMet: true,
      leaders: [0],
    });
  });

  it('names every option with the most votes as a leader when they tie', () => {
    expect(tally(4, ballots(0, 2, 3, 2, 0), null, null).leaders).toEqual([0, 2]);
    expect(tally(2, ballots(0, 1), null, null).leaders).toEqual([0, 1]);
  });

  it('names no leader when nobody voted', () => {
    expect(tally(3, [], null, 10)).toEqual({
      counts: [0, 0, 0],
      turnout: 0,
      electorate: 10,
      quorumMet: true,
      leaders: [],
    });
  });

  it('ignores ballots for options the vote does not have', () => {
    expect(tally(2, ballots(-1, 2, 10, Number.NaN, 1), null, null)).toMatchObject({
      counts: [0, 1],
      turnout: 1,
      leaders: [1],
    });
    expect(tally(2, ballots(5, 7), null, null)).toMatchObject({ counts: [0, 0], turnout: 0, leaders: [] });
  });

  it('always meets a null quorum, even with nobody voting', () => {
    expect(tally(2, [], null, null).quorumMet).toBe(true);
    expect(tally(2, [], null, 100).quorumMet).toBe(true);
  });

  it('meets a count quorum when the turnout reaches the count', () => {
    expect(tally(2, ballots(0, 1), { count: 3 }, null).quorumMet).toBe(false);
    expect(tally(2, ballots(0, 1, 1), { count: 3 }, null).quorumMet).toBe(true);
    expect(tally(2, ballots(0, 1, 1, 0), { count: 3 }, 2).quorumMet).toBe(true);
  });

  it('does not count ignored ballots towards a quorum', () => {
    expect(tally(2, ballots(0, 1, 2), { count: 3 }, null).quorumMet).toBe(false);
  });

  it('rounds a percent quorum up: 60% of 5 needs 3', () => {
    expect(tally(2, ballots(0, 1), { percent: 60 }, 5).quorumMet).toBe(false);
    expect(tally(2, ballots(0, 1, 1), { percent: 60 }, 5).quorumMet).toBe(true);
    expect(tally(2, ballots(0), { percent: 1 }, 5).quorumMet).toBe(true);
    expect(tally(2, ballots(0, 1, 0, 1), { percent: 100 }, 5).quorumMet).toBe(false);
    expect(tally(2, ballots(0, 1, 0, 1, 0), { percent: 100 }, 5).quorumMet).toBe(true);
  });

  it('needs exactly 7 of 100 for a 7% quorum, without floating-point error', () => {
    expect(tally(2, ballots(...Array.from({ length: 7 }, () => 0)), { percent: 7 }, 100).quorumMet).toBe(true);
  });

  it('never meets a percent quorum when the electorate is unknown', () => {
    expect(tally(2, ballots(...Array.from({ length: 1000 }, (_, i) => i % 2)), { percent: 1 }, null).quorumMet).toBe(
      false,
    );
  });

  it('meets a percent quorum at the smallest turnout that is at least that percent of the electorate, and not one below', () => {
    const wrong: string[] = [];
    for (let percent = 1; percent <= 100; percent++) {
      for (let electorate = 1; electorate <= 300; electorate++) {
        const needed = Math.floor((percent * electorate + 99) / 100);
        const met = (turnout: number) =>
          tally(1, ballots(...Array.from({ length: turnout }, () => 0)), { percent }, electorate).quorumMet;
        if (!met(needed) || met(needed - 1)) wrong.push(`${percent}% of ${electorate} needs ${needed}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('keeps counts, turnout and leaders consistent for any ballots', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: minOptions, max: maxOptions }),
        fc.array(fc.integer({ min: -2, max: 12 }), { maxLength: 60 }),
        fc.option(
          fc.oneof(
            fc.integer({ min: 1, max: 80 }).map((count) => ({ count })),
            fc.integer({ min: 1, max: 100 }).map((percent) => ({ percent })),
          ),
          { nil: null },
        ),
        fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
        (n, options, quorum, electorate) => {
          const result = tally(n, ballots(...options), quorum, electorate);
          const valid = options.filter((o) => o >= 0 && o < n);
          expect(result.counts).toHaveLength(n);
          for (const [i, c] of result.counts.entries()) expect(c).toBe(valid.filter((o) => o === i).length);
          expect(result.turnout).toBe(valid.length);
          expect(result.electorate).toBe(electorate);
          const top = Math.max(...result.counts);
          expect(result.leaders).toEqual(top === 0 ? [] : result.counts.flatMap((c, i) => (c === top ? [i] : [])));
          if (quorum === null) expect(result.quorumMet).toBe(true);
          else if ('count' in quorum) expect(result.quorumMet).toBe(valid.length >= quorum.count);
          else if (electorate === null) expect(result.quorumMet).toBe(false);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('quorumNeeded', () => {
  it('is the count of a count quorum, and a percentage of the electorate rounded up, at least one', () => {
    expect(quorumNeeded({ count: 10 }, null)).toBe(10);
    expect(quorumNeeded({ percent: 50 }, 5)).toBe(3);
    expect(quorumNeeded({ percent: 7 }, 100)).toBe(7);
    expect(quorumNeeded({ percent: 10 }, 3)).toBe(1);
    expect(quorumNeeded({ percent: 50 }, 0)).toBe(1);
  });

  it('is undefined without a quorum, or for a percentage of an unknown electorate', () => {
    expect(quorumNeeded(null, 40)).toBeUndefined();
    expect(quorumNeeded({ percent: 50 }, null)).toBeUndefined();
  });

  it('is met exactly when tally says the quorum is met', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.nat(500), fc.nat(500), (percent, electorate, turnout) => {
        const ballots = Array.from({ length: turnout }, () => ({ option: 0 }));
        const needed = quorumNeeded({ percent }, electorate)!;
        expect(tally(2, ballots, { percent }, electorate).quorumMet).toBe(turnout >= needed);
      }),
    );
  });
});

describe('ballotAnswer', () => {
  const person = { perHousehold: false, anonymous: false };
  const household = { perHousehold: true, anonymous: false };

  it('names the choice of a first ballot', () => {
    expect(ballotAnswer(person, undefined, 1)).toEqual({ key: 'vote-cast' });
    expect(ballotAnswer(household, undefined, 1)).toEqual({ key: 'vote-cast-household' });
  });

  it('says when the option was chosen already, and names the one a change replaces', () => {
    expect(ballotAnswer(person, 1, 1)).toEqual({ key: 'vote-cast-same' });
    expect(ballotAnswer(household, 1, 1)).toEqual({ key: 'vote-cast-same-household' });
    expect(ballotAnswer(person, 0, 1)).toEqual({ key: 'vote-cast-changed', before: 0 });
    expect(ballotAnswer(household, 0, 1)).toEqual({ key: 'vote-cast-changed-household', before: 0 });
    expect(ballotAnswer({ perHousehold: false, anonymous: true }, 0, 1)).toEqual({
      key: 'vote-cast-changed',
      before: 0,
    });
  });

  it('tells nothing of a household’s earlier ballot in an anonymous household vote', () => {
    const vote = { perHousehold: true, anonymous: true };
    for (const before of [undefined, 0, 1])
      expect(ballotAnswer(vote, before, 1)).toEqual({ key: 'vote-cast-household' });
  });
});

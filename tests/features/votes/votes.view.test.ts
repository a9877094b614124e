import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BallotView, VoteRow } from '../../../src/features/votes/votes.store.ts';
import { maxOptions, parseBallotData, tally, type VoteResult } from '../../../src/features/votes/votes.ts';
import { renderVoteCard, renderVoteResult } from '../../../src/features/votes/votes.view.ts';
import { languages, rawKeysIn, translatorIn } from '../translations.ts';

const en = translatorIn('en');
const zh = translatorIn('zh');
/** 08:00 on 1 April 2026 in Shanghai, when the votes of these tests open; they close six hours later. */
const opened = Date.parse('2026-04-01T08:00:00+08:00');
const deadline = '14:00';

function voteRow(overrides: Partial<VoteRow> = {}): VoteRow {
  return {
    id: 3,
    buildingId: 'b3',
    organizerId: 1,
    question: 'Open the back gate?',
    options: ['Yes', 'No', 'Later'],
    perHousehold: false,
    anonymous: false,
    hidden: false,
    quorumCount: null,
    quorumPercent: null,
    memberCount: null,
    closesAt: opened + 6 * 3_600_000,
    status: 'open',
    closedAt: null,
    closedBy: null,
    createdAt: opened,
    ...overrides,
  };
}

function ballot(option: number, voterName: string | null, unit: string | null = null): BallotView {
  return { option, voterName, unit };
}

/** Alice and Bob for Yes, Carol for Later. */
const threeBallots = [ballot(0, 'Alice Li', '301'), ballot(2, 'Carol Chen', '502'), ballot(0, 'Bob Wang', '1502')];

function resultOf(vote: VoteRow, ballots: readonly BallotView[], electorate: number | null = null): VoteResult {
  const quorum = vote.quorumCount !== null ? { count: vote.quorumCount } : null;
  return tally(vote.options.length, ballots, quorum, electorate);
}

function card(overrides: Partial<VoteRow> = {}, ballots = threeBallots, electorate: number | null = null, t = en) {
  const vote = voteRow(overrides);
  return renderVoteCard(t, vote, ballots, resultOf(vote, ballots, electorate), deadline);
}

describe('renderVoteCard', () => {
  it('shows the question, each option with its count and voters, the turnout and the deadline', () => {
    expect(card().text).toBe(
      [
        '🗳 Vote #3: Open the back gate?',
        '',
        '1. Yes — 2',
        '   Alice Li, Bob Wang',
        '2. No — 0',
        '3. Later — 1',
        '   Carol Chen',
        '',
        'Ballots: 3',
        'Closes 14:00',
      ].join('\n'),
    );
  });

  it('shows the turnout out of the electorate when it is known', () => {
    expect(card({}, threeBallots, 40).text).toContain('Turnout: 3 of 40');
  });

  it('offers one button per option while open, in order, each casting that ballot on this vote', () => {
    const { inline_keyboard } = card({ id: 12 }).replyMarkup;
    expect(inline_keyboard.map((row) => row.map((b) => b.text))).toEqual([['1. Yes'], ['2. No'], ['3. Later']]);
    expect(inline_keyboard.flat().map((b) => 'callback_data' in b && parseBallotData(b.callback_data))).toEqual([
      { voteId: 12, option: 0 },
      { voteId: 12, option: 1 },
      { voteId: 12, option: 2 },
    ]);
  });

  it('keeps every ballot button within 64 bytes of callback data and 60 characters of label', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 999_999_999_999 }),
        fc.uniqueArray(fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 100 }), {
          minLength: 2,
          maxLength: maxOptions,
        }),
        (id, options) => {
          const buttons = card({ id, options }, []).replyMarkup.inline_keyboard.flat();
          expect(buttons).toHaveLength(options.length);
          for (const [i, button] of buttons.entries()) {
            const data = 'callback_data' in button ? button.callback_data : '';
            expect(Buffer.byteLength(data, 'utf8')).toBeLessThanOrEqual(64);
            expect(parseBallotData(data)).toEqual({ voteId: id, option: i });
            expect(button.text.length).toBeLessThanOrEqual(60);
            expect(button.text.startsWith(`${i + 1}. `)).toBe(true);
          }
        },
      ),
    );
  });

  it('has no buttons once closed, and says it is closed instead of the deadline', () => {
    const closed = card({ status: 'closed', closedAt: opened + 3_600_000 });
    expect(closed.replyMarkup.inline_keyboard).toEqual([]);
    expect(closed.text.split('\n').at(-1)).toBe('Closed.');
    expect(closed.text).not.toContain(deadline);
  });

  it('says what kind of vote it is under the question', () => {
    expect(card({ perHousehold: true, anonymous: true, hidden: true }).text.split('\n')[1]).toBe(
      'one ballot per household · anonymous · results hidden until the close',
    );
    expect(card({ anonymous: true }).text.split('\n')[1]).toBe('anonymous');
    expect(card().text.split('\n')[1]).toBe('');
  });

  it('hides counts and voters of a hidden vote until it closes', () => {
    const open = card({ hidden: true }).text;
    expect(open).toContain('\n1. Yes\n2. No\n3. Later\n');
    expect(open).not.toContain('Alice');
    expect(open).toContain('Ballots: 3');
    const closed = card({ hidden: true, status: 'closed' }).text;
    expect(closed).toContain('1. Yes — 2\n   Alice Li, Bob Wang');
  });

  it('never names a voter of an anonymous vote, open or closed', () => {
    for (const status of ['open', 'closed'] as const) {
      for (const perHousehold of [false, true]) {
        const { text } = card({ anonymous: true, status, perHousehold });
        for (const who of ['Alice', 'Bob', 'Carol', '301', '502', '1502']) expect(text).not.toContain(who);
        expect(text).toContain('1. Yes — 2');
      }
    }
  });

  it('names the households of a household vote by their unit, and a voter without a name as ?', () => {
    const text = card({ perHousehold: true }, [...threeBallots, ballot(1, null, null)]).text;
    expect(text).toContain('1. Yes — 2\n   301, 1502');
    expect(text).toContain('2. No — 1\n   ?');
    expect(card({}, [ballot(1, null, '301')]).text).toContain('2. No — 1\n   ?');
  });

  it('names the first eight voters of an option and counts the others', () => {
    const ballots = Array.from({ length: 11 }, (_, i) => ballot(1, `Voter ${i + 1}`));
    const lines = card({}, ballots).text.split('\n');
    const names = lines[lines.indexOf('2. No — 11') + 1];
    expect(names).toBe(`   ${Array.from({ length: 8 }, (_, i) => `Voter ${i + 1}`).join(', ')} +3`);
  });

  it('shows the quorum with the ballots so far on the open card, but not once closed', () => {
    const quorumLine = (overrides: Partial<VoteRow>, electorate: number | null, t = en) =>
      card(overrides, threeBallots, electorate, t)
        .text.split('\n')
        .find((l) => l.startsWith('Quorum') || l.startsWith('法定票数'));
    expect(quorumLine({ quorumCount: 10 }, 40)).toBe('Quorum: 10 ballots (3 so far)');
    expect(quorumLine({ quorumCount: 1, perHousehold: true }, 40)).toBe('Quorum: 1 household (3 so far)');
    expect(quorumLine({ quorumPercent: 30, perHousehold: true }, 40)).toBe(
      'Quorum: 30% of 40, that is 12 households (3 so far)',
    );
    expect(quorumLine({ quorumPercent: 30 }, null)).toBe('Quorum: 30% of the members (3 so far)');
    expect(quorumLine({ quorumCount: 10, perHousehold: true }, 40, zh)).toBe('法定票数：10 户（已有 3）');
    expect(quorumLine({}, 40)).toBeUndefined();
    expect(quorumLine({ quorumCount: 10, status: 'closed' }, 40)).toBeUndefined();
    // a hidden vote shows the quorum, and still no count of an option
    const hidden = card({ quorumCount: 10, hidden: true }, threeBallots, 40).text;
    expect(hidden).toContain('Quorum: 10 ballots (3 so far)');
    expect(hidden).not.toMatch(/— \d/);
  });

  it('lists the households still to vote of an open household vote, the first ten and how many more', () => {
    const vote = voteRow({ perHousehold: true });
    const units = Array.from({ length: 12 }, (_, i) => `${i + 2}01`);
    const text = (stillToVote: string[], overrides: Partial<VoteRow> = {}) => {
      const row = { ...vote, ...overrides };
      return renderVoteCard(en, row, threeBallots, resultOf(row, threeBallots, 15), deadline, stillToVote).text;
    };
    expect(text(['301', '1502'])).toContain('\nStill to vote: 301, 1502\n');
    expect(text(units)).toContain(`Still to vote: ${units.slice(0, 10).join(', ')} +2`);
    expect(text([])).not.toContain('Still to vote');
    expect(text(['301'], { status: 'closed' })).not.toContain('Still to vote');
    const inChinese = renderVoteCard(zh, vote, threeBallots, resultOf(vote, threeBallots, 15), deadline, units).text;
    expect(inChinese).toContain('尚未投票：201, 301');
    expect(rawKeysIn(inChinese)).toEqual([]);
  });

  it('only counts the households still to vote of an anonymous household vote', () => {
    const text = card({ perHousehold: true, anonymous: true }, threeBallots, 40).text;
    expect(text).toContain('Still to vote: 37 households');
    expect(card({ perHousehold: true, anonymous: true }, threeBallots, 4).text).toContain('Still to vote: 1 household');
    expect(card({ perHousehold: true, anonymous: true }, threeBallots, 3).text).not.toContain('Still to vote');
    expect(card({ anonymous: true }, threeBallots, 40).text).not.toContain('Still to vote');
  });

  it('renders in both languages without a raw message key, whatever the kind and status', () => {
    for (const language of languages) {
      for (const status of ['open', 'closed'] as const) {
        for (const kind of [
          {},
          { perHousehold: true, anonymous: true, hidden: true, quorumPercent: 30 },
          { hidden: true, quorumCount: 4 },
          { perHousehold: true, quorumCount: 1 },
        ]) {
          for (const electorate of [null, 40]) {
            const rendered = card({ ...kind, status }, threeBallots, electorate, translatorIn(language));
            const texts = [rendered.text, ...rendered.replyMarkup.inline_keyboard.flat().map((b) => b.text)];
            expect(texts.flatMap(rawKeysIn), `${language} ${status} ${JSON.stringify(kind)}`).toEqual([]);
          }
        }
      }
    }
    expect(card({}, threeBallots, null, zh).text).toContain('截止：14:00');
  });
});

function result(overrides: Partial<VoteRow>, ballots: readonly BallotView[], electorate: number | null, t = en) {
  const vote = voteRow({ status: 'closed', ...overrides });
  const quorum =
    vote.quorumCount !== null
      ? { count: vote.quorumCount }
      : vote.quorumPercent !== null
        ? { percent: vote.quorumPercent }
        : null;
  return renderVoteResult(t, vote, tally(vote.options.length, ballots, quorum, electorate)).split('\n');
}

describe('renderVoteResult', () => {
  it('gives the counts, the turnout and the decision when there is no quorum to meet', () => {
    expect(result({}, threeBallots, 40)).toEqual([
      '🗳 Result of vote #3: Open the back gate?',
      '1. Yes — 2',
      '2. No — 0',
      '3. Later — 1',
      'Turnout: 3 of 40',
      'Decision: Yes',
    ]);
  });

  it('decides when the quorum is met, and only says what leads when it is not', () => {
    expect(result({ quorumCount: 3 }, threeBallots, null)).toEqual(
      expect.arrayContaining(['Quorum met.', 'Decision: Yes']),
    );
    const short = result({ quorumCount: 4 }, threeBallots, null);
    expect(short).toEqual(
      expect.arrayContaining(['Quorum NOT met: the vote does not decide.', 'Most votes: Yes', 'Ballots: 3']),
    );
    expect(short.join('\n')).not.toContain('Decision');
    expect(result({ quorumPercent: 5 }, threeBallots, 40)).toContain('Quorum met.');
    expect(result({ quorumPercent: 10 }, threeBallots, null)).toContain('Quorum NOT met: the vote does not decide.');
  });

  it('names every option in a tie, and says when nobody voted', () => {
    expect(result({}, [ballot(0, 'A'), ballot(2, 'C')], null).at(-1)).toBe('Tie between Yes / Later.');
    expect(result({ quorumCount: 5 }, [], null).at(-1)).toBe('Nobody voted.');
  });

  it('never names the voters', () => {
    expect(result({}, threeBallots, null).join('\n')).not.toMatch(/Alice|Bob|Carol/);
  });

  it('renders in both languages without a raw message key', () => {
    for (const language of languages) {
      const t = translatorIn(language);
      for (const [quorum, ballots] of [
        [{}, threeBallots],
        [{ quorumCount: 4 }, threeBallots],
        [{ quorumPercent: 5 }, [ballot(0, 'A'), ballot(1, 'B')]],
        [{ quorumCount: 1 }, []],
      ] as const) {
        expect(rawKeysIn(result(quorum, ballots, 40, t).join('\n')), language).toEqual([]);
      }
    }
    expect(result({}, threeBallots, 40, zh)).toContain('决定：Yes');
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/core/duration.ts';
import { codePointLength, toAsciiForms } from '../../src/core/text.ts';
import { UsageError } from '../../src/core/usage-error.ts';
import {
  type BallotForTally,
  ballotData,
  maxOptionLength,
  maxOptions,
  maxQuestionLength,
  maxVoteDurationMs,
  minOptions,
  parseBallotData,
  parseVote,
  type Quorum,
  tally,
  type VoteCommand,
} from '../../src/features/votes/votes.ts';
import { usageError } from './usage-error.ts';

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;
const defaultDurationMs = 24 * hour;

function parse(args: string): VoteCommand {
  return parseVote(args, defaultDurationMs);
}

function parseError(args: string): UsageError | undefined {
  return usageError(() => parse(args));
}

function parseKey(args: string): string | undefined {
  return parseError(args)?.key;
}

const plain = { durationMs: defaultDurationMs, perHousehold: false, anonymous: false, hidden: false, quorum: null };

describe('parseVote', () => {
  it('reads a plain vote with the default duration, no flags and no quorum', () => {
    expect(parse('Lunch? | Yes | No')).toEqual({ question: 'Lunch?', options: ['Yes', 'No'], ...plain });
  });

  it('takes the default duration it is given', () => {
    expect(parseVote('Lunch? | Yes | No', 2 * hour).durationMs).toBe(2 * hour);
  });

  it.each<[string, Partial<VoteCommand>]>([
    ['30m', { durationMs: 30 * minute }],
    ['6h', { durationMs: 6 * hour }],
    ['2d', { durationMs: 2 * day }],
    ['household', { perHousehold: true }],
    ['按户', { perHousehold: true }],
    ['anonymous', { anonymous: true }],
    ['匿名', { anonymous: true }],
    ['hidden', { hidden: true }],
    ['保密结果', { hidden: true }],
    ['quorum=5', { quorum: { count: 5 } }],
    ['quorum=60%', { quorum: { percent: 60 } }],
  ])('reads the setting %j before the question', (setting, expected) => {
    expect(parse(`${setting} Lunch? | Yes | No`)).toEqual({
      question: 'Lunch?',
      options: ['Yes', 'No'],
      ...plain,
      ...expected,
    });
  });

  it('reads all settings together in any order', () => {
    const expected = {
      question: 'Lunch?',
      options: ['Yes', 'No'],
      durationMs: 6 * hour,
      perHousehold: true,
      anonymous: true,
      hidden: true,
      quorum: { percent: 60 },
    };
    expect(parse('6h household anonymous hidden quorum=60% Lunch? | Yes | No')).toEqual(expected);
    expect(parse('quorum=60% hidden 匿名 6h 按户 Lunch? | Yes | No')).toEqual(expected);
    expect(parse('保密结果 quorum=60% anonymous household 6h Lunch? | Yes | No')).toEqual(expected);
  });

  it('reads setting words in any letter case', () => {
    expect(parse('HOUSEHOLD Anonymous hIdDeN QUORUM=5 6H Lunch? | Yes | No')).toEqual({
      question: 'Lunch?',
      options: ['Yes', 'No'],
      durationMs: 6 * hour,
      perHousehold: true,
      anonymous: true,
      hidden: true,
      quorum: { count: 5 },
    });
  });

  it('lets the last of repeated settings win', () => {
    expect(parse('6h 2d quorum=5 quorum=40% Lunch? | Yes | No')).toMatchObject({
      durationMs: 2 * day,
      quorum: { percent: 40 },
    });
  });

  it('reads full-width bars and full-width digits but keeps question and options as typed', () => {
    expect(parse('６h quorum＝５ Ｌｕｎｃｈ？ ｜ Ｙｅｓ ｜ 不要')).toEqual({
      question: 'Ｌｕｎｃｈ？',
      options: ['Ｙｅｓ', '不要'],
      ...plain,
      durationMs: 6 * hour,
      quorum: { count: 5 },
    });
  });

  it('reads a full-width equals sign and percent sign in a quorum, since toAsciiForms maps them to ASCII', () => {
    expect(toAsciiForms('＝％')).toBe('=%');
    expect(parse('quorum＝６０％ Lunch? | Yes | No').quorum).toEqual({ percent: 60 });
    expect(parse('ｑｕｏｒｕｍ＝１２ Lunch? | Yes | No').quorum).toEqual({ count: 12 });
  });

  it('reads full-width setting words as their ASCII counterparts', () => {
    expect(parse('ｈｏｕｓｅｈｏｌｄ ＨＩＤＤＥＮ ３０ｍ Lunch? | Yes | No')).toMatchObject({
      perHousehold: true,
      hidden: true,
      durationMs: 30 * minute,
    });
  });

  it('mixes ASCII and full-width bars', () => {
    expect(parse('Lunch? ｜ Yes | No ｜ Later').options).toEqual(['Yes', 'No', 'Later']);
  });

  it('reads the ideographic space, tabs and newlines as separators between settings', () => {
    expect(parse('6h\u3000anonymous\tLunch?\n| Yes | No')).toEqual({
      question: 'Lunch?',
      options: ['Yes', 'No'],
      ...plain,
      durationMs: 6 * hour,
      anonymous: true,
    });
  });

  it('trims question and options but keeps the whitespace inside them', () => {
    expect(parse('  Lunch  at\u3000noon?  |  Yes please \u3000| \tNo  ')).toEqual({
      question: 'Lunch  at\u3000noon?',
      options: ['Yes please', 'No'],
      ...plain,
    });
  });

  it('starts the question at the first word that is not a setting and keeps later setting words in it', () => {
    expect(parse('Should we 6h hide | a | b')).toEqual({
      question: 'Should we 6h hide',
      options: ['a', 'b'],
      ...plain,
    });
    expect(parse('6h Go anonymous hidden 2d quorum=5 按户? | a | b')).toEqual({
      question: 'Go anonymous hidden 2d quorum=5 按户?',
      options: ['a', 'b'],
      ...plain,
      durationMs: 6 * hour,
    });
  });

  it('does not check setting-like words inside the question', () => {
    expect(parse('Lunch 31d quorum=0 quorum=abc? | a | b').question).toBe('Lunch 31d quorum=0 quorum=abc?');
  });

  it('reads words that only begin like a setting as the question', () => {
    expect(parse('householders meet? | a | b').question).toBe('householders meet?');
    expect(parse('6hours enough? | a | b').question).toBe('6hours enough?');
    expect(parse('Anonymous? | a | b')).toMatchObject({ question: 'Anonymous?', anonymous: false });
  });

  it('reads a question that starts with the word quorum (without =) as a question', () => {
    expect(parse('quorum Lunch? | Yes | No').question).toBe('quorum Lunch?');
    // A resident asking about the quorum is not writing a quorum setting.
    expect(parse('Quorum for the AGM: keep it? | Yes | No')).toMatchObject({
      question: 'Quorum for the AGM: keep it?',
      quorum: null,
    });
    expect(parse('quorums are silly? | Yes | No').question).toBe('quorums are silly?');
  });

  it.each(['', '   ', '\u3000', '\n\t'])('refuses the empty arguments %j with the usage', (args) => {
    expect(parseKey(args)).toBe('vote-usage');
  });

  it.each(['6h', '6h anonymous', 'hidden | Yes | No', '  quorum=5   | Yes | No', '｜ Yes ｜ No'])(
    'refuses %j, which has settings but no question',
    (args) => {
      expect(parseKey(args)).toBe('vote-question-empty');
    },
  );

  it('refuses a question without options', () => {
    expect(parseError('Lunch?')).toMatchObject({
      key: 'vote-options-count',
      args: { min: minOptions, max: maxOptions, count: 0 },
    });
  });

  it('refuses a single option', () => {
    expect(parseError('Lunch? | Yes')).toMatchObject({
      key: 'vote-options-count',
      args: { min: 2, max: 10, count: 1 },
    });
  });

  it('accepts 2 and 10 options', () => {
    expect(parse('Q | a | b').options).toHaveLength(2);
    const ten = Array.from({ length: 10 }, (_, i) => `o${i}`);
    expect(parse(`Q | ${ten.join(' | ')}`).options).toEqual(ten);
  });

  it('refuses 11 options', () => {
    const eleven = Array.from({ length: 11 }, (_, i) => `o${i}`);
    expect(parseError(`Q | ${eleven.join(' | ')}`)).toMatchObject({ key: 'vote-options-count', args: { count: 11 } });
  });

  it.each(['Q | a || b', 'Q | a | b |', 'Q || a | b', 'Q | a | \u3000 | b', 'Q | a ｜｜ b'])(
    'refuses the empty option in %j',
    (args) => {
      expect(parseKey(args)).toBe('vote-option-empty');
    },
  );

  const emoji = '😀';

  it(`accepts a question of exactly ${maxQuestionLength} code points, however many UTF-16 units they take`, () => {
    const question = emoji.repeat(maxQuestionLength);
    expect(question.length).toBe(2 * maxQuestionLength);
    expect(parse(`6h ${question} | a | b`).question).toBe(question);
  });

  it(`refuses a question of ${maxQuestionLength + 1} code points`, () => {
    expect(parseError(`${emoji.repeat(maxQuestionLength + 1)} | a | b`)).toMatchObject({
      key: 'vote-question-too-long',
      args: { max: 300 },
    });
  });

  it('does not count settings or surrounding spaces towards the question length', () => {
    expect(parse(`anonymous 6h   ${'x'.repeat(maxQuestionLength)}   | a | b`).question).toHaveLength(maxQuestionLength);
  });

  it(`accepts an option of exactly ${maxOptionLength} code points`, () => {
    const option = emoji.repeat(maxOptionLength);
    expect(parse(`Q | ${option} | b`).options).toEqual([option, 'b']);
  });

  it(`refuses an option of ${maxOptionLength + 1} code points and names it`, () => {
    const option = emoji.repeat(maxOptionLength + 1);
    expect(parseError(`Q | a | ${option}`)).toMatchObject({ key: 'vote-option-too-long', args: { max: 100, option } });
  });

  it.each([
    ['Q | Yes | yes', 'yes'],
    ['Q | Yes | No | YES', 'YES'],
    ['Q | Yes | Ｙｅｓ', 'Ｙｅｓ'],
    ['Q | Yes | ｙｅｓ', 'ｙｅｓ'],
    ['Q | a | a ', 'a'],
    ['Q | 吃 | 吃', '吃'],
  ])('refuses %j, which names an option twice', (args, option) => {
    expect(parseError(args)).toMatchObject({ key: 'vote-option-twice', args: { option } });
  });

  it('accepts options that differ by more than letter case and width', () => {
    expect(parse('Q | Yes | Yes! | Y es').options).toEqual(['Yes', 'Yes!', 'Y es']);
  });

  it.each([
    'quorum=0',
    'quorum=0%',
    'quorum=101%',
    'quorum=abc',
    'quorum=',
    'quorum=-1',
    'quorum=5x',
    'quorum=1234567',
    'quorum=5%%',
    'QUORUM＝０',
  ])('refuses the quorum %j', (setting) => {
    expect(parseKey(`${setting} Lunch? | Yes | No`)).toBe('vote-quorum-invalid');
  });

  it.each<[string, Quorum]>([
    ['quorum=1', { count: 1 }],
    ['quorum=999999', { count: 999_999 }],
    ['quorum=007', { count: 7 }],
    ['quorum=1%', { percent: 1 }],
    ['quorum=100%', { percent: 100 }],
  ])('accepts the quorum %j', (setting, quorum) => {
    expect(parse(`${setting} Lunch? | Yes | No`).quorum).toEqual(quorum);
  });

  it.each([
    ['1m', minute],
    ['30d', 30 * day],
    ['720h', 720 * hour],
    ['43200m', 43_200 * minute],
  ])('accepts the duration %j, within a month', (setting, durationMs) => {
    expect(durationMs).toBeLessThanOrEqual(maxVoteDurationMs);
    expect(parse(`${setting} Lunch? | Yes | No`).durationMs).toBe(durationMs);
  });

  it.each(['31d', '721h', '43201m', '99999d', '３１ｄ'])('refuses the duration %j, longer than a month', (setting) => {
    expect(parseError(`${setting} Lunch? | Yes | No`)).toMatchObject({
      key: 'vote-duration-invalid',
      args: { max: '30d' },
    });
  });

  it('reads `0m`, `06h` and a six-digit duration as the start of the question, because parseDuration refuses them', () => {
    // Asserting what the code does: these are not durations, so they are not settings either.
    expect(parse('0m Lunch? | Yes | No')).toEqual({ question: '0m Lunch?', options: ['Yes', 'No'], ...plain });
    expect(parse('06h Lunch? | Yes | No').question).toBe('06h Lunch?');
    expect(parse('100000m Lunch? | Yes | No').question).toBe('100000m Lunch?');
  });

  const tokenUnits = fc.constantFrom(
    '|',
    '｜',
    ' ',
    '\u3000',
    '\n',
    '\t',
    '6h',
    '３０ｍ',
    '0m',
    '31d',
    'quorum=5',
    'quorum＝６０％',
    'quorum=0',
    'quorum',
    'household',
    '按户',
    '匿名',
    'hidden',
    '保密结果',
    'a',
    'A',
    'Ａ',
    'Lunch?',
    '😀',
    'e\u0301',
    '👨‍👩‍👧',
    '\u200b',
    '=',
    '%',
  );
  const anyArgs = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 60 }),
    fc.string({ unit: 'binary', maxLength: 60 }),
    fc.string({ unit: tokenUnits, maxLength: 40 }),
    fc
      .tuple(
        fc.string({ unit: tokenUnits, maxLength: 8 }),
        fc.integer({ min: 295, max: 305 }),
        fc.integer({ min: 95, max: 105 }),
      )
      .map(([head, q, o]) => `${head} ${'😀'.repeat(q)} | ${'a'.repeat(o)} | b`),
  );

  it('gives either a vote or a usage error for any input, never another exception', () => {
    fc.assert(
      fc.property(anyArgs, (args) => {
        let vote: VoteCommand;
        try {
          vote = parse(args);
        } catch (err) {
          expect(err).toBeInstanceOf(UsageError);
          return;
        }
        expect(vote.question.length).toBeGreaterThan(0);
        expect(vote.question).toBe(vote.question.trim());
        expect(codePointLength(vote.question)).toBeLessThanOrEqual(maxQuestionLength);
        expect(args).toContain(vote.question);
        expect(vote.options.length).toBeGreaterThanOrEqual(minOptions);
        expect(vote.options.length).toBeLessThanOrEqual(maxOptions);
        for (const option of vote.options) {
          expect(option.length).toBeGreaterThan(0);
          expect(option).toBe(option.trim());
          expect(codePointLength(option)).toBeLessThanOrEqual(maxOptionLength);
          expect(args).toContain(option);
          expect(toAsciiForms(option)).not.toContain('|');
        }
        expect(new Set(vote.options.map((o) => toAsciiForms(o).toLowerCase())).size).toBe(vote.options.length);
        if (vote.durationMs !== defaultDurationMs) {
          expect(vote.durationMs).toBeGreaterThanOrEqual(minute);
          expect(vote.durationMs).toBeLessThanOrEqual(maxVoteDurationMs);
        }
      }),
      { numRuns: 1000 },
    );
  });

  type Settings = Omit<VoteCommand, 'question' | 'options'>;
  const fullWidthDigits = (s: string): string =>
    s.replace(/[0-9=%]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
  const maybeFullWidth = (written: string) => fc.boolean().map((wide) => (wide ? fullWidthDigits(written) : written));
  const settingToken: fc.Arbitrary<{ written: string; apply: (s: Settings) => void }> = fc.oneof(
    fc
      .tuple(
        fc.constantFrom(['m', minute, 43_200] as const, ['h', hour, 720] as const, ['d', day, 30] as const),
        fc.nat(),
        fc.boolean(),
      )
      .chain(([[unit, ms, max], n, upper]) => {
        const count = (n % max) + 1;
        return maybeFullWidth(`${count}${upper ? unit.toUpperCase() : unit}`).map((written) => ({
          written,
          apply: (s: Settings) => {
            s.durationMs = count * ms;
          },
        }));
      }),
    fc.constantFrom('household', 'HOUSEHOLD', '按户').map((written) => ({
      written,
      apply: (s: Settings) => {
        s.perHousehold = true;
      },
    })),
    fc.constantFrom('anonymous', 'Anonymous', '匿名').map((written) => ({
      written,
      apply: (s: Settings) => {
        s.anonymous = true;
      },
    })),
    fc.constantFrom('hidden', 'Hidden', '保密结果').map((written) => ({
      written,
      apply: (s: Settings) => {
        s.hidden = true;
      },
    })),
    fc.integer({ min: 1, max: 999_999 }).chain((count) =>
      maybeFullWidth(`quorum=${count}`).map((written) => ({
        written,
        apply: (s: Settings) => {
          s.quorum = { count };
        },
      })),
    ),
    fc.integer({ min: 1, max: 100 }).chain((percent) =>
      maybeFullWidth(`quorum=${percent}%`).map((written) => ({
        written,
        apply: (s: Settings) => {
          s.quorum = { percent };
        },
      })),
    ),
  );
  const separator = fc.string({ unit: fc.constantFrom(' ', '\u3000', '\n', '\t'), minLength: 1, maxLength: 3 });
  const padding = fc.string({ unit: fc.constantFrom(' ', '\u3000', '\t'), maxLength: 2 });
  const bar = fc.constantFrom('|', '｜');
  const noBars = (s: string): boolean => !toAsciiForms(s).includes('|');
  const isSettingWord = (word: string): boolean => {
    const lower = word.toLowerCase();
    return (
      ['household', 'anonymous', 'hidden'].includes(lower) ||
      ['按户', '匿名', '保密结果'].includes(word) ||
      lower.startsWith('quorum') ||
      parseDuration(word) !== undefined
    );
  };
  const question = fc
    .string({ unit: 'grapheme', minLength: 1, maxLength: 40 })
    .map((s) => s.trim())
    .filter(
      (s) =>
        s.length > 0 &&
        noBars(s) &&
        codePointLength(s) <= maxQuestionLength &&
        !isSettingWord(toAsciiForms(s).split(/\s/)[0]!),
    );
  const option = fc
    .string({ unit: 'grapheme', minLength: 1, maxLength: 20 })
    .map((s) => s.trim())
    .filter((s) => s.length > 0 && noBars(s) && codePointLength(s) <= maxOptionLength);
  const options = fc.uniqueArray(option, {
    minLength: minOptions,
    maxLength: maxOptions,
    selector: (o) => toAsciiForms(o).toLowerCase(),
  });

  it('recovers exactly the settings, question and options it was given', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(settingToken, separator), { maxLength: 6 }),
        padding,
        question,
        fc.array(fc.tuple(bar, padding, padding), { minLength: maxOptions, maxLength: maxOptions }),
        options,
        (tokens, lead, q, bars, opts) => {
          const expected: Settings = { ...plain };
          for (const [token] of tokens) token.apply(expected);
          const head = lead + tokens.map(([token, sep]) => token.written + sep).join('') + q;
          const args = head + opts.map((o, i) => `${bars[i]![1]}${bars[i]![0]}${bars[i]![2]}${o}`).join('');
          expect(parse(args)).toEqual({ question: q, options: opts, ...expected });
        },
      ),
      { numRuns: 500 },
    );
  });
});

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

describe('ballot data', () => {
  it('writes the vote id and option into versioned callback data', () => {
    expect(ballotData(3, 1)).toBe('v1:vote:3:1');
  });

  it('reads back every vote id and option 0 to 9 it writes, in at most 64 bytes', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 9_999_999_999_999 })),
        fc.integer({ min: 0, max: maxOptions - 1 }),
        (voteId, option) => {
          const data = ballotData(voteId, option);
          expect(Buffer.byteLength(data, 'utf8')).toBeLessThanOrEqual(64);
          expect(parseBallotData(data)).toEqual({ voteId, option });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('fits the largest id it reads back into 64 bytes', () => {
    const data = ballotData(9_999_999_999_999, 9);
    expect(Buffer.byteLength(data, 'utf8')).toBeLessThanOrEqual(64);
    expect(parseBallotData(data)).toEqual({ voteId: 9_999_999_999_999, option: 9 });
  });

  it.each([
    'v1:vote:0:1',
    'v1:vote:1:10',
    'v1:vote:-1:1',
    'v2:vote:1:1',
    'v1:vote:1:a',
    'v1:vote:01:1',
    'v1:vote:1:-1',
    'v1:vote:1:',
    'v1:vote::1',
    'v1:vote:1',
    'v1:vote:1:1:1',
    'v1:vote:1.5:1',
    'v1:vote:1:１',
    'v1:vote:１:1',
    'v1:need:1:1',
    ' v1:vote:1:1',
    'v1:vote:1:1 ',
    'v1:vote:1:1\n',
    'v1:vote:10000000000000:1',
    '',
  ])('refuses the forged data %j', (data) => {
    expect(parseBallotData(data)).toBeUndefined();
  });

  it('reads only data it could have written itself', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 30 }),
          fc.string({
            unit: fc.constantFrom('v1:vote:', 'v2', ':', '0', '1', '9', '-', 'a', ' ', '１'),
            maxLength: 10,
          }),
        ),
        (data) => {
          const parsed = parseBallotData(data);
          if (parsed !== undefined) expect(ballotData(parsed.voteId, parsed.option)).toBe(data);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../../src/core/duration.ts';
import { codePointLength, toAsciiForms } from '../../../src/core/text.ts';
import { UsageError } from '../../../src/core/usage-error.ts';
import {
  maxOptionLength,
  maxOptions,
  maxQuestionLength,
  maxVoteDurationMs,
  minOptions,
  type VoteCommand,
} from '../../../src/features/votes/votes.ts';
import { day, defaultDurationMs, hour, minute, parse, plain } from './parse-vote-helpers.ts';

describe('parseVote', () => {
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

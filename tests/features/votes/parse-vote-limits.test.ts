import { describe, expect, it } from 'vitest';
import {
  maxOptionLength,
  maxOptions,
  maxQuestionLength,
  maxVoteDurationMs,
  minOptions,
  type Quorum,
} from '../../../src/features/votes/votes.ts';
import { day, hour, minute, parse, parseError, parseKey, plain } from './parse-vote-helpers.ts';

describe('parseVote', () => {
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
});

import { describe, expect, it } from 'vitest';
import { toAsciiForms } from '../../../src/core/text.ts';
import { parseVote, type VoteCommand } from '../../../src/features/votes/votes.ts';
import { day, hour, minute, parse, plain } from './parse-vote-helpers.ts';

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
    ['法定人数=5', { quorum: { count: 5 } }],
    ['法定人数＝60％', { quorum: { percent: 60 } }],
    ['至少12', { quorum: { count: 12 } }],
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
});

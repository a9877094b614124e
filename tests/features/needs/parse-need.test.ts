import { describe, expect, it } from 'vitest';
import { maxNeedTextLength, parseNeed } from '../../../src/features/needs/needs.ts';
import { usageError } from '../usage-error.ts';
import { categories, parse, parseKey, priorityWords } from './need-fixtures.ts';

describe('parseNeed', () => {
  it('reads plain text as a normal need in the other category', () => {
    expect(parse('need bread for two days')).toEqual({
      priority: 'normal',
      category: 'other',
      text: 'need bread for two days',
    });
  });

  it('does not mark a plain need as assisted', () => {
    expect(parse('need bread')).not.toHaveProperty('forUnit');
  });

  it.each(priorityWords)('reads the priority word %j as %s', (word, priority) => {
    expect(parse(`${word} need bread`)).toEqual({ priority, category: 'other', text: 'need bread' });
  });

  it('reads priority words in any letter case', () => {
    expect(parse('URGENT need bread').priority).toBe('urgent');
    expect(parse('High need bread').priority).toBe('high');
  });

  it.each([
    ['#medicine', 'medicine'],
    ['#药', 'medicine'],
    ['#Medicine', 'medicine'],
    ['#MEDICINE', 'medicine'],
    ['#food', 'food'],
    ['#食物', 'food'],
    ['#medical', 'medical'],
    ['#就医', 'medical'],
    ['#elderly', 'elderly'],
    ['#老人', 'elderly'],
    ['#disinfection', 'disinfection'],
    ['#消杀', 'disinfection'],
    ['#other', 'other'],
    ['#其他', 'other'],
  ])('reads the category tag %j as %s', (tag, category) => {
    expect(parse(`${tag} need something`)).toEqual({ priority: 'normal', category, text: 'need something' });
  });

  it('reads priority and category in either order', () => {
    const expected = { priority: 'urgent', category: 'medicine', text: 'ibuprofen' };
    expect(parse('!! #medicine ibuprofen')).toEqual(expected);
    expect(parse('#medicine !! ibuprofen')).toEqual(expected);
    expect(parse('紧急 #药 ibuprofen')).toEqual(expected);
    expect(parse('#药 紧急 ibuprofen')).toEqual(expected);
  });

  it('reads full-width marks as ASCII but keeps the text exactly as typed', () => {
    expect(parse('！！ ＃药 需要１盒布洛芬')).toEqual({
      priority: 'urgent',
      category: 'medicine',
      text: '需要１盒布洛芬',
    });
    expect(parse('＃药 ！ 需要１盒布洛芬')).toEqual({ priority: 'high', category: 'medicine', text: '需要１盒布洛芬' });
    expect(parse('＃Ｍｅｄｉｃｉｎｅ　需要１盒')).toEqual({
      priority: 'normal',
      category: 'medicine',
      text: '需要１盒',
    });
  });

  it('reads the ideographic space as a separator', () => {
    expect(parse('！！\u3000＃药\u3000布洛芬')).toEqual({ priority: 'urgent', category: 'medicine', text: '布洛芬' });
  });

  it('treats only the first priority and the first category as syntax', () => {
    expect(parse('!! !! help')).toEqual({ priority: 'urgent', category: 'other', text: '!! help' });
    expect(parse('#food #medicine rice')).toEqual({ priority: 'normal', category: 'food', text: '#medicine rice' });
  });

  it('reads text that only starts with a priority mark or a tag as text', () => {
    expect(parse('!!help')).toEqual({ priority: 'normal', category: 'other', text: '!!help' });
    expect(parse('urgently need water')).toEqual({
      priority: 'normal',
      category: 'other',
      text: 'urgently need water',
    });
  });

  it('reads `for <unit>` as an assisted need for that household', () => {
    expect(parse('for 1502 !! #药 布洛芬')).toEqual({
      priority: 'urgent',
      category: 'medicine',
      text: '布洛芬',
      forUnit: '1502',
    });
    expect(parse('for 3-1502 need bread')).toEqual({
      priority: 'normal',
      category: 'other',
      text: 'need bread',
      forUnit: '3-1502',
    });
  });

  it('normalizes the unit of an assisted need', () => {
    expect(parse('for １５０２ 需要药').forUnit).toBe('1502');
    expect(parse('FOR 12a bread').forUnit).toBe('12A');
    expect(parse('ｆｏｒ　１５０２　需要药')).toEqual({
      priority: 'normal',
      category: 'other',
      text: '需要药',
      forUnit: '1502',
    });
  });

  it('refuses `for` without a unit', () => {
    expect(parseKey('for')).toBe('need-for-usage');
    expect(parseKey('  for  ')).toBe('need-for-usage');
  });

  it('refuses an assisted need whose unit is not a unit', () => {
    expect(parseKey('for abc bread')).toBe('home-invalid');
  });

  it('refuses an assisted need without text', () => {
    expect(parseKey('for 1502')).toBe('need-text-empty');
    expect(parseKey('for 1502 !! #药')).toBe('need-text-empty');
  });

  it('refuses an unknown category and lists the known ones', () => {
    const err = usageError(() => parse('!! #toys a ball'));
    expect(err?.key).toBe('need-unknown-category');
    expect(err?.args.category).toBe('toys');
    const known = String(err?.args.known);
    for (const c of categories) {
      expect(known).toContain(`#${c.id}`);
      for (const alias of c.aliases) expect(known).toContain(`#${alias}`);
    }
  });

  it('refuses a bare `#` as an unknown category', () => {
    expect(parseKey('# bread')).toBe('need-unknown-category');
  });

  it('refuses empty arguments with the usage', () => {
    expect(parseKey('')).toBe('need-usage');
    expect(parseKey('   ')).toBe('need-usage');
    expect(parseKey('\n\t\u3000')).toBe('need-usage');
  });

  it('refuses a priority or category without text', () => {
    expect(parseKey('!!')).toBe('need-text-empty');
    expect(parseKey('#药')).toBe('need-text-empty');
    expect(parseKey('！！ ＃药  ')).toBe('need-text-empty');
    expect(parseKey('#medicine urgent')).toBe('need-text-empty');
  });

  it(`accepts a text of exactly ${maxNeedTextLength} code points, however many UTF-16 units they take`, () => {
    const text = '😀'.repeat(maxNeedTextLength);
    expect(text.length).toBe(2 * maxNeedTextLength);
    expect(parse(`!! #药 ${text}`)).toEqual({ priority: 'urgent', category: 'medicine', text });
    expect(parse(text).text).toBe(text);
  });

  it(`refuses a text of ${maxNeedTextLength + 1} code points`, () => {
    const err = usageError(() => parse(`#药 ${'😀'.repeat(maxNeedTextLength + 1)}`));
    expect(err?.key).toBe('need-text-too-long');
    expect(err?.args).toEqual({ max: maxNeedTextLength, length: maxNeedTextLength + 1 });
    expect(parseKey('a'.repeat(maxNeedTextLength + 1))).toBe('need-text-too-long');
  });

  it('does not count the priority, the category or surrounding spaces towards the length', () => {
    expect(parse(`  紧急  #disinfection  ${'a'.repeat(maxNeedTextLength)}  `).text).toHaveLength(maxNeedTextLength);
  });

  it('keeps the whitespace and newlines inside the text', () => {
    expect(parse('#food  rice\n\n and  oil\t(2 kg) ').text).toBe('rice\n\n and  oil\t(2 kg)');
    expect(parse('!!\n需要药\n  谢谢').text).toBe('需要药\n  谢谢');
  });

  it('falls back to the last category when the config has no `other`', () => {
    const noOther = [
      { id: 'food', aliases: [] },
      { id: 'water', aliases: ['水'] },
    ];
    expect(parseNeed('need bread', noOther).category).toBe('water');
    expect(parseNeed('#水 need water', noOther).category).toBe('water');
  });

  it('reads words that are names on Object.prototype as text', () => {
    for (const word of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(parse(`${word} please`)).toMatchObject({ priority: 'normal', text: `${word} please` });
      expect(parse(word)).toMatchObject({ priority: 'normal', text: word });
    }
  });
});

import { describe, expect, it } from 'vitest';
import { alertLevels, maxNoticeLength, parseAlert, parseNotice } from '../../../src/features/notices/notices.ts';
import { usageError } from '../usage-error.ts';

const known = ['b3', 'b7', 'b12'];

describe('parseNotice', () => {
  it('reads a notice for the group’s own building when no building is named', () => {
    expect(parseNotice('Water is off 14:00-16:00', known)).toEqual({
      pin: false,
      buildingIds: undefined,
      text: 'Water is off 14:00-16:00',
    });
  });

  it('reads `all` as every building of the config, in the config’s order', () => {
    expect(parseNotice('all Lift maintenance tomorrow', known)).toEqual({
      pin: false,
      buildingIds: ['b3', 'b7', 'b12'],
      text: 'Lift maintenance tomorrow',
    });
  });

  it('reads `all` in any letter case and in full-width letters', () => {
    expect(parseNotice('ALL hello', known).buildingIds).toEqual(known);
    expect(parseNotice('ａｌｌ hello', known).buildingIds).toEqual(known);
  });

  it('reads a comma-separated list of known building ids, in the order typed', () => {
    expect(parseNotice('b7,b3 Parcels at the gate', known)).toEqual({
      pin: false,
      buildingIds: ['b7', 'b3'],
      text: 'Parcels at the gate',
    });
    expect(parseNotice('b12 one building', known).buildingIds).toEqual(['b12']);
  });

  it('reads building ids typed in full-width forms', () => {
    expect(parseNotice('ｂ３，ｂ７ hello', known).buildingIds).toEqual(['b3', 'b7']);
  });

  it.each([
    ['b3,b9 closed today', 'b3,b9 closed today'],
    ['b9 closed today', 'b9 closed today'],
    ['B3 closed today', 'B3 closed today'],
    ['b3,,b7 closed today', 'b3,,b7 closed today'],
    ['b3, b7 closed today', 'b3, b7 closed today'],
    ['allx closed today', 'allx closed today'],
  ])('takes %j, whose first word is not all known ids, as text from its start', (args, text) => {
    expect(parseNotice(args, known)).toEqual({ pin: false, buildingIds: undefined, text });
  });

  it('reads `pin` and `置顶` before the targets, in any letter case', () => {
    expect(parseNotice('pin all Curfew at 22:00', known)).toEqual({
      pin: true,
      buildingIds: known,
      text: 'Curfew at 22:00',
    });
    expect(parseNotice('置顶 b3 今晚停水', known)).toEqual({ pin: true, buildingIds: ['b3'], text: '今晚停水' });
    expect(parseNotice('PIN hello', known)).toEqual({ pin: true, buildingIds: undefined, text: 'hello' });
  });

  it('takes `pin` after the targets as part of the text', () => {
    expect(parseNotice('b3 pin the poster up', known)).toEqual({
      pin: false,
      buildingIds: ['b3'],
      text: 'pin the poster up',
    });
  });

  it('keeps the lines of a notice and trims only around it', () => {
    expect(parseNotice('  b3   first line\nsecond line  ', known).text).toBe('first line\nsecond line');
    expect(parseNotice('\nfirst line\n\nsecond line\n', known).text).toBe('first line\n\nsecond line');
  });

  it('answers the usage for a target or `pin` without a text, rather than posting the word', () => {
    for (const args of ['all', 'b3', 'b3,b7', 'pin', 'pin all', '置顶 b3']) {
      expect(usageError(() => parseNotice(args, known))?.key, args).toBe('notice-usage');
    }
    expect(parseNotice('hello', known)).toEqual({ pin: false, buildingIds: undefined, text: 'hello' });
  });

  it('names each building once however often it was typed', () => {
    expect(parseNotice('b3,b3,b7 hi', known).buildingIds).toEqual(['b3', 'b7']);
  });

  it.each(['', '   ', '\u3000', '\n\t'])('answers the usage for %j', (args) => {
    expect(usageError(() => parseNotice(args, known))?.key).toBe('notice-usage');
  });

  it('answers the usage for `pin` with nothing after it', () => {
    expect(usageError(() => parseNotice('pin \u3000', known))?.key).toBe('notice-usage');
    expect(usageError(() => parseNotice('置顶 ', known))?.key).toBe('notice-usage');
  });

  it('accepts a notice of exactly the longest length, counted in UTF-16 units as Telegram counts', () => {
    const longest = '🏠'.repeat(maxNoticeLength / 2);
    expect(parseNotice(`b3 ${longest}`, known).text).toBe(longest);
  });

  it('refuses a notice of emoji that is short in characters but too long for Telegram', () => {
    expect(usageError(() => parseNotice(`all ${'🏠'.repeat(maxNoticeLength / 2 + 1)}`, known))?.key).toBe(
      'notice-too-long',
    );
  });

  it('refuses a notice one unit too long, naming the limit', () => {
    const error = usageError(() => parseNotice(`all ${'x'.repeat(maxNoticeLength + 1)}`, known));
    expect(error?.key).toBe('notice-too-long');
    expect(error?.args).toEqual({ max: maxNoticeLength });
  });

  it('counts only the text, not the pin word and targets, against the limit', () => {
    const text = 'y'.repeat(maxNoticeLength);
    expect(parseNotice(`pin b3,b7 ${text}`, known).text).toHaveLength(maxNoticeLength);
  });
});

describe('parseAlert', () => {
  it.each([
    ['blue', 'blue'],
    ['蓝', 'blue'],
    ['yellow', 'yellow'],
    ['黄', 'yellow'],
    ['orange', 'orange'],
    ['橙', 'orange'],
    ['red', 'red'],
    ['红', 'red'],
    ['RED', 'red'],
    ['Orange', 'orange'],
    ['ｒｅｄ', 'red'],
  ])('reads the level %j as %s', (word, level) => {
    expect(parseAlert(`${word} Typhoon expected tonight`)).toEqual({ level, text: 'Typhoon expected tonight' });
  });

  it('knows exactly the four graded levels, least severe first', () => {
    expect(alertLevels).toEqual(['blue', 'yellow', 'orange', 'red']);
  });

  it('keeps the lines of the alert text and trims around it', () => {
    expect(parseAlert('  红\u3000台风预警\n请勿外出  ')).toEqual({ level: 'red', text: '台风预警\n请勿外出' });
  });

  it.each([
    '',
    '   ',
    'red',
    '红',
    'red   ',
    'purple Typhoon',
    'info Water is off',
    '红色 台风',
    'level red Typhoon',
    'Typhoon red',
  ])('answers the alert usage for %j', (args) => {
    expect(usageError(() => parseAlert(args))?.key).toBe('alert-usage');
  });

  it('refuses an alert text that is too long with the notice limit', () => {
    const error = usageError(() => parseAlert(`yellow ${'z'.repeat(maxNoticeLength + 1)}`));
    expect(error?.key).toBe('notice-too-long');
    expect(error?.args).toEqual({ max: maxNoticeLength });
    expect(parseAlert(`yellow ${'z'.repeat(maxNoticeLength)}`).text).toHaveLength(maxNoticeLength);
  });
});

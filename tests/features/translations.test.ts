import { describe, expect, it } from 'vitest';
import { isWellFormed, rawKeysIn, translatorIn } from './translations.ts';

describe('the checks the view tests make', () => {
  it('find a message key left as it is, and the {key} the i18n plugin writes for an unknown one', () => {
    expect(rawKeysIn('Status: need-card-open')).toEqual(['need-card-open']);
    expect(rawKeysIn('🛒 {buy-card-nothing}')).toEqual(['{buy-card-nothing}']);
    expect(rawKeysIn(translatorIn('zh')('need-card-open'))).toEqual([]);
  });

  it('tell a text with half an emoji from a whole one', () => {
    expect(isWellFormed('1. 😀😀')).toBe(true);
    expect(isWellFormed('1. 😀\uD83D')).toBe(false);
    expect(isWellFormed('\uDE00 1.')).toBe(false);
  });
});

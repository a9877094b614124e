import { describe, expect, it } from 'vitest';
import { createI18n, localeOfUser, translatorOf } from '../../src/bot/i18n.ts';

const translate = translatorOf(createI18n());

describe('the translations', () => {
  it('show an id as its digits, as people type it back, while counts keep their plural forms', () => {
    const title = translate('en', 'need-card-title', { id: 12345, priority: 'normal', category: 'food' });
    expect(title).toBe('Need #12345 · #food');
    expect(translate('en', 'digest-finished', { needs: 1, volunteers: 1 })).toContain('1 need done by 1 helper.');
    expect(translate('en', 'digest-finished', { needs: 1200, volunteers: 2 })).toContain('1,200 needs');
  });

  it('answer a DM in the user’s language when it is English or Chinese, else in the fallback', () => {
    expect(localeOfUser('zh-hans', 'en')).toBe('zh');
    expect(localeOfUser('fr', 'zh')).toBe('zh');
    expect(localeOfUser(undefined, 'en')).toBe('en');
  });
});

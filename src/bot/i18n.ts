import { fileURLToPath } from 'node:url';
import { I18n } from '@grammyjs/i18n';
import type { BotContext } from './context.ts';

export type { Locale, Translate } from '../core/translate.ts';
import type { Locale } from '../core/translate.ts';
export const locales: readonly Locale[] = ['en', 'zh'];

const localesDir = fileURLToPath(new URL('../../locales', import.meta.url));


/** Loads `locales/*.ftl`; the locale of each update is the one the scope middleware chose (`ctx.app.locale`). */
export function createI18n(): I18n<BotContext> {
  return new I18n<BotContext>({
    defaultLocale: 'en',
    directory: localesDir,
    // Unicode isolation marks around variables would end up inside unit numbers and ids people copy
    fluentBundleOptions: { useIsolating: false },
    localeNegotiator: (ctx) => ctx.app.locale,
  });
}

/**
 * A DM is answered in the user's Telegram language when it is English or Chinese, else in the fallback
 * (the config's language).
 */
export function localeOfUser(languageCode: string | undefined, fallback: Locale): Locale {
  const primary = languageCode?.toLowerCase().split('-')[0];
  return primary === 'zh' || primary === 'en' ? primary : fallback;
}

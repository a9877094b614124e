import { fileURLToPath } from 'node:url';
import { I18n } from '@grammyjs/i18n';
import type { BotContext } from './context.ts';

export type { Locale, Translate } from '../core/translate.ts';

import type { Locale, Translate } from '../core/translate.ts';
export const locales: readonly Locale[] = ['en', 'zh'];

const localesDir = fileURLToPath(new URL('../../locales', import.meta.url));

/** Loads `locales/*.ftl`; the locale of each update is the one the scope middleware chose (`ctx.app.locale`). */
export function createI18n(): I18n<BotContext> {
  const i18n = new I18n<BotContext>({
    defaultLocale: 'en',
    directory: localesDir,
    // Unicode isolation marks around variables would end up inside unit numbers and ids people copy
    fluentBundleOptions: { useIsolating: false },
    localeNegotiator: (ctx) => ctx.app.locale,
  });
  rememberBundleMatches(i18n);
  showIdsAsTyped(i18n);
  // the first number Fluent formats loads ICU's number formatting (15 ms): at start, not in the first city alert,
  // where twenty districts sharing a machine would each pay it in the same second
  new Intl.NumberFormat([...locales]);
  return i18n;
}

/**
 * Fluent formats a number with digit grouping ("Need #12,345"), which is right for counts and wrong for ids that
 * people copy into commands (`/endvote 12345`). An id argument (`id`, `noticeId`, …) is shown as its digits,
 * whoever passes it; counts stay numbers, so plural forms still select. (Internal API of the pinned 1.1.2.)
 */
function showIdsAsTyped(i18n: I18n<BotContext>): void {
  type TranslateFn = (locales: string | string[], path: string, context?: Record<string, unknown>) => string;
  const fluent = (i18n as unknown as { fluent?: { translate?: TranslateFn } }).fluent;
  const translate = fluent?.translate?.bind(fluent);
  if (!fluent || !translate) return;
  fluent.translate = (locales, path, context) => {
    if (!context) return translate(locales, path, context);
    const args: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(context)) {
      args[name] = typeof value === 'number' && (name === 'id' || name.endsWith('Id')) ? String(value) : value;
    }
    return translate(locales, path, args);
  };
}

/** The translations as a plain function, for what renders outside an update (and for the update scope). */
export function translatorOf(i18n: I18n<BotContext>): Translate {
  return (locale, key, args) => i18n.t(locale, key, args);
}

/**
 * @grammyjs/i18n negotiates the language again for every message it translates (a card is a dozen). The
 * bundles are loaded once, so the match for a locale never changes: it is kept. (Internal API of the pinned 1.1.2.)
 */
function rememberBundleMatches(i18n: I18n<BotContext>): void {
  const fluent = (i18n as unknown as { fluent?: { matchBundles?: (locales: string[]) => unknown[] } }).fluent;
  const match = fluent?.matchBundles?.bind(fluent);
  if (!fluent || !match) return;
  const matches = new Map<string, unknown[]>();
  fluent.matchBundles = (locales) => {
    const key = locales.join('\n');
    let found = matches.get(key);
    if (!found) {
      found = match(locales);
      matches.set(key, found);
    }
    return found;
  };
}

/**
 * A DM is answered in the user's Telegram language when it is English or Chinese, else in the fallback
 * (the config's language).
 */
export function localeOfUser(languageCode: string | undefined, fallback: Locale): Locale {
  const primary = languageCode?.toLowerCase().split('-')[0];
  return primary === 'zh' || primary === 'en' ? primary : fallback;
}

import type { MessageKey } from './message-keys.ts';
import type { MessageArgs } from './usage-error.ts';

export type Locale = 'en' | 'zh';

/** A translation outside an update (scheduled posts, DMs): one renderer for every user-facing text. */
export type Translate = (locale: Locale, key: MessageKey, args?: MessageArgs) => string;

/** A translation bound to one language, as views and cards take it. */
export type T = (key: MessageKey, args?: MessageArgs) => string;

/** Binds `translate` to a language, e.g. a building's: its cards and group posts are in it, whoever acted. */
export function inLanguage(translate: Translate, language: string): T {
  return (key, args) => translate(language as Locale, key, args);
}

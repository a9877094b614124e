import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createI18n, translatorOf } from '../../src/bot/i18n.ts';
import { inLanguage, type Locale, type T } from '../../src/core/translate.ts';

/** The languages every view is rendered in by these tests. */
export const languages: readonly Locale[] = ['en', 'zh'];

const translate = translatorOf(createI18n());

/** The real translations of the locale files, bound to one language, as the bot gives them to views. */
export function translatorIn(language: Locale): T {
  return inLanguage(translate, language);
}

function ftlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? ftlFiles(path) : path.endsWith('.ftl') ? [path] : [];
  });
}

/** Every message key of the locale files that has a hyphen: a word like that is never a resident's text here. */
const messageKeys = [
  ...new Set(
    ftlFiles('locales').flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/^([a-z][a-z0-9]*(?:-[a-z0-9]+)+) =/gm)].map((m) => m[1]!),
    ),
  ),
];

/**
 * What a rendered text shows of a message that was not translated: a key written as it is (`need-card-title`),
 * or the `{key}` the i18n plugin puts for a key missing in the locale files.
 */
export function rawKeysIn(text: string): string[] {
  const missing = [...text.matchAll(/\{[a-z][a-z0-9-]*\}/g)].map((m) => m[0]);
  return [...missing, ...messageKeys.filter((key) => text.includes(key))];
}

/** True when `text` has no half of a surrogate pair on its own (Telegram refuses such text). */
export function isWellFormed(text: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}

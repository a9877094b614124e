import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { messageKeysModule, messageKeysOf } from '../scripts/locale-files.ts';

const languages = ['en', 'zh'];

function keysOfFile(path: string): string[] {
  return [...readFileSync(path, 'utf8').matchAll(/^([a-z][a-z0-9-]*) =/gm)].map((m) => m[1]!);
}

describe('locales', () => {
  it('have a file per feature with the same messages in English and Chinese', () => {
    const files = readdirSync('locales/en').sort();
    expect(readdirSync('locales/zh').sort()).toEqual(files);
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      expect(keysOfFile(join('locales/zh', file)).sort(), file).toEqual(keysOfFile(join('locales/en', file)).sort());
    }
  });

  it('define each message once per language', () => {
    for (const language of languages) {
      const all = readdirSync(join('locales', language)).flatMap((file) => keysOfFile(join('locales', language, file)));
      expect(all.filter((key, i) => all.indexOf(key) !== i)).toEqual([]);
      expect(new Set(all).size).toBe(messageKeysOf(join('locales', language)).length);
    }
  });

  it('are the keys the compiler checks: src/core/message-keys.ts is current (npm run locales)', () => {
    expect(readFileSync('src/core/message-keys.ts', 'utf8')).toBe(messageKeysModule('locales'));
  });
});

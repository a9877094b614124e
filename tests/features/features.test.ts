import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createI18n, translatorOf } from '../../src/bot/i18n.ts';
import { features } from '../../src/features/index.ts';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** The command names the handlers register (`.command('x', …)`, `.command(['x', 'y'], …)`), read from the code. */
function handledCommands(): Set<string> {
  const names = new Set<string>();
  for (const file of sourceFiles('src/features')) {
    const code = readFileSync(file, 'utf8');
    for (const call of code.matchAll(/\.command\(\s*(\[[^\]]*\]|'[^']*')/g)) {
      for (const name of call[1]!.matchAll(/'([a-z_]+)'/g)) names.add(name[1]!);
    }
    // commands registered in a loop over a literal list (`for (const field of ['paid', 'delivered'] as const)`)
    for (const loop of code.matchAll(/for \(const (\w+) of (\[[^\]]*\])[^)]*\)\s*\{?\s*\n?\s*\w+\.command\(\1\b/g)) {
      for (const name of loop[2]!.matchAll(/'([a-z_]+)'/g)) names.add(name[1]!);
    }
  }
  return names;
}

const declared = features.flatMap((f) => f.commands.map((c) => c.name));
const translate = translatorOf(createI18n());

describe('the feature list', () => {
  it('declares every command a handler registers, and no command twice', () => {
    const handled = handledCommands();
    expect(handled.size).toBeGreaterThan(20);
    expect([...handled].filter((name) => !declared.includes(name as (typeof declared)[number]))).toEqual([]);
    expect(declared.filter((name, i) => declared.indexOf(name) !== i)).toEqual([]);
  });

  it('handles every command it declares', () => {
    const handled = handledCommands();
    expect(declared.filter((name) => !handled.has(name))).toEqual([]);
  });

  it('gives every command a menu entry and a help line in both languages', () => {
    for (const locale of ['en', 'zh'] as const) {
      for (const name of declared) {
        const menu = translate(locale, `cmd-${name}`);
        expect(menu, `cmd-${name} (${locale})`).not.toMatch(/^cmd-|^\{/);
        expect(menu.length, `cmd-${name} (${locale}) fits Telegram's 256`).toBeLessThanOrEqual(256);
        expect(translate(locale, `help-${name}`), `help-${name} (${locale})`).toContain(`/${name}`);
      }
    }
  });

  it('names features uniquely, each with its own folder', () => {
    const names = features.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(statSync(join('src/features', name)).isDirectory()).toBe(true);
  });
});

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function keysOf(file: string): Set<string> {
  return new Set([...readFileSync(file, 'utf8').matchAll(/^([a-z][a-z0-9-]*) =/gm)].map((m) => m[1]!));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const en = keysOf('locales/en.ftl');
const zh = keysOf('locales/zh.ftl');

describe('locales', () => {
  it('have the same messages in English and Chinese', () => {
    expect([...en].filter((k) => !zh.has(k))).toEqual([]);
    expect([...zh].filter((k) => !en.has(k))).toEqual([]);
  });

  it('hold every message key the code names literally', () => {
    const used = new Set<string>();
    for (const file of sourceFiles('src')) {
      const code = readFileSync(file, 'utf8');
      for (const m of code.matchAll(/(?:\bt|translate|UsageError)\((?:[^,()]*, )?'([a-z][a-z0-9]*(?:-[a-z0-9]+)+)'/g))
        used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(30);
    expect([...used].filter((k) => !en.has(k))).toEqual([]);
  });
});

import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The layer rules of STYLE.md are Biome's restricted imports (biome.json `overrides`); `npm run lint` applies them to
// the tree. Here each rule is shown to bite: probe files at the paths the rules name are linted with the project's
// own biome.json, outside the tree.
const probes: Array<{ path: string; imports: string; refused: boolean }> = [
  { path: 'src/features/needs/probe.bot.ts', imports: "import { eq } from 'drizzle-orm';", refused: true },
  { path: 'src/features/needs/probe.bot.ts', imports: "import { needs } from '../../db/schema.ts';", refused: true },
  { path: 'src/features/needs/probe.bot.ts', imports: "import { getNeed } from './needs.store.ts';", refused: false },
  { path: 'src/features/needs/probe.view.ts', imports: "import { sql } from 'drizzle-orm/sql';", refused: true },
  { path: 'src/jobs/probe.ts', imports: "import { outbox } from '../db/schema.ts';", refused: true },
  { path: 'src/features/needs/probe.store.ts', imports: "import { eq } from 'drizzle-orm';", refused: false },
  { path: 'src/db/probe.ts', imports: "import { eq } from 'drizzle-orm';", refused: false },
  { path: 'src/features/needs/probe.ts', imports: "import { Composer } from 'grammy';", refused: true },
  { path: 'src/features/needs/probe.bot.ts', imports: "import { Composer } from 'grammy';", refused: true },
  { path: 'src/features/needs/probe.bot.ts', imports: "import type { Composer } from 'grammy';", refused: true },
  { path: 'src/features/needs/probe.bot.ts', imports: "import { InlineKeyboard } from 'grammy';", refused: false },
  { path: 'src/bot/composer.ts', imports: "import { Composer } from 'grammy';", refused: false },
  { path: 'src/features/needs/probe.ts', imports: "import type { Tx } from '../../db/open.ts';", refused: true },
  { path: 'src/features/needs/probe.ts', imports: "import { getNeed } from './needs.store.ts';", refused: true },
  {
    path: 'src/features/needs/probe.ts',
    imports: "import { UsageError } from '../../core/usage-error.ts';",
    refused: false,
  },
  { path: 'src/core/probe.ts', imports: "import type { Context } from 'grammy';", refused: true },
];

const root = mkdtempSync(join(tmpdir(), 'layers-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The files Biome refuses an import in, linting each probe alone (one probe per run: paths repeat). */
function refusedImports(): boolean[] {
  return probes.map((probe, i) => {
    const folder = join(root, String(i));
    mkdirSync(dirname(join(folder, probe.path)), { recursive: true });
    copyFileSync('biome.json', join(folder, 'biome.json'));
    writeFileSync(join(folder, probe.path), `${probe.imports}\n\nexport const probe = 1;\n`);
    const biome = resolve('node_modules/.bin/biome');
    let output: string;
    try {
      output = execFileSync(biome, ['lint', '--vcs-enabled=false', '--reporter=json', '.'], {
        cwd: folder,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
    } catch (err) {
      output = (err as { stdout: string }).stdout;
    }
    const report = JSON.parse(output) as { diagnostics: Array<{ category: string }> };
    return report.diagnostics.some((d) => d.category === 'lint/style/noRestrictedImports');
  });
}

describe('the layer rules (biome.json)', () => {
  it("refuse SQL outside stores and src/db, grammY's Composer outside src/bot/composer.ts, and grammY, drizzle, db and stores in pure files", () => {
    const refused = refusedImports();
    expect(probes.map((p, i) => ({ ...p, refused: refused[i] }))).toEqual(probes);
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli.ts';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mutual-aid-cli-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function cli(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    argv,
    env,
    (l) => out.push(l),
    (l) => err.push(l),
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('npm run cli -- check-config', () => {
  it('reports the example config as valid', async () => {
    const result = await cli(['check-config', 'bot.config.json']);
    expect(result.code).toBe(0);
    expect(result.out).toContain('OK (2 buildings)');
  });

  it('lists every problem with its JSON path and exits 1', async () => {
    const file = join(tempDir(), 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({
        timezone: 'Mars/Olympus',
        buildings: [
          { id: 'b1', name: 'One', chatId: -1 },
          { id: 'b1', name: 'Two', chatId: 'minus two', digest: 'every evening' },
        ],
      }),
    );
    const result = await cli(['check-config', file]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/timezone: .*time zone/);
    expect(result.err).toMatch(/buildings\[1\]\.chatId: expected a number/);
    expect(result.err).toMatch(/buildings\[1\]\.id: .*duplicate/i);
    expect(result.err).toMatch(/buildings\[1\]\.digest: .*cron/i);
  });

  it('uses BOT_CONFIG when no file is named', async () => {
    const result = await cli(['check-config'], { BOT_CONFIG: join(tempDir(), 'missing.json') });
    expect(result.code).toBe(1);
    expect(result.err).toContain('file not found');
  });
});

describe('npm run cli -- migrate', () => {
  it('creates and migrates the database at DB_PATH', async () => {
    const path = join(tempDir(), 'db', 'bot.db');
    const result = await cli(['migrate'], { DB_PATH: path });
    expect(result.code).toBe(0);
    expect(result.out).toContain('migrated');
  });
});

it('shows the usage for an unknown command', async () => {
  const result = await cli(['frobnicate']);
  expect(result.code).toBe(2);
  expect(result.err).toContain('check-config');
});

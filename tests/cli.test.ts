import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

describe('npm run cli -- export, backup and stats with a mistyped DB_PATH', () => {
  it.each([
    ['export', []],
    ['export', ['--format', 'csv', '--out', 'OUT']],
    ['backup', ['BACKUP']],
    ['stats', []],
    ['events', []],
    ['events', ['--failed']],
  ])('%s %j refuses a database that does not exist and creates none', async (command, args) => {
    const dir = tempDir();
    const path = join(dir, 'dat', 'bot.db');
    const argv = [command, ...args.map((a) => (/^[A-Z]+$/.test(a) ? join(dir, a) : a))];
    const result = await cli(argv, { DB_PATH: path });
    expect(result).toEqual({ code: 1, out: '', err: `no database at ${path} (check DB_PATH)` });
    expect(existsSync(join(dir, 'dat'))).toBe(false);
    expect(existsSync(join(dir, 'OUT'))).toBe(false);
    expect(existsSync(join(dir, 'BACKUP'))).toBe(false);
  });

  it('stats still reads a database that migrate created', async () => {
    const path = join(tempDir(), 'bot.db');
    expect((await cli(['migrate'], { DB_PATH: path })).code).toBe(0);
    const result = await cli(['stats'], { DB_PATH: path });
    expect(result.code).toBe(0);
    expect(result.out).toContain('no buildings yet');
    expect(result.out).toContain('events: 0 stored; deliveries pending 0, dead 0');
  });
});

describe('npm run cli with a DB_PATH that cannot be a database', () => {
  it('says so in one line naming the path and exits 1 (a directory)', async () => {
    const dir = tempDir();
    const result = await cli(['migrate'], { DB_PATH: dir });
    expect(result).toEqual({ code: 1, out: '', err: `${dir}: is a directory, not a database file` });
  });

  it('says so in one line naming the path and exits 1 (not SQLite)', async () => {
    const path = join(tempDir(), 'bot.db');
    writeFileSync(path, 'unit,resident\n1502,Alice\n'.repeat(300));
    const result = await cli(['stats'], { DB_PATH: path });
    expect(result).toEqual({ code: 1, out: '', err: `${path}: is not an SQLite database (file is not a database)` });
  });

  it('does not need a BOT_TOKEN it never uses to be well formed', async () => {
    const path = join(tempDir(), 'bot.db');
    const result = await cli(['migrate'], { DB_PATH: path, BOT_TOKEN: 'pasted/with a slash' });
    expect(result.code).toBe(0);
  });

  it('reports an invalid environment instead of throwing', async () => {
    const result = await cli(['migrate'], { DB_PATH: join(tempDir(), 'bot.db'), LOG_LEVEL: 'loud' });
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/^environment: 1 error\n {2}LOG_LEVEL: expected one of/);
  });
});

describe('npm run cli -- events', () => {
  it.each([
    [['--since', 'yesterday'], '--since yesterday: expected an ISO time'],
    [['--since', '2026-04-01'], '--since 2026-04-01: expected an ISO time'],
    [['--type', 'needs.*'], '--type needs.*: no such event'],
    [['--building'], '--building needs a value'],
    [['--failed', '--type', 'need.*'], '--failed and --retry take every dead letter'],
    [['--failed', '--retry'], 'one at a time'],
    [['--everything'], 'unknown option --everything'],
  ])('refuses %j with the reason and the usage (exit 2)', async (args, reason) => {
    const result = await cli(['events', ...args], { DB_PATH: join(tempDir(), 'bot.db') });
    expect(result.code).toBe(2);
    expect(result.err).toContain(reason);
    expect(result.err).toContain('events --retry');
  });

  it('prints nothing from a database without events, and refuses a building it does not know', async () => {
    const path = join(tempDir(), 'bot.db');
    expect((await cli(['migrate'], { DB_PATH: path })).code).toBe(0);
    expect(await cli(['events', '--type', 'need.*,alert.*'], { DB_PATH: path })).toEqual({ code: 0, out: '', err: '' });
    expect(await cli(['events', '--building', 'b9'], { DB_PATH: path })).toEqual({
      code: 1,
      out: '',
      err: 'events: unknown building "b9"',
    });
    expect(await cli(['events', '--retry'], { DB_PATH: path, BOT_CONFIG: 'bot.config.json' })).toEqual({
      code: 0,
      out: 'no dead letters',
      err: '',
    });
  });
});

it('shows the usage for an unknown command', async () => {
  const result = await cli(['frobnicate']);
  expect(result.code).toBe(2);
  expect(result.err).toContain('check-config');
});

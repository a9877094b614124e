import { chmodSync, existsSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DatabaseOpenError, openDatabase } from '../../src/db/open.ts';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mutual-aid-open-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) {
    chmodSync(dir, 0o700);
    rmSync(dir, { recursive: true, force: true });
  }
});

/** The error `openDatabase` throws for this path (failing the test when it opens instead). */
function refusal(path: string, options: Parameters<typeof openDatabase>[1] = {}): DatabaseOpenError {
  try {
    openDatabase(path, options).close();
  } catch (err) {
    expect(err).toBeInstanceOf(DatabaseOpenError);
    return err as DatabaseOpenError;
  }
  throw new Error(`${path} was opened`);
}

/** A migrated database with enough rows in one table that its pages outnumber the schema's. */
function databaseWithRows(path: string): void {
  const database = openDatabase(path);
  database.sqlite.exec('CREATE TABLE filler (id INTEGER PRIMARY KEY, body TEXT)');
  const insert = database.sqlite.prepare('INSERT INTO filler (body) VALUES (?)');
  database.sqlite.transaction(() => {
    for (let i = 0; i < 2000; i++) insert.run(`row ${i} ${'x'.repeat(200)}`);
  })();
  database.close();
}

describe('openDatabase refuses what cannot be the bot database, in one line naming the path', () => {
  it('creates a missing file and its folders by default', () => {
    const path = join(tempDir(), 'data', 'nested', 'bot.db');
    openDatabase(path).close();
    expect(existsSync(path)).toBe(true);
  });

  it('a directory', () => {
    const path = tempDir();
    expect(refusal(path).message).toBe(`${path}: is a directory, not a database file`);
  });

  it('a path whose folder cannot be created, since a file is in its way', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'data'), 'a file, not a folder');
    const path = join(dir, 'data', 'bot.db');
    expect(refusal(path).message).toBe(
      `${path}: cannot create its folder ${join(dir, 'data')}: a file is in the way of a folder on that path`,
    );
  });

  // root may write anywhere: the permission bits are only a refusal for other users
  it.skipIf(process.getuid?.() === 0)('a path in a folder that is not writable', () => {
    const dir = tempDir();
    chmodSync(dir, 0o500);
    const path = join(dir, 'bot.db');
    expect(refusal(path).message).toBe(`${path}: cannot create it: its folder ${dir} is not writable`);
    expect(existsSync(path)).toBe(false);
  });

  it.skipIf(process.getuid?.() === 0)('a database in a folder that is not writable (no room for its -wal)', () => {
    const dir = tempDir();
    const path = join(dir, 'bot.db');
    openDatabase(path).close();
    chmodSync(dir, 0o500);
    expect(refusal(path).message).toMatch(new RegExp(`^${path}: is not writable \\(.+\\): the bot writes the file`));
  });

  it('a file that is not an SQLite database', () => {
    const path = join(tempDir(), 'bot.db');
    writeFileSync(path, 'resident,unit\nAlice,1502\n'.repeat(400));
    expect(refusal(path).message).toBe(`${path}: is not an SQLite database (file is not a database)`);
  });

  it('a damaged database, found by the quick check at open', () => {
    const path = join(tempDir(), 'bot.db');
    databaseWithRows(path);
    // garbage over a page in the middle of the file: the schema still reads, the b-tree there does not
    const reader = new Database(path, { readonly: true });
    const pageSize = reader.pragma('page_size', { simple: true }) as number;
    reader.close();
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.alloc(pageSize, 0x5a), 0, pageSize, pageSize * 40);
    const message = refusal(path).message;
    expect(message).toMatch(new RegExp(`^${path}: the database is damaged \\(.+\\); restore it from a backup$`));
    expect(message).not.toContain('\n');
  });

  it('with create: false, a missing file, creating neither it nor its folder', () => {
    const dir = join(tempDir(), 'typo');
    const path = join(dir, 'bot.db');
    expect(refusal(path, { create: false }).message).toBe(`no database at ${path} (check DB_PATH)`);
    expect(existsSync(dir)).toBe(false);
  });

  it('with create: false, still opens a database that exists', () => {
    const path = join(tempDir(), 'bot.db');
    openDatabase(path).close();
    const database = openDatabase(path, { create: false });
    expect(database.sqlite.open).toBe(true);
    database.close();
  });

  it('leaves a damaged file as it was, without a -wal beside it once refused', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'data'));
    const path = join(dir, 'data', 'bot.db');
    writeFileSync(path, 'not a database');
    refusal(path);
    expect(existsSync(`${path}-wal`)).toBe(false);
  });
});

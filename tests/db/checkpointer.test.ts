import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { type Checkpointer, startCheckpointer } from '../../src/db/checkpointer.ts';

let dir: string | undefined;
let sqlite: Database.Database | undefined;
let checkpointer: Checkpointer | undefined;
afterEach(async () => {
  await checkpointer?.stop();
  sqlite?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  checkpointer = sqlite = dir = undefined;
});

function walDatabase() {
  dir = mkdtempSync(join(tmpdir(), 'checkpointer-'));
  const path = join(dir, 'bot.db');
  sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)');
  return { path, sqlite };
}

/** Commits that together write well past SQLite's automatic checkpoint (1,000 pages). */
function writeManyPages(db: Database.Database) {
  const insert = db.prepare('INSERT INTO t (body) VALUES (?)');
  for (let i = 0; i < 1500; i++) insert.run('x'.repeat(3000));
}

it('checkpoints in its worker while the connection no longer does, and gives the checkpoints back at stop', async () => {
  const { path, sqlite } = walDatabase();
  // no timed checkpoint during the test: only the one asked for
  checkpointer = startCheckpointer(sqlite, { path, synchronous: 'NORMAL', intervalMs: 3600_000 });
  expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
  writeManyPages(sqlite);
  // nothing was checkpointed by the connection itself: every page is still in the WAL, none in the file
  expect(statSync(`${path}-wal`).size).toBeGreaterThan(1500 * 3000);
  expect(statSync(path).size).toBeLessThan(100_000);
  // the worker's checkpoint writes them all back to the file
  const report = await checkpointer.checkpointNow();
  expect(report.checkpointed).toBe(report.log);
  expect(report.log).toBeGreaterThan(1000);
  expect(statSync(path).size).toBeGreaterThan(1500 * 3000);
  await checkpointer.stop();
  checkpointer = undefined;
  expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
});

it('gives the checkpoints back to the connection when its worker cannot open the file', async () => {
  const { path, sqlite } = walDatabase();
  const failing = startCheckpointer(sqlite, { path: join(path, 'nowhere.db'), synchronous: 'NORMAL' });
  expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
  await failing.exited;
  expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
});

import { mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import Database from 'better-sqlite3';

/** A backup whose copy failed its integrity check: the copy is removed. */
export class BackupError extends Error {}

/**
 * Writes an online, consistent copy of the database to `file` (SQLite's backup API: safe while the bot writes) and
 * checks its integrity. The copy is written under a temporary name and renamed only once it checked out, so `file`
 * is either a whole, sound backup or absent.
 */
export async function writeBackup(sqlite: Database.Database, file: string): Promise<void> {
  mkdirSync(dirname(file), { recursive: true });
  const partial = `${file}.partial`;
  try {
    await sqlite.backup(partial);
    const copy = new Database(partial);
    let check: unknown;
    try {
      // one self-contained file: the copy inherits WAL mode, whose side files would otherwise appear beside it
      copy.pragma('journal_mode = DELETE');
      check = copy.pragma('integrity_check', { simple: true });
    } finally {
      copy.close();
    }
    if (check !== 'ok') throw new BackupError(`${file}: integrity check failed: ${String(check)}`);
    renameSync(partial, file);
  } finally {
    for (const leftover of [partial, `${partial}-wal`, `${partial}-shm`]) rmSync(leftover, { force: true });
  }
}

const scheduledName = /^mutual-aid-bot-\d{8}T\d{6}Z\.db$/;

/** The file name of a scheduled backup due at `at`: sorts by time, UTC so a clock change never reorders them. */
export function scheduledBackupName(at: number): string {
  const stamp = new Date(at)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
  return `mutual-aid-bot-${stamp}.db`;
}

/** Removes all but the newest `keep` scheduled backups in `dir` (other files there are left alone); returns those removed. */
export function rotateBackups(dir: string, keep: number): string[] {
  const backups = readdirSync(dir)
    .filter((name) => scheduledName.test(basename(name)))
    .sort()
    .reverse();
  const removed = backups.slice(keep).map((name) => join(dir, name));
  for (const file of removed) rmSync(file, { force: true });
  return removed;
}

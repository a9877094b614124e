import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appendAudit } from '../../src/db/audit.ts';
import { openDatabase } from '../../src/db/open.ts';
import { auditLog, buildings } from '../../src/db/schema.ts';
import { findBuildingByChat, syncBuildings } from '../../src/features/buildings/buildings.store.ts';

const dirs: string[] = [];
function tempDbPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mutual-aid-db-'));
  dirs.push(dir);
  return join(dir, 'nested', 'folder', 'bot.db');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('openDatabase', () => {
  it('creates the file and its folders, applies every migration, and sets WAL and foreign keys', () => {
    const path = tempDbPath();
    const { sqlite, close } = openDatabase(path);
    const tables = (
      sqlite.prepare("select name from sqlite_master where type = 'table' order by name").all() as { name: string }[]
    ).map((r) => r.name);
    expect(tables).toEqual(
      expect.arrayContaining([
        'buildings',
        'users',
        'households',
        'household_members',
        'processed_updates',
        'audit_log',
        'chats',
      ]),
    );
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
    close();
  });

  it('applies migrations once: opening the same file again changes nothing', () => {
    const path = tempDbPath();
    const first = openDatabase(path);
    const count = () =>
      (first.sqlite.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number }).n;
    const applied = count();
    expect(applied).toBeGreaterThanOrEqual(2);
    first.close();
    const second = openDatabase(path);
    expect((second.sqlite.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number }).n).toBe(
      applied,
    );
    second.close();
  });

  it('honours the FULL durability setting', () => {
    const { sqlite, close } = openDatabase(':memory:', { synchronous: 'FULL' });
    expect(sqlite.pragma('synchronous', { simple: true })).toBe(2);
    close();
  });

  it('keeps the audit log append-only', () => {
    const { db, sqlite, close } = openDatabase(':memory:');
    db.transaction((tx) => appendAudit(tx, { at: 1, actor: 7, action: 'test.do', subject: 'thing:1' }));
    expect(() => sqlite.prepare('update audit_log set action = ?').run('x')).toThrow(/append-only/);
    expect(() => sqlite.prepare('delete from audit_log').run()).toThrow(/append-only/);
    expect(db.select().from(auditLog).all()).toHaveLength(1);
    close();
  });
});

describe('syncBuildings', () => {
  it('adds, renames and retires buildings to match the config', () => {
    const { db, close } = openDatabase(':memory:');
    syncBuildings(
      db,
      [
        { id: 'b1', name: 'One', chatId: -1, language: 'en' },
        { id: 'b2', name: 'Two', chatId: -2, language: 'zh' },
      ],
      1,
    );
    syncBuildings(db, [{ id: 'b1', name: 'One renamed', chatId: -1, language: 'en' }], 2);
    const rows = db.select().from(buildings).orderBy(buildings.id).all();
    expect(rows.map((r) => [r.id, r.name, r.active])).toEqual([
      ['b1', 'One renamed', true],
      ['b2', 'Two', false],
    ]);
    expect(findBuildingByChat(db, -2)).toBeUndefined();
    close();
  });
});

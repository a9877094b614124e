import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { TransactionRollbackError } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase, rolledBack, type Tx } from '../../src/db/open.ts';
import { processedUpdates } from '../../src/db/schema.ts';

let dir: string;
let handle: DatabaseHandle | undefined;
afterEach(() => {
  handle?.close();
  handle = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** How many updates another connection (a process reading the file) sees as handled: only what is committed. */
function committedUpdates(path: string): number {
  const reader = new Database(path, { readonly: true });
  try {
    return (reader.prepare('SELECT count(*) AS n FROM processed_updates').get() as { n: number }).n;
  } finally {
    reader.close();
  }
}

function recordUpdate(updateId: number): void {
  handle!.group.change((tx) =>
    tx.insert(processedUpdates).values({ updateId, chatId: -1, kind: 'message', processedAt: 0 }).run(),
  );
}

describe('GroupCommit', () => {
  it('commits the changes of one turn of the event loop together, at its end', async () => {
    dir = mkdtempSync(join(tmpdir(), 'group-commit-'));
    const path = join(dir, 'bot.db');
    handle = openDatabase(path);
    recordUpdate(1);
    recordUpdate(2);
    // visible on the bot's own connection at once, on disk not yet
    expect(handle.db.select().from(processedUpdates).all()).toHaveLength(2);
    expect(committedUpdates(path)).toBe(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(committedUpdates(path)).toBe(2);
  });

  it('undoes only the change that failed; flush() commits at once; close() commits what is open', () => {
    dir = mkdtempSync(join(tmpdir(), 'group-commit-'));
    const path = join(dir, 'bot.db');
    handle = openDatabase(path);
    recordUpdate(1);
    expect(() =>
      handle!.group.change((tx) => {
        tx.insert(processedUpdates).values({ updateId: 2, chatId: -1, kind: 'message', processedAt: 0 }).run();
        throw new Error('the handler failed');
      }),
    ).toThrow('the handler failed');
    recordUpdate(3);
    handle.group.flush();
    expect(committedUpdates(path)).toBe(2);
    recordUpdate(4);
    handle.close();
    handle = undefined;
    expect(committedUpdates(path)).toBe(3);
  });
});

describe('GroupCommit.change', () => {
  it('undoes a change inside a change with the outer one, a change that calls rollback() or returns a promise, keeping the rest', () => {
    dir = mkdtempSync(join(tmpdir(), 'group-commit-'));
    const path = join(dir, 'bot.db');
    handle = openDatabase(path);
    const { group } = handle;
    const insert = (tx: Tx, updateId: number) =>
      tx.insert(processedUpdates).values({ updateId, chatId: -1, kind: 'message', processedAt: 0 }).run();
    group.change((tx) => {
      insert(tx, 1);
      group.change((inner) => insert(inner, 2));
    });
    expect(() =>
      group.change((tx) => {
        insert(tx, 3);
        group.change((inner) => insert(inner, 4));
        throw new Error('the outer change failed');
      }),
    ).toThrow('the outer change failed');
    expect(() =>
      group.change((tx) => {
        insert(tx, 5);
        tx.rollback();
      }),
    ).toThrow(TransactionRollbackError);
    // a promise would write after the savepoint is released: refused, and its change undone
    expect(() =>
      group.change(async (tx) => {
        insert(tx, 7);
      }),
    ).toThrow('a change cannot return a promise');
    const returned = group.change((tx) => {
      insert(tx, 6);
      return 'returned';
    });
    expect(returned).toBe('returned');
    group.flush();
    expect(
      handle.db
        .select()
        .from(processedUpdates)
        .all()
        .map((row) => row.updateId),
    ).toEqual([1, 2, 6]);
    expect(committedUpdates(path)).toBe(3);
  });
});

describe('GroupCommit.change when SQLite rolled the transaction back', () => {
  it("throws the change's own error (a full disk rolls back the whole transaction: no savepoint is left to undo)", () => {
    dir = mkdtempSync(join(tmpdir(), 'group-commit-'));
    handle = openDatabase(join(dir, 'bot.db'));
    const { group, sqlite } = handle;
    expect(() =>
      group.change(() => {
        // what SQLite does on its own after SQLITE_FULL in a write, stood in for by a rollback
        sqlite.exec('ROLLBACK');
        throw new Error('database or disk is full');
      }),
    ).toThrow('database or disk is full');
    recordUpdate(1);
    group.flush();
    expect(handle.db.select().from(processedUpdates).all()).toHaveLength(1);
  });
});

describe('GroupCommit when its commit fails', () => {
  it('rolls the group back at the end of the turn, reports it once, and goes on with the next group', async () => {
    dir = mkdtempSync(join(tmpdir(), 'group-commit-'));
    const path = join(dir, 'bot.db');
    handle = openDatabase(path);
    const { sqlite, group } = handle;
    const failures: unknown[] = [];
    group.onCommitFailed = (err) => failures.push(err);
    // a foreign key checked only at COMMIT makes the commit itself fail, as a full disk would
    group.change(() => {
      sqlite.pragma('defer_foreign_keys = ON');
      sqlite
        .prepare(
          'INSERT INTO household_members (household_id, user_id, building_id, joined_at) VALUES (999, 999, ?, 0)',
        )
        .run('nowhere');
    });
    recordUpdate(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(failures).toHaveLength(1);
    expect(sqlite.inTransaction).toBe(false);
    expect(committedUpdates(path)).toBe(0);
    recordUpdate(2);
    await new Promise((resolve) => setImmediate(resolve));
    expect(committedUpdates(path)).toBe(1);
  });
});

describe('rolledBack', () => {
  const handled = () =>
    handle!.db
      .select()
      .from(processedUpdates)
      .all()
      .map((row) => row.updateId);
  const insert = (tx: Parameters<Parameters<typeof rolledBack>[1]>[0], updateId: number) =>
    tx.insert(processedUpdates).values({ updateId, chatId: -1, kind: 'message', processedAt: 0 }).run();

  it('undoes what the change stored, after committing what the group held', () => {
    dir = mkdtempSync(join(tmpdir(), 'rolled-back-'));
    const path = join(dir, 'bot.db');
    handle = openDatabase(path);
    recordUpdate(1);
    let seenInside: number[] = [];
    rolledBack(handle, (tx) => {
      insert(tx, 2);
      seenInside = tx
        .select()
        .from(processedUpdates)
        .all()
        .map((row) => row.updateId);
    });
    expect(seenInside).toEqual([1, 2]);
    // the group's update is durable, the change's is gone
    expect(committedUpdates(path)).toBe(1);
    expect(handled()).toEqual([1]);
  });

  it('throws what the change throws, and keeps nothing of it', () => {
    dir = mkdtempSync(join(tmpdir(), 'rolled-back-'));
    handle = openDatabase(join(dir, 'bot.db'));
    expect(() =>
      rolledBack(handle!, (tx) => {
        insert(tx, 3);
        throw new Error('broken on the way');
      }),
    ).toThrow('broken on the way');
    expect(handled()).toEqual([]);
  });
});

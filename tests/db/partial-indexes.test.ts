import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/open.ts';
import { needs } from '../../src/db/schema.ts';
import { claimsToExpire, latestOfSeries } from '../../src/features/needs/needs.store.ts';
import { duePending, enqueueMessage } from '../../src/jobs/outbox.store.ts';
import { openTestDatabase, seedBuildings, seedUsers, T0 } from './memory-db.ts';

/**
 * The partial indexes of migrations 0024 and 0025 serve a query only when it spells their condition as a literal (a
 * parameter's value is unknown when SQLite plans): each query of the sender's and the scheduler's hot paths is planned
 * here as the store prepared it, and must go through its index rather than scan the table or take another.
 */
let handle: DatabaseHandle;
let prepared: string[];
beforeEach(() => {
  handle = openTestDatabase();
  seedBuildings(handle.db, ['east']);
  seedUsers(handle.db, [{ id: 7, firstName: 'Ann' }]);
  prepared = [];
  const prepare = handle.sqlite.prepare.bind(handle.sqlite);
  handle.sqlite.prepare = ((source: string) => {
    prepared.push(source);
    return prepare(source);
  }) as typeof handle.sqlite.prepare;
});
afterEach(() => handle.close());

/** SQLite's plan of the statement the store prepared that starts with `start`, as one line per step. */
function planOf(start: string): string {
  const source = prepared.find((s) => s.startsWith(start));
  if (source === undefined) throw new Error(`no statement starting with ${start} among:\n${prepared.join('\n')}`);
  const parameters = source.split('?').length - 1;
  const steps = handle.sqlite
    .prepare(`EXPLAIN QUERY PLAN ${source}`)
    .all(...new Array(parameters).fill(null)) as Array<{ detail: string }>;
  return steps.map((s) => s.detail).join('\n');
}

describe('the hot paths go through the partial indexes', () => {
  it('the sender looks for due messages in the pending index alone, in its order', () => {
    duePending(handle.db, T0, T0, 10, [1, 2]);
    const plan = planOf('select "id", "chat_id", "method", "target_ref" from "outbox"');
    expect(plan).toContain('USING COVERING INDEX outbox_pending');
    expect(plan).not.toContain('TEMP B-TREE');
  });

  it("a user's waiting answers are counted in the pending index of their chat", () => {
    handle.db.transaction((tx) =>
      enqueueMessage(tx, { chatId: -100, payload: { text: 'hi' }, kind: 'reply', forUser: 7 }, T0),
    );
    expect(planOf('insert into "outbox"')).toContain('INDEX outbox_for_user (chat_id=? AND for_user=?)');
  });

  it('an edit supersedes the pending edits of its message through the target index', () => {
    handle.db.transaction((tx) =>
      enqueueMessage(
        tx,
        { chatId: -100, method: 'editMessageText', payload: { message_ref: 'card:1', text: 'hi' }, kind: 'card' },
        T0,
      ),
    );
    expect(planOf('update "outbox" set "status"')).toContain('USING INDEX outbox_target (target_ref=?');
  });

  it('the claims to expire are read from the index of claimed needs', () => {
    handle.db.transaction((tx) => claimsToExpire(tx, T0, 24));
    expect(planOf('select')).toContain('USING INDEX needs_claimed_at (status=? AND claimed_at<?)');
  });

  it("a series' needs are found through the series index", () => {
    const [need] = handle.db
      .insert(needs)
      .values({
        buildingId: 'east',
        enteredBy: 7,
        priority: 'normal',
        category: 'food',
        status: 'open',
        createdAt: T0,
        updatedAt: T0,
      })
      .returning()
      .all();
    latestOfSeries(handle.db, need!);
    expect(planOf('select')).toContain('USING INDEX needs_series (series_id=?)');
  });
});

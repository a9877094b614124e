import { asc, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/open.ts';
import { inboxUpdates, processedUpdates, users } from '../../src/db/schema.ts';
import {
  HandledUpdates,
  isUpdateProcessed,
  lastInboxUpdateId,
  purgeHandledUpdates,
  recordUpdate,
  storeInbox,
  takeUnhandledInbox,
  type UpdateRecord,
} from '../../src/db/updates.ts';
import { setUserBlocked } from '../../src/db/users.ts';
import { HOUR, MINUTE, openTestDatabase, T0 } from './memory-db.ts';

let handle: DatabaseHandle;
beforeEach(() => {
  handle = openTestDatabase();
});
afterEach(() => handle.close());

const ann = { id: 7, first_name: 'Ann', last_name: 'Lee', username: 'ann', language_code: 'en', is_bot: false };

function record(update: Partial<UpdateRecord> & { updateId: number }, now: number): void {
  handle.db.transaction((tx) =>
    recordUpdate(tx, { chatId: -100, kind: 'message', isPrivateChat: false, ...update }, now),
  );
}
const userRow = (id: number) => handle.db.select().from(users).where(eq(users.id, id)).get();
const processedRows = () => handle.db.select().from(processedUpdates).orderBy(asc(processedUpdates.updateId)).all();
const inboxRows = () => handle.db.select().from(inboxUpdates).orderBy(asc(inboxUpdates.updateId)).all();

describe('HandledUpdates: what the bot skips as already handled', () => {
  const update = (updateId: number): UpdateRecord => ({
    updateId,
    chatId: -100,
    kind: 'message',
    isPrivateChat: false,
  });
  const recordThrough = (handled: HandledUpdates, updateId: number) =>
    handle.db.transaction((tx) => handled.record(tx, update(updateId), T0));

  it('knows the updates recorded before it was made, and those it records', () => {
    record({ updateId: 100 }, T0);
    record({ updateId: 90 }, T0);
    const handled = new HandledUpdates(handle.db);
    expect([90, 100, 95, 101].map((id) => handled.has(id))).toEqual([true, true, false, false]);
    recordThrough(handled, 101);
    recordThrough(handled, 96);
    expect([95, 96, 101, 102].map((id) => handled.has(id))).toEqual([false, true, true, false]);
  });

  it('knows an update recorded above the newest it knew of', () => {
    const handled = new HandledUpdates(handle.db);
    expect(handled.has(5)).toBe(false);
    // the newest it read (none) is raised by its own record, or a redelivery would pass as new
    recordThrough(handled, 7);
    expect(handled.has(7)).toBe(true);
  });

  it('does not count an update whose record was undone, though it saw the id', () => {
    const handled = new HandledUpdates(handle.db);
    expect(handled.has(10)).toBe(false);
    expect(() =>
      handle.db.transaction((tx) => {
        handled.record(tx, update(10), T0);
        throw new Error('handler failed');
      }),
    ).toThrow('handler failed');
    expect(handled.has(10)).toBe(false);
    recordThrough(handled, 10);
    expect(handled.has(10)).toBe(true);
  });

  it("asks about an id below the newest, as Telegram's first after a week of silence may be", () => {
    record({ updateId: 1_000 }, T0);
    const handled = new HandledUpdates(handle.db);
    expect(handled.has(3)).toBe(false);
    record({ updateId: 3 }, T0);
    expect(handled.has(3)).toBe(true);
  });
});

describe('recordUpdate and isUpdateProcessed', () => {
  it('marks the update handled, with its chat, kind and time', () => {
    expect(isUpdateProcessed(handle.db, 10)).toBe(false);
    record({ updateId: 10, chatId: -100, kind: 'callback_query' }, T0);
    expect(isUpdateProcessed(handle.db, 10)).toBe(true);
    expect(isUpdateProcessed(handle.db, 11)).toBe(false);
    expect(processedRows()).toEqual([{ updateId: 10, chatId: -100, kind: 'callback_query', processedAt: T0 }]);
  });

  it('records a handled update once: recording it again keeps the first record', () => {
    record({ updateId: 10, kind: 'message' }, T0);
    record({ updateId: 10, kind: 'edited_message' }, T0 + MINUTE);
    expect(processedRows()).toEqual([{ updateId: 10, chatId: -100, kind: 'message', processedAt: T0 }]);
  });

  it('leaves the update unhandled when its transaction is rolled back', () => {
    expect(() =>
      handle.db.transaction((tx) => {
        recordUpdate(tx, { updateId: 10, chatId: -100, kind: 'message', isPrivateChat: false, from: ann }, T0);
        throw new Error('handler failed');
      }),
    ).toThrow('handler failed');
    expect(isUpdateProcessed(handle.db, 10)).toBe(false);
    expect(userRow(7)).toBeUndefined();
  });

  it('records the sender from a group without the right to DM them', () => {
    record({ updateId: 10, from: ann }, T0);
    expect(userRow(7)).toEqual({
      id: 7,
      firstName: 'Ann',
      lastName: 'Lee',
      username: 'ann',
      languageCode: 'en',
      startedAt: null,
      blockedAt: null,
      updatedAt: T0,
    });
  });

  it('stores absent optional names as null', () => {
    record({ updateId: 10, from: { id: 8, first_name: 'Bo', is_bot: false } }, T0);
    expect(userRow(8)).toMatchObject({ firstName: 'Bo', lastName: null, username: null, languageCode: null });
  });

  it('does not rewrite a sender whose names did not change', () => {
    record({ updateId: 10, from: ann }, T0);
    record({ updateId: 11, from: ann }, T0 + HOUR);
    expect(userRow(7)?.updatedAt).toBe(T0);
  });

  it('takes a sender’s new names, keeping the time they first wrote privately', () => {
    record({ updateId: 10, from: ann, isPrivateChat: true, chatId: 7 }, T0);
    record({ updateId: 11, from: { ...ann, first_name: 'Anne', username: undefined } }, T0 + HOUR);
    expect(userRow(7)).toMatchObject({ firstName: 'Anne', username: null, startedAt: T0, updatedAt: T0 + HOUR });
  });

  it('records a private message as the right to DM its sender, and clears a block', () => {
    record({ updateId: 10, from: ann }, T0);
    handle.db.transaction((tx) => setUserBlocked(tx, 7, T0 + MINUTE));
    record({ updateId: 11, from: ann, isPrivateChat: true, chatId: 7 }, T0 + HOUR);
    expect(userRow(7)).toMatchObject({ startedAt: T0 + HOUR, blockedAt: null });
  });

  it('records no user for a bot sender or an update without one, but still marks them handled', () => {
    record({ updateId: 10, from: { id: 99, first_name: 'Other bot', is_bot: true } }, T0);
    record({ updateId: 11, kind: 'channel_post' }, T0);
    expect(handle.db.select().from(users).all()).toEqual([]);
    expect(processedRows().map((r) => r.updateId)).toEqual([10, 11]);
  });
});

describe('storeInbox', () => {
  it('stores each update with its payload, the chat it came from and when it came', () => {
    const message = { update_id: 5, message: { message_id: 1, chat: { id: -100 }, text: 'hi' } };
    const press = { update_id: 6, callback_query: { id: 'q', from: { id: 7 }, message: { chat: { id: -200 } } } };
    const inline = { update_id: 7, inline_query: { id: 'i', from: { id: 7 }, query: 'x' } };
    storeInbox(handle.db, [message, press, inline], T0);
    expect(inboxRows()).toEqual([
      { updateId: 5, chatId: -100, payload: message, receivedAt: T0, attempts: 0 },
      { updateId: 6, chatId: -200, payload: press, receivedAt: T0, attempts: 0 },
      { updateId: 7, chatId: null, payload: inline, receivedAt: T0, attempts: 0 },
    ]);
  });

  it('ignores an update fetched again, keeping the first copy', () => {
    storeInbox(handle.db, [{ update_id: 5, message: { chat: { id: -100 }, text: 'first' } }], T0);
    storeInbox(
      handle.db,
      [
        { update_id: 5, message: { chat: { id: -100 }, text: 'again' } },
        { update_id: 6, message: { chat: { id: -100 }, text: 'new' } },
      ],
      T0 + MINUTE,
    );
    expect(inboxRows().map((r) => [r.updateId, (r.payload.message as { text: string }).text, r.receivedAt])).toEqual([
      [5, 'first', T0],
      [6, 'new', T0 + MINUTE],
    ]);
  });

  it('does nothing for an empty batch', () => {
    storeInbox(handle.db, [], T0);
    expect(inboxRows()).toEqual([]);
  });
});

describe('lastInboxUpdateId', () => {
  it('is undefined for an empty inbox', () => {
    expect(lastInboxUpdateId(handle.db)).toBeUndefined();
  });

  it('is the highest update id received, whatever the order it came in', () => {
    storeInbox(handle.db, [{ update_id: 12 }, { update_id: 30 }, { update_id: 21 }], T0);
    expect(lastInboxUpdateId(handle.db)).toBe(30);
  });
});

describe('takeUnhandledInbox', () => {
  it('returns the updates not handled yet, oldest first, counting one more try for each', () => {
    storeInbox(
      handle.db,
      [
        { update_id: 3, n: 'c' },
        { update_id: 1, n: 'a' },
        { update_id: 2, n: 'b' },
      ],
      T0,
    );
    record({ updateId: 2 }, T0);
    const { retry, abandoned } = takeUnhandledInbox(handle.db, 3);
    expect(retry).toEqual([
      { update_id: 1, n: 'a' },
      { update_id: 3, n: 'c' },
    ]);
    expect(abandoned).toEqual([]);
    expect(inboxRows().map((r) => [r.updateId, r.attempts])).toEqual([
      [1, 1],
      [2, 0],
      [3, 1],
    ]);
  });

  it('gives up an update tried the most times, listing it apart without counting another try', () => {
    storeInbox(handle.db, [{ update_id: 1 }, { update_id: 2 }], T0);
    takeUnhandledInbox(handle.db, 2);
    record({ updateId: 2 }, T0);
    takeUnhandledInbox(handle.db, 2);
    const third = takeUnhandledInbox(handle.db, 2);
    expect(third).toEqual({ retry: [], abandoned: [1] });
    expect(inboxRows().map((r) => [r.updateId, r.attempts])).toEqual([
      [1, 2],
      [2, 1],
    ]);
  });

  it('returns nothing when every update was handled', () => {
    storeInbox(handle.db, [{ update_id: 1 }], T0);
    record({ updateId: 1 }, T0);
    expect(takeUnhandledInbox(handle.db, 3)).toEqual({ retry: [], abandoned: [] });
  });
});

describe('purgeHandledUpdates', () => {
  const keep = 48 * HOUR;

  it('forgets handled updates older than the retention, and only those', () => {
    storeInbox(handle.db, [{ update_id: 1 }, { update_id: 2 }], T0);
    record({ updateId: 1 }, T0);
    storeInbox(handle.db, [{ update_id: 3 }], T0 + 10 * HOUR);
    record({ updateId: 3 }, T0 + 10 * HOUR);
    handle.db.transaction((tx) => purgeHandledUpdates(tx, T0 + keep + 1));
    // 1: handled and old; 2: old but never handled, kept for its replay; 3: handled within the retention
    expect(inboxRows().map((r) => r.updateId)).toEqual([2, 3]);
    expect(processedRows().map((r) => r.updateId)).toEqual([3]);
  });

  it('keeps what is exactly as old as the retention', () => {
    storeInbox(handle.db, [{ update_id: 1 }], T0);
    record({ updateId: 1 }, T0);
    handle.db.transaction((tx) => purgeHandledUpdates(tx, T0 + keep));
    expect(inboxRows().map((r) => r.updateId)).toEqual([1]);
    expect(isUpdateProcessed(handle.db, 1)).toBe(true);
  });

  it('keeps the record of an old handled update whose inbox copy is still kept, so it is not replayed', () => {
    storeInbox(handle.db, [{ update_id: 1 }], T0 + 10 * HOUR);
    record({ updateId: 1 }, T0);
    handle.db.transaction((tx) => purgeHandledUpdates(tx, T0 + keep + 1));
    expect(inboxRows().map((r) => r.updateId)).toEqual([1]);
    expect(isUpdateProcessed(handle.db, 1)).toBe(true);
    expect(takeUnhandledInbox(handle.db, 3).retry).toEqual([]);
  });

  it('honours a shorter retention', () => {
    storeInbox(handle.db, [{ update_id: 1 }], T0);
    record({ updateId: 1 }, T0);
    handle.db.transaction((tx) => purgeHandledUpdates(tx, T0 + 2 * HOUR, HOUR));
    expect(inboxRows()).toEqual([]);
    expect(processedRows()).toEqual([]);
  });
});

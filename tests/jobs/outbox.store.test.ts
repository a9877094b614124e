import { asc } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/open.ts';
import { outbox } from '../../src/db/schema.ts';
import { setUserBlocked } from '../../src/db/users.ts';
import { recordBotStatus } from '../../src/features/buildings/buildings.store.ts';
import {
  deferMessage,
  duePending,
  enqueueMessage,
  markAlreadyShown,
  markChatClosed,
  markFailed,
  markSent,
  nextRetryAt,
  type OutgoingMessage,
  outboxRow,
  outboxRows,
  redirectMessage,
  scheduleRetry,
  sentMessageId,
} from '../../src/jobs/outbox.store.ts';
import { auditRows, MINUTE, openTestDatabase, seedUsers, T0 } from '../db/memory-db.ts';

const GROUP = -100;
const OTHER_GROUP = -200;
const ANN = 7;
/** The sender's wall clock (process time), apart from the bot's clock that quiet hours use. */
const WALL = 5_000_000;

let handle: DatabaseHandle;
beforeEach(() => {
  handle = openTestDatabase();
});
afterEach(() => handle.close());

function enqueue(message: Partial<OutgoingMessage> = {}, now = T0): number {
  return handle.db.transaction((tx) =>
    enqueueMessage(tx, { chatId: GROUP, payload: { text: 'hello' }, kind: 'reply', ...message }, now),
  );
}
const edit = (target: string, text: string, method: OutgoingMessage['method'] = 'editMessageText', now = T0) =>
  enqueue({ method, payload: { message_ref: target, text }, kind: 'card' }, now);
const row = (id: number) => outboxRow(handle.db, id)!;
const due = (limit = 10, busy: number[] = [], clockNow = T0, wallNow = WALL) =>
  duePending(handle.db, clockNow, wallNow, limit, busy).map((m) => m.id);
const statuses = () =>
  handle.db
    .select({ id: outbox.id, status: outbox.status })
    .from(outbox)
    .orderBy(asc(outbox.id))
    .all()
    .map((r) => [r.id, r.status]);

describe('enqueueMessage and outboxRow', () => {
  it('queue a message to send at once, as a plain bulk sendMessage unless told otherwise', () => {
    const id = enqueue();
    expect(row(id)).toEqual({
      id,
      chatId: GROUP,
      method: 'sendMessage',
      payload: { text: 'hello' },
      kind: 'reply',
      priority: 2,
      forUser: null,
      turn: 0,
      ref: null,
      targetRef: null,
      status: 'pending',
      notBefore: null,
      attempts: 0,
      retryAt: 0,
      ambiguous: false,
      messageId: null,
      error: null,
      createdAt: T0,
      sentAt: null,
    });
  });

  it('keep the message’s ref, priority, quiet-hours time, and the message an edit acts on', () => {
    const id = enqueue({
      method: 'editMessageText',
      payload: { message_ref: 'need:1:card', text: 'claimed' },
      priority: 0,
      ref: 'need:1:edit',
      notBefore: T0 + 60 * MINUTE,
    });
    expect(row(id)).toMatchObject({
      method: 'editMessageText',
      priority: 0,
      ref: 'need:1:edit',
      targetRef: 'need:1:card',
      notBefore: T0 + 60 * MINUTE,
    });
  });

  it('find no row for an unknown id', () => {
    expect(outboxRow(handle.db, 999)).toBeUndefined();
  });

  it('read the whole rows of the ids the sender chose, and only those, each with whether its chat is closed', () => {
    const first = enqueue({ payload: { text: 'first' } });
    enqueue({ payload: { text: 'skipped' } });
    const card = edit('need:1:card', 'v2');
    const toLeft = enqueue({ chatId: OTHER_GROUP });
    seedUsers(handle.db, [{ id: ANN, firstName: 'Ann', started: true }]);
    const toAnn = enqueue({ chatId: ANN });
    markChatClosed(handle.db, OTHER_GROUP, T0);
    markChatClosed(handle.db, ANN, T0);
    const rows = outboxRows(handle.db, [card, first, toLeft, toAnn]).sort((a, b) => a.id - b.id);
    expect(rows).toEqual([
      { ...row(first), chatClosed: false },
      { ...row(card), chatClosed: false },
      { ...row(toLeft), chatClosed: true },
      { ...row(toAnn), chatClosed: true },
    ]);
    expect(rows.map((r) => r.payload).slice(0, 2)).toEqual([
      { text: 'first' },
      { message_ref: 'need:1:card', text: 'v2' },
    ]);
    expect(outboxRows(handle.db, [])).toEqual([]);
  });

  it('queue nothing when the change that caused it is rolled back', () => {
    expect(() =>
      handle.db.transaction((tx) => {
        enqueueMessage(tx, { chatId: GROUP, payload: { text: 'x' }, kind: 'reply' }, T0);
        throw new Error('change failed');
      }),
    ).toThrow('change failed');
    expect(statuses()).toEqual([]);
  });
});

describe('an edit queued while an older edit of the same message waits', () => {
  it('supersedes the older one, which counts as sent with the reason', () => {
    const older = edit('need:1:card', 'v1', 'editMessageText', T0);
    const newer = edit('need:1:card', 'v2', 'editMessageText', T0 + MINUTE);
    expect(row(older)).toMatchObject({ status: 'sent', error: 'superseded by a newer edit', sentAt: T0 + MINUTE });
    expect(row(newer)).toMatchObject({ status: 'pending', payload: { message_ref: 'need:1:card', text: 'v2' } });
    expect(due()).toEqual([newer]);
  });

  it('leaves edits of other messages, edits by another method and pins alone', () => {
    const card = enqueue({ ref: 'need:1:card' });
    const otherCard = edit('need:2:card', 'other');
    const markup = edit('need:1:card', 'buttons', 'editMessageReplyMarkup');
    const pin = enqueue({ method: 'pinChatMessage', payload: { message_ref: 'need:1:card' }, kind: 'pin' });
    const older = edit('need:1:card', 'v1');
    const latest = edit('need:1:card', 'v2');
    expect(statuses()).toEqual([
      [card, 'pending'],
      [otherCard, 'pending'],
      [markup, 'pending'],
      [pin, 'pending'],
      [older, 'sent'],
      [latest, 'pending'],
    ]);
  });

  it('does not touch an edit already sent', () => {
    const first = edit('need:1:card', 'v1', 'editMessageText', T0);
    markSent(handle.db, row(first), null, T0 + 1);
    edit('need:1:card', 'v2', 'editMessageText', T0 + MINUTE);
    expect(row(first)).toMatchObject({ status: 'sent', sentAt: T0 + 1, error: null });
  });
});

describe('duePending', () => {
  it('lists pending messages answers first, then in the order they were queued, up to the limit', () => {
    const bulk1 = enqueue({ priority: 1 });
    const answer = enqueue({ priority: 0 });
    const bulk2 = enqueue({ priority: 1 });
    expect(due()).toEqual([answer, bulk1, bulk2]);
    expect(due(2)).toEqual([answer, bulk1]);
  });

  it('names the method and, for an edit or a pin, the message it changes: what the sender chooses by', () => {
    const post = enqueue();
    const card = edit('need:1:card', 'v2');
    const pin = enqueue({ method: 'pinChatMessage', payload: { message_ref: 'notice:1:b1' }, chatId: OTHER_GROUP });
    expect(duePending(handle.db, T0, WALL, 10)).toEqual([
      { id: post, chatId: GROUP, method: 'sendMessage', targetRef: null },
      { id: card, chatId: GROUP, method: 'editMessageText', targetRef: 'need:1:card' },
      { id: pin, chatId: OTHER_GROUP, method: 'pinChatMessage', targetRef: 'notice:1:b1' },
    ]);
  });

  it('holds back a message until its quiet-hours time on the bot’s clock', () => {
    const quiet = enqueue({ notBefore: T0 + 60 * MINUTE });
    const now = enqueue();
    expect(due(10, [], T0 + 60 * MINUTE - 1)).toEqual([now]);
    expect(due(10, [], T0 + 60 * MINUTE)).toEqual([quiet, now]);
  });

  it('holds back a message waiting for its retry on the wall clock', () => {
    const waiting = enqueue();
    const ready = enqueue();
    deferMessage(handle.db, waiting, WALL + 1000);
    expect(due(10, [], T0, WALL + 999)).toEqual([ready]);
    expect(due(10, [], T0, WALL + 1000)).toEqual([waiting, ready]);
  });

  it('leaves out busy chats and messages no longer pending', () => {
    const toGroup = enqueue({ chatId: GROUP });
    const toOther = enqueue({ chatId: OTHER_GROUP });
    const toAnn = enqueue({ chatId: ANN });
    const sent = enqueue({ chatId: ANN });
    markSent(handle.db, row(sent), 1, WALL);
    expect(due(10, [GROUP])).toEqual([toOther, toAnn]);
    expect(due(10, [GROUP, OTHER_GROUP, ANN])).toEqual([]);
    expect(due(10, [])).toEqual([toGroup, toOther, toAnn]);
  });
});

describe('markSent and sentMessageId', () => {
  it('record the message as sent with its id, counting the try and clearing an earlier error', () => {
    const id = enqueue({ ref: 'need:1:card' });
    scheduleRetry(handle.db, id, { retryAt: WALL, error: 'Bad Gateway', attempts: 1 });
    markSent(handle.db, row(id), 555, WALL + 10);
    expect(row(id)).toMatchObject({ status: 'sent', messageId: 555, sentAt: WALL + 10, attempts: 2, error: null });
    expect(sentMessageId(handle.db, 'need:1:card')).toEqual({ chatId: GROUP, messageId: 555 });
  });

  it('give the latest sent message of a ref, ignoring ones still pending or sent without an id', () => {
    const first = enqueue({ ref: 'digest' });
    markSent(handle.db, row(first), 10, WALL);
    const second = enqueue({ ref: 'digest' });
    markSent(handle.db, row(second), 20, WALL);
    enqueue({ ref: 'digest' });
    const pin = enqueue({ ref: 'digest', method: 'pinChatMessage' });
    markSent(handle.db, row(pin), null, WALL);
    expect(sentMessageId(handle.db, 'digest')).toEqual({ chatId: GROUP, messageId: 20 });
  });

  it('find nothing for a ref never sent', () => {
    enqueue({ ref: 'need:9:card' });
    expect(sentMessageId(handle.db, 'need:9:card')).toBeUndefined();
    expect(sentMessageId(handle.db, 'unknown')).toBeUndefined();
  });
});

describe('nextRetryAt', () => {
  it('is the earliest future retry among pending messages', () => {
    const a = enqueue();
    const b = enqueue();
    const sent = enqueue();
    deferMessage(handle.db, a, WALL + 5000);
    deferMessage(handle.db, b, WALL + 2000);
    deferMessage(handle.db, sent, WALL + 1000);
    markSent(handle.db, row(sent), 1, WALL);
    expect(nextRetryAt(handle.db, WALL)).toBe(WALL + 2000);
    expect(nextRetryAt(handle.db, WALL + 2000)).toBe(WALL + 5000);
  });

  it('is undefined when nothing waits', () => {
    enqueue();
    expect(nextRetryAt(handle.db, WALL)).toBeUndefined();
  });
});

describe('scheduleRetry', () => {
  it('sets the next try and its reason, counting a try only when told', () => {
    const id = enqueue();
    scheduleRetry(handle.db, id, { retryAt: WALL + 1000, error: 'Too Many Requests' });
    expect(row(id)).toMatchObject({ retryAt: WALL + 1000, error: 'Too Many Requests', attempts: 0, ambiguous: false });
    scheduleRetry(handle.db, id, { retryAt: WALL + 3000, error: 'socket hang up', attempts: 1, ambiguous: true });
    expect(row(id)).toMatchObject({ retryAt: WALL + 3000, error: 'socket hang up', attempts: 1, ambiguous: true });
  });

  it('keeps a message marked ambiguous once a later try fails plainly', () => {
    const id = enqueue();
    scheduleRetry(handle.db, id, { retryAt: WALL, error: 'socket hang up', attempts: 1, ambiguous: true });
    scheduleRetry(handle.db, id, { retryAt: WALL + 2000, error: 'Bad Gateway', attempts: 2 });
    expect(row(id)).toMatchObject({ ambiguous: true, attempts: 2, status: 'pending' });
  });
});

describe('lanes and turns', () => {
  it('sends alerts first, then answers taking turns between users, then bulk posts', () => {
    const bulk = enqueue({ priority: 2 });
    const flood = [1, 2, 3].map(() => enqueue({ priority: 1, forUser: ANN }));
    const other = enqueue({ priority: 1, forUser: 8 });
    const alert = enqueue({ priority: 0 });
    expect(duePending(handle.db, T0, WALL, 10).map((m) => m.id)).toEqual([
      alert,
      flood[0],
      other,
      flood[1],
      flood[2],
      bulk,
    ]);
    expect(flood.map((id) => row(id).turn)).toEqual([0, 1, 2]);
    expect(row(other).turn).toBe(0);
  });
});

describe('redirectMessage', () => {
  it("sends the message, and the rest of the old chat's queue, to the supergroup the group became, counting a try", () => {
    const id = enqueue({ chatId: GROUP });
    const next = enqueue({ chatId: GROUP });
    redirectMessage(handle.db, row(id), -100999, 'group migrated', WALL);
    expect(row(id)).toMatchObject({ chatId: -100999, error: 'group migrated', status: 'pending', attempts: 1 });
    expect(row(next)).toMatchObject({ chatId: -100999, attempts: 0 });
    expect(duePending(handle.db, T0, WALL, 10, [GROUP])).toEqual([
      { id, chatId: -100999, method: 'sendMessage', targetRef: null },
      { id: next, chatId: -100999, method: 'sendMessage', targetRef: null },
    ]);
  });

  it('turns an edit of a message left in the old chat into a new post under its reference', () => {
    const id = edit('need:1:card', 'v2');
    redirectMessage(handle.db, row(id), -100999, 'group migrated', WALL);
    expect(row(id)).toMatchObject({
      chatId: -100999,
      method: 'sendMessage',
      ref: 'need:1:card',
      targetRef: null,
      payload: { text: 'v2' },
    });
  });
});

describe('markAlreadyShown', () => {
  it('counts an edit the chat already shows as sent', () => {
    const id = edit('need:1:card', 'same');
    markAlreadyShown(handle.db, id, WALL, 'message is not modified');
    expect(row(id)).toMatchObject({ status: 'sent', sentAt: WALL, error: 'message is not modified', messageId: null });
    expect(due()).toEqual([]);
  });
});

describe('markFailed', () => {
  it('gives the message up, counting the try, with an audit row saying why', () => {
    const id = enqueue({ kind: 'notice' });
    markFailed(handle.db, row(id), 'Bad Request: chat not found', T0 + MINUTE);
    expect(row(id)).toMatchObject({ status: 'failed', error: 'Bad Request: chat not found', attempts: 1 });
    expect(due()).toEqual([]);
    expect(auditRows(handle.db, 'outbox.failed').map((r) => [r.actor, r.at, r.subject, r.details])).toEqual([
      [null, T0 + MINUTE, `outbox:${id}`, { chatId: GROUP, kind: 'notice', reason: 'Bad Request: chat not found' }],
    ]);
  });
});

describe('markChatClosed, and the closed flag of the rows that go', () => {
  /** Whether a message queued now to `chatId` would be given up as closed when it goes. */
  const closedWhenSent = (chatId: number) => outboxRows(handle.db, [enqueue({ chatId })])[0]!.chatClosed;

  it('close a user’s chat while they block the bot', () => {
    seedUsers(handle.db, [{ id: ANN, firstName: 'Ann', started: true }]);
    expect(closedWhenSent(ANN)).toBe(false);
    markChatClosed(handle.db, ANN, T0);
    expect(closedWhenSent(ANN)).toBe(true);
    handle.db.transaction((tx) => setUserBlocked(tx, ANN, null));
    expect(closedWhenSent(ANN)).toBe(false);
  });

  it('close a group the bot was removed from, until it is added back', () => {
    expect(closedWhenSent(GROUP)).toBe(false);
    markChatClosed(handle.db, GROUP, T0);
    expect(closedWhenSent(GROUP)).toBe(true);
    handle.db.transaction((tx) =>
      recordBotStatus(tx, { id: GROUP, type: 'supergroup', botStatus: 'member' }, T0 + MINUTE, 1, null),
    );
    expect(closedWhenSent(GROUP)).toBe(false);
  });

  it('count a group the bot left as closed, and an unknown user or group as open', () => {
    handle.db.transaction((tx) =>
      recordBotStatus(tx, { id: OTHER_GROUP, type: 'group', botStatus: 'left' }, T0, null, null),
    );
    expect(closedWhenSent(OTHER_GROUP)).toBe(true);
    expect(closedWhenSent(12345)).toBe(false);
    expect(closedWhenSent(-999)).toBe(false);
  });
});

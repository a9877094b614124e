import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import type { WorkbookModel } from '../../src/core/workbook.ts';
import type { DatabaseHandle } from '../../src/db/open.ts';
import { chats, users } from '../../src/db/schema.ts';
import { enqueueMessage, type OutboxRow, type OutgoingMessage, outboxRow } from '../../src/jobs/outbox.store.ts';
import { OutboxSender, type OutboxSenderOptions } from '../../src/jobs/outbox.ts';
import { type LocalBotApi, startLocalBotApi } from '../../src/local-bot-api/index.ts';
import { auditRows, HOUR, openTestDatabase, seedUsers } from '../db/memory-db.ts';

const GROUP = -1001000000001;
const OTHER_GROUP = -1001000000002;
const BASIC_GROUP = -4000001;
const SUPERGROUP = -1001000000009;
const ANN = 2001;
const BO = 2002;
/** How long a wait for the sender may take before the test fails (event driven: normally milliseconds). */
const WAIT_MS = 5000;

let tg: LocalBotApi;
let handle: DatabaseHandle;
let clock: ManualClock;
/** The sender's own process time (rate windows, backoff, retry_after): moved by hand, never by itself. */
let wall: number;
let sender: OutboxSender;
let logs: Array<{ msg: string } & Record<string, unknown>>;

beforeEach(async () => {
  tg = await startLocalBotApi();
  for (const id of [ANN, BO]) tg.addUser({ id, first_name: `User ${id}`, startedBot: true });
  for (const id of [GROUP, OTHER_GROUP]) {
    tg.addChat({ id, type: 'supergroup', title: `Group ${id}` });
    tg.setMember(id, ANN, 'member');
  }
  tg.addChat({ id: BASIC_GROUP, type: 'group', title: 'Old group' });
  tg.setMember(BASIC_GROUP, ANN, 'creator');
  handle = openTestDatabase();
  clock = new ManualClock(Date.parse('2026-04-01T08:00:00+08:00'));
  wall = 1_000_000;
  logs = [];
  sender = new OutboxSender(senderOptions());
});

/** The sender of these tests, with `more` options. */
function senderOptions(more: Partial<OutboxSenderOptions> = {}): OutboxSenderOptions {
  return {
    db: handle.db,
    token: tg.token,
    apiRoot: tg.apiRoot,
    clock,
    logger: pino({ level: 'warn' }, { write: (line: string) => logs.push(JSON.parse(line)) }),
    // far above what these tests send: the wall clock stands still, so no rate window would ever free
    limits: { perSecond: 1_000_000, perGroupPerMinute: 1_000_000, perPrivatePerSecond: 1_000_000 },
    wallClock: () => wall,
    ...more,
  };
}

afterEach(async () => {
  tg.releaseHeldCalls();
  await sender.stop();
  await tg.close();
  handle.close();
});

/** Queues the message as a feature does (in a transaction, at the bot's time) and wakes the sender. */
function enqueue(message: Partial<OutgoingMessage> & { text?: string }): number {
  const { text, ...rest } = message;
  const id = handle.db.transaction((tx) =>
    enqueueMessage(tx, { chatId: GROUP, payload: { text: text ?? 'hello' }, kind: 'test', ...rest }, clock.now()),
  );
  sender.wake();
  return id;
}

const row = (id: number): OutboxRow => outboxRow(handle.db, id)!;

/** Resolves once every one of these outbox rows is recorded as sent (checked on each of the sender's 'sent'). */
function sent(...ids: number[]): Promise<void> {
  const done = () => ids.every((id) => row(id).status === 'sent');
  if (done()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`outbox rows ${ids.map((id) => `${id}: ${row(id).status}`).join(', ')} not sent in time`));
    }, WAIT_MS);
    const stop = sender.onSent(() => {
      if (!done()) return;
      clearTimeout(timer);
      stop();
      resolve();
    });
  });
}

/**
 * Proves the sender looked at the queue after everything the test did so far: a message to another chat is queued
 * and sent, and whatever else that look sent has been answered, so anything still unsent was passed over.
 */
async function aLookLater(): Promise<void> {
  await sent(enqueue({ chatId: BO, text: `probe ${wall}/${clock.now()}` }));
  await sender.idle(WAIT_MS);
}

/**
 * Starts a sender (in `sender`) with a global pace of `perSecond`; returns what resolves once it has begun `n` more
 * looks at its queue (each after the one before it ended).
 */
function pacedSender(perSecond: number): (n: number) => Promise<void> {
  let looks = 0;
  let lookWaiter: { atLeast: number; resolve(): void } | undefined;
  sender = new OutboxSender(
    senderOptions({
      limits: { perSecond, perGroupPerMinute: 1_000_000, perPrivatePerSecond: 1_000_000 },
      // the group is committed before each look: counted there
      group: {
        change: (change) => handle.db.transaction(change),
        flush: () => {
          looks++;
          if (lookWaiter && looks >= lookWaiter.atLeast) lookWaiter.resolve();
        },
      },
    }),
  );
  sender.start();
  return (n) =>
    new Promise<void>((resolve) => {
      lookWaiter = { atLeast: looks + n, resolve };
      sender.wake();
    });
}

const sendCalls = (chatId: number) =>
  tg.calls.filter((c) => c.method === 'sendMessage' && c.params.chat_id === chatId).map((c) => c.status);
const texts = (chatId: number) => tg.botMessages(chatId).map((m) => m.text);

describe('OutboxSender', () => {
  it('sends the messages to one chat in the order they were queued, a slow one holding up only its chat', async () => {
    tg.failNext('sendMessage', 1, 'hold');
    sender.start();
    const first = enqueue({ text: 'one' });
    await tg.waitForHeldCalls(1, WAIT_MS);
    const rest = ['two', 'three', 'four'].map((text) => enqueue({ text }));
    const elsewhere = enqueue({ chatId: OTHER_GROUP, text: 'elsewhere' });
    await sent(elsewhere);
    expect(sendCalls(GROUP)).toEqual([]);
    expect(texts(GROUP)).toEqual([]);

    tg.releaseHeldCalls();
    await sent(first, ...rest);
    expect(texts(GROUP)).toEqual(['one', 'two', 'three', 'four']);
    expect(texts(OTHER_GROUP)).toEqual(['elsewhere']);
    expect(sendCalls(GROUP)).toEqual([200, 200, 200, 200]);
  });

  it('has as many messages in flight as its pace lets go in a second, not a fixed few', async () => {
    // a far Telegram answers slowly: held calls stand for answers still on their way
    const groups = Array.from({ length: 15 }, (_, i) => -1001000000100 - i);
    for (const id of groups) tg.addChat({ id, type: 'supergroup', title: `Group ${id}` });
    await sender.stop();
    sender = new OutboxSender(
      senderOptions({ limits: { perSecond: 12, perGroupPerMinute: 1_000_000, perPrivatePerSecond: 1_000_000 } }),
    );
    tg.failNext('sendMessage', groups.length, 'hold');
    sender.start();
    for (const chatId of groups) enqueue({ chatId, text: `to ${chatId}` });
    await tg.waitForHeldCalls(12, WAIT_MS);
    // and no more: the pace's second is full until their answers
    expect(tg.releaseHeldCalls()).toBe(12);
  });

  it('records the message id Telegram gave each message', async () => {
    sender.start();
    const ids = [enqueue({ text: 'a' }), enqueue({ text: 'b' })];
    await sent(...ids);
    expect(ids.map((id) => row(id).messageId)).toEqual(tg.botMessages(GROUP).map((m) => m.message_id));
    expect(ids.map((id) => row(id).sentAt)).toEqual([clock.now(), clock.now()]);
  });

  it('sends a document once: a text as UTF-8, a workbook rendered from its model when it is sent', async () => {
    sender.start();
    const workbook: WorkbookModel = {
      created: '2026-04-01T08:00:00+08:00',
      sheets: [
        {
          name: '15 楼',
          lines: [{ cells: [{ value: '送货清单' }], bold: true }],
          columns: [
            { header: '门牌', kind: 'id' },
            { header: '应付', kind: 'money' },
          ],
          rows: [['1502', '45.50']],
          total: ['合计', '45.50'],
        },
      ],
    };
    const ids = [
      enqueue({
        method: 'sendDocument',
        payload: { document: { filename: 'sheet.csv', content: '\uFEFF门牌\r\n1502\r\n' } },
      }),
      enqueue({ method: 'sendDocument', payload: { document: { filename: 'sheet.xlsx', workbook } } }),
    ];
    await sent(...ids);
    expect(tg.calls.filter((c) => c.method === 'sendDocument')).toHaveLength(2);
    const [csv, xlsx] = tg.documents(GROUP);
    expect(csv!.content.toString('utf8')).toBe('\uFEFF门牌\r\n1502\r\n');
    expect(xlsx!.filename).toBe('sheet.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx!.content as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('15 楼')!;
    expect([sheet.getCell('A1').value, sheet.getCell('A2').value, sheet.getCell('A3').value]).toEqual([
      '送货清单',
      '门牌',
      '1502',
    ]);
    expect(sheet.getCell('B3').value).toBe(45.5);
    expect(sheet.getCell('B4').font?.bold).toBe(true);
  });

  it('edits a message named by its ref once it was sent, in place', async () => {
    sender.start();
    const card = enqueue({ text: 'Need #4: open', ref: 'need:4:card' });
    const edit = enqueue({
      method: 'editMessageText',
      payload: { message_ref: 'need:4:card', text: 'Need #4: claimed' },
    });
    await sent(card, edit);
    const [message] = tg.botMessages(GROUP);
    expect(tg.botMessages(GROUP)).toHaveLength(1);
    expect(message).toMatchObject({ text: 'Need #4: claimed', edited: true, message_id: row(card).messageId });
    const editCall = tg.calls.find((c) => c.method === 'editMessageText');
    expect(editCall?.params).toMatchObject({ chat_id: GROUP, message_id: row(card).messageId });
  });

  it('draws a late-rendered edit as it goes, from the state then; with nothing left to draw, records it unsent', async () => {
    await sender.stop();
    let state: string | undefined = 'claimed';
    const drawn: Array<[string, number]> = [];
    sender = new OutboxSender(
      senderOptions({
        render: (name, id) => {
          drawn.push([name, id]);
          return state === undefined ? undefined : { text: `Card #${id}: ${state}` };
        },
      }),
    );
    const card = enqueue({ text: 'Card #4: open', ref: 'card:4' });
    const late = { message_ref: 'card:4', render: { name: 'buy-card', id: 4 } };
    const edit = enqueue({ method: 'editMessageText', payload: late });
    // changed after the edit was queued: the edit shows it
    state = 'done';
    sender.start();
    await sent(card, edit);
    expect(texts(GROUP)).toEqual(['Card #4: done']);
    expect(drawn).toEqual([['buy-card', 4]]);
    const editCall = tg.calls.find((c) => c.method === 'editMessageText');
    expect(editCall?.params).not.toHaveProperty('render');

    state = undefined;
    const nothing = enqueue({ method: 'editMessageText', payload: late });
    await aLookLater();
    expect(row(nothing).status).toBe('sent');
    expect(row(nothing).error).toContain('nothing to render for buy-card 4');
    expect(tg.calls.filter((c) => c.method === 'editMessageText')).toHaveLength(1);
  });

  it('lets an edit wait for its message while that one is held, then edits it once it was sent', async () => {
    sender.start();
    const card = enqueue({ text: 'Vote: 0 yes', ref: 'vote:1:card', notBefore: clock.now() + HOUR });
    const edit = enqueue({ method: 'editMessageText', payload: { message_ref: 'vote:1:card', text: 'Vote: 1 yes' } });
    await sender.idle(WAIT_MS);
    expect(row(edit)).toMatchObject({ status: 'pending', attempts: 1, error: 'waiting for vote:1:card to be sent' });
    expect(tg.calls.filter((c) => c.params.chat_id === GROUP)).toEqual([]);

    clock.advance(HOUR);
    sender.wake();
    await sent(card);
    expect(texts(GROUP)).toEqual(['Vote: 0 yes']);

    // the edit looks again a second (of the sender's time) after it found nothing to edit
    wall += 1000;
    sender.wake();
    await sent(edit);
    expect(tg.botMessages(GROUP)).toEqual([expect.objectContaining({ text: 'Vote: 1 yes', edited: true })]);
  });

  it('obeys a 429: tries again once retry_after has passed, not before, and delivers the message once', async () => {
    tg.failNext('sendMessage', 1, {
      error_code: 429,
      description: 'Too Many Requests: retry after 30',
      retry_after: 30,
    });
    sender.start();
    const id = enqueue({ text: 'after the flood' });
    await tg.waitForCall((c) => c.method === 'sendMessage' && c.status === 429, WAIT_MS);
    await sender.idle(WAIT_MS);
    expect(row(id)).toMatchObject({ status: 'pending', retryAt: wall + 30_000, attempts: 0 });

    wall += 30_000 - 1;
    await aLookLater();
    expect(sendCalls(GROUP)).toEqual([429]);

    wall += 1;
    sender.wake();
    await sent(id);
    expect(sendCalls(GROUP)).toEqual([429, 200]);
    expect(texts(GROUP)).toEqual(['after the flood']);
    expect(logs.map((l) => l.msg)).toContain('outbox: 429, waiting retry_after');
  });

  it('keeps the global limit to the fraction of a millisecond: the next message waits for the whole window', async () => {
    // Telegram counts a send that comes even a fraction of a millisecond inside the window of an earlier one
    const moreLooks = pacedSender(1);
    const first = enqueue({ chatId: GROUP, text: 'first' });
    await sent(first);
    const second = enqueue({ chatId: OTHER_GROUP, text: 'second' });

    // the first was answered at `wall`: half a millisecond before its window ends, the second may not go
    wall += 999.5;
    await moreLooks(5);
    expect(sendCalls(OTHER_GROUP)).toEqual([]);
    expect(row(second).status).toBe('pending');

    wall += 0.5;
    sender.wake();
    await sent(second);
    expect(sendCalls(OTHER_GROUP)).toEqual([200]);
  });

  it('at the pace, lets places that free within a few milliseconds of each other go together', async () => {
    const moreLooks = pacedSender(4);
    const chats = [GROUP, OTHER_GROUP, ANN, BO];
    const start = wall;
    /** One message to each chat, answered `gaps` ms apart: the window's four places free as far apart a second on. */
    const fillTheWindow = async (gaps: number[]) => {
      for (const [i, chatId] of chats.entries()) {
        wall = start + (gaps[i] ?? 0);
        await sent(enqueue({ chatId, text: `first ${i}` }));
      }
    };
    const calls = () => tg.calls.filter((c) => c.method === 'sendMessage').length;

    // answered at 0, 2, 4 and 6 ms: when the first place frees the last frees 6 ms later, and all four wait for it
    await fillTheWindow([0, 2, 4, 6]);
    const next = chats.map((chatId, i) => enqueue({ chatId, text: `next ${i}` }));
    wall = start + 1000;
    await moreLooks(3);
    expect(calls()).toBe(4);
    wall = start + 1006;
    sender.wake();
    await sent(...next);
    expect(calls()).toBe(8);
    expect(logs).toEqual([]);
  });

  it('at the pace, does not hold a free place for one freeing later than a look', async () => {
    pacedSender(4);
    const start = wall;
    for (const [i, chatId] of [GROUP, OTHER_GROUP, ANN, BO].entries()) {
      // the last answered 30 ms after the first: no reason to wait for it
      wall = start + [0, 2, 4, 30][i]!;
      await sent(enqueue({ chatId, text: `first ${i}` }));
    }
    wall = start + 1000;
    await sent(enqueue({ chatId: GROUP, text: 'next' }));
    expect(tg.calls.filter((c) => c.method === 'sendMessage')).toHaveLength(5);
  });

  it('gives up on a group that removed the bot: marks the chat closed and sends nothing more there', async () => {
    tg.removeBotFromGroup(GROUP, ANN);
    sender.start();
    const refused = enqueue({ text: 'first' });
    const queuedBehind = enqueue({ text: 'second' });
    await sender.idle(WAIT_MS);
    expect(sendCalls(GROUP)).toEqual([403]);
    expect(row(refused)).toMatchObject({ status: 'failed', attempts: 1 });
    expect(row(refused).error).toMatch(/^Forbidden: /);
    expect(row(queuedBehind)).toMatchObject({
      status: 'failed',
      error: 'chat closed to the bot (removed, kicked or blocked)',
    });
    expect(handle.db.select({ status: chats.botStatus }).from(chats).where(eq(chats.id, GROUP)).get()).toEqual({
      status: 'kicked',
    });

    const later = enqueue({ text: 'later' });
    await aLookLater();
    expect(row(later).status).toBe('failed');
    expect(sendCalls(GROUP)).toEqual([403]);
    expect(auditRows(handle.db, 'outbox.failed').map((a) => a.subject)).toEqual([
      `outbox:${refused}`,
      `outbox:${queuedBehind}`,
      `outbox:${later}`,
    ]);
  });

  it('marks a resident who blocked the bot and sends them nothing more, while other chats go on', async () => {
    seedUsers(handle.db, [{ id: ANN, firstName: 'Ann', started: true }]);
    tg.blockBot(ANN);
    sender.start();
    const refused = enqueue({ chatId: ANN, text: 'your need was claimed' });
    await sender.idle(WAIT_MS);
    expect(row(refused).status).toBe('failed');
    expect(handle.db.select({ at: users.blockedAt }).from(users).where(eq(users.id, ANN)).get()).toEqual({
      at: clock.now(),
    });

    const later = enqueue({ chatId: ANN, text: 'a vote closed' });
    const group = enqueue({ text: 'for the group' });
    await sent(group);
    await sender.idle(WAIT_MS);
    expect(row(later).status).toBe('failed');
    expect(sendCalls(ANN)).toEqual([403]);
  });

  it('sends a message for a group that became a supergroup to the new chat instead', async () => {
    tg.migrateToSupergroup(BASIC_GROUP, SUPERGROUP, ANN);
    sender.start();
    const id = enqueue({ chatId: BASIC_GROUP, text: 'still here?' });
    await sent(id);
    expect(sendCalls(BASIC_GROUP)).toEqual([400]);
    expect(sendCalls(SUPERGROUP)).toEqual([200]);
    expect(texts(SUPERGROUP)).toEqual(['still here?']);
    expect(texts(BASIC_GROUP)).toEqual([]);
    expect(row(id)).toMatchObject({
      chatId: SUPERGROUP,
      status: 'sent',
      messageId: tg.botMessages(SUPERGROUP)[0]?.message_id,
    });
  });

  it('re-posts a card whose group became a supergroup, instead of editing the old chat in a loop', async () => {
    sender.start();
    const card = enqueue({ chatId: BASIC_GROUP, text: 'card v1', ref: 'need:1:card' });
    await sent(card);
    tg.migrateToSupergroup(BASIC_GROUP, SUPERGROUP, ANN);
    const edit = enqueue({
      chatId: BASIC_GROUP,
      method: 'editMessageText',
      payload: { message_ref: 'need:1:card', text: 'card v2' },
    });
    await sent(edit);
    const edits = tg.calls.filter((c) => c.method === 'editMessageText');
    expect(edits.length).toBeLessThanOrEqual(1);
    // the card shows in the new chat with its latest state, and later edits find it there
    expect(texts(SUPERGROUP)).toEqual(['card v2']);
    const again = enqueue({
      chatId: SUPERGROUP,
      method: 'editMessageText',
      payload: { message_ref: 'need:1:card', text: 'card v3' },
    });
    await sent(again);
    expect(texts(SUPERGROUP)).toEqual(['card v3']);
  });

  it('holds the queue while it cannot record a delivery (a full disk), and never sends that message twice', async () => {
    const { sqlite } = handle;
    sqlite.exec('CREATE TABLE disk (full INTEGER NOT NULL)');
    sqlite.exec('INSERT INTO disk VALUES (1)');
    sqlite.exec(`CREATE TRIGGER disk_full BEFORE UPDATE OF status ON outbox
      WHEN NEW.status = 'sent' AND (SELECT full FROM disk) = 1 BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`);
    sender.start();
    const first = enqueue({ text: 'delivered once' });
    await tg.waitForCall((c) => c.method === 'sendMessage', WAIT_MS);
    const second = enqueue({ text: 'after the disk' });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no error logged')), WAIT_MS);
      const look = setInterval(() => {
        if (!logs.some((l) => l.msg.includes('cannot write to the database'))) return;
        clearInterval(look);
        clearTimeout(timer);
        resolve();
      }, 5);
    });
    expect(row(first).status).toBe('pending');
    sqlite.exec('UPDATE disk SET full = 0');
    await sent(first, second);
    expect(texts(GROUP)).toEqual(['delivered once', 'after the disk']);
    expect(logs.filter((l) => l.msg.includes('cannot write to the database'))).toHaveLength(1);
  });

  it("records deliveries in the handlers' group commit, and never sends a message twice when that commit fails", async () => {
    const { group, sqlite } = handle;
    let recordedInGroup = 0;
    let failNextCommit = false;
    await sender.stop();
    sender = new OutboxSender(
      senderOptions({
        group: {
          change: (change) => {
            recordedInGroup++;
            return group.change(change);
          },
          flush: () => {
            if (failNextCommit && sqlite.inTransaction) {
              failNextCommit = false;
              // as a commit on a full disk may end: the whole transaction rolled back, its deliveries with it
              sqlite.exec('ROLLBACK');
              setImmediate(() => sender.wake());
              throw new Error('database or disk is full');
            }
            group.flush();
          },
        },
      }),
    );
    sender.start();
    const first = enqueue({ text: 'first' });
    await sent(first);
    expect(recordedInGroup).toBe(1);
    expect(sqlite.inTransaction).toBe(false);

    failNextCommit = true;
    const second = enqueue({ text: 'delivered once' });
    await sent(second);
    expect(failNextCommit).toBe(false);
    expect(texts(GROUP)).toEqual(['first', 'delivered once']);
    expect(logs.filter((l) => l.msg.includes('cannot write to the database'))).toHaveLength(1);
  });

  it('holds a message until the bot’s clock reaches its notBefore, then sends it', async () => {
    sender.start();
    const at = clock.now() + 8 * HOUR;
    const held = enqueue({ text: 'good morning', notBefore: at });
    await aLookLater();
    clock.set(at - 1);
    await aLookLater();
    expect(row(held).status).toBe('pending');
    expect(sendCalls(GROUP)).toEqual([]);

    clock.set(at);
    sender.wake();
    await sent(held);
    expect(texts(GROUP)).toEqual(['good morning']);
    expect(row(held).sentAt).toBe(at);
  });
});

describe('OutboxSender: edits of a card', () => {
  const INTERVAL = 3000;
  const CARD = 'buy:1:card';
  const editCard = (text: string) =>
    enqueue({ method: 'editMessageText', payload: { message_ref: CARD, text }, kind: 'buy-card-edit' });
  const edits = () => tg.calls.filter((c) => c.method === 'editMessageText' && c.status === 200).length;
  const cardText = () => tg.botMessages(GROUP)[0]?.text;

  /** A sender that edits a message at most every 3 s of its (injected) wall clock, like the default config. */
  function pacedSender(): void {
    sender = new OutboxSender({
      db: handle.db,
      token: tg.token,
      apiRoot: tg.apiRoot,
      clock,
      logger: pino({ level: 'silent' }),
      limits: { perSecond: 1_000_000, perGroupPerMinute: 1_000_000, perPrivatePerSecond: 1_000_000 },
      editIntervalMs: INTERVAL,
      wallClock: () => wall,
    });
    sender.start();
  }

  it('edits at once in a quiet chat, and under a burst shows the latest state at most once per interval', async () => {
    pacedSender();
    await sent(enqueue({ text: 'Buy #1: 0', ref: CARD }));
    await sent(editCard('Buy #1: 1'));
    expect(cardText()).toBe('Buy #1: 1');

    // quiet: nothing edited the card within the interval
    wall += INTERVAL;
    await sent(editCard('Buy #1: 2'));
    expect(cardText()).toBe('Buy #1: 2');

    // a burst: edits come faster than the interval, each superseding the one before
    const burst = Array.from({ length: 20 }, (_, i) => editCard(`Buy #1: ${3 + i}`));
    await aLookLater();
    expect(cardText()).toBe('Buy #1: 2');
    expect(burst.slice(0, -1).map((id) => row(id).error)).toEqual(Array(19).fill('superseded by a newer edit'));
    wall += INTERVAL - 1;
    sender.wake();
    await aLookLater();
    expect(row(burst.at(-1)!).status).toBe('pending');

    wall += 1;
    sender.wake();
    await sent(burst.at(-1)!);
    expect(cardText()).toBe('Buy #1: 22');
    expect(edits()).toBe(3);
  });

  it('edits at once when the last try changed nothing: it waited for the card to be sent', async () => {
    pacedSender();
    const card = enqueue({ text: 'Buy #1: 0', ref: CARD, notBefore: clock.now() + HOUR });
    const edit = editCard('Buy #1: 1');
    await sender.idle(WAIT_MS);
    expect(row(edit)).toMatchObject({ status: 'pending', error: `waiting for ${CARD} to be sent` });
    clock.advance(HOUR);
    sender.wake();
    await sent(card);

    // the edit's own retry, a second later: the card was never edited, so nothing holds the edit up
    wall += 1000;
    sender.wake();
    await aLookLater();
    expect(row(edit).status).toBe('sent');
    expect(cardText()).toBe('Buy #1: 1');
  });

  it('edits at once when the last try failed: Telegram changed nothing', async () => {
    pacedSender();
    await sent(enqueue({ text: 'Buy #1: 0', ref: CARD }));
    tg.failNext('editMessageText', 1, { error_code: 502, description: 'Bad Gateway' });
    const edit = editCard('Buy #1: 1');
    await tg.waitForCall((c) => c.method === 'editMessageText' && c.status === 502, WAIT_MS);
    await sender.idle(WAIT_MS);
    expect(row(edit)).toMatchObject({ status: 'pending', attempts: 1 });

    // the retry after its backoff (half a second) goes then, not at the end of an interval nothing used
    wall += 500;
    sender.wake();
    await aLookLater();
    expect(row(edit).status).toBe('sent');
    expect(cardText()).toBe('Buy #1: 1');
  });
});

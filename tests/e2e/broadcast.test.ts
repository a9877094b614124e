import { eq } from 'drizzle-orm';
import { afterEach, expect, it } from 'vitest';
import { auditLog, outbox } from '../../src/db/schema.ts';
import { enqueueMessage } from '../../src/jobs/outbox.store.ts';
import { startTestBot, type TestBot, world } from './harness.ts';

let t: TestBot | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

it('delivers one message to each of 200 groups through 429s, 500s and dropped connections, within the limits', {
  timeout: 60_000,
}, async () => {
  t = await startTestBot();
  const { tg, app } = t;
  const db = app.database.db;
  const groups = Array.from({ length: 200 }, (_, i) => -1002000000000 - i);
  for (const id of groups) tg.addChat({ id, type: 'supergroup', title: `Group ${id}` });
  tg.setRateLimits({ perSecond: 30, perGroupPerMinute: 20, perPrivatePerSecond: 1 });
  tg.failNext('sendMessage', 10, { error_code: 429, description: 'Too Many Requests: retry after 1', retry_after: 1 });
  const firstCall = tg.calls.length;

  let delivered = 0;
  const allDelivered = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`only ${delivered} of ${groups.length} delivered in 50 s`)),
      50_000,
    );
    app.outbox.onSent(() => {
      delivered++;
      // later faults land in the middle of the run
      if (delivered === 60) tg.failNext('sendMessage', 5, { error_code: 500, description: 'Internal Server Error' });
      if (delivered === 120) tg.failNext('sendMessage', 3, 'drop-after');
      if (delivered === groups.length) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  db.transaction((tx) => {
    for (const chatId of groups)
      enqueueMessage(
        tx,
        { chatId, payload: { text: `Water is back at 18:00 (${chatId})` }, kind: 'notice' },
        t!.clock.now(),
      );
  });
  app.outbox.wake();
  await allDelivered;

  expect(db.select().from(outbox).where(eq(outbox.status, 'sent')).all()).toHaveLength(groups.length);
  for (const chatId of groups) expect(tg.botMessages(chatId).length, `group ${chatId}`).toBeGreaterThanOrEqual(1);
  const calls = tg.calls.slice(firstCall).filter((c) => c.method === 'sendMessage');
  const dropped = calls.filter((c) => c.status === 0).map((c) => c.params.chat_id as number);
  expect(dropped).toHaveLength(3);
  // the only duplicates are where the connection dropped after Telegram had taken the message, each logged as ambiguous
  const twice = groups.filter((chatId) => tg.botMessages(chatId).length > 1);
  expect([...twice].sort()).toEqual([...dropped].sort());
  const ambiguousLogged = t.logs.filter((l) => /ambiguous/.test(l.msg)).map((l) => l.chatId);
  for (const chatId of dropped) expect(ambiguousLogged).toContain(chatId);
  // the only 429s are the injected ones: the sender's pacing never provoked the fake's limiter
  expect(calls.filter((c) => c.status === 429)).toHaveLength(10);
  expect(calls.filter((c) => c.status === 500)).toHaveLength(5);
  const ok = calls.filter((c) => c.status === 200 || c.status === 0);
  for (const chatId of groups) {
    const times = ok.filter((c) => c.params.chat_id === chatId).map((c) => c.at);
    for (const at of times) expect(times.filter((x) => x >= at && x < at + 60_000).length).toBeLessThanOrEqual(20);
  }
  const overall = ok.map((c) => c.at);
  for (const at of overall) expect(overall.filter((x) => x >= at && x < at + 1000).length).toBeLessThanOrEqual(30);
});

it('gives up, once and audited, a message to a group that removed the bot, and sends nothing more there', async () => {
  t = await startTestBot();
  const { tg, app } = t;
  const db = app.database.db;
  const gone = -1002100000001;
  tg.addChat({ id: gone, type: 'supergroup', title: 'Old group' });
  tg.setMember(gone, tg.botInfo.id, 'kicked');
  const firstCall = tg.calls.length;
  db.transaction((tx) => {
    for (const n of [1, 2, 3])
      enqueueMessage(tx, { chatId: gone, payload: { text: `notice ${n}` }, kind: 'notice' }, t!.clock.now());
  });
  app.outbox.wake();
  await app.outbox.idle();
  const rows = db.select().from(outbox).where(eq(outbox.chatId, gone)).all();
  expect(rows.map((r) => r.status)).toEqual(['failed', 'failed', 'failed']);
  expect(tg.calls.slice(firstCall).filter((c) => c.method === 'sendMessage' && c.params.chat_id === gone)).toHaveLength(
    1,
  );
  expect(db.select().from(auditLog).where(eq(auditLog.action, 'outbox.failed')).all()).toHaveLength(3);
});

it('follows a group to its supergroup when Telegram answers that it was upgraded', async () => {
  t = await startTestBot();
  const { tg, app } = t;
  tg.failNext('sendMessage', 1, {
    error_code: 400,
    description: 'Bad Request: group chat was upgraded to a supergroup chat',
    migrate_to_chat_id: world.b3.chatId,
  });
  app.database.db.transaction((tx) =>
    enqueueMessage(tx, { chatId: -3003, payload: { text: 'moved along' }, kind: 'notice' }, t!.clock.now()),
  );
  app.outbox.wake();
  const message = await tg.waitForBotMessage(world.b3.chatId, (m) => m.text === 'moved along');
  expect(message.chat_id).toBe(world.b3.chatId);
});

it('answers a command after Telegram says 429, once the wait is over', async () => {
  t = await startTestBot();
  t.tg.failNext('sendMessage', 1, { error_code: 429, description: 'Too Many Requests: retry after 1', retry_after: 1 });
  t.tg.sendText(world.b7.chatId, world.alice.id, '/help');
  const reply = await t.tg.waitForBotMessage(world.b7.chatId, undefined, 5000);
  expect(reply.text).toContain('/home');
  expect(t.tg.calls.filter((c) => c.method === 'sendMessage' && c.status === 429)).toHaveLength(1);
});

it('keeps sending to other chats while a few messages wait on a slow Telegram', { timeout: 30_000 }, async () => {
  t = await startTestBot();
  const { tg, app } = t;
  const db = app.database.db;
  const groups = Array.from({ length: 6 }, (_, i) => -1003000000000 - i);
  for (const id of groups) tg.addChat({ id, type: 'supergroup', title: `Group ${id}` });
  const slow = groups.slice(0, 5);
  const other = groups[5]!;
  // five sends in flight and unanswered leave three of the sender's eight places free
  tg.failNext('sendMessage', slow.length, 'hold');
  db.transaction((tx) => {
    for (const chatId of slow)
      enqueueMessage(tx, { chatId, payload: { text: `slow ${chatId}` }, kind: 'notice' }, t!.clock.now());
  });
  app.outbox.wake();
  await tg.waitForHeldCalls(slow.length);
  db.transaction((tx) =>
    enqueueMessage(tx, { chatId: other, payload: { text: 'not held up' }, kind: 'notice' }, t!.clock.now()),
  );
  app.outbox.wake();
  const sent = await tg.waitForCall((c) => c.method === 'sendMessage' && c.params.chat_id === other);
  expect(sent.status).toBe(200);
  // the slow ones are still unanswered: the message went while they waited, not after them
  expect(tg.calls.filter((c) => c.method === 'sendMessage' && slow.includes(c.params.chat_id as number))).toHaveLength(
    0,
  );
  tg.releaseHeldCalls();
  await app.outbox.idle();
  for (const chatId of slow) expect(tg.botMessages(chatId).map((m) => m.text)).toEqual([`slow ${chatId}`]);
});

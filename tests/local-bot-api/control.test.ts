import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type ChatMessage,
  type LocalBotApi,
  startLocalBotApi,
  type TgDocument,
  type TgMessage,
  type Update,
} from '../../src/local-bot-api/index.ts';
import { ALICE, api, BOB, control, EventStreamReader, GROUP, seed } from './helpers.ts';

let tg: LocalBotApi;

beforeEach(async () => {
  tg = await startLocalBotApi({ control: true });
  seed(tg);
});

afterEach(async () => {
  await tg.close();
});

/** One method's entry in what /sandbox/stats and /sandbox/wait answer. */
interface MethodStats {
  count: number;
  statuses: Record<string, number>;
  firstAt: number;
  lastAt: number;
}

const keyboard = (...rows: Array<Array<[string, string]>>) => ({
  inline_keyboard: rows.map((row) => row.map(([text, callback_data]) => ({ text, callback_data }))),
});

describe('POST /sandbox/send', () => {
  it('delivers the text as an update to a getUpdates caller and answers with that update', async () => {
    const poll = api<Array<{ message: TgMessage }>>(tg, 'getUpdates', { timeout: 30 });
    await tg.waitForPolling();
    const sent = await control<{ update: Update }>(tg, '/sandbox/send', {
      chatId: GROUP,
      userId: ALICE,
      text: '/need water',
    });
    expect(sent.status).toBe(200);
    expect(sent.body.ok).toBe(true);
    expect(sent.body.update.message).toMatchObject({ from: { id: ALICE }, chat: { id: GROUP }, text: '/need water' });

    const { body } = await poll;
    expect(body.result).toHaveLength(1);
    expect(body.result[0]).toEqual(sent.body.update);
    expect(body.result[0]!.message.entities).toEqual([{ type: 'bot_command', offset: 0, length: 5 }]);
  });

  it('reads the body as JSON whatever the content type, as `curl -d` sends it', async () => {
    const res = await fetch(`${tg.apiRoot}/sandbox/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: JSON.stringify({ chatId: GROUP, userId: BOB, text: 'hello', threadId: 7 }),
    });
    expect(res.status).toBe(200);
    expect(tg.messages(GROUP)).toMatchObject([{ from_id: BOB, text: 'hello', message_thread_id: 7 }]);
  });

  it('sends a DM when the chat is the user', async () => {
    const { status } = await control(tg, '/sandbox/send', { chatId: BOB, userId: BOB, text: '/start' });
    expect(status).toBe(200);
    expect(tg.user(BOB)?.startedBot).toBe(true);
    expect(tg.messages(BOB)).toMatchObject([{ text: '/start' }]);
  });
});

describe('GET /sandbox/chats/:id/messages', () => {
  it("shows a bot's sendMessage and, after editMessageText, the edited text", async () => {
    const sent = await api<TgMessage>(tg, 'sendMessage', {
      chat_id: GROUP,
      text: 'Need: water',
      reply_markup: keyboard([['I can help', 'help:1']]),
    });
    const first = await control<{ messages: ChatMessage[] }>(tg, `/sandbox/chats/${GROUP}/messages`);
    expect(first.status).toBe(200);
    expect(first.body.ok).toBe(true);
    expect(first.body.messages).toHaveLength(1);
    expect(first.body.messages[0]).toMatchObject({
      message_id: sent.body.result.message_id,
      chat_id: GROUP,
      from_bot: true,
      edited: false,
      text: 'Need: water',
      reply_markup: keyboard([['I can help', 'help:1']]),
    });

    await api(tg, 'editMessageText', {
      chat_id: GROUP,
      message_id: sent.body.result.message_id,
      text: 'Need: water (taken)',
    });
    const later = await control<{ messages: ChatMessage[] }>(tg, `/sandbox/chats/${GROUP}/messages`);
    expect(later.body.messages).toHaveLength(1);
    expect(later.body.messages[0]).toMatchObject({ text: 'Need: water (taken)', edited: true });
    expect(later.body.messages[0]!.reply_markup).toBeUndefined();
  });

  it('answers one line per message with ?format=text', async () => {
    tg.sendText(GROUP, ALICE, '/home 1502');
    await api(tg, 'sendMessage', { chat_id: GROUP, text: 'Saved', reply_markup: keyboard([['Undo', 'u']]) });
    const res = await fetch(`${tg.apiRoot}/sandbox/chats/${GROUP}/messages?format=text`);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toBe(`  #1 user ${ALICE}: "/home 1502"\n  #2 bot: "Saved" [buttons: Undo]\n`);
  });

  it('lists documents without their bytes but with a path that downloads them', async () => {
    const form = new FormData();
    form.set('chat_id', String(GROUP));
    form.set('document', new Blob(['name,need\n']), 'report.csv');
    expect((await fetch(`${tg.apiRoot}/bot${tg.token}/sendDocument`, { method: 'POST', body: form })).status).toBe(200);

    const { body } = await control<{ messages: Array<{ document: TgDocument & { download_path: string } }> }>(
      tg,
      `/sandbox/chats/${GROUP}/messages`,
    );
    const doc = body.messages[0]!.document;
    expect(doc).toMatchObject({ file_name: 'report.csv', mime_type: 'text/csv', file_size: 10 });
    expect(doc.download_path).toMatch(new RegExp(`^/file/bot${tg.token}/documents/`));
    expect(await (await fetch(`${tg.apiRoot}${doc.download_path}`)).text()).toBe('name,need\n');
  });
});

describe('POST /sandbox/press', () => {
  it('turns a press on a button, found by its text, into a callback_query with its data', async () => {
    const sent = await api<TgMessage>(tg, 'sendMessage', {
      chat_id: GROUP,
      text: 'Need: water',
      reply_markup: keyboard([
        ['I can help', 'help:1'],
        ['Done', 'done:1'],
      ]),
    });
    const messageId = sent.body.result.message_id;
    const pressed = await control<{ update: Update }>(tg, '/sandbox/press', {
      chatId: GROUP,
      messageId,
      userId: BOB,
      button: 'I can help',
    });
    expect(pressed.status).toBe(200);
    expect(pressed.body.update.callback_query).toMatchObject({
      from: { id: BOB },
      message: { message_id: messageId, chat: { id: GROUP } },
      data: 'help:1',
    });

    const forged = await control<{ update: { callback_query: { data: string } } }>(tg, '/sandbox/press', {
      chatId: GROUP,
      messageId,
      userId: BOB,
      data: 'anything',
    });
    expect(forged.body.update.callback_query.data).toBe('anything');

    const { body } = await api<Array<{ callback_query: { data: string } }>>(tg, 'getUpdates', {});
    expect(body.result.map((u) => u.callback_query.data)).toEqual(['help:1', 'anything']);
  });
});

describe('adding users, chats and the bot', () => {
  it('adds a user and a group, lists them, and lets the user add the bot', async () => {
    const user = await control<{ user: unknown }>(tg, '/sandbox/users', {
      id: 2001,
      firstName: 'Carol',
      username: '@carol',
      language: 'en',
      role: 'resident',
    });
    expect(user.status).toBe(200);
    expect(user.body.user).toMatchObject({
      id: 2001,
      name: 'Carol',
      username: 'carol',
      role: 'resident',
      startedBot: true,
      chats: [],
    });
    const chat = await control<{ chat: unknown }>(tg, '/sandbox/chats', {
      id: -1009,
      type: 'supergroup',
      title: 'Oak Rd',
      botStatus: 'left',
    });
    expect(chat.status).toBe(200);
    expect(chat.body.chat).toMatchObject({ id: -1009, type: 'supergroup', title: 'Oak Rd', botStatus: 'left' });

    const added = await control<{ update: Update }>(tg, '/sandbox/add-bot', {
      chatId: -1009,
      userId: 2001,
      status: 'administrator',
    });
    expect(added.status).toBe(200);
    expect(added.body.update.my_chat_member).toMatchObject({
      chat: { id: -1009 },
      from: { id: 2001 },
      old_chat_member: { status: 'left' },
      new_chat_member: { status: 'administrator' },
    });

    const users = await control<{ users: Array<{ id: number }> }>(tg, '/sandbox/users');
    expect(users.body.users.find((u) => u.id === 2001)).toMatchObject({ chats: [-1009] });
    const chats = await control<{ chats: Array<{ id: number; title: string; type: string }> }>(tg, '/sandbox/chats');
    expect(chats.body.chats.map((c) => [c.id, c.type, c.title])).toEqual([
      [GROUP, 'supergroup', 'Maple St 12'],
      [-1009, 'supergroup', 'Oak Rd'],
    ]);
    expect(tg.chat(-1009)?.botStatus).toBe('administrator');
    // DMs work for users added this way
    expect((await api(tg, 'sendMessage', { chat_id: 2001, text: 'hi' })).status).toBe(200);
  });
});

describe('bad input', () => {
  it('answers 400 with { ok: false, error } naming what is wrong', async () => {
    const cases: Array<[string, unknown, RegExp]> = [
      ['/sandbox/send', { chatId: GROUP, userId: 999, text: 'x' }, /unknown user 999/],
      ['/sandbox/send', { chatId: -555, userId: ALICE, text: 'x' }, /unknown chat -555/],
      ['/sandbox/send', { chatId: GROUP, userId: ALICE }, /text is missing/],
      ['/sandbox/send', { chatId: 'here', userId: ALICE, text: 'x' }, /chatId must be an integer/],
      ['/sandbox/send', { chatId: BOB, userId: ALICE, text: 'x' }, /cannot write into the private chat/],
      ['/sandbox/press', { chatId: GROUP, messageId: 42, userId: ALICE, button: 'OK' }, /no message 42/],
      ['/sandbox/press', { chatId: GROUP, messageId: 1, userId: ALICE }, /either button .* or data/],
      ['/sandbox/add-bot', { chatId: GROUP }, /userId is missing/],
      ['/sandbox/users', { id: ALICE, firstName: 'Again' }, /already exists/],
      ['/sandbox/chats', { id: -77, type: 'channel' }, /type must be one of group, supergroup/],
    ];
    for (const [path, body, error] of cases) {
      const res = await control(tg, path, body);
      expect({ path, body, status: res.status }).toEqual({ path, body, status: 400 });
      expect(res.body.ok).toBe(false);
      expect(res.body.error).toMatch(error);
    }

    const notJson = await control(tg, '/sandbox/send', undefined, { method: 'POST', body: '{chatId:' });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error).toMatch(/not JSON/);
    const unknownChat = await control(tg, '/sandbox/chats/-555/messages');
    expect(unknownChat.status).toBe(400);
    expect(unknownChat.body).toEqual({ ok: false, error: expect.stringMatching(/unknown chat -555/) });
    expect(tg.pendingUpdateCount()).toBe(0);
  });

  it('answers 404 for unknown paths under /sandbox and 405 for the wrong method', async () => {
    const unknown = await control(tg, '/sandbox/nothing-here');
    expect(unknown.status).toBe(404);
    expect(unknown.body.ok).toBe(false);
    const wrongMethod = await control(tg, '/sandbox/send');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.body.error).toMatch(/POST/);
  });

  it('leaves /sandbox alone when control is off: every control endpoint answers 404', async () => {
    const plain = await startLocalBotApi();
    try {
      seed(plain);
      for (const [path, body] of [
        ['/sandbox/send', { chatId: GROUP, userId: ALICE, text: 'x' }],
        ['/sandbox/chats', undefined],
        [`/sandbox/chats/${GROUP}/messages`, undefined],
        ['/sandbox/events', undefined],
      ] as const) {
        const res = await control(plain, path, body);
        expect({ path, status: res.status }).toEqual({ path, status: 404 });
      }
      expect(plain.messages(GROUP)).toEqual([]);
    } finally {
      await plain.close();
    }
  });
});

describe('GET /sandbox/events', () => {
  it('streams an event for a bot message, and ends cleanly when the server closes', async () => {
    const res = await fetch(`${tg.apiRoot}/sandbox/events?kinds=message`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    if (!res.body) throw new Error('no body');
    const events = new EventStreamReader(res.body.getReader());
    await events.opened();

    await api(tg, 'sendMessage', { chat_id: GROUP, text: 'Posted: water for 1502' });
    const e = await events.next((x) => x.event === 'message');
    const data = JSON.parse(e.data);
    expect(data).toMatchObject({
      kind: 'message',
      deleted: false,
      message: { chat_id: GROUP, from_bot: true, text: 'Posted: water for 1502' },
    });

    await tg.close();
    await events.untilEnd();
    expect(events.ended).toBe(true);
  });

  it('sends update and call events too when no kinds are named', async () => {
    const res = await fetch(`${tg.apiRoot}/sandbox/events`);
    if (!res.body) throw new Error('no body');
    const events = new EventStreamReader(res.body.getReader());
    await events.opened();
    tg.sendText(GROUP, ALICE, 'hello');
    const update = JSON.parse((await events.next((x) => x.event === 'update')).data);
    expect(update.update.message.text).toBe('hello');
    await api(tg, 'getMe');
    const call = JSON.parse((await events.next((x) => x.event === 'call')).data);
    expect(call.call).toMatchObject({ method: 'getMe', status: 200 });
    await events.cancel();
  });
});

describe('benchmark endpoints', () => {
  it('POST /sandbox/batch enqueues many updates in order and stops at the first bad request, naming it', async () => {
    const requests = Array.from({ length: 50 }, (_, i) => ({
      path: '/sandbox/send',
      body: { chatId: GROUP, userId: i % 2 ? ALICE : BOB, text: `/need water ${i}` },
    }));
    const ok = await control<{ results: unknown[]; at: number }>(tg, '/sandbox/batch', { requests });
    expect(ok.status).toBe(200);
    expect(ok.body.results).toHaveLength(50);
    expect(typeof ok.body.at).toBe('number');
    const { body } = await api<Array<{ message: { text: string } }>>(tg, 'getUpdates', { limit: 100 });
    expect(body.result.map((u) => u.message.text)).toEqual(requests.map((r) => r.body.text));

    const pending = tg.pendingUpdateCount();
    const bad = await control(tg, '/sandbox/batch', {
      requests: [
        { path: '/sandbox/send', body: { chatId: GROUP, userId: ALICE, text: 'one' } },
        { path: '/sandbox/send', body: { chatId: GROUP, userId: 999, text: 'two' } },
      ],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/requests\[1\] \(\/sandbox\/send\): unknown user 999.*the 1 before it were done/);
    const nested = await control(tg, '/sandbox/batch', {
      requests: [{ path: '/sandbox/batch', body: { requests: [] } }],
    });
    expect(nested.status).toBe(400);
    expect(tg.pendingUpdateCount()).toBe(pending + 1);
  });

  it('GET /sandbox/wait answers once enough calls succeeded since a call number, with the stats by method and status', async () => {
    const since = tg.calls.length;
    const waiting = control<{ methods: { sendMessage: MethodStats } }>(
      tg,
      `/sandbox/wait?method=sendMessage&count=3&since=${since}&chatId=${GROUP}`,
    );
    await api(tg, 'sendMessage', { chat_id: GROUP, text: 'one' });
    await api(tg, 'sendMessage', { chat_id: ALICE, text: 'another chat does not count' }); // 403: Alice never started the bot
    await api(tg, 'sendMessage', { chat_id: GROUP, text: '' }); // 400: does not count
    await api(tg, 'sendMessage', { chat_id: GROUP, text: 'two' });
    let settled = false;
    void waiting.then(() => (settled = true));
    await api(tg, 'getMe');
    expect(settled).toBe(false);
    await api(tg, 'sendMessage', { chat_id: GROUP, text: 'three' });
    const { status, body } = await waiting;
    expect(status).toBe(200);
    expect(body.methods.sendMessage.count).toBe(5);
    expect(body.methods.sendMessage.statuses).toEqual({ 200: 3, 400: 1, 403: 1 });
    expect(body.methods.sendMessage.lastAt).toBeGreaterThanOrEqual(body.methods.sendMessage.firstAt);

    const stats = await control<{ calls: number; methods: { getMe: MethodStats } }>(
      tg,
      `/sandbox/stats?since=${since}`,
    );
    expect(stats.body.calls).toBe(tg.calls.length);
    expect(stats.body.methods.getMe.count).toBe(1);
    const timedOut = await control(tg, `/sandbox/wait?method=sendMessage&count=99&timeoutMs=50`);
    expect(timedOut.status).toBe(408);
    expect(timedOut.body.error).toMatch(/saw \d+ of 99 sendMessage calls/);
    expect((await control(tg, '/sandbox/stats?since=100000')).status).toBe(400);
  });

  it('POST /sandbox/rate-limits turns 429s on with the given numbers, and off', async () => {
    expect((await control(tg, '/sandbox/rate-limits', { perSecond: 2 })).status).toBe(200);
    const answers = [];
    for (const text of ['1', '2', '3']) answers.push((await api(tg, 'sendMessage', { chat_id: GROUP, text })).status);
    expect(answers).toEqual([200, 200, 429]);
    expect((await control(tg, '/sandbox/rate-limits', { off: true })).status).toBe(200);
    expect((await api(tg, 'sendMessage', { chat_id: GROUP, text: '4' })).status).toBe(200);
    expect((await control(tg, '/sandbox/rate-limits', { perSecond: -1 })).status).toBe(400);
  });
});

import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type LocalBotApi, startLocalBotApi } from '../../src/local-bot-api/index.ts';
import { ALICE, api, BOB, GROUP, seed } from './helpers.ts';

let tg: LocalBotApi;

afterEach(async () => {
  await tg.close();
});

describe('rate limits', () => {
  it('answers 429 with retry_after for a second message into a private chat within a second, and does not deliver it', async () => {
    let t = 1_700_000_000_000;
    tg = await startLocalBotApi({ rateLimits: {}, now: () => t });
    seed(tg);
    tg.sendText(ALICE, ALICE, '/start');

    expect((await api(tg, 'sendMessage', { chat_id: ALICE, text: 'one' })).status).toBe(200);
    t += 400;
    const limited = await api(tg, 'sendMessage', { chat_id: ALICE, text: 'two' });
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({
      ok: false,
      error_code: 429,
      description: 'Too Many Requests: retry after 1',
      parameters: { retry_after: 1 },
    });
    expect(tg.botMessages(ALICE).map((m) => m.text)).toEqual(['one']);

    t += 600;
    expect((await api(tg, 'sendMessage', { chat_id: ALICE, text: 'two' })).status).toBe(200);
    expect(tg.botMessages(ALICE).map((m) => m.text)).toEqual(['one', 'two']);
  });

  it('allows 20 messages a minute into a group and tells the 21st to wait until the window frees', async () => {
    let t = 1_700_000_000_000;
    tg = await startLocalBotApi({ rateLimits: { perGroupPerMinute: 20 }, now: () => t });
    seed(tg);
    for (let i = 0; i < 20; i += 1) {
      expect((await api(tg, 'sendMessage', { chat_id: GROUP, text: `m${i}` })).status).toBe(200);
      t += 100;
    }
    const limited = await api(tg, 'sendMessage', { chat_id: GROUP, text: 'too many' });
    expect(limited.status).toBe(429);
    expect(limited.body.parameters?.retry_after).toBe(58); // the first send leaves the window 58 s from now
    expect(tg.botMessages(GROUP)).toHaveLength(20);

    t += 58_000;
    expect((await api(tg, 'sendMessage', { chat_id: GROUP, text: 'later' })).status).toBe(200);
  });

  it('limits sends over all chats per second and can be switched off', async () => {
    const t = 1_700_000_000_000;
    tg = await startLocalBotApi({ rateLimits: { perSecond: 2, perPrivatePerSecond: 10 }, now: () => t });
    seed(tg);
    tg.sendText(ALICE, ALICE, 'hi');
    tg.sendText(BOB, BOB, 'hi');
    expect((await api(tg, 'sendMessage', { chat_id: ALICE, text: 'a' })).status).toBe(200);
    expect((await api(tg, 'sendMessage', { chat_id: BOB, text: 'b' })).status).toBe(200);
    expect((await api(tg, 'sendMessage', { chat_id: GROUP, text: 'c' })).status).toBe(429);
    // failed calls are not counted
    expect((await api(tg, 'sendMessage', { chat_id: -1, text: 'nowhere' })).status).toBe(400);
    tg.setRateLimits(false);
    expect((await api(tg, 'sendMessage', { chat_id: GROUP, text: 'c' })).status).toBe(200);
    expect(tg.calls.map((c) => c.status)).toEqual([200, 200, 429, 400, 200]);
  });
});

describe('failNext', () => {
  it('fails the next calls of a method with the given error without performing them', async () => {
    tg = await startLocalBotApi();
    seed(tg);
    tg.failNext('sendMessage', 2, { error_code: 429, description: 'Too Many Requests: retry after 3', retry_after: 3 });
    const first = await api(tg, 'sendMessage', { chat_id: GROUP, text: 'x' });
    expect(first.status).toBe(429);
    expect(first.body).toEqual({
      ok: false,
      error_code: 429,
      description: 'Too Many Requests: retry after 3',
      parameters: { retry_after: 3 },
    });
    expect((await api(tg, 'sendMessage', { chat_id: GROUP, text: 'x' })).status).toBe(429);
    expect(tg.botMessages(GROUP)).toHaveLength(0);
    expect((await api(tg, 'sendMessage', { chat_id: GROUP, text: 'x' })).status).toBe(200);
    expect(tg.botMessages(GROUP)).toHaveLength(1);
  });

  it("with 'drop' destroys the connection and does not deliver the message", async () => {
    tg = await startLocalBotApi();
    seed(tg);
    tg.failNext('sendMessage', 1, 'drop');
    await expect(api(tg, 'sendMessage', { chat_id: GROUP, text: 'lost' })).rejects.toThrow();
    expect(tg.botMessages(GROUP)).toHaveLength(0);
    expect(tg.calls.at(-1)).toMatchObject({ method: 'sendMessage', status: 0 });
  });

  it("with 'drop-after' delivers the message and then destroys the connection (the ambiguous case)", async () => {
    tg = await startLocalBotApi();
    seed(tg);
    tg.failNext('sendMessage', 1, 'drop-after');
    await expect(api(tg, 'sendMessage', { chat_id: GROUP, text: 'maybe sent' })).rejects.toThrow();
    expect(tg.botMessages(GROUP).map((m) => m.text)).toEqual(['maybe sent']);
    const call = await tg.waitForCall((c) => c.method === 'sendMessage');
    expect(call.status).toBe(0);
    expect(call.params.text).toBe('maybe sent');
  });

  it("with 'hold' keeps the call unanswered and undelivered until released, then performs it", async () => {
    tg = await startLocalBotApi();
    seed(tg);
    tg.failNext('sendMessage', 1, 'hold');
    const slow = api(tg, 'sendMessage', { chat_id: GROUP, text: 'slow' });
    await tg.waitForHeldCalls(1);
    expect((await api(tg, 'sendMessage', { chat_id: GROUP, text: 'quick' })).status).toBe(200);
    expect(tg.botMessages(GROUP).map((m) => m.text)).toEqual(['quick']);
    expect(tg.calls.filter((c) => c.method === 'sendMessage')).toHaveLength(1);
    expect(tg.releaseHeldCalls()).toBe(1);
    expect((await slow).status).toBe(200);
    expect(tg.botMessages(GROUP).map((m) => m.text)).toEqual(['quick', 'slow']);
  });
});

describe('the call log and clients that go away', () => {
  it('keeps each answer as it was sent, though the message it returned was edited since', async () => {
    tg = await startLocalBotApi();
    seed(tg);
    const sent = await api<{ message_id: number }>(tg, 'sendMessage', { chat_id: GROUP, text: 'first words' });
    const id = sent.body.result!.message_id;
    await api(tg, 'editMessageText', { chat_id: GROUP, message_id: id, text: 'second words' });
    const [send, edit] = tg.calls;
    expect(send).toMatchObject({ method: 'sendMessage', response: { ok: true, result: { text: 'first words' } } });
    expect(edit).toMatchObject({ method: 'editMessageText', response: { ok: true, result: { text: 'second words' } } });
    expect(JSON.parse(JSON.stringify(send))).toMatchObject({ response: { result: { message_id: id } } });
  });

  it('performs and logs nothing of a request whose client left before its body ended, and goes on answering', async () => {
    tg = await startLocalBotApi();
    seed(tg);
    const { port } = new URL(tg.apiRoot);
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const head = 'POST /bot123456:TEST-TOKEN/sendMessage HTTP/1.1\r\nHost: x\r\nContent-Type: application/json';
    await new Promise((resolve) => socket.write(`${head}\r\nContent-Length: 100\r\n\r\n{"chat_id":`, resolve));
    socket.destroy();
    expect((await api(tg, 'sendMessage', { chat_id: GROUP, text: 'whole' })).status).toBe(200);
    expect(tg.botMessages(GROUP).map((m) => m.text)).toEqual(['whole']);
    expect(tg.calls.map((c) => c.method)).toEqual(['sendMessage']);
  });
});

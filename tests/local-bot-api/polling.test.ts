import { describe, expect, it } from 'vitest';
import type { LocalBotApi, TgMessage } from '../../src/local-bot-api/index.ts';
import { ALICE, api, GROUP, useSeededLocalBotApi } from './helpers.ts';

let tg: LocalBotApi;
useSeededLocalBotApi((fake) => (tg = fake));

describe('getUpdates', () => {
  it('holds a long poll and answers it as soon as an update arrives', async () => {
    const poll = api<Array<{ update_id: number; message: TgMessage }>>(tg, 'getUpdates', { timeout: 30 });
    await tg.waitForPolling();
    const sent = tg.sendText(GROUP, ALICE, '/start');
    const { status, body } = await poll;
    expect(status).toBe(200);
    expect(body.ok).toBe(true);
    expect(body.result).toHaveLength(1);
    expect(body.result[0]!.update_id).toBe(sent.update_id);
    expect(body.result[0]!.message.text).toBe('/start');
    expect(body.result[0]!.message.entities).toEqual([{ type: 'bot_command', offset: 0, length: 6 }]);
  });

  it('numbers updates from 1 and delivers unconfirmed updates again until a higher offset confirms them', async () => {
    const a = tg.sendText(GROUP, ALICE, 'one');
    const b = tg.sendText(GROUP, ALICE, 'two');
    expect([a.update_id, b.update_id]).toEqual([1, 2]);

    const first = await api<Array<{ update_id: number }>>(tg, 'getUpdates', {});
    expect(first.body.result.map((u) => u.update_id)).toEqual([1, 2]);
    const again = await api<Array<{ update_id: number }>>(tg, 'getUpdates', {});
    expect(again.body.result.map((u) => u.update_id)).toEqual([1, 2]);
    expect(tg.pendingUpdateCount()).toBe(2);

    const confirmed = tg.waitForConfirmed(1);
    const rest = await api<Array<{ update_id: number }>>(tg, 'getUpdates', { offset: 2 });
    await confirmed;
    expect(rest.body.result.map((u) => u.update_id)).toEqual([2]);
    expect(tg.pendingUpdateCount()).toBe(1);

    await api(tg, 'getUpdates', { offset: 3 });
    await tg.waitForConfirmed(2);
    expect(tg.pendingUpdateCount()).toBe(0);
  });

  it('returns at most limit updates', async () => {
    for (let i = 0; i < 5; i += 1) tg.sendText(GROUP, ALICE, `message ${i}`);
    const { body } = await api<Array<{ update_id: number }>>(tg, 'getUpdates', { limit: 2 });
    expect(body.result.map((u) => u.update_id)).toEqual([1, 2]);
    const all = await api(tg, 'getUpdates', { offset: 3, limit: 100 });
    expect(all.body.result).toHaveLength(3);
  });

  it('terminates a held poll with 409 Conflict when a second poller calls getUpdates', async () => {
    const older = api(tg, 'getUpdates', { timeout: 30 });
    await tg.waitForPolling();
    const newer = api(tg, 'getUpdates', { timeout: 0 });
    const [o, n] = await Promise.all([older, newer]);
    expect(o.status).toBe(409);
    expect(o.body).toEqual({
      ok: false,
      error_code: 409,
      description: 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
    });
    expect(n.status).toBe(200);
    expect(n.body.result).toEqual([]);
  });

  it('answers an empty list when the long poll times out', async () => {
    const { status, body } = await api(tg, 'getUpdates', { timeout: 1 });
    expect(status).toBe(200);
    expect(body).toEqual({ ok: true, result: [] });
  });

  it('keeps the updates of a poll the client abandoned for the next poll', async () => {
    const abort = new AbortController();
    const abandoned = api(tg, 'getUpdates', { timeout: 30 }, { signal: abort.signal });
    await tg.waitForPolling();
    abort.abort();
    await expect(abandoned).rejects.toThrow();
    tg.sendText(GROUP, ALICE, 'still here?');
    const { body } = await api<Array<{ message: { text: string } }>>(tg, 'getUpdates', { timeout: 5 });
    expect(body.result.map((u) => u.message.text)).toEqual(['still here?']);
  });

  it('respects allowed_updates and leaves out chat_member updates by default', async () => {
    const typeOf = (u: Record<string, unknown>): string | undefined => Object.keys(u).find((k) => k !== 'update_id');
    tg.injectUpdate({ chat_member: { chat: { id: GROUP, type: 'supergroup', title: 'x' } } });
    tg.sendText(GROUP, ALICE, 'hello');
    const byDefault = await api<Array<Record<string, unknown>>>(tg, 'getUpdates', {});
    expect(byDefault.body.result.map(typeOf)).toEqual(['message']);

    tg.injectUpdate({ callback_query: { id: 'x', data: 'y' } });
    tg.sendText(GROUP, ALICE, 'again');
    const onlyCallbacks = await api<Array<Record<string, unknown>>>(tg, 'getUpdates', {
      offset: 3,
      allowed_updates: ['callback_query'],
    });
    expect(onlyCallbacks.body.result.map(typeOf)).toEqual(['callback_query']);
  });

  it('resolves close() while a long poll is held and answers the poll with an empty list', async () => {
    const poll = api(tg, 'getUpdates', { timeout: 30 });
    await tg.waitForPolling();
    await tg.close();
    const { status, body } = await poll;
    expect(status).toBe(200);
    expect(body).toEqual({ ok: true, result: [] });
  });
});

describe('routing', () => {
  it('answers 401 Unauthorized for a wrong token', async () => {
    const { status, body } = await api(tg, 'getMe', {}, { token: '999:WRONG' });
    expect(status).toBe(401);
    expect(body).toEqual({ ok: false, error_code: 401, description: 'Unauthorized' });
  });

  it('answers 404 Not Found for an unknown method', async () => {
    const { status, body } = await api(tg, 'sendTelepathy', { chat_id: GROUP });
    expect(status).toBe(404);
    expect(body).toEqual({ ok: false, error_code: 404, description: 'Not Found' });
  });

  it('answers 501 for real Bot API methods the fake does not implement, naming the method', async () => {
    const { status, body } = await api(tg, 'sendPoll', { chat_id: GROUP });
    expect(status).toBe(501);
    expect(body.description).toBe('Not Implemented: the fake Telegram server does not implement sendPoll');
  });

  it('reads standard multipart/form-data with quoted filenames', async () => {
    const form = new FormData();
    form.set('chat_id', String(GROUP));
    form.set('caption', 'Report');
    form.set('document', new Blob(['name,need\n']), 'report.csv');
    const res = await fetch(`${tg.apiRoot}/bot${tg.token}/sendDocument`, { method: 'POST', body: form });
    expect(res.status).toBe(200);
    const [doc] = tg.documents(GROUP);
    expect(doc).toMatchObject({ filename: 'report.csv', mimeType: 'text/csv', caption: 'Report' });
    expect(doc?.content.toString()).toBe('name,need\n');
  });

  it('logs every call with its status and lets tests wait for calls made from a point on', async () => {
    await api(tg, 'getMe');
    const mark = tg.calls.length;
    const waiting = tg.waitForCall((c) => c.method === 'sendChatAction', 1000, mark);
    await api(tg, 'sendChatAction', { chat_id: GROUP, action: 'typing' });
    expect(await waiting).toMatchObject({
      method: 'sendChatAction',
      status: 200,
      params: { chat_id: GROUP, action: 'typing' },
    });
    await expect(tg.waitForCall((c) => c.method === 'getMe', 30, mark)).rejects.toThrow(
      /timed out after 30 ms[\s\S]*sendChatAction/,
    );
  });

  it('answers getMe with the bot and accepts query-string and urlencoded parameters', async () => {
    const me = await api(tg, 'getMe');
    expect(me.body.result).toMatchObject({
      id: 123456,
      is_bot: true,
      username: 'mutual_aid_test_bot',
      first_name: 'Mutual Aid',
    });

    const viaQuery = await fetch(
      `${tg.apiRoot}/bot${tg.token}/sendMessage?chat_id=${GROUP}&text=${encodeURIComponent('from a query')}`,
    );
    const query = (await viaQuery.json()) as { result: { text: string } };
    expect(query.result.text).toBe('from a query');

    const viaForm = await fetch(`${tg.apiRoot}/bot${tg.token}/sendMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ chat_id: String(GROUP), text: 'from a form' }).toString(),
    });
    const form = (await viaForm.json()) as { result: { text: string; chat: { id: number } } };
    expect(form.result.text).toBe('from a form');
    expect(form.result.chat.id).toBe(GROUP);
    expect(tg.botMessages(GROUP).map((m) => m.text)).toEqual(['from a query', 'from a form']);
  });
});

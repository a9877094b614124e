import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Api, GrammyError, HttpError, InputFile } from 'grammy';
import { afterEach, describe, expect, it } from 'vitest';
import { telegramFetch } from '../../src/bot/telegram-fetch.ts';

const TOKEN = '123456:test-token';

interface Seen {
  method: string;
  url: string;
  contentType: string;
  body: string;
}

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  if (server) await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

/** A Bot API server answering each request with `answer`; what it received is in `seen`. */
async function botApi(answer: (req: Seen, res: ServerResponse) => void): Promise<{ api: Api; seen: Seen[] }> {
  const seen: Seen[] = [];
  server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = {
        method: req.method ?? '',
        url: req.url ?? '',
        contentType: req.headers['content-type'] ?? '',
        body: Buffer.concat(chunks).toString('utf8'),
      };
      seen.push(request);
      answer(request, res);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const api = new Api(TOKEN, { apiRoot: `http://127.0.0.1:${port}`, timeoutSeconds: 0.3, fetch: telegramFetch() });
  return { api, seen };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

describe('telegramFetch: grammY’s Bot API calls over undici', () => {
  it('posts the call as JSON and gives grammY the answer’s result', async () => {
    const { api, seen } = await botApi((_req, res) =>
      json(res, 200, { ok: true, result: { message_id: 7, date: 1, chat: { id: -100, type: 'supergroup' } } }),
    );
    const sent = await api.sendMessage(-100, 'Water at 9:00 in the lobby');
    expect(sent.message_id).toBe(7);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'POST', url: `/bot${TOKEN}/sendMessage` });
    expect(seen[0]!.contentType).toContain('application/json');
    expect(JSON.parse(seen[0]!.body)).toMatchObject({ chat_id: -100, text: 'Water at 9:00 in the lobby' });
  });

  it('keeps Telegram’s refusal: an error answer (4xx with its JSON) is grammY’s GrammyError, retry_after included', async () => {
    const { api } = await botApi((_req, res) =>
      json(res, 429, {
        ok: false,
        error_code: 429,
        description: 'Too Many Requests: retry after 3',
        parameters: { retry_after: 3 },
      }),
    );
    const err = await api.sendMessage(-100, 'x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GrammyError);
    expect((err as GrammyError).error_code).toBe(429);
    expect((err as GrammyError).parameters.retry_after).toBe(3);
  });

  it('gives up a call that gets no answer within grammY’s timeout, as an HttpError (the delivery is ambiguous)', async () => {
    let dropped: Promise<unknown> | undefined;
    const { api, seen } = await botApi((_req, res) => {
      // never answers; sees the request dropped
      dropped = once(res, 'close');
    });
    const err = await api.sendMessage(-100, 'x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect(seen).toHaveLength(1);
    // the timeout aborted the request itself (its socket closed), rather than leaving it hanging in the pool
    await dropped;
  });

  it('keeps its connections alive: ten calls in turn do not open ten', async () => {
    const { api } = await botApi((_req, res) =>
      json(res, 200, { ok: true, result: { message_id: 9, date: 1, chat: { id: -100, type: 'supergroup' } } }),
    );
    let connections = 0;
    server?.on('connection', () => connections++);
    for (let i = 0; i < 10; i++) await api.sendMessage(-100, `notice ${i}`);
    // undici may open a second while the first is being handed back to its pool
    expect(connections).toBeLessThanOrEqual(2);
  });

  it('gives up an answer cut off mid-way (the server closed the connection) as an HttpError', async () => {
    const { api } = await botApi((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"ok":true,"result":{"message_id"');
      setImmediate(() => res.socket?.destroy());
    });
    const err = await api.sendMessage(-100, 'x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    // told by the connection, not found out by grammY's timeout
    expect(String((err as HttpError).error)).not.toMatch(/timed out/i);
  });

  it('turns an answer that is not JSON (a proxy’s error page) into an HttpError', async () => {
    const { api } = await botApi((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html>Bad Gateway</html>');
    });
    await expect(api.sendMessage(-100, 'x')).rejects.toBeInstanceOf(HttpError);
  });

  it('uploads a document whole, as multipart form data', async () => {
    const { api, seen } = await botApi((_req, res) =>
      json(res, 200, { ok: true, result: { message_id: 8, date: 1, chat: { id: -100, type: 'supergroup' } } }),
    );
    const content = `unit,need\n${'3-1201,insulin\n'.repeat(2000)}`;
    await api.sendDocument(-100, new InputFile(Buffer.from(content, 'utf8'), 'needs.csv'));
    expect(seen[0]!.contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(seen[0]!.body).toContain('filename=needs.csv');
    expect(seen[0]!.body).toContain(content);
  });
});

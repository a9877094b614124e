import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';

/** What grammY passes to its `fetch` (ApiClient.call): a POST with a JSON or multipart body, and its timeout's signal. */
interface BotApiRequest {
  method?: string;
  headers?: Record<string, string>;
  /** JSON text, or a file upload's multipart stream. */
  body?: string | Readable;
  signal?: {
    aborted: boolean;
    addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
    removeEventListener(type: 'abort', listener: () => void): void;
  };
}

/** A kept-alive connection idle this long is closed (a server's own shorter `Keep-Alive: timeout` wins). */
const idleConnectionMs = 30_000;

/**
 * grammY's `fetch` (its client option) over Node's own HTTP client, with a kept-alive connection pool of its own:
 * every Bot API call the bot makes goes through it, as the webhooks' and the hub's requests go through node:http.
 * grammY reads only the answer's JSON, and makes everything else itself: the timeout (through `signal`), the errors (a
 * failed call or an answer that is not JSON becomes its `HttpError`).
 *
 * Not grammY's default (node-fetch), nor undici (this client before): client CPU per `sendMessage` against a local
 * Bot API, 30 calls at a time, over the first 300 calls of a process that has made 10 and over 3,000 once warm, is
 * printed by `npm run bench -- --only client` beside node-fetch's (0.60× and 0.84× of it when this was written).
 * Undici, in the same session's scratch runs: 760–830 µs over those first 300 calls where node:http took 320–390 µs,
 * and the same once warm. A district bot waits for hours and then sends a city alert's first copies at once: those are
 * its first calls in a long while.
 */
export function telegramFetch(): typeof fetch {
  const agents = {
    http: new HttpAgent({ keepAlive: true, timeout: idleConnectionMs }),
    https: new HttpsAgent({ keepAlive: true, timeout: idleConnectionMs }),
  };
  const call = (url: string | URL, init: BotApiRequest = {}) =>
    new Promise<{ json: () => Promise<unknown> }>((resolve, reject) => {
      const target = typeof url === 'string' ? new URL(url) : url;
      const secure = target.protocol === 'https:';
      const { body, signal } = init;
      const headers: Record<string, string | number> = { ...init.headers };
      if (typeof body === 'string') headers['content-length'] = Buffer.byteLength(body);
      const request = (secure ? httpsRequest : httpRequest)(target, {
        method: init.method ?? 'GET',
        headers,
        agent: secure ? agents.https : agents.http,
      });
      // grammY's timeout (or its caller) aborts: the request is dropped with its connection, not left in the pool
      const onAbort = () => request.destroy(new Error('the Bot API call was aborted'));
      const done = () => signal?.removeEventListener('abort', onAbort);
      if (signal?.aborted) {
        reject(new Error('the Bot API call was aborted'));
        return;
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      request.on('error', (err) => {
        done();
        reject(err);
      });
      request.on('response', (response: IncomingMessage) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', (err) => {
          done();
          reject(err);
        });
        response.on('end', () => {
          done();
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ json: async () => JSON.parse(text) as unknown });
        });
        // the connection closed before the answer was whole (after its end this changes nothing)
        response.on('close', () => {
          done();
          if (!response.complete) reject(new Error('the connection closed before the whole answer'));
        });
      });
      if (body === undefined || typeof body === 'string') request.end(body);
      else {
        body.on('error', (err) => request.destroy(err));
        body.pipe(request);
      }
    });
  // grammY types the option as the global fetch, of which it uses only this much
  return call as unknown as typeof fetch;
}

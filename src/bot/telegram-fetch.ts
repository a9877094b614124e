import type { Readable } from 'node:stream';
import { Agent, type Dispatcher, request } from 'undici';

/** What grammY passes to its `fetch` (ApiClient.call): a POST with a JSON or multipart body, and its timeout's signal. */
interface BotApiRequest {
  method?: string;
  headers?: Record<string, string>;
  /** JSON text, or a file upload's multipart stream. */
  body?: string | Readable;
  signal?: { aborted: boolean; addEventListener(type: 'abort', listener: () => void): void };
}

/**
 * grammY's `fetch` (its client option) over undici's `request`, with a connection pool of its own: every Bot API call
 * the bot makes goes through it. grammY's default on Node, node-fetch, cost 1.6–2× the CPU per call (a `sendMessage`
 * to a local server, 8 at a time: 274–283 µs against 138–178 µs for this, and Node's own `fetch` about 500 µs); a
 * broadcast is that call thousands of times (`npm run bench -- --only client` prints it beside node-fetch: 0.67× once
 * warm, but 1.26× over a process's first 300 calls). A client over node:http, tried, cost half as much over those first
 * calls and as much warm, yet gave the 20-district alert no gain the hub bench could see and `/needs` a p99 a few ms
 * worse (19 against 15 ms, median of 7 `--only latency` runs each). grammY reads only the answer's JSON, and makes
 * everything else itself: the timeout (through `signal`), the errors (a failed call or an answer that is not JSON
 * becomes its `HttpError`).
 */
export function telegramFetch(): typeof fetch {
  const dispatcher = new Agent({ keepAliveTimeout: 30_000 });
  const call = async (url: string | URL, init: BotApiRequest = {}) => {
    const { body } = await request(url, {
      method: (init.method ?? 'GET') as Dispatcher.HttpMethod,
      ...(init.headers ? { headers: init.headers } : {}),
      ...(init.body !== undefined ? { body: init.body } : {}),
      ...(init.signal ? { signal: init.signal } : {}),
      dispatcher,
    });
    return { json: () => body.json() };
  };
  // grammY types the option as the global fetch, of which it uses only this much
  return call as unknown as typeof fetch;
}

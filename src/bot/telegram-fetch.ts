import type { Readable } from 'node:stream';
import { Agent, type Dispatcher } from 'undici';

/** What grammY passes to its `fetch` (ApiClient.call): a POST with a JSON or multipart body, and its timeout's signal. */
interface BotApiRequest {
  method?: string;
  headers?: Record<string, string>;
  /** JSON text, or a file upload's multipart stream. */
  body?: string | Readable;
  signal?: {
    aborted: boolean;
    addEventListener(type: 'abort', listener: () => void): void;
    removeEventListener(type: 'abort', listener: () => void): void;
  };
}

/** What grammY reads of the answer: its JSON. */
interface BotApiAnswer {
  json(): Promise<unknown>;
}

/**
 * grammY's `fetch` (its client option) over undici's dispatcher, with a connection pool of its own: every Bot API call
 * the bot makes goes through it. grammY's default on Node, node-fetch, cost 1.6–2× the CPU per call, and Node's own
 * `fetch` more (`npm run bench -- --only client` prints it beside node-fetch); a broadcast is that call thousands of
 * times. A client over node:http, tried, cost less over a process's first calls and as much warm, yet gave the
 * 20-district alert no gain the hub bench could see and `/needs` a p99 a few ms worse. The answer is read straight
 * from the dispatcher's handler into one buffer: undici's `request` wrapped each in a stream, an async resource and
 * parsed headers that nothing here reads (`--only client`, alternated: 36 and 42 µs a call once warm against 49 and
 * 51, 347 and 297 µs over a process's first 300 against 458 and 434). grammY reads only the answer's JSON, and makes
 * everything else itself: the timeout (through `signal`), the errors (a failed call or an answer that is not JSON
 * becomes its `HttpError`).
 */
export function telegramFetch(): typeof fetch {
  const dispatcher = new Agent({ keepAliveTimeout: 30_000 });
  const call = (url: string | URL, init: BotApiRequest = {}) =>
    new Promise<BotApiAnswer>((resolve, reject) => {
      const { origin, pathname, search } = typeof url === 'string' ? new URL(url) : url;
      const { signal } = init;
      const chunks: Buffer[] = [];
      let abort: ((err?: Error) => void) | undefined;
      let ended = false;
      const end = (outcome: () => void) => {
        if (ended) return;
        ended = true;
        signal?.removeEventListener('abort', onAbort);
        outcome();
      };
      const onAbort = () => {
        const err = new Error('the call was aborted');
        abort?.(err);
        end(() => reject(err));
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort);
      const handler: Dispatcher.DispatchHandlers = {
        onConnect: (abortRequest) => {
          // given up while it waited for a connection: never sent
          if (ended) abortRequest(new Error('the call was aborted'));
          else abort = abortRequest;
        },
        onHeaders: () => true,
        onData: (chunk) => {
          chunks.push(chunk);
          return true;
        },
        onComplete: () => {
          const text = Buffer.concat(chunks).toString('utf8');
          end(() => resolve({ json: async () => JSON.parse(text) as unknown }));
        },
        onError: (err) => end(() => reject(err)),
      };
      dispatcher.dispatch(
        {
          origin,
          path: `${pathname}${search}`,
          method: (init.method ?? 'GET') as Dispatcher.HttpMethod,
          headers: init.headers ?? null,
          body: init.body ?? null,
        },
        handler,
      );
    });
  // grammY types the option as the global fetch, of which it uses only this much
  return call as unknown as typeof fetch;
}

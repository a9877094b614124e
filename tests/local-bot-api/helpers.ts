import { afterEach, beforeEach } from 'vitest';
import { type LocalBotApi, startLocalBotApi } from '../../src/local-bot-api/index.ts';

/**
 * A Bot API answer: `{ ok: true, result }`, or `{ ok: false, error_code, description, parameters? }`. `T` is the
 * result the test expects (what it reads of it); `result` is absent from error answers.
 */
export interface BotApiEnvelope<T = unknown> {
  ok: boolean;
  result: T;
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

/** A control endpoint's answer: `{ ok: true, …fields }` or `{ ok: false, error }`; `T` names the fields the test reads. */
export type ControlBody<T = unknown> = { ok: boolean; error?: string } & T;

export interface ApiAnswer<B> {
  status: number;
  body: B;
}

/** Calls the local Bot API over real HTTP with a JSON body. */
export async function api<T = unknown>(
  tg: LocalBotApi,
  method: string,
  params: Record<string, unknown> = {},
  opts: { token?: string; signal?: AbortSignal } = {},
): Promise<ApiAnswer<BotApiEnvelope<T>>> {
  const init: RequestInit = {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(params),
  };
  if (opts.signal) init.signal = opts.signal;
  const res = await fetch(`${tg.apiRoot}/bot${opts.token ?? tg.token}/${method}`, init);
  return { status: res.status, body: (await res.json()) as BotApiEnvelope<T> };
}

export const GROUP = -1001234567890;
export const ALICE = 1001;
export const BOB = 1002;

/** A world with two users and a supergroup where Alice is the creator and the bot an admin. */
export function seed(tg: LocalBotApi): void {
  tg.addUser({ id: ALICE, first_name: 'Alice', username: 'alice', language_code: 'en' });
  tg.addUser({ id: BOB, first_name: 'Bob' });
  tg.addChat({ id: GROUP, type: 'supergroup', title: 'Maple St 12' });
  tg.setMember(GROUP, ALICE, 'creator');
  tg.setMember(GROUP, BOB, 'member');
  tg.setMember(GROUP, tg.botInfo.id, 'administrator');
}

/** Calls a control endpoint (/sandbox/...) over real HTTP; a body makes it a POST. An answer that is not JSON is kept as text. */
export async function control<T = unknown>(
  tg: LocalBotApi,
  path: string,
  body?: unknown,
  init: RequestInit = {},
): Promise<ApiAnswer<ControlBody<T>>> {
  const req: RequestInit =
    body === undefined
      ? { method: 'GET', ...init }
      : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), ...init };
  const res = await fetch(`${tg.apiRoot}${path}`, req);
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: parsed as ControlBody<T> };
}

export interface ServerSentEvent {
  event: string;
  data: string;
}

/** Reads a text/event-stream body event by event (comments are skipped). */
export class EventStreamReader {
  private buffer = '';
  private readonly decoder = new TextDecoder();
  /** Set once the server ended the stream. */
  ended = false;

  constructor(private readonly reader: ReadableStreamDefaultReader<Uint8Array>) {}

  /** Resolves once the stream has sent anything (the server's ": connected" comment), i.e. it is subscribed. */
  async opened(): Promise<void> {
    while (this.buffer === '' && !this.ended) await this.pull();
  }

  private async pull(): Promise<void> {
    const { done, value } = await this.reader.read();
    if (done) this.ended = true;
    else this.buffer += this.decoder.decode(value, { stream: true });
  }

  private take(): ServerSentEvent | 'comment' | undefined {
    const end = this.buffer.indexOf('\n\n');
    if (end < 0) return undefined;
    const block = this.buffer.slice(0, end);
    this.buffer = this.buffer.slice(end + 2);
    const e: ServerSentEvent = { event: 'message', data: '' };
    let fields = 0;
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const key = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (key === 'event') e.event = value;
      else if (key === 'data') e.data = e.data === '' ? value : `${e.data}\n${value}`;
      fields += 1;
    }
    return fields === 0 ? 'comment' : e;
  }

  /** The next event for which `predicate` holds; throws if the stream ends first. */
  async next(predicate: (e: ServerSentEvent) => boolean = () => true): Promise<ServerSentEvent> {
    for (;;) {
      const e = this.take();
      if (e === undefined) {
        if (this.ended) throw new Error('the event stream ended');
        await this.pull();
      } else if (e !== 'comment' && predicate(e)) {
        return e;
      }
    }
  }

  /** Stops reading and closes the connection. */
  async cancel(): Promise<void> {
    await this.reader.cancel();
    this.ended = true;
  }

  /** Resolves once the server ends the stream (events still unread are dropped). */
  async untilEnd(): Promise<void> {
    while (!this.ended) await this.pull();
  }
}

/** Gives each test of the file a fresh seeded local Bot API (handed to `use`), closed after the test. */
export function useSeededLocalBotApi(use: (tg: LocalBotApi) => void): void {
  let current: LocalBotApi | undefined;
  beforeEach(async () => {
    current = await startLocalBotApi();
    seed(current);
    use(current);
  });
  afterEach(async () => {
    await current?.close();
  });
}

import { afterEach, beforeEach } from 'vitest';
import { type FakeTelegram, startFakeTelegram } from '../../src/telegram-sandbox/index.ts';

export interface ApiAnswer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary Bot API answers field by field
  body: any;
}

/** Calls the fake Bot API over real HTTP with a JSON body. */
export async function api(
  tg: FakeTelegram,
  method: string,
  params: Record<string, unknown> = {},
  opts: { token?: string; signal?: AbortSignal } = {},
): Promise<ApiAnswer> {
  const init: RequestInit = {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(params),
  };
  if (opts.signal) init.signal = opts.signal;
  const res = await fetch(`${tg.apiRoot}/bot${opts.token ?? tg.token}/${method}`, init);
  return { status: res.status, body: await res.json() };
}

export const GROUP = -1001234567890;
export const ALICE = 1001;
export const BOB = 1002;

/** A world with two users and a supergroup where Alice is the creator and the bot an admin. */
export function seed(tg: FakeTelegram): void {
  tg.addUser({ id: ALICE, first_name: 'Alice', username: 'alice', language_code: 'en' });
  tg.addUser({ id: BOB, first_name: 'Bob' });
  tg.addChat({ id: GROUP, type: 'supergroup', title: 'Maple St 12' });
  tg.setMember(GROUP, ALICE, 'creator');
  tg.setMember(GROUP, BOB, 'member');
  tg.setMember(GROUP, tg.botInfo.id, 'administrator');
}

/** Calls a control endpoint (/sandbox/...) over real HTTP; a body makes it a POST. */
export async function control(
  tg: FakeTelegram,
  path: string,
  body?: unknown,
  init: RequestInit = {},
): Promise<ApiAnswer> {
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
  return { status: res.status, body: parsed };
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

/** Gives each test of the file a fresh seeded fake (handed to `use`), closed after the test. */
export function useSeededFakeTelegram(use: (tg: FakeTelegram) => void): void {
  let current: FakeTelegram | undefined;
  beforeEach(async () => {
    current = await startFakeTelegram();
    seed(current);
    use(current);
  });
  afterEach(async () => {
    await current?.close();
  });
}

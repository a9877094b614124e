// The local Bot API's control endpoints (src/local-bot-api/control.ts) as the benchmark uses them.

export interface MethodStats {
  count: number;
  statuses: Record<string, number>;
  firstAt: number;
  lastAt: number;
}

export interface CallStats {
  now: number;
  calls: number;
  methods: Record<string, MethodStats>;
}

/** A message as the local API's control endpoints show it (the fields the benchmark reads). */
export interface SandboxMessage {
  message_id: number;
  chat_id: number;
  from_bot: boolean;
  text?: string;
  reply_markup?: { inline_keyboard: Array<Array<{ text: string; callback_data?: string }>> };
  edited: boolean;
}

/** One server-sent event of `GET /sandbox/events`: a message sent, edited or deleted; an update; an API call. */
export type SandboxEvent =
  | { kind: 'message'; message: SandboxMessage; deleted: boolean }
  | { kind: 'update'; update: { update_id: number } }
  | { kind: 'call'; call: { method: string; params: Record<string, unknown>; at: number; status: number } };

/** A stream of events being followed: `stop()` ends it; `ended` settles when it ends (rejects if it broke). */
export interface EventStream {
  stop: () => void;
  ended: Promise<void>;
}

export interface ControlRequest {
  path: '/sandbox/send' | '/sandbox/press' | '/sandbox/users' | '/sandbox/chats';
  body: Record<string, unknown>;
}

export class LocalApiClient {
  private knownCalls = 0;

  constructor(private readonly apiRoot: string) {}

  /** How many API calls the local API has answered so far: a `since` for what comes next. */
  async callCount(): Promise<number> {
    this.knownCalls = (await this.stats(this.knownCalls)).calls;
    return this.knownCalls;
  }

  private async call<T>(path: string, body?: unknown): Promise<T> {
    // a new connection each time: one kept alive could have been closed by the server while this process was busy
    const init: RequestInit = {
      headers: { connection: 'close' },
      ...(body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) }),
    };
    const res = await fetch(`${this.apiRoot}${path}`, init);
    const json = (await res.json()) as T & { ok: boolean; error?: string };
    if (!res.ok || !json.ok) throw new Error(`${path}: ${res.status} ${json.error ?? ''}`);
    return json;
  }

  /** Runs the requests in one go; `at` is the local API's time when it began. */
  async batch(requests: ControlRequest[]): Promise<{ at: number; results: Array<{ update?: { update_id: number } }> }> {
    return this.call('/sandbox/batch', { requests });
  }

  stats(since = 0): Promise<CallStats> {
    return this.call(`/sandbox/stats?since=${since}`);
  }

  /** Waits until `count` calls of `method` (into `chatId`) answered 200 since call number `since`. */
  waitFor(
    method: string,
    count: number,
    since: number,
    opts: { chatId?: number; timeoutMs?: number } = {},
  ): Promise<CallStats> {
    const q = new URLSearchParams({
      method,
      count: String(count),
      since: String(since),
      timeoutMs: String(opts.timeoutMs ?? 120_000),
    });
    if (opts.chatId !== undefined) q.set('chatId', String(opts.chatId));
    return this.call(`/sandbox/wait?${q}`);
  }

  /** Resolves at the local API's time when a getUpdates call is being held (a bot is polling). */
  async polling(timeoutMs = 120_000): Promise<number> {
    return (await this.call<{ now: number }>(`/sandbox/polling?timeoutMs=${timeoutMs}`)).now;
  }

  rateLimits(
    limits: { perSecond: number; perGroupPerMinute: number; perPrivatePerSecond: number } | false,
  ): Promise<unknown> {
    return this.call('/sandbox/rate-limits', limits === false ? { off: true } : limits);
  }

  /** The users the local API knows (their ids: who may be added still). */
  async users(): Promise<Array<{ id: number }>> {
    return (await this.call<{ users: Array<{ id: number }> }>('/sandbox/users')).users;
  }

  /**
   * Follows `GET /sandbox/events` of the given kinds, calling `onEvent` with each as it comes: what the bot sends
   * is seen when it is sent, with no polling. Resolves once the local API is listening for them (an event from
   * then on is delivered).
   */
  async events(kinds: Array<SandboxEvent['kind']>, onEvent: (event: SandboxEvent) => void): Promise<EventStream> {
    const abort = new AbortController();
    const res = await fetch(`${this.apiRoot}/sandbox/events?kinds=${kinds.join(',')}`, { signal: abort.signal });
    if (!res.ok || !res.body) throw new Error(`/sandbox/events: ${res.status}`);
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    const read = async (): Promise<void> => {
      let pending = '';
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        pending += value;
        // events end with a blank line; a comment (`: connected`, `: ping`) has no data line
        for (let end = pending.indexOf('\n\n'); end >= 0; end = pending.indexOf('\n\n')) {
          const data = pending
            .slice(0, end)
            .split('\n')
            .filter((line) => line.startsWith('data: '))
            .map((line) => line.slice('data: '.length))
            .join('\n');
          pending = pending.slice(end + 2);
          if (data !== '') onEvent(JSON.parse(data) as SandboxEvent);
        }
      }
    };
    const ended = read().catch((err: unknown) => {
      if (!abort.signal.aborted) throw err;
    });
    return { stop: () => abort.abort(), ended };
  }

  async messages(chatId: number): Promise<
    Array<{
      message_id: number;
      text?: string;
      reply_markup?: { inline_keyboard: Array<Array<{ text: string; callback_data?: string }>> };
    }>
  > {
    return (await this.call<{ messages: [] }>(`/sandbox/chats/${chatId}/messages`)).messages;
  }
}

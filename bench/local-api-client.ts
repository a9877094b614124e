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

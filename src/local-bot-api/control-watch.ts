// The control endpoints that watch the call log and the world: /sandbox/stats, /sandbox/wait and the
// server-sent events of /sandbox/events.
import type { ServerResponse } from 'node:http';
import { bad, type ControlContext, ControlError, int, query } from './control-http.ts';
import { jsonEvent } from './control-views.ts';
import type { SandboxEvent } from './inspection.ts';
import type { CallRecord } from './types.ts';

/** ?since=N: a call number (the calls answered so far are 0..N-1), default 0. */
export function since(ctx: ControlContext, url: URL): number {
  const n = int({ since: query(url, 'since') }, 'since', false) ?? 0;
  if (n < 0 || n > ctx.tg.calls.length)
    throw bad(`since must be from 0 to ${ctx.tg.calls.length} (the calls answered so far), got ${n}`);
  return n;
}

interface MethodStats {
  count: number;
  statuses: Record<string, number>;
  firstAt: number;
  lastAt: number;
}

/** Calls answered from call number `from` on, by method: how many, by HTTP status, first and last arrival. */
export function callStats(
  ctx: ControlContext,
  from: number,
): { now: number; calls: number; methods: Record<string, MethodStats> } {
  const methods: Record<string, MethodStats> = {};
  const calls = ctx.tg.calls;
  for (let i = from; i < calls.length; i++) {
    const c = calls[i]!;
    methods[c.method] ??= { count: 0, statuses: {}, firstAt: c.at, lastAt: c.at };
    const m = methods[c.method]!;
    m.count++;
    m.statuses[c.status] = (m.statuses[c.status] ?? 0) + 1;
    m.lastAt = Math.max(m.lastAt, c.at);
  }
  return { now: ctx.world.now(), calls: calls.length, methods };
}

/** Answers once `count` calls of `method` (into chatId, if given) answered 200 since call number `since`. */
export function waitForCalls(ctx: ControlContext, url: URL): Promise<unknown> {
  const method = query(url, 'method');
  if (method === undefined || method === '') throw bad('method is missing (a Bot API method such as sendMessage)');
  const count = int({ count: query(url, 'count') }, 'count', true);
  const chatId = int({ chatId: query(url, 'chatId') }, 'chatId', false);
  const timeoutMs = int({ timeoutMs: query(url, 'timeoutMs') }, 'timeoutMs', false) ?? 60_000;
  const from = since(ctx, url);
  const wanted = method.toLowerCase();
  const matches = (c: CallRecord): boolean =>
    c.status === 200 &&
    c.method.toLowerCase() === wanted &&
    (chatId === undefined || Number(c.params.chat_id) === chatId);
  let seen = 0;
  for (let i = from; i < ctx.tg.calls.length; i++) if (matches(ctx.tg.calls[i]!)) seen++;
  const answer = () => ({ ok: true, ...callStats(ctx, from) });
  if (seen >= count) return Promise.resolve(answer());
  return new Promise((resolve, reject) => {
    const finish = (outcome: () => void): void => {
      clearTimeout(timer);
      unsubscribe();
      ctx.world.events.off('close', onClose);
      outcome();
    };
    const timer = setTimeout(
      () =>
        finish(() =>
          reject(new ControlError(408, `saw ${seen} of ${count} ${method} calls answered 200 in ${timeoutMs} ms`)),
        ),
      timeoutMs,
    );
    const onCall = (c: CallRecord): void => {
      if (matches(c) && ++seen >= count) finish(() => resolve(answer()));
    };
    const unsubscribe = (): void => void ctx.world.events.off('call', onCall);
    ctx.world.events.on('call', onCall);
    const onClose = (): void => finish(() => reject(new ControlError(503, 'the server is closing')));
    ctx.world.events.once('close', onClose);
  });
}

const EVENT_KINDS: ReadonlyArray<SandboxEvent['kind']> = ['message', 'update', 'call'];
const HEARTBEAT_MS = 15_000;

/** Server-sent events of subscribe(); the stream ends (cleanly) when the client goes or the server closes. */
export function streamEvents(ctx: ControlContext, url: URL, res: ServerResponse): Promise<undefined> {
  const given = url.searchParams.get('kinds');
  const kinds = new Set(
    given === null
      ? EVENT_KINDS
      : given
          .split(',')
          .map((k) => k.trim())
          .filter(Boolean),
  );
  for (const k of kinds) {
    if (!(EVENT_KINDS as readonly string[]).includes(k))
      throw bad(`kinds may name ${EVENT_KINDS.join(', ')}; got ${JSON.stringify(k)}`);
  }
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  res.write(': connected\n\n');
  if (ctx.isClosed()) {
    res.end();
    return Promise.resolve(undefined);
  }
  return new Promise((resolve) => {
    const write = (chunk: string): void => {
      if (!res.destroyed && !res.writableEnded) res.write(chunk);
    };
    const unsubscribe = ctx.tg.subscribe((e) => {
      if (kinds.has(e.kind)) write(`event: ${e.kind}\ndata: ${JSON.stringify(jsonEvent(ctx, e))}\n\n`);
    });
    const heartbeat = setInterval(() => write(': ping\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    const finish = (): void => {
      clearInterval(heartbeat);
      unsubscribe();
      ctx.world.events.off('close', onServerClose);
      res.off('close', finish);
      resolve(undefined);
    };
    const onServerClose = (): void => {
      if (!res.destroyed && !res.writableEnded) res.end();
      finish();
    };
    ctx.world.events.once('close', onServerClose);
    res.once('close', finish);
  });
}

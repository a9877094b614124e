// The control endpoints under /sandbox/ (FakeTelegramOptions.control): drive the fake by hand with curl, or
// from a browser page, on the same server as the Bot API. JSON in (whatever the content-type, so `curl -d` works),
// JSON out; bad input answers 400 { ok: false, error }, unknown paths 404.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describeMessage } from './describe.ts';
import type { FakeTelegram, SandboxEvent, SendTextExtra } from './fake-telegram.ts';
import { BodyError, readBody } from './http-body.ts';
import type {
  CallRecord,
  ChatMessage,
  ChatType,
  FakeChatRecord,
  FakeUserRecord,
  MemberStatus,
  TgDocument,
} from './types.ts';
import type { World } from './world.ts';

export interface ControlEndpoint {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  does: string;
}

/** Every control endpoint, for `GET /sandbox`, 404 answers and the CLI's --help. */
export const CONTROL_ENDPOINTS: readonly ControlEndpoint[] = [
  { method: 'GET', path: '/sandbox', does: 'this list' },
  {
    method: 'POST',
    path: '/sandbox/send',
    body: '{ chatId, userId, text, threadId?, replyTo? }',
    does: 'the user sends a text message (a DM when chatId = userId) -> { ok, update }',
  },
  {
    method: 'POST',
    path: '/sandbox/press',
    body: '{ chatId, messageId, userId, button } or { chatId, messageId, userId, data }',
    does: 'the user presses an inline button, by its text (exact, else substring) or callback data -> { ok, update }',
  },
  {
    method: 'POST',
    path: '/sandbox/add-bot',
    body: '{ chatId, userId, status? }',
    does: "the user adds the bot to a group ('member' or 'administrator') -> { ok, update }",
  },
  {
    method: 'POST',
    path: '/sandbox/users',
    body: '{ id, firstName, lastName?, username?, language?, role?, startedBot? = true }',
    does: 'adds a user -> { ok, user }',
  },
  {
    method: 'GET',
    path: '/sandbox/users',
    does: 'the users with role, language and the groups they are in -> { ok, users }',
  },
  {
    method: 'POST',
    path: '/sandbox/chats',
    body: "{ id, type: 'group' | 'supergroup', title?, isForum?, username?, botStatus? = 'member' }",
    does: 'adds a group (the bot is in it) -> { ok, chat }',
  },
  {
    method: 'GET',
    path: '/sandbox/chats',
    does: 'the chats with title, type, members and message count -> { ok, chats }',
  },
  {
    method: 'GET',
    path: '/sandbox/chats/:id/messages',
    body: '?threadId=N  ?format=text',
    does: 'the chat as it is now (edits applied, deletions gone) -> { ok, messages }, or one line per message',
  },
  {
    method: 'POST',
    path: '/sandbox/batch',
    body: "{ requests: [{ path: '/sandbox/send' | '/sandbox/press' | '/sandbox/users' | ..., body }] }",
    does: 'runs many POST requests in order at once (a benchmark enqueues thousands of updates); stops at the first bad one -> { ok, at, results }',
  },
  {
    method: 'POST',
    path: '/sandbox/rate-limits',
    body: '{ perSecond?, perGroupPerMinute?, perPrivatePerSecond? } or { off: true }',
    does: 'answers 429 like Telegram past these limits (defaults 30/s, 20/min per group, 1/s per private chat), or stops',
  },
  {
    method: 'GET',
    path: '/sandbox/stats',
    body: '?since=N',
    does: 'the API calls answered since call number N, by method and HTTP status -> { ok, now, calls, methods }',
  },
  {
    method: 'GET',
    path: '/sandbox/wait',
    body: '?method=M&count=N&since=I&chatId=C&timeoutMs=T',
    does: 'answers like /stats once N calls of M since call number I (into chat C) answered 200; 408 after timeoutMs (default 60000)',
  },
  {
    method: 'GET',
    path: '/sandbox/polling',
    body: '?timeoutMs=T',
    does: 'answers { ok, now } as soon as a getUpdates call is being held (a bot is polling); 408 after timeoutMs (default 60000)',
  },
  {
    method: 'GET',
    path: '/sandbox/events',
    body: '?kinds=message,update,call',
    does: 'server-sent events: every message change, enqueued update and answered API call',
  },
];

export interface ControlContext {
  tg: FakeTelegram;
  world: World;
  isClosed: () => boolean;
}

class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const bad = (message: string): ControlError => new ControlError(400, message);

type Body = Record<string, unknown>;

function int(body: Body, key: string, required: true): number;
function int(body: Body, key: string, required: false): number | undefined;
function int(body: Body, key: string, required: boolean): number | undefined {
  const v = body[key];
  if (v === undefined || v === null) {
    if (required) throw bad(`${key} is missing`);
    return undefined;
  }
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim()) && Number.isSafeInteger(Number(v))) return Number(v);
  throw bad(`${key} must be an integer, got ${JSON.stringify(v)}`);
}

function str(body: Body, key: string, required: true): string;
function str(body: Body, key: string, required: false): string | undefined;
function str(body: Body, key: string, required: boolean): string | undefined {
  const v = body[key];
  if (v === undefined || v === null) {
    if (required) throw bad(`${key} is missing`);
    return undefined;
  }
  if (typeof v !== 'string') throw bad(`${key} must be a string, got ${JSON.stringify(v)}`);
  if (required && v === '') throw bad(`${key} is empty`);
  return v;
}

function bool(body: Body, key: string): boolean | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw bad(`${key} must be true or false, got ${JSON.stringify(v)}`);
  return v;
}

function oneOf<T extends string>(body: Body, key: string, allowed: readonly T[]): T | undefined {
  const v = str(body, key, false);
  if (v === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(v))
    throw bad(`${key} must be one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`);
  return v as T;
}

const MEMBER_STATUSES: readonly MemberStatus[] = ['creator', 'administrator', 'member', 'restricted', 'left', 'kicked'];
const ACTIVE = new Set<MemberStatus>(['creator', 'administrator', 'member', 'restricted']);

function knownUser(ctx: ControlContext, id: number): FakeUserRecord {
  const user = ctx.tg.user(id);
  if (!user) throw bad(`unknown user ${id}; GET /sandbox/users lists them, POST /sandbox/users adds one`);
  return user;
}

function knownChat(ctx: ControlContext, id: number): void {
  if (ctx.tg.chat(id) === undefined && ctx.tg.user(id) === undefined) {
    throw bad(`unknown chat ${id}; GET /sandbox/chats lists them, POST /sandbox/chats adds one`);
  }
}

/** Runs a driver call; its errors describe bad input (no such message, no such button, ...). */
function drive<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof ControlError) throw err;
    throw bad(err instanceof Error ? err.message.replace(/^FakeTelegram: /, '') : String(err));
  }
}

// ------------------------------------------------------------------ views

export function userName(u: FakeUserRecord): string {
  return u.last_name !== undefined ? `${u.first_name} ${u.last_name}` : u.first_name;
}

/** The groups and supergroups a user is in now (not left or kicked), in the order the chats were added. */
export function groupsOf(world: World, userId: number): number[] {
  const out: number[] = [];
  for (const c of world.chats.values()) {
    if (c.type === 'private' || c.migratedTo !== undefined) continue;
    const status = c.members.get(userId);
    if (status !== undefined && ACTIVE.has(status)) out.push(c.id);
  }
  return out;
}

function userView(world: World, u: FakeUserRecord): Record<string, unknown> {
  const v: Record<string, unknown> = {
    id: u.id,
    name: userName(u),
    role: u.role ?? '',
    language: u.language_code ?? '',
    chats: groupsOf(world, u.id),
  };
  if (u.username !== undefined) v.username = u.username;
  v.startedBot = u.startedBot;
  v.blockedBot = u.blockedBot;
  return v;
}

function chatView(ctx: ControlContext, c: FakeChatRecord): Record<string, unknown> {
  const obj = ctx.world.chatObj(c);
  const v: Record<string, unknown> = {
    id: c.id,
    type: c.type,
    title: c.type === 'private' ? [obj.first_name, obj.last_name].filter(Boolean).join(' ') : obj.title,
  };
  if (c.username !== undefined) v.username = c.username;
  if (c.is_forum) v.isForum = true;
  v.botStatus = c.botStatus;
  if (c.migratedTo !== undefined) v.migratedTo = c.migratedTo;
  v.members = [...c.members].map(([id, status]) => ({ id, status }));
  v.messages = ctx.world.liveMessages(c.id).length;
  return v;
}

/** A ChatMessage as JSON: a document gets `download_path`, the Bot API file URL path its bytes are served at. */
export function jsonMessage(ctx: ControlContext, m: ChatMessage): ChatMessage {
  if (!m.document) return m;
  const doc: TgDocument & { download_path?: string } = { ...m.document };
  const file = ctx.world.files.get(m.document.file_id);
  if (file) doc.download_path = `/file/bot${ctx.tg.token}/${file.path}`;
  return { ...m, document: doc };
}

function jsonEvent(ctx: ControlContext, e: SandboxEvent): SandboxEvent {
  return e.kind === 'message' ? { ...e, message: jsonMessage(ctx, e.message) } : e;
}

// ------------------------------------------------------------------ HTTP

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed || res.writableEnded) return;
  const json = `${JSON.stringify(body, null, 2)}\n`;
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(json)),
  });
  res.end(json);
}

async function readJson(req: IncomingMessage): Promise<Body> {
  let raw: Buffer;
  try {
    raw = await readBody(req);
  } catch (err) {
    if (err instanceof BodyError) throw new ControlError(err.status, err.message);
    throw err;
  }
  const text = raw.toString('utf8').trim();
  if (text === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw bad(`the body is not JSON: ${JSON.stringify(text.slice(0, 80))}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw bad('the body must be a JSON object');
  return parsed as Body;
}

type Handler = (ctx: ControlContext, body: Body, url: URL, req: IncomingMessage, res: ServerResponse) => unknown;

const ROUTES: Array<{ method: 'GET' | 'POST'; path: RegExp; handler: Handler }> = [
  { method: 'GET', path: /^\/sandbox$/, handler: () => ({ ok: true, endpoints: CONTROL_ENDPOINTS }) },
  {
    method: 'POST',
    path: /^\/sandbox\/send$/,
    handler: (ctx, body) => {
      const chatId = int(body, 'chatId', true);
      const userId = int(body, 'userId', true);
      const text = str(body, 'text', true);
      const threadId = int(body, 'threadId', false);
      const replyTo = int(body, 'replyTo', false);
      knownUser(ctx, userId);
      knownChat(ctx, chatId);
      const extra: SendTextExtra = {};
      if (threadId !== undefined) extra.message_thread_id = threadId;
      if (replyTo !== undefined) extra.reply_to_message_id = replyTo;
      return { ok: true, update: drive(() => ctx.tg.sendText(chatId, userId, text, extra)) };
    },
  },
  {
    method: 'POST',
    path: /^\/sandbox\/press$/,
    handler: (ctx, body) => {
      const chatId = int(body, 'chatId', true);
      const messageId = int(body, 'messageId', true);
      const userId = int(body, 'userId', true);
      const button = str(body, 'button', false);
      const data = str(body, 'data', false);
      if ((button === undefined) === (data === undefined)) throw bad('give either button (its text) or data');
      knownUser(ctx, userId);
      knownChat(ctx, chatId);
      const which = button ?? { data: data ?? '' };
      return { ok: true, update: drive(() => ctx.tg.pressButton(chatId, messageId, userId, which)) };
    },
  },
  {
    method: 'POST',
    path: /^\/sandbox\/add-bot$/,
    handler: (ctx, body) => {
      const chatId = int(body, 'chatId', true);
      const userId = int(body, 'userId', true);
      const status = oneOf(body, 'status', ['member', 'administrator'] as const);
      knownUser(ctx, userId);
      knownChat(ctx, chatId);
      return { ok: true, update: drive(() => ctx.tg.addBotToGroup(chatId, userId, status)) };
    },
  },
  {
    method: 'POST',
    path: /^\/sandbox\/users$/,
    handler: (ctx, body) => {
      const id = int(body, 'id', true);
      const firstName = str(body, 'firstName', true);
      if (id <= 0) throw bad('a user id must be positive');
      if (ctx.tg.user(id) !== undefined) throw bad(`user ${id} already exists`);
      if (ctx.world.chats.has(id)) throw bad(`${id} is the id of a chat`);
      const u: Parameters<FakeTelegram['addUser']>[0] = {
        id,
        first_name: firstName,
        startedBot: bool(body, 'startedBot') ?? true,
      };
      const lastName = str(body, 'lastName', false);
      const username = str(body, 'username', false);
      const language = str(body, 'language', false);
      const role = str(body, 'role', false);
      if (lastName !== undefined) u.last_name = lastName;
      if (username !== undefined) u.username = username.replace(/^@/, '');
      if (language !== undefined) u.language_code = language;
      if (role !== undefined) u.role = role;
      const rec = ctx.tg.addUser(u);
      return { ok: true, user: userView(ctx.world, rec) };
    },
  },
  {
    method: 'GET',
    path: /^\/sandbox\/users$/,
    handler: (ctx) => ({ ok: true, users: [...ctx.world.users.values()].map((u) => userView(ctx.world, u)) }),
  },
  {
    method: 'POST',
    path: /^\/sandbox\/chats$/,
    handler: (ctx, body) => {
      const id = int(body, 'id', true);
      const type = oneOf(body, 'type', ['group', 'supergroup'] as const);
      if (type === undefined)
        throw bad("type is missing ('group' or 'supergroup'; private chats exist for every user)");
      if (id >= 0) throw bad('a group id must be negative (supergroups look like -100…)');
      if (ctx.world.chats.has(id)) throw bad(`chat ${id} already exists`);
      const c: { id: number; type: ChatType; title?: string; is_forum?: boolean; username?: string } = { id, type };
      const title = str(body, 'title', false);
      const isForum = bool(body, 'isForum');
      const username = str(body, 'username', false);
      const botStatus = oneOf(body, 'botStatus', MEMBER_STATUSES);
      if (title !== undefined) c.title = title;
      if (isForum !== undefined) c.is_forum = isForum;
      if (username !== undefined) c.username = username.replace(/^@/, '');
      const rec = ctx.tg.addChat(c);
      if (botStatus !== undefined) rec.botStatus = botStatus;
      return { ok: true, chat: chatView(ctx, rec) };
    },
  },
  {
    method: 'GET',
    path: /^\/sandbox\/chats$/,
    handler: (ctx) => ({ ok: true, chats: [...ctx.world.chats.values()].map((c) => chatView(ctx, c)) }),
  },
  {
    method: 'GET',
    path: /^\/sandbox\/chats\/([^/]+)\/messages$/,
    handler: (ctx, _body, url, _req, res) => {
      const given = decodeURIComponent(/^\/sandbox\/chats\/([^/]+)\//.exec(url.pathname)?.[1] ?? '');
      const chatId = int({ chatId: given }, 'chatId', true);
      knownChat(ctx, chatId);
      const threadId = int({ threadId: url.searchParams.get('threadId') ?? undefined }, 'threadId', false);
      const messages = ctx.tg.messages(chatId, threadId === undefined ? {} : { threadId });
      const format = url.searchParams.get('format');
      if (format === 'text') {
        const text = `${messages.map((m) => describeMessage(m, 4000)).join('\n') || '  (no messages)'}\n`;
        res.writeHead(200, {
          'content-type': 'text/plain; charset=utf-8',
          'content-length': String(Buffer.byteLength(text)),
        });
        res.end(text);
        return undefined;
      }
      if (format !== null && format !== 'json') throw bad(`format must be json or text, got ${JSON.stringify(format)}`);
      return { ok: true, messages: messages.map((m) => jsonMessage(ctx, m)) };
    },
  },
  {
    method: 'POST',
    path: /^\/sandbox\/batch$/,
    handler: async (ctx, body, url, req, res) => {
      const requests = body.requests;
      if (!Array.isArray(requests)) throw bad('requests must be an array of { path, body }');
      const at = ctx.world.now();
      const results: unknown[] = [];
      for (const [i, item] of (requests as unknown[]).entries()) {
        const request = typeof item === 'object' && item !== null && !Array.isArray(item) ? (item as Body) : undefined;
        const path = request ? str(request, 'path', false) : undefined;
        const inner = request?.body ?? {};
        const route = path === undefined ? undefined : ROUTES.find((r) => r.method === 'POST' && r.path.test(path));
        if (!route || path === '/sandbox/batch')
          throw bad(`requests[${i}]: path must name a POST endpoint other than /sandbox/batch`);
        if (typeof inner !== 'object' || inner === null || Array.isArray(inner))
          throw bad(`requests[${i}]: body must be a JSON object`);
        try {
          results.push(await route.handler(ctx, inner as Body, url, req, res));
        } catch (err) {
          if (err instanceof ControlError)
            throw new ControlError(
              err.status,
              `requests[${i}] (${path}): ${err.message}; the ${i} before it were done`,
            );
          throw err;
        }
      }
      return { ok: true, at, results };
    },
  },
  {
    method: 'POST',
    path: /^\/sandbox\/rate-limits$/,
    handler: (ctx, body) => {
      if (bool(body, 'off') === true) {
        ctx.tg.setRateLimits(false);
        return { ok: true, rateLimits: false };
      }
      const limits: Record<string, number> = {};
      for (const key of ['perSecond', 'perGroupPerMinute', 'perPrivatePerSecond']) {
        const v = body[key];
        if (v === undefined) continue;
        if (typeof v !== 'number' || !(v > 0)) throw bad(`${key} must be a positive number, got ${JSON.stringify(v)}`);
        limits[key] = v;
      }
      ctx.tg.setRateLimits(limits);
      return { ok: true, rateLimits: limits };
    },
  },
  {
    method: 'GET',
    path: /^\/sandbox\/stats$/,
    handler: (ctx, _body, url) => ({ ok: true, ...callStats(ctx, since(ctx, url)) }),
  },
  {
    method: 'GET',
    path: /^\/sandbox\/polling$/,
    handler: async (ctx, _body, url) => {
      const timeoutMs = int({ timeoutMs: query(url, 'timeoutMs') }, 'timeoutMs', false) ?? 60_000;
      try {
        await ctx.tg.waitForPolling(timeoutMs);
      } catch (err) {
        throw new ControlError(408, err instanceof Error ? err.message.replace(/^FakeTelegram: /, '') : String(err));
      }
      return { ok: true, now: ctx.world.now() };
    },
  },
  { method: 'GET', path: /^\/sandbox\/wait$/, handler: (ctx, _body, url) => waitForCalls(ctx, url) },
  { method: 'GET', path: /^\/sandbox\/events$/, handler: (ctx, _body, url, _req, res) => streamEvents(ctx, url, res) },
];

function query(url: URL, key: string): string | undefined {
  return url.searchParams.get(key) ?? undefined;
}

/** ?since=N: a call number (the calls answered so far are 0..N-1), default 0. */
function since(ctx: ControlContext, url: URL): number {
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
function callStats(
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
function waitForCalls(ctx: ControlContext, url: URL): Promise<unknown> {
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
function streamEvents(ctx: ControlContext, url: URL, res: ServerResponse): Promise<undefined> {
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

/** Answers one request under /sandbox. */
export async function handleControl(
  ctx: ControlContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const path = url.pathname.length > '/sandbox'.length ? url.pathname.replace(/\/+$/, '') : url.pathname;
  const method = (req.method ?? 'GET').toUpperCase();
  try {
    const matching = ROUTES.filter((r) => r.path.test(path));
    if (matching.length === 0) {
      throw new ControlError(404, `no control endpoint ${method} ${url.pathname}; GET /sandbox lists them`);
    }
    const route = matching.find((r) => r.method === method);
    if (!route) {
      const allowed = matching.map((r) => r.method).join(', ');
      send(res, 405, { ok: false, error: `${url.pathname} answers ${allowed}, not ${method}` }, { allow: allowed });
      return;
    }
    const body = route.method === 'POST' ? await readJson(req) : {};
    const result = await route.handler(ctx, body, url, req, res);
    if (result !== undefined) send(res, 200, result);
  } catch (err) {
    if (err instanceof ControlError) return send(res, err.status, { ok: false, error: err.message });
    const message = err instanceof Error ? err.message : String(err);
    send(res, 500, { ok: false, error: `internal error: ${message}` });
  }
}

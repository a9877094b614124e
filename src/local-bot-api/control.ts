// The control endpoints under /sandbox/ (LocalBotApiOptions.control): drive the local Bot API by hand with curl, or
// from a browser page, on the same server as the Bot API. JSON in (whatever the content-type, so `curl -d` works),
// JSON out; bad input answers 400 { ok: false, error }, unknown paths 404.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CONTROL_ENDPOINTS } from './control-endpoints.ts';
import {
  type Body,
  bad,
  bool,
  type ControlContext,
  ControlError,
  drive,
  int,
  knownChat,
  knownUser,
  oneOf,
  query,
  readJson,
  send,
  str,
} from './control-http.ts';
import { chatView, jsonMessage, userView } from './control-views.ts';
import { callStats, since, streamEvents, waitForCalls } from './control-watch.ts';
import { describeMessage } from './describe.ts';
import type { SendTextExtra } from './driver.ts';
import type { LocalBotApi } from './local-bot-api.ts';
import type { ChatType, MemberStatus } from './types.ts';

const MEMBER_STATUSES: readonly MemberStatus[] = ['creator', 'administrator', 'member', 'restricted', 'left', 'kicked'];

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
      const u: Parameters<LocalBotApi['addUser']>[0] = {
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
        throw new ControlError(408, err instanceof Error ? err.message.replace(/^LocalBotApi: /, '') : String(err));
      }
      return { ok: true, now: ctx.world.now() };
    },
  },
  { method: 'GET', path: /^\/sandbox\/wait$/, handler: (ctx, _body, url) => waitForCalls(ctx, url) },
  { method: 'GET', path: /^\/sandbox\/events$/, handler: (ctx, _body, url, _req, res) => streamEvents(ctx, url, res) },
];

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

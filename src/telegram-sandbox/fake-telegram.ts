// FakeTelegram: a local Bot API server plus a driver for tests, benchmarks and the browser sandbox.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleControl } from './control.ts';
import { buttonTexts, describeMessage } from './describe.ts';
import { ApiError } from './errors.ts';
import { BodyError, collectParams, describeParams, type Params, readBody } from './http-body.ts';
import { commandsKey, METHODS, type MethodEnv, memberObj, UNIMPLEMENTED } from './methods.ts';
import { RateLimiter } from './rate-limit.ts';
import { commandEntities } from './text.ts';
import type {
  BotCommand,
  BotCommandScope,
  CallbackAnswer,
  CallRecord,
  ChatMessage,
  ChatType,
  DocumentRecord,
  FailureSpec,
  FakeChatRecord,
  FakeTelegramOptions,
  FakeUserRecord,
  InlineButton,
  MemberStatus,
  TgMessage,
  Update,
  UserFromGetMe,
} from './types.ts';
import { UpdateQueue } from './updates.ts';
import { ANONYMOUS_ADMIN, clone, type StoredMessage, World } from './world.ts';

export { buttonTexts };

export const DEFAULT_TOKEN = '123456:TEST-TOKEN';
export const DEFAULT_TIMEOUT_MS = 5000;

const METHOD_NAMES = new Map<string, string>(Object.keys(METHODS).map((m) => [m.toLowerCase(), m]));
const UNIMPLEMENTED_NAMES = new Map<string, string>(UNIMPLEMENTED.map((m) => [m.toLowerCase(), m]));

export interface SendTextExtra {
  message_thread_id?: number;
  sender_chat?: { id: number; type: string; title?: string };
  reply_to_message_id?: number;
}

export type SandboxEvent =
  | { kind: 'message'; message: ChatMessage; deleted: boolean }
  | { kind: 'update'; update: Update }
  | { kind: 'call'; call: CallRecord };

function describeCall(c: CallRecord): string {
  const err =
    c.status !== 200 && typeof c.response === 'object' && c.response !== null
      ? ` ${String((c.response as Record<string, unknown>).description ?? '')}`
      : '';
  const chat = c.params.chat_id !== undefined ? ` chat ${String(c.params.chat_id)}` : '';
  return `  ${c.method}${chat} -> ${c.status === 0 ? 'dropped' : c.status}${err}`;
}

export class FakeTelegram {
  readonly token: string;
  readonly botInfo: UserFromGetMe;
  /** Every API call in the order answered, with the HTTP status answered. */
  readonly calls: CallRecord[] = [];
  private readonly world: World;
  private readonly updates: UpdateQueue;
  private readonly limiter: RateLimiter;
  private readonly env: MethodEnv;
  private readonly server: Server;
  private readonly host: string;
  private readonly port: number;
  private readonly faults = new Map<string, Array<{ remaining: number; failure: FailureSpec }>>();
  /** Calls kept waiting by a 'hold' fault. */
  private readonly heldCalls: Array<() => void> = [];
  private readonly inflight = new Set<Promise<void>>();
  private readonly control: boolean;
  private closed = false;
  private listening = false;

  constructor(opts: FakeTelegramOptions = {}) {
    this.token = opts.token ?? DEFAULT_TOKEN;
    this.host = opts.host ?? '127.0.0.1';
    this.port = opts.port ?? 0;
    this.control = opts.control ?? false;
    this.botInfo = {
      id: opts.bot?.id ?? 123456,
      is_bot: true,
      first_name: opts.bot?.first_name ?? 'Mutual Aid',
      username: opts.bot?.username ?? 'mutual_aid_test_bot',
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
      has_topics_enabled: false,
      allows_users_to_create_topics: false,
      can_manage_bots: false,
      supports_join_request_queries: false,
    };
    this.world = new World(this.botInfo, opts.now ?? Date.now);
    this.updates = new UpdateQueue(this.world.events);
    this.limiter = new RateLimiter(opts.rateLimits);
    this.env = { world: this.world, updates: this.updates, limiter: this.limiter };
    this.server = createServer({ keepAliveTimeout: 60_000, headersTimeout: 65_000 }, (req, res) => {
      const done = this.handle(req, res).catch(() => {
        if (!res.headersSent && !res.destroyed) res.destroy();
      });
      this.inflight.add(done);
      void done.finally(() => this.inflight.delete(done));
    });
  }

  /** Starts listening; startFakeTelegram() calls this. */
  async listen(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.port, this.host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.listening = true;
    return this;
  }

  /** 'http://127.0.0.1:PORT' — give it to grammY as `client.apiRoot`. */
  get apiRoot(): string {
    const addr = this.server.address() as AddressInfo | null;
    if (!addr) throw new Error('FakeTelegram is not listening');
    const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
    return `http://${host}:${addr.port}`;
  }

  /** Callback query answers, in order. */
  get callbackAnswers(): CallbackAnswer[] {
    return this.world.callbackAnswers;
  }

  /** Ends held long polls (answering []), and closes the server including keep-alive sockets. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.updates.releaseHeld();
    this.releaseHeldCalls();
    this.world.events.emit('close');
    // let answered long polls flush, but never wait long
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.inflight]),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, 250);
      }),
    ]);
    clearTimeout(timer);
    if (!this.listening) return;
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  // ================================================================== HTTP

  private respond(res: ServerResponse, status: number, body: unknown): void {
    if (res.destroyed || res.writableEnded) return;
    const json = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
    res.end(json);
  }

  private record(call: CallRecord): void {
    this.calls.push(call);
    this.world.events.emit('call', call);
  }

  private takeFault(method: string): FailureSpec | undefined {
    const list = this.faults.get(method.toLowerCase());
    const first = list?.[0];
    if (!list || !first) return undefined;
    first.remaining -= 1;
    if (first.remaining <= 0) list.shift();
    return first.failure;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const abort = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) abort.abort();
    });
    const url = new URL(req.url ?? '/', 'http://fake.telegram');
    const notFound = { ok: false, error_code: 404, description: 'Not Found' };

    if (this.control && /^\/sandbox(\/|$)/.test(url.pathname)) {
      return handleControl({ tg: this, world: this.world, isClosed: () => this.closed }, req, res, url);
    }

    const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (file) {
      const stored =
        file[1] === this.token ? [...this.world.files.values()].find((f) => f.path === file[2]) : undefined;
      if (!stored) return this.respond(res, 404, notFound);
      res.writeHead(200, { 'content-type': stored.mimeType, 'content-length': stored.content.length });
      res.end(stored.content);
      return;
    }

    const m = /^\/bot([^/]*)\/([^/]*)$/.exec(url.pathname);
    if (!m) return this.respond(res, 404, notFound);
    const at = this.world.now();
    const given = decodeURIComponent(m[2] ?? '');
    let params: Params = {};
    const finish = (method: string, status: number, body: unknown): void => {
      this.respond(res, status, body);
      this.record({ method, params: describeParams(params), at, status, response: body });
    };
    try {
      params = collectParams(url, await readBody(req), req.headers['content-type']);
    } catch (err) {
      if (err instanceof BodyError) {
        return finish(given, err.status, { ok: false, error_code: err.status, description: err.message });
      }
      throw err;
    }
    if (m[1] !== this.token) return finish(given, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const method = METHOD_NAMES.get(given.toLowerCase());
    const fn = method === undefined ? undefined : METHODS[method];
    if (method === undefined || fn === undefined) {
      const missing = UNIMPLEMENTED_NAMES.get(given.toLowerCase());
      if (missing !== undefined) {
        return finish(missing, 501, {
          ok: false,
          error_code: 501,
          description: `Not Implemented: the fake Telegram server does not implement ${missing}`,
        });
      }
      return finish(given, 404, notFound);
    }

    const fault = this.takeFault(method);
    if (fault === 'hold') {
      await new Promise<void>((resolve) => {
        this.heldCalls.push(resolve);
        this.world.events.emit('call-held');
      });
    }
    if (fault === 'drop') {
      res.destroy();
      this.record({ method, params: describeParams(params), at, status: 0 });
      return;
    }
    if (fault !== undefined && fault !== 'drop-after' && fault !== 'hold') {
      const parameters: Record<string, number> = {};
      if (fault.retry_after !== undefined) parameters.retry_after = fault.retry_after;
      if (fault.migrate_to_chat_id !== undefined) parameters.migrate_to_chat_id = fault.migrate_to_chat_id;
      const body: Record<string, unknown> = { ok: false, error_code: fault.error_code, description: fault.description };
      if (Object.keys(parameters).length > 0) body.parameters = parameters;
      return finish(method, fault.error_code, body);
    }

    let status: number;
    let body: unknown;
    try {
      const result = await fn(this.env, params, abort.signal);
      status = 200;
      body = { ok: true, result };
    } catch (err) {
      if (err instanceof ApiError) {
        status = err.status;
        body = err.toJSON();
      } else {
        status = 500;
        const message = err instanceof Error ? err.message : String(err);
        body = { ok: false, error_code: 500, description: `Internal Server Error: ${message}` };
      }
    }
    if (fault === 'drop-after' || abort.signal.aborted) {
      res.destroy();
      this.record({ method, params: describeParams(params), at, status: 0 });
      return;
    }
    finish(method, status, body);
  }

  // ================================================================== world

  addUser(u: {
    id: number;
    first_name: string;
    last_name?: string;
    username?: string;
    language_code?: string;
    startedBot?: boolean;
    role?: string;
  }): FakeUserRecord {
    return this.world.addUser(u);
  }

  /** Adds a group or supergroup (the bot starts as a member) or a private chat. */
  addChat(c: { id: number; type: ChatType; title?: string; is_forum?: boolean; username?: string }): FakeChatRecord {
    return this.world.addChat(c);
  }

  /** Sets a user's (or, with the bot's id, the bot's) status in a chat. */
  setMember(chatId: number, userId: number, status: MemberStatus): void {
    const chat = this.driverChat(chatId);
    if (userId === this.botInfo.id) chat.botStatus = status;
    else chat.members.set(userId, status);
  }

  /** The user blocks the bot: enqueues my_chat_member (member -> kicked); later private sends answer 403. */
  blockBot(userId: number): Update {
    const user = this.driverUser(userId);
    user.blockedBot = true;
    return this.privateMemberUpdate(user, 'member', 'kicked');
  }

  /** The user unblocks the bot: enqueues my_chat_member (kicked -> member). */
  unblockBot(userId: number): Update {
    const user = this.driverUser(userId);
    user.blockedBot = false;
    user.startedBot = true;
    return this.privateMemberUpdate(user, 'kicked', 'member');
  }

  private privateMemberUpdate(user: FakeUserRecord, from: MemberStatus, to: MemberStatus): Update {
    return this.chatMemberUpdate(this.driverChat(user.id), user, from, to);
  }

  private driverUser(id: number): FakeUserRecord {
    const user = this.world.users.get(id);
    if (!user) throw new Error(`FakeTelegram: unknown user ${id}; call addUser({ id: ${id}, first_name }) first`);
    return user;
  }

  private driverChat(id: number): FakeChatRecord {
    const chat = this.world.chat(id);
    if (!chat) throw new Error(`FakeTelegram: unknown chat ${id}; call addChat({ id: ${id}, type }) first`);
    return chat;
  }

  /** The chat a user writes into: must exist, not be migrated, and (private) belong to that user. */
  private writableChat(chatId: number, user: FakeUserRecord): FakeChatRecord {
    const chat = this.driverChat(chatId);
    if (chat.type === 'private' && chat.id !== user.id) {
      throw new Error(`FakeTelegram: user ${user.id} cannot write into the private chat of user ${chat.id}`);
    }
    if (chat.migratedTo !== undefined) {
      throw new Error(`FakeTelegram: chat ${chatId} was migrated to supergroup ${chat.migratedTo}`);
    }
    return chat;
  }

  // ================================================================== driver

  private userMessage(chat: FakeChatRecord, user: FakeUserRecord, extra: SendTextExtra = {}): TgMessage {
    const msg: TgMessage = {
      message_id: this.world.allocMessageId(chat.id),
      date: this.world.date(),
      chat: this.world.chatObj(chat),
    };
    if (extra.sender_chat) {
      msg.from = { ...ANONYMOUS_ADMIN };
      msg.sender_chat = { ...extra.sender_chat };
    } else {
      msg.from = this.world.userObj(user);
    }
    // key order like Telegram's: message_id, from, sender_chat, chat, date
    const { chat: c, date } = msg;
    delete (msg as Partial<TgMessage>).chat;
    delete (msg as Partial<TgMessage>).date;
    msg.chat = c;
    msg.date = date;
    let thread = extra.message_thread_id;
    if (extra.reply_to_message_id !== undefined) {
      const target = this.world.findMessage(chat.id, extra.reply_to_message_id);
      if (!target) {
        throw new Error(
          `FakeTelegram: message ${extra.reply_to_message_id} to reply to does not exist in chat ${chat.id}`,
        );
      }
      if (thread === undefined) thread = target.msg.message_thread_id;
      msg.reply_to_message = this.world.replySnapshot(target);
    }
    if (thread !== undefined) {
      msg.message_thread_id = thread;
      if (chat.is_forum) msg.is_topic_message = true;
    }
    return msg;
  }

  private deliverUserMessage(chat: FakeChatRecord, user: FakeUserRecord, msg: TgMessage): Update {
    if (chat.type === 'private') {
      user.startedBot = true;
      user.blockedBot = false;
    } else if (!chat.members.has(user.id)) {
      chat.members.set(user.id, 'member');
    }
    this.world.storeMessage(chat.id, msg, false, msg.from?.id ?? user.id);
    return this.updates.enqueue({ message: clone(msg) });
  }

  /** A user sends a text message; /commands get bot_command entities. */
  sendText(chatId: number, fromUserId: number, text: string, extra?: SendTextExtra): Update {
    const user = this.driverUser(fromUserId);
    const chat = this.writableChat(chatId, user);
    const msg = this.userMessage(chat, user, extra);
    msg.text = text;
    const entities = commandEntities(text);
    if (entities.length > 0) msg.entities = entities;
    return this.deliverUserMessage(chat, user, msg);
  }

  /** A user sends any other message: `fields` are merged into the message (sticker, photo, new_chat_members, ...). */
  sendMessageUpdate(chatId: number, fromUserId: number, fields: Record<string, unknown>): Update {
    const user = this.driverUser(fromUserId);
    const chat = this.writableChat(chatId, user);
    const extra: SendTextExtra = {};
    if (typeof fields.message_thread_id === 'number') extra.message_thread_id = fields.message_thread_id;
    if (typeof fields.reply_to_message_id === 'number') extra.reply_to_message_id = fields.reply_to_message_id;
    const msg = this.userMessage(chat, user, extra);
    const { reply_to_message_id: _ignored, ...rest } = fields;
    Object.assign(msg, clone(rest));
    const joined = fields.new_chat_members;
    if (Array.isArray(joined)) {
      for (const member of joined as Array<{ id?: unknown }>) {
        if (typeof member.id !== 'number') continue;
        if (member.id === this.botInfo.id) chat.botStatus = 'member';
        else chat.members.set(member.id, 'member');
      }
    }
    const left = fields.left_chat_member as { id?: unknown } | undefined;
    if (left && typeof left.id === 'number') {
      if (left.id === this.botInfo.id) chat.botStatus = 'left';
      else chat.members.set(left.id, 'left');
    }
    return this.deliverUserMessage(chat, user, msg);
  }

  /** A user edits their own text message: enqueues edited_message. */
  editText(chatId: number, messageId: number, fromUserId: number, newText: string): Update {
    const user = this.driverUser(fromUserId);
    const stored = this.world.findMessage(chatId, messageId);
    if (!stored || stored.fromBot || stored.fromId !== user.id) {
      throw new Error(`FakeTelegram: user ${fromUserId} has no message ${messageId} in chat ${chatId} to edit`);
    }
    const msg = stored.msg;
    msg.text = newText;
    const entities = commandEntities(newText);
    if (entities.length > 0) msg.entities = entities;
    else delete msg.entities;
    msg.edit_date = this.world.date();
    stored.edited = true;
    this.world.changed(stored);
    return this.updates.enqueue({ edited_message: clone(msg) });
  }

  /** A user presses an inline button, found by its text (exact, else substring), or sends forged `{ data }`. */
  pressButton(chatId: number, messageId: number, fromUserId: number, button: string | { data: string }): Update {
    const user = this.driverUser(fromUserId);
    this.driverChat(chatId);
    const stored =
      typeof button === 'string'
        ? this.world.findMessage(chatId, messageId)
        : this.world.findAnyMessage(chatId, messageId);
    if (!stored) throw new Error(`FakeTelegram: pressButton: no message ${messageId} in chat ${chatId}`);
    let data: string;
    if (typeof button === 'string') {
      const buttons: InlineButton[] = (stored.msg.reply_markup?.inline_keyboard ?? []).flat();
      const found = buttons.find((b) => b.text === button) ?? buttons.find((b) => b.text.includes(button));
      if (!found) {
        const texts = buttons.map((b) => JSON.stringify(b.text)).join(', ');
        throw new Error(
          `FakeTelegram: pressButton: message ${messageId} in chat ${chatId} has no button ${JSON.stringify(button)}; its buttons are: ${texts || '(none)'}`,
        );
      }
      if (found.callback_data === undefined) {
        throw new Error(`FakeTelegram: pressButton: button ${JSON.stringify(found.text)} has no callback_data`);
      }
      data = found.callback_data;
    } else {
      data = button.data;
    }
    const query = this.world.newCallbackQuery(chatId, messageId, user.id);
    return this.updates.enqueue({
      callback_query: {
        id: query.id,
        from: this.world.userObj(user),
        message: clone(stored.msg),
        chat_instance: String(8_000_000_000_000_000_000n + BigInt(chatId)),
        data,
      },
    });
  }

  /** A user adds the bot to a group: enqueues my_chat_member (left -> member or administrator). */
  addBotToGroup(chatId: number, byUserId: number, status: 'member' | 'administrator' = 'member'): Update {
    const user = this.driverUser(byUserId);
    const chat = this.writableChat(chatId, user);
    if (chat.type === 'private') throw new Error(`FakeTelegram: chat ${chatId} is private`);
    const old: MemberStatus = chat.botStatus === 'kicked' ? 'kicked' : 'left';
    chat.botStatus = status;
    if (!chat.members.has(user.id)) chat.members.set(user.id, 'member');
    return this.chatMemberUpdate(chat, user, old, status);
  }

  /** A user removes the bot from a group: enqueues my_chat_member (-> kicked); later sends answer 403. */
  removeBotFromGroup(chatId: number, byUserId: number): Update {
    const user = this.driverUser(byUserId);
    const chat = this.writableChat(chatId, user);
    if (chat.type === 'private') throw new Error(`FakeTelegram: chat ${chatId} is private`);
    const old = chat.botStatus;
    chat.botStatus = 'kicked';
    return this.chatMemberUpdate(chat, user, old, 'kicked');
  }

  private chatMemberUpdate(chat: FakeChatRecord, user: FakeUserRecord, from: MemberStatus, to: MemberStatus): Update {
    return this.updates.enqueue({
      my_chat_member: {
        chat: this.world.chatObj(chat),
        from: this.world.userObj(user),
        date: this.world.date(),
        old_chat_member: memberObj(this.env, this.botInfo.id, from),
        new_chat_member: memberObj(this.env, this.botInfo.id, to),
      },
    });
  }

  /**
   * A group becomes a supergroup: a message with migrate_to_chat_id in the old group, then one with
   * migrate_from_chat_id in the new supergroup. Members and the bot's status carry over; later bot calls
   * to the old id answer 400 with parameters.migrate_to_chat_id.
   */
  migrateToSupergroup(chatId: number, newChatId: number, byUserId: number): Update[] {
    const user = this.driverUser(byUserId);
    const old = this.writableChat(chatId, user);
    if (old.type !== 'group')
      throw new Error(`FakeTelegram: only a 'group' can migrate; chat ${chatId} is a ${old.type}`);
    if (this.world.chats.has(newChatId)) throw new Error(`FakeTelegram: chat ${newChatId} already exists`);
    const created: { id: number; type: ChatType; title?: string } = { id: newChatId, type: 'supergroup' };
    if (old.title !== undefined) created.title = old.title;
    const fresh = this.world.addChat(created);
    fresh.members = new Map(old.members);
    fresh.botStatus = old.botStatus;
    old.migratedTo = newChatId;

    const first: TgMessage = {
      message_id: this.world.allocMessageId(old.id),
      from: this.world.userObj(user),
      chat: this.world.chatObj(old),
      date: this.world.date(),
      migrate_to_chat_id: newChatId,
    };
    this.world.storeMessage(old.id, first, false, user.id);
    const u1 = this.updates.enqueue({ message: clone(first) });
    const freshChat = this.world.chatObj(fresh);
    const second: TgMessage = {
      message_id: this.world.allocMessageId(fresh.id),
      from: { ...ANONYMOUS_ADMIN },
      sender_chat: { ...freshChat },
      chat: freshChat,
      date: this.world.date(),
      migrate_from_chat_id: old.id,
    };
    this.world.storeMessage(fresh.id, second, false, ANONYMOUS_ADMIN.id);
    const u2 = this.updates.enqueue({ message: clone(second) });
    return [u1, u2];
  }

  /** Enqueues a raw update; update_id is assigned when missing. The world is not changed. */
  injectUpdate(update: Record<string, unknown>): Update {
    return this.updates.enqueue(clone(update));
  }

  // ================================================================== reading

  /** The chat as it is now: edits applied, deleted messages removed, in send order. */
  messages(chatId: number, opts: { threadId?: number } = {}): ChatMessage[] {
    return this.world
      .liveMessages(chatId)
      .filter((m) => opts.threadId === undefined || m.msg.message_thread_id === opts.threadId)
      .map((m) => this.world.view(m));
  }

  botMessages(chatId: number): ChatMessage[] {
    return this.messages(chatId).filter((m) => m.from_bot);
  }

  lastBotMessage(chatId: number): ChatMessage | undefined {
    return this.botMessages(chatId).at(-1);
  }

  /** Pinned message ids, oldest pin first. */
  pinned(chatId: number): number[] {
    return [...(this.world.pins.get(chatId) ?? [])];
  }

  /** Documents in the chat now, with their bytes. */
  documents(chatId: number): DocumentRecord[] {
    const out: DocumentRecord[] = [];
    for (const m of this.world.liveMessages(chatId)) {
      const doc = m.msg.document;
      if (!doc) continue;
      const file = this.world.files.get(doc.file_id);
      const rec: DocumentRecord = {
        messageId: m.messageId,
        filename: doc.file_name ?? '',
        content: Buffer.from(file?.content ?? Buffer.alloc(0)),
      };
      if (doc.mime_type !== undefined) rec.mimeType = doc.mime_type;
      if (m.msg.caption !== undefined) rec.caption = m.msg.caption;
      out.push(rec);
    }
    return out;
  }

  /** What setMyCommands stored for exactly this scope and language ([] if nothing). */
  myCommands(scope?: BotCommandScope, language_code?: string): BotCommand[] {
    return clone(this.world.commands.get(commandsKey(this.world, scope, language_code ?? '')) ?? []);
  }

  /** Updates enqueued but not yet confirmed by getUpdates. */
  pendingUpdateCount(): number {
    return this.updates.count();
  }

  /** Whether the world knows this user; the record (live, mutable). */
  user(id: number): FakeUserRecord | undefined {
    return this.world.users.get(id);
  }

  /** The chat record (live, mutable), if any. */
  chat(id: number): FakeChatRecord | undefined {
    return this.world.chats.get(id);
  }

  /** Listens to what happens (for the browser sandbox); returns an unsubscribe function. */
  subscribe(listener: (e: SandboxEvent) => void): () => void {
    const onMessage = (s: StoredMessage): void =>
      listener({ kind: 'message', message: this.world.view(s), deleted: s.deleted });
    const onUpdate = (u: Update): void => listener({ kind: 'update', update: clone(u) });
    const onCall = (c: CallRecord): void => listener({ kind: 'call', call: c });
    this.world.events.on('message', onMessage);
    this.world.events.on('update', onUpdate);
    this.world.events.on('call', onCall);
    return () => {
      this.world.events.off('message', onMessage);
      this.world.events.off('update', onUpdate);
      this.world.events.off('call', onCall);
    };
  }

  // ================================================================== waiting

  /**
   * Resolves with the first defined result of `check`: now, or after one of `events` (check receives the
   * event's payload, so it can look at just what changed). Rejects after timeoutMs or on close().
   */
  private waitFor<T>(
    events: string[],
    check: (payload?: unknown) => T | undefined,
    timeoutMs: number,
    describe: () => string,
  ): Promise<T> {
    const first = check();
    if (first !== undefined) return Promise.resolve(first);
    if (this.closed) return Promise.reject(new Error(`FakeTelegram is closed; ${describe()}`));
    return new Promise<T>((resolve, reject) => {
      const emitter = this.world.events;
      const cleanup = (): void => {
        clearTimeout(timer);
        for (const e of events) emitter.off(e, onEvent);
        emitter.off('close', onClose);
      };
      const onEvent = (payload?: unknown): void => {
        const v = check(payload);
        if (v !== undefined) {
          cleanup();
          resolve(v);
        }
      };
      const onClose = (): void => {
        cleanup();
        reject(new Error(`FakeTelegram was closed while waiting; ${describe()}`));
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out after ${timeoutMs} ms: ${describe()}`));
      }, timeoutMs);
      for (const e of events) emitter.on(e, onEvent);
      emitter.once('close', onClose);
    });
  }

  private chatDump(chatId: number): string {
    const msgs = this.messages(chatId);
    const shown = msgs.slice(-20).map((m) => describeMessage(m));
    const failed = this.calls
      .filter((c) => c.status !== 200)
      .slice(-5)
      .map(describeCall);
    return [
      `chat ${chatId} holds ${msgs.length} message(s)${msgs.length > 20 ? ' (last 20 shown)' : ''}:`,
      ...(shown.length > 0 ? shown : ['  (none)']),
      ...(failed.length > 0 ? ['recent failed API calls:', ...failed] : []),
    ].join('\n');
  }

  /**
   * Resolves with the first bot message in the chat (already there, newly sent, or edited into a matching
   * state) for which `predicate` holds. A predicate that throws counts as not matching.
   */
  waitForBotMessage(
    chatId: number,
    predicate: (m: ChatMessage) => boolean = () => true,
    timeoutMs: number = DEFAULT_TIMEOUT_MS,
  ): Promise<ChatMessage> {
    const matches = (m: ChatMessage): boolean => {
      try {
        return predicate(m);
      } catch {
        return false;
      }
    };
    return this.waitFor(
      ['message'],
      (payload) => {
        if (payload === undefined) return this.botMessages(chatId).find(matches);
        // after the first scan only the message that just changed can start matching
        const s = payload as StoredMessage;
        if (s.chatId !== chatId || !s.fromBot || s.deleted) return undefined;
        const view = this.world.view(s);
        return matches(view) ? view : undefined;
      },
      timeoutMs,
      () =>
        `waitForBotMessage(${chatId}, ${predicate.toString().slice(0, 200)}) found no matching bot message; ${this.chatDump(chatId)}`,
    );
  }

  /** Resolves with the first answered API call (from `fromIndex` in `calls`, default 0) matching the predicate. */
  waitForCall(
    predicate: (c: CallRecord) => boolean,
    timeoutMs: number = DEFAULT_TIMEOUT_MS,
    fromIndex = 0,
  ): Promise<CallRecord> {
    return this.waitFor(
      ['call'],
      () => this.calls.slice(fromIndex).find(predicate),
      timeoutMs,
      () =>
        `waitForCall(${predicate.toString().slice(0, 200)}) saw no matching call; last calls:\n${
          this.calls.slice(-10).map(describeCall).join('\n') || '  (none)'
        }`,
    );
  }

  /** Resolves once getUpdates was called with an offset above updateId (the update is confirmed). */
  waitForConfirmed(updateId: number, timeoutMs: number = DEFAULT_TIMEOUT_MS): Promise<void> {
    return this.waitFor(
      ['confirmed'],
      () => (this.updates.confirmedOffset > updateId ? true : undefined),
      timeoutMs,
      () =>
        `update ${updateId} was not confirmed: highest offset seen ${this.updates.confirmedOffset}, ${this.updates.count()} update(s) pending, ${
          this.updates.polling ? 'a getUpdates request is being held' : 'no getUpdates request is being held'
        }`,
    ).then(() => undefined);
  }

  /** Resolves with the answer to a callback query. */
  waitForAnswer(callbackQueryId: string, timeoutMs: number = DEFAULT_TIMEOUT_MS): Promise<CallbackAnswer> {
    return this.waitFor(
      ['answer'],
      () => this.world.callbackAnswers.find((a) => a.callback_query_id === callbackQueryId),
      timeoutMs,
      () => `callback query ${callbackQueryId} was not answered; answers so far: ${this.world.callbackAnswers.length}`,
    );
  }

  /** Resolves once a getUpdates request is being held (the bot is idle and polling). */
  waitForPolling(timeoutMs: number = DEFAULT_TIMEOUT_MS): Promise<void> {
    return this.waitFor(
      ['held'],
      () => (this.updates.polling ? true : undefined),
      timeoutMs,
      () => `no getUpdates request was held; ${this.updates.count()} update(s) pending`,
    ).then(() => undefined);
  }

  // ================================================================== faults

  /**
   * The next `count` calls of `method` fail: with an error answer (not performed), 'drop' (socket destroyed,
   * not performed) or 'drop-after' (performed, then the socket destroyed: the ambiguous case); or, with
   * 'hold', wait unanswered until `releaseHeldCalls()` and are then performed.
   */
  failNext(method: string, count: number, failure: FailureSpec): void {
    if (!Number.isInteger(count) || count < 1)
      throw new Error('FakeTelegram: failNext count must be a positive integer');
    const key = method.toLowerCase();
    const list = this.faults.get(key) ?? [];
    list.push({ remaining: count, failure: typeof failure === 'string' ? failure : { ...failure } });
    this.faults.set(key, list);
  }

  /** Resolves once `count` calls are being held by a 'hold' fault. */
  waitForHeldCalls(count: number, timeoutMs: number = DEFAULT_TIMEOUT_MS): Promise<void> {
    return this.waitFor(
      ['call-held'],
      () => (this.heldCalls.length >= count ? true : undefined),
      timeoutMs,
      () => `${this.heldCalls.length} of ${count} calls held`,
    ).then(() => undefined);
  }

  /** Lets every held call go on (performed and answered). Returns how many there were. */
  releaseHeldCalls(): number {
    const held = this.heldCalls.splice(0);
    for (const release of held) release();
    return held.length;
  }

  setRateLimits(limits: FakeTelegramOptions['rateLimits']): void {
    this.limiter.configure(limits);
  }
}

export async function startFakeTelegram(opts?: FakeTelegramOptions): Promise<FakeTelegram> {
  return new FakeTelegram(opts).listen();
}

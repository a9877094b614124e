// The state of the local Bot API: users, chats, members, messages, files, callback queries, commands.
import { EventEmitter } from 'node:events';
import { badRequest, forbidden } from './errors.ts';
import type {
  BotCommand,
  CallbackAnswer,
  ChatMessage,
  ChatType,
  FakeChatRecord,
  FakeUserRecord,
  MemberStatus,
  TgChat,
  TgMessage,
  TgUser,
  UserFromGetMe,
} from './types.ts';

/** The user Telegram shows as `from` of messages sent on behalf of a chat (anonymous admins). */
export const ANONYMOUS_ADMIN: TgUser = {
  id: 1087968824,
  is_bot: true,
  first_name: 'Group',
  username: 'GroupAnonymousBot',
};

export interface StoredMessage {
  /** Global send order over all chats. */
  seq: number;
  chatId: number;
  messageId: number;
  fromBot: boolean;
  fromId?: number;
  deleted: boolean;
  edited: boolean;
  /** The message as it is now. */
  msg: TgMessage;
}

export interface StoredFile {
  file_id: string;
  file_unique_id: string;
  filename: string;
  mimeType: string;
  content: Buffer;
  path: string;
}

export interface CallbackQueryRecord {
  id: string;
  chatId: number;
  messageId: number;
  fromId: number;
  answered: boolean;
}

export const clone = <T>(v: T): T => structuredClone(v);

const MIME_BY_EXT: Record<string, string> = {
  csv: 'text/csv',
  txt: 'text/plain',
  json: 'application/json',
  pdf: 'application/pdf',
  html: 'text/html',
  md: 'text/markdown',
  xml: 'application/xml',
  zip: 'application/zip',
  gz: 'application/gzip',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  ics: 'text/calendar',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  sqlite: 'application/vnd.sqlite3',
  db: 'application/octet-stream',
};

export function mimeFor(filename: string): string {
  const ext = /\.([A-Za-z0-9]+)$/.exec(filename)?.[1]?.toLowerCase() ?? '';
  return MIME_BY_EXT[ext] ?? 'application/octet-stream';
}

export class World {
  readonly events = new EventEmitter();
  readonly users = new Map<number, FakeUserRecord>();
  readonly chats = new Map<number, FakeChatRecord>();
  private readonly chatMessages = new Map<number, StoredMessage[]>();
  private readonly messageIndex = new Map<number, Map<number, StoredMessage>>();
  private readonly nextMessageId = new Map<number, number>();
  readonly pins = new Map<number, number[]>();
  readonly files = new Map<string, StoredFile>();
  readonly callbackQueries = new Map<string, CallbackQueryRecord>();
  readonly callbackAnswers: CallbackAnswer[] = [];
  readonly commands = new Map<string, BotCommand[]>();
  readonly botSettings = new Map<string, unknown>();
  private seq = 0;
  private fileCounter = 0;
  private queryCounter = 0;

  constructor(
    readonly botInfo: UserFromGetMe,
    readonly now: () => number,
  ) {
    this.events.setMaxListeners(0);
  }

  /** Unix time in seconds. */
  date(): number {
    return Math.floor(this.now() / 1000);
  }

  botUser(): TgUser {
    return {
      id: this.botInfo.id,
      is_bot: true,
      first_name: this.botInfo.first_name,
      username: this.botInfo.username,
    };
  }

  userObj(u: FakeUserRecord): TgUser {
    const o: TgUser = { id: u.id, is_bot: u.is_bot, first_name: u.first_name };
    if (u.last_name !== undefined) o.last_name = u.last_name;
    if (u.username !== undefined) o.username = u.username;
    if (u.language_code !== undefined) o.language_code = u.language_code;
    return o;
  }

  /** The user object for an id: the bot, a known user, or a placeholder. */
  userObjById(id: number): TgUser {
    if (id === this.botInfo.id) return this.botUser();
    const u = this.users.get(id);
    return u ? this.userObj(u) : { id, is_bot: false, first_name: `User ${id}` };
  }

  chatObj(c: FakeChatRecord): TgChat {
    if (c.type === 'private') {
      const u = this.users.get(c.id);
      const o: TgChat = { id: c.id, type: 'private', first_name: u?.first_name ?? `User ${c.id}` };
      if (u?.last_name !== undefined) o.last_name = u.last_name;
      if (u?.username !== undefined) o.username = u.username;
      return o;
    }
    const o: TgChat = { id: c.id, type: c.type, title: c.title ?? `Chat ${c.id}` };
    if (c.username !== undefined) o.username = c.username;
    if (c.is_forum) o.is_forum = true;
    return o;
  }

  addUser(
    u: Omit<FakeUserRecord, 'is_bot' | 'startedBot' | 'blockedBot'> & { is_bot?: boolean; startedBot?: boolean },
  ): FakeUserRecord {
    const rec: FakeUserRecord = {
      id: u.id,
      first_name: u.first_name,
      is_bot: u.is_bot ?? false,
      startedBot: u.startedBot ?? false,
      blockedBot: false,
    };
    if (u.last_name !== undefined) rec.last_name = u.last_name;
    if (u.username !== undefined) rec.username = u.username;
    if (u.language_code !== undefined) rec.language_code = u.language_code;
    if (u.role !== undefined) rec.role = u.role;
    this.users.set(rec.id, rec);
    return rec;
  }

  addChat(c: { id: number; type: ChatType; title?: string; is_forum?: boolean; username?: string }): FakeChatRecord {
    const rec: FakeChatRecord = { id: c.id, type: c.type, members: new Map(), botStatus: 'member' };
    if (c.title !== undefined) rec.title = c.title;
    if (c.is_forum !== undefined) rec.is_forum = c.is_forum;
    if (c.username !== undefined) rec.username = c.username;
    this.chats.set(rec.id, rec);
    return rec;
  }

  /** A chat by id; private chats come into being for known users. */
  chat(id: number): FakeChatRecord | undefined {
    const existing = this.chats.get(id);
    if (existing) return existing;
    const user = this.users.get(id);
    if (!user) return undefined;
    const rec = this.addChat({ id, type: 'private' });
    rec.members.set(id, 'member');
    return rec;
  }

  chatByUsername(username: string): FakeChatRecord | undefined {
    const name = username.replace(/^@/, '').toLowerCase();
    for (const c of this.chats.values()) if (c.username?.toLowerCase() === name) return c;
    for (const u of this.users.values()) if (u.username?.toLowerCase() === name) return this.chat(u.id);
    return undefined;
  }

  // ------------------------------------------------------------ bot-side chat resolution

  /** Resolves a chat_id parameter or answers like Telegram for missing / unknown chats. */
  resolveChat(chatId: unknown): FakeChatRecord {
    if (chatId === undefined || chatId === null || chatId === '') throw badRequest('chat_id is empty');
    let chat: FakeChatRecord | undefined;
    if (typeof chatId === 'string' && chatId.startsWith('@')) chat = this.chatByUsername(chatId);
    else if (typeof chatId === 'number' || (typeof chatId === 'string' && /^-?\d+$/.test(chatId))) {
      chat = this.chat(Number(chatId));
    }
    if (!chat) throw badRequest('chat not found');
    return chat;
  }

  private kindWord(chat: FakeChatRecord): string {
    return chat.type === 'supergroup' ? 'supergroup chat' : 'group chat';
  }

  /** Checks the bot can see the chat at all (reading methods). */
  requireAccess(chat: FakeChatRecord): void {
    if (chat.type === 'private') return;
    if (chat.migratedTo !== undefined) {
      throw badRequest('group chat was upgraded to a supergroup chat', { migrate_to_chat_id: chat.migratedTo });
    }
    if (chat.botStatus === 'kicked') throw forbidden(`bot was kicked from the ${this.kindWord(chat)}`);
    if (chat.botStatus === 'left') throw forbidden(`bot is not a member of the ${this.kindWord(chat)}`);
  }

  /** Checks the bot may post into the chat. */
  requireSendable(chat: FakeChatRecord): void {
    if (chat.type === 'private') {
      const user = this.users.get(chat.id);
      if (!user) throw badRequest('chat not found');
      if (user.is_bot) throw forbidden("bot can't send messages to bots");
      if (user.blockedBot) throw forbidden('bot was blocked by the user');
      if (!user.startedBot) throw forbidden("bot can't initiate conversation with a user");
      return;
    }
    this.requireAccess(chat);
    if (chat.botStatus === 'restricted') throw badRequest('not enough rights to send text messages to the chat');
  }

  isBotAdmin(chat: FakeChatRecord): boolean {
    return chat.type === 'private' || chat.botStatus === 'administrator' || chat.botStatus === 'creator';
  }

  memberStatus(chat: FakeChatRecord, userId: number): MemberStatus {
    if (userId === this.botInfo.id) return chat.botStatus;
    if (chat.type === 'private') return chat.id === userId ? 'member' : 'left';
    return chat.members.get(userId) ?? 'left';
  }

  // ------------------------------------------------------------ messages

  allocMessageId(chatId: number): number {
    const id = this.nextMessageId.get(chatId) ?? 1;
    this.nextMessageId.set(chatId, id + 1);
    return id;
  }

  storeMessage(chatId: number, msg: TgMessage, fromBot: boolean, fromId?: number): StoredMessage {
    const stored: StoredMessage = {
      seq: ++this.seq,
      chatId,
      messageId: msg.message_id,
      fromBot,
      deleted: false,
      edited: false,
      msg,
    };
    if (fromId !== undefined) stored.fromId = fromId;
    const list = this.chatMessages.get(chatId) ?? [];
    list.push(stored);
    this.chatMessages.set(chatId, list);
    const index = this.messageIndex.get(chatId) ?? new Map<number, StoredMessage>();
    index.set(stored.messageId, stored);
    this.messageIndex.set(chatId, index);
    this.changed(stored);
    return stored;
  }

  /** Notifies waiters that a message was sent, edited or deleted. */
  changed(stored: StoredMessage): void {
    this.events.emit('message', stored);
  }

  /** A message that exists now (not deleted). */
  findMessage(chatId: number, messageId: number): StoredMessage | undefined {
    const m = this.messageIndex.get(chatId)?.get(messageId);
    return m && !m.deleted ? m : undefined;
  }

  /** Any message ever stored, deleted or not. */
  findAnyMessage(chatId: number, messageId: number): StoredMessage | undefined {
    return this.messageIndex.get(chatId)?.get(messageId);
  }

  liveMessages(chatId: number): StoredMessage[] {
    return (this.chatMessages.get(chatId) ?? []).filter((m) => !m.deleted);
  }

  /** The public view of a stored message (copies, safe to keep). */
  view(stored: StoredMessage): ChatMessage {
    const m = stored.msg;
    const v: ChatMessage = {
      message_id: m.message_id,
      chat_id: stored.chatId,
      from_bot: stored.fromBot,
      edited: stored.edited,
      date: m.date,
      raw: clone(m),
    };
    if (stored.fromId !== undefined) v.from_id = stored.fromId;
    if (m.text !== undefined) v.text = m.text;
    if (m.caption !== undefined) v.caption = m.caption;
    if (m.entities !== undefined) v.entities = clone(m.entities);
    if (m.caption_entities !== undefined) v.caption_entities = clone(m.caption_entities);
    if (m.reply_markup !== undefined) v.reply_markup = clone(m.reply_markup);
    if (m.message_thread_id !== undefined) v.message_thread_id = m.message_thread_id;
    if (m.reply_to_message !== undefined) v.reply_to_message_id = m.reply_to_message.message_id;
    if (m.edit_date !== undefined) v.edit_date = m.edit_date;
    if (m.document !== undefined) v.document = clone(m.document);
    return v;
  }

  /** The message object to embed as reply_to_message (without its own nested reply). */
  replySnapshot(stored: StoredMessage): TgMessage {
    const copy = clone(stored.msg);
    delete copy.reply_to_message;
    return copy;
  }

  // ------------------------------------------------------------ files and queries

  storeFile(filename: string, content: Buffer, mimeType?: string): StoredFile {
    const n = ++this.fileCounter;
    const file: StoredFile = {
      file_id: `BQACAgIAAxkBAAI${String(n).padStart(6, '0')}fake${this.botInfo.id}`,
      file_unique_id: `AgAD${String(n).padStart(6, '0')}`,
      filename,
      mimeType: mimeType ?? mimeFor(filename),
      content,
      path: `documents/file_${n}${/\.[A-Za-z0-9]+$/.exec(filename)?.[0] ?? ''}`,
    };
    this.files.set(file.file_id, file);
    return file;
  }

  newCallbackQuery(chatId: number, messageId: number, fromId: number): CallbackQueryRecord {
    const n = ++this.queryCounter;
    const rec: CallbackQueryRecord = {
      id: `${this.botInfo.id}${String(n).padStart(9, '0')}`,
      chatId,
      messageId,
      fromId,
      answered: false,
    };
    this.callbackQueries.set(rec.id, rec);
    return rec;
  }

  recordAnswer(a: CallbackAnswer): void {
    this.callbackAnswers.push(a);
    this.events.emit('answer', a);
  }
}

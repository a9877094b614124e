// Bot API method implementations answering like Telegram.
import { ApiError, badRequest, NOT_MODIFIED, QUERY_TOO_OLD } from './errors.ts';
import { isUpload, type Params } from './http-body.ts';
import type { RateLimiter } from './rate-limit.ts';
import { byteLength, formatText, type ParsedText, ParseError } from './text.ts';
import type { BotCommand, FakeChatRecord, InlineButton, InlineMarkup, MemberStatus, TgMessage } from './types.ts';
import type { UpdateQueue } from './updates.ts';
import { clone, mimeFor, type StoredFile, type StoredMessage, type World } from './world.ts';

export interface MethodEnv {
  world: World;
  updates: UpdateQueue;
  limiter: RateLimiter;
}

export type MethodFn = (env: MethodEnv, p: Params, signal: AbortSignal) => unknown;

export const MAX_TEXT = 4096;
export const MAX_CAPTION = 1024;
export const MAX_CALLBACK_ANSWER = 200;

// ------------------------------------------------------------------ parameter helpers

function int(p: Params, name: string): number | undefined {
  const v = p[name];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return Number(v.trim());
  throw badRequest(`invalid ${name} specified`);
}

function str(p: Params, name: string): string | undefined {
  const v = p[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw badRequest(`field "${name}" must be of type String`);
}

function bool(p: Params, name: string): boolean {
  const v = p[name];
  return v === true || v === 'true' || v === 1;
}

function requireMessageId(p: Params): number {
  const id = int(p, 'message_id');
  if (id === undefined) throw badRequest('message identifier is not specified');
  return id;
}

/** JSON with sorted keys, for "is it the same" comparisons. */
function canon(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canon).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canon(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

function parseFormatted(raw: string, parseMode: unknown, entities: unknown): ParsedText {
  try {
    return formatText(raw, parseMode, entities);
  } catch (err) {
    if (err instanceof ParseError) {
      if (err.message === 'Unsupported parse_mode') throw badRequest('unsupported parse_mode');
      throw badRequest(`can't parse entities: ${err.message}`);
    }
    throw err;
  }
}

const BUTTON_ACTIONS = [
  'callback_data',
  'url',
  'login_url',
  'switch_inline_query',
  'switch_inline_query_current_chat',
  'switch_inline_query_chosen_chat',
  'callback_game',
  'pay',
  'web_app',
  'copy_text',
];

/** Validates reply_markup; returns the inline keyboard to show on the message, if any. */
export function validateMarkup(raw: unknown): InlineMarkup | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw badRequest("can't parse reply keyboard markup JSON object");
  const markup = raw as Record<string, unknown>;
  if (!('inline_keyboard' in markup)) {
    // reply keyboards, remove_keyboard and force_reply are accepted but not part of the message object
    if ('keyboard' in markup && !Array.isArray(markup.keyboard)) {
      throw badRequest('field "keyboard" of the ReplyKeyboardMarkup must be an Array');
    }
    return undefined;
  }
  const rows = markup.inline_keyboard;
  if (!Array.isArray(rows)) throw badRequest('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array');
  let count = 0;
  const out: InlineButton[][] = [];
  for (const row of rows) {
    if (!Array.isArray(row))
      throw badRequest("can't parse inline keyboard button: InlineKeyboardButton must be an Array");
    const outRow: InlineButton[] = [];
    for (const b of row) {
      if (typeof b !== 'object' || b === null) {
        throw badRequest("can't parse inline keyboard button: InlineKeyboardButton must be an Object");
      }
      const button = b as Record<string, unknown>;
      if (typeof button.text !== 'string') {
        throw badRequest('can\'t parse inline keyboard button: Field "text" must be of type String');
      }
      if (!BUTTON_ACTIONS.some((k) => button[k] !== undefined)) {
        throw badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
      }
      if (button.callback_data !== undefined) {
        const data = button.callback_data;
        if (typeof data !== 'string' || byteLength(data) < 1 || byteLength(data) > 64)
          throw badRequest('BUTTON_DATA_INVALID');
      }
      if (button.url !== undefined) {
        const url = button.url;
        if (typeof url !== 'string' || !/^(https?|tg):\/\/\S+$/i.test(url)) {
          throw badRequest(`inline keyboard button URL '${String(url)}' is invalid: Wrong HTTP URL`);
        }
      }
      if (button.text.trim() === '') throw badRequest('BUTTON_TEXT_EMPTY');
      count += 1;
      outRow.push(clone(button) as InlineButton);
    }
    if (outRow.length > 0) out.push(outRow);
  }
  if (count > 100) throw badRequest('REPLY_MARKUP_TOO_LONG');
  return out.length > 0 ? { inline_keyboard: out } : undefined;
}

// ------------------------------------------------------------------ sending

function rateLimit(env: MethodEnv, chat: FakeChatRecord): void {
  const wait = env.limiter.retryAfter(chat.id, chat.type, env.world.now());
  if (wait > 0) throw new ApiError(429, `Too Many Requests: retry after ${wait}`, { retry_after: wait });
}

/** Builds the common part of a message the bot sends: thread, reply, markup. */
function outgoing(env: MethodEnv, chat: FakeChatRecord, p: Params): TgMessage {
  const { world } = env;
  const msg: TgMessage = {
    message_id: 0,
    from: world.botUser(),
    chat: world.chatObj(chat),
    date: world.date(),
  };
  let thread = int(p, 'message_thread_id');
  const replyParams = p.reply_parameters;
  let replyId = int(p, 'reply_to_message_id');
  let allowWithout = bool(p, 'allow_sending_without_reply');
  if (replyParams !== undefined && replyParams !== null) {
    if (typeof replyParams !== 'object') throw badRequest("can't parse reply parameters JSON object");
    const rp = replyParams as Params;
    replyId = int(rp, 'message_id');
    allowWithout = bool(rp, 'allow_sending_without_reply');
  }
  if (replyId !== undefined) {
    const target = world.findMessage(chat.id, replyId);
    if (target) {
      msg.reply_to_message = world.replySnapshot(target);
      if (thread === undefined && target.msg.message_thread_id !== undefined) thread = target.msg.message_thread_id;
    } else if (!allowWithout) {
      throw badRequest('message to be replied not found');
    }
  }
  if (thread !== undefined) {
    if (chat.is_forum && thread !== 1) {
      const exists = world
        .liveMessages(chat.id)
        .some((m) => m.msg.message_thread_id === thread || m.messageId === thread);
      if (!exists) throw badRequest('message thread not found');
    }
    if (!(chat.is_forum && thread === 1)) {
      msg.message_thread_id = thread;
      if (chat.is_forum) msg.is_topic_message = true;
    }
  }
  const markup = validateMarkup(p.reply_markup);
  if (markup) msg.reply_markup = markup;
  return msg;
}

function deliver(env: MethodEnv, chat: FakeChatRecord, msg: TgMessage): TgMessage {
  const { world } = env;
  msg.message_id = world.allocMessageId(chat.id);
  // key order like Telegram's: reply_markup last
  const markup = msg.reply_markup;
  if (markup) {
    delete msg.reply_markup;
    msg.reply_markup = markup;
  }
  world.storeMessage(chat.id, msg, true, world.botInfo.id);
  env.limiter.record(chat.id, chat.type, world.now());
  return clone(msg);
}

function sendMessage(env: MethodEnv, p: Params): TgMessage {
  const chat = env.world.resolveChat(p.chat_id);
  env.world.requireSendable(chat);
  const raw = str(p, 'text') ?? '';
  const parsed = parseFormatted(raw, p.parse_mode, p.entities);
  if (parsed.text.length === 0) throw badRequest('message text is empty');
  if (parsed.text.length > MAX_TEXT) throw badRequest('message is too long');
  const msg = outgoing(env, chat, p);
  rateLimit(env, chat);
  msg.text = parsed.text;
  if (parsed.entities.length > 0) msg.entities = parsed.entities;
  if (p.link_preview_options !== undefined && typeof p.link_preview_options === 'object') {
    msg.link_preview_options = p.link_preview_options;
  }
  return deliver(env, chat, msg);
}

function resolveDocument(env: MethodEnv, value: unknown): StoredFile {
  const { world } = env;
  if (value === undefined || value === null || value === '') throw badRequest('there is no document in the request');
  if (isUpload(value)) {
    if (value.content.length === 0) throw badRequest('file must be non-empty');
    const filename = value.filename === '' ? 'document' : value.filename;
    let mime = mimeFor(filename);
    if (
      mime === 'application/octet-stream' &&
      value.contentType &&
      !value.contentType.startsWith('application/octet-stream')
    ) {
      mime = value.contentType;
    }
    return world.storeFile(filename, value.content, mime);
  }
  if (typeof value === 'string') {
    const known = world.files.get(value);
    if (known) return known;
    if (/^https?:\/\//i.test(value)) {
      const name = decodeURIComponent(new URL(value).pathname.split('/').pop() || 'document');
      return world.storeFile(name, Buffer.alloc(0));
    }
  }
  throw badRequest('wrong file identifier/HTTP URL specified');
}

function sendDocument(env: MethodEnv, p: Params): TgMessage {
  const chat = env.world.resolveChat(p.chat_id);
  env.world.requireSendable(chat);
  const file = resolveDocument(env, p.document);
  const caption = parseFormatted(str(p, 'caption') ?? '', p.parse_mode, p.caption_entities);
  if (caption.text.length > MAX_CAPTION) throw badRequest('message caption is too long');
  const msg = outgoing(env, chat, p);
  rateLimit(env, chat);
  msg.document = {
    file_name: file.filename,
    mime_type: file.mimeType,
    file_id: file.file_id,
    file_unique_id: file.file_unique_id,
    file_size: file.content.length,
  };
  if (caption.text !== '') msg.caption = caption.text;
  if (caption.entities.length > 0) msg.caption_entities = caption.entities;
  return deliver(env, chat, msg);
}

// ------------------------------------------------------------------ editing

function editable(env: MethodEnv, p: Params, what: string): { chat: FakeChatRecord; stored: StoredMessage } {
  if (p.inline_message_id !== undefined && p.chat_id === undefined) {
    throw badRequest(`message to ${what} not found`);
  }
  const chat = env.world.resolveChat(p.chat_id);
  env.world.requireSendable(chat);
  const id = requireMessageId(p);
  const stored = env.world.findMessage(chat.id, id);
  if (!stored) throw badRequest(`message to ${what} not found`);
  if (!stored.fromBot) throw badRequest("message can't be edited");
  return { chat, stored };
}

function applyEdit(env: MethodEnv, stored: StoredMessage): TgMessage {
  stored.msg.edit_date = env.world.date();
  stored.edited = true;
  env.world.changed(stored);
  return clone(stored.msg);
}

function setMarkup(msg: TgMessage, markup: InlineMarkup | undefined): void {
  if (markup) msg.reply_markup = markup;
  else delete msg.reply_markup;
}

function editMessageText(env: MethodEnv, p: Params): TgMessage {
  const { stored } = editable(env, p, 'edit');
  const msg = stored.msg;
  if (msg.text === undefined) throw badRequest('there is no text in the message to edit');
  const parsed = parseFormatted(str(p, 'text') ?? '', p.parse_mode, p.entities);
  if (parsed.text.length === 0) throw badRequest('message text is empty');
  if (parsed.text.length > MAX_TEXT) throw badRequest('MESSAGE_TOO_LONG');
  const markup = validateMarkup(p.reply_markup);
  if (
    parsed.text === msg.text &&
    canon(parsed.entities) === canon(msg.entities ?? []) &&
    canon(markup ?? null) === canon(msg.reply_markup ?? null)
  ) {
    throw badRequest(NOT_MODIFIED);
  }
  msg.text = parsed.text;
  if (parsed.entities.length > 0) msg.entities = parsed.entities;
  else delete msg.entities;
  setMarkup(msg, markup);
  return applyEdit(env, stored);
}

function editMessageCaption(env: MethodEnv, p: Params): TgMessage {
  const { stored } = editable(env, p, 'edit');
  const msg = stored.msg;
  if (msg.text !== undefined || msg.document === undefined)
    throw badRequest('there is no caption in the message to edit');
  const parsed = parseFormatted(str(p, 'caption') ?? '', p.parse_mode, p.caption_entities);
  if (parsed.text.length > MAX_CAPTION) throw badRequest('message caption is too long');
  const markup = validateMarkup(p.reply_markup);
  if (
    parsed.text === (msg.caption ?? '') &&
    canon(parsed.entities) === canon(msg.caption_entities ?? []) &&
    canon(markup ?? null) === canon(msg.reply_markup ?? null)
  ) {
    throw badRequest(NOT_MODIFIED);
  }
  if (parsed.text !== '') msg.caption = parsed.text;
  else delete msg.caption;
  if (parsed.entities.length > 0) msg.caption_entities = parsed.entities;
  else delete msg.caption_entities;
  setMarkup(msg, markup);
  return applyEdit(env, stored);
}

function editMessageReplyMarkup(env: MethodEnv, p: Params): TgMessage {
  const { stored } = editable(env, p, 'edit');
  const markup = validateMarkup(p.reply_markup);
  if (canon(markup ?? null) === canon(stored.msg.reply_markup ?? null)) throw badRequest(NOT_MODIFIED);
  setMarkup(stored.msg, markup);
  return applyEdit(env, stored);
}

function deleteOne(env: MethodEnv, chat: FakeChatRecord, id: number): void {
  const { world } = env;
  const stored = world.findMessage(chat.id, id);
  if (!stored) throw badRequest('message to delete not found');
  if (chat.type !== 'private' && !stored.fromBot && !world.isBotAdmin(chat))
    throw badRequest("message can't be deleted");
  if (stored.msg.date < world.date() - 48 * 3600) throw badRequest("message can't be deleted for everyone");
  stored.deleted = true;
  const pins = world.pins.get(chat.id);
  if (pins)
    world.pins.set(
      chat.id,
      pins.filter((x) => x !== id),
    );
  world.changed(stored);
}

function deleteMessage(env: MethodEnv, p: Params): true {
  const chat = env.world.resolveChat(p.chat_id);
  env.world.requireAccess(chat);
  deleteOne(env, chat, requireMessageId(p));
  return true;
}

function deleteMessages(env: MethodEnv, p: Params): true {
  const chat = env.world.resolveChat(p.chat_id);
  env.world.requireAccess(chat);
  const ids = p.message_ids;
  if (!Array.isArray(ids) || ids.length === 0 || ids.length > 100)
    throw badRequest('message identifiers are not specified');
  for (const id of ids) {
    try {
      deleteOne(env, chat, Number(id));
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
    }
  }
  return true;
}

// ------------------------------------------------------------------ pins

function pinRights(env: MethodEnv, chat: FakeChatRecord): void {
  env.world.requireAccess(chat);
  if (chat.type !== 'private' && !env.world.isBotAdmin(chat)) {
    throw badRequest('not enough rights to manage pinned messages in the chat');
  }
}

function pinChatMessage(env: MethodEnv, p: Params): true {
  const { world } = env;
  const chat = world.resolveChat(p.chat_id);
  pinRights(env, chat);
  const id = requireMessageId(p);
  if (!world.findMessage(chat.id, id)) throw badRequest('message to pin not found');
  const pins = (world.pins.get(chat.id) ?? []).filter((x) => x !== id);
  pins.push(id);
  world.pins.set(chat.id, pins);
  world.events.emit('pin', chat.id);
  return true;
}

function unpinChatMessage(env: MethodEnv, p: Params): true {
  const { world } = env;
  const chat = world.resolveChat(p.chat_id);
  pinRights(env, chat);
  const pins = world.pins.get(chat.id) ?? [];
  const id = int(p, 'message_id') ?? pins[pins.length - 1];
  world.pins.set(
    chat.id,
    pins.filter((x) => x !== id),
  );
  world.events.emit('pin', chat.id);
  return true;
}

function unpinAllChatMessages(env: MethodEnv, p: Params): true {
  const chat = env.world.resolveChat(p.chat_id);
  pinRights(env, chat);
  env.world.pins.set(chat.id, []);
  env.world.events.emit('pin', chat.id);
  return true;
}

// ------------------------------------------------------------------ chats and members

export function memberObj(env: { world: World }, userId: number, status: MemberStatus): Record<string, unknown> {
  const user = env.world.userObjById(userId);
  switch (status) {
    case 'creator':
      return { status, user, is_anonymous: false };
    case 'administrator':
      return {
        status,
        user,
        can_be_edited: false,
        is_anonymous: false,
        can_manage_chat: true,
        can_delete_messages: true,
        can_manage_video_chats: true,
        can_restrict_members: true,
        can_promote_members: false,
        can_change_info: true,
        can_invite_users: true,
        can_post_stories: true,
        can_edit_stories: true,
        can_delete_stories: true,
        can_pin_messages: true,
        can_manage_topics: true,
      };
    case 'restricted':
      return {
        status,
        user,
        is_member: true,
        can_send_messages: false,
        can_send_audios: false,
        can_send_documents: false,
        can_send_photos: false,
        can_send_videos: false,
        can_send_video_notes: false,
        can_send_voice_notes: false,
        can_send_polls: false,
        can_send_other_messages: false,
        can_add_web_page_previews: false,
        can_change_info: false,
        can_invite_users: false,
        can_pin_messages: false,
        can_manage_topics: false,
        until_date: 0,
      };
    case 'kicked':
      return { status, user, until_date: 0 };
    default:
      return { status, user };
  }
}

function getChat(env: MethodEnv, p: Params): Record<string, unknown> {
  const { world } = env;
  const chat = world.resolveChat(p.chat_id);
  world.requireAccess(chat);
  const info: Record<string, unknown> = { ...world.chatObj(chat), accent_color_id: 0, max_reaction_count: 11 };
  if (chat.type !== 'private') {
    info.permissions = {
      can_send_messages: true,
      can_send_audios: true,
      can_send_documents: true,
      can_send_photos: true,
      can_send_videos: true,
      can_send_video_notes: true,
      can_send_voice_notes: true,
      can_send_polls: true,
      can_send_other_messages: true,
      can_add_web_page_previews: true,
      can_change_info: true,
      can_invite_users: true,
      can_pin_messages: true,
      can_manage_topics: true,
    };
  }
  const pins = world.pins.get(chat.id) ?? [];
  const last = pins[pins.length - 1];
  const pinned = last === undefined ? undefined : world.findMessage(chat.id, last);
  if (pinned) info.pinned_message = world.replySnapshot(pinned);
  return info;
}

function requireUserId(env: MethodEnv, p: Params): number {
  const id = int(p, 'user_id');
  if (id === undefined) throw badRequest('user_id is empty');
  if (id !== env.world.botInfo.id && !env.world.users.has(id)) throw badRequest('user not found');
  return id;
}

function getChatMember(env: MethodEnv, p: Params): Record<string, unknown> {
  const chat = env.world.resolveChat(p.chat_id);
  env.world.requireAccess(chat);
  const userId = requireUserId(env, p);
  return memberObj(env, userId, env.world.memberStatus(chat, userId));
}

function getChatAdministrators(env: MethodEnv, p: Params): Array<Record<string, unknown>> {
  const chat = env.world.resolveChat(p.chat_id);
  env.world.requireAccess(chat);
  if (chat.type === 'private') throw badRequest('there are no administrators in the private chat');
  const list: Array<Record<string, unknown>> = [];
  for (const [id, status] of chat.members) {
    if (status === 'creator' || status === 'administrator') list.push(memberObj(env, id, status));
  }
  if (chat.botStatus === 'administrator') list.push(memberObj(env, env.world.botInfo.id, 'administrator'));
  return list;
}

const IN_CHAT: MemberStatus[] = ['creator', 'administrator', 'member', 'restricted'];

function getChatMemberCount(env: MethodEnv, p: Params): number {
  const chat = env.world.resolveChat(p.chat_id);
  env.world.requireAccess(chat);
  if (chat.type === 'private') return 2;
  let n = IN_CHAT.includes(chat.botStatus) ? 1 : 0;
  for (const status of chat.members.values()) if (IN_CHAT.includes(status)) n += 1;
  return n;
}

function leaveChat(env: MethodEnv, p: Params): true {
  const { world } = env;
  const chat = world.resolveChat(p.chat_id);
  if (chat.type === 'private') throw badRequest("chat member status can't be changed in private chats");
  world.requireAccess(chat);
  const old = chat.botStatus;
  chat.botStatus = 'left';
  env.updates.enqueue({
    my_chat_member: {
      chat: world.chatObj(chat),
      from: world.botUser(),
      date: world.date(),
      old_chat_member: memberObj(env, world.botInfo.id, old),
      new_chat_member: memberObj(env, world.botInfo.id, 'left'),
    },
  });
  return true;
}

function banChatMember(env: MethodEnv, p: Params): true {
  const chat = env.world.resolveChat(p.chat_id);
  env.world.requireAccess(chat);
  if (chat.type === 'private') throw badRequest("can't remove chat owner");
  if (!env.world.isBotAdmin(chat)) throw badRequest('not enough rights to restrict/unrestrict chat member');
  const userId = requireUserId(env, p);
  if (chat.members.get(userId) === 'creator') throw badRequest("can't remove chat owner");
  chat.members.set(userId, 'kicked');
  return true;
}

function unbanChatMember(env: MethodEnv, p: Params): true {
  const chat = env.world.resolveChat(p.chat_id);
  env.world.requireAccess(chat);
  if (!env.world.isBotAdmin(chat)) throw badRequest('not enough rights to restrict/unrestrict chat member');
  const userId = requireUserId(env, p);
  const status = chat.members.get(userId);
  if (status === 'kicked') chat.members.set(userId, 'left');
  else if (!bool(p, 'only_if_banned') && status !== undefined && status !== 'creator' && status !== 'administrator') {
    chat.members.set(userId, 'left');
  }
  return true;
}

const CHAT_ACTIONS = new Set([
  'typing',
  'upload_photo',
  'record_video',
  'upload_video',
  'record_voice',
  'upload_voice',
  'upload_document',
  'choose_sticker',
  'find_location',
  'record_video_note',
  'upload_video_note',
]);

function sendChatAction(env: MethodEnv, p: Params): true {
  const chat = env.world.resolveChat(p.chat_id);
  env.world.requireSendable(chat);
  const action = str(p, 'action');
  if (action === undefined || !CHAT_ACTIONS.has(action)) throw badRequest('wrong parameter action in request');
  return true;
}

// ------------------------------------------------------------------ callback queries

function answerCallbackQuery(env: MethodEnv, p: Params): true {
  const { world } = env;
  const id = str(p, 'callback_query_id');
  const rec = id === undefined ? undefined : world.callbackQueries.get(id);
  if (!rec || rec.answered || id === undefined) throw badRequest(QUERY_TOO_OLD);
  const text = str(p, 'text');
  if (text !== undefined && text.length > MAX_CALLBACK_ANSWER) throw badRequest('MESSAGE_TOO_LONG');
  rec.answered = true;
  const answer: Parameters<World['recordAnswer']>[0] = { callback_query_id: id, at: world.now() };
  if (text !== undefined) answer.text = text;
  if (p.show_alert !== undefined) answer.show_alert = bool(p, 'show_alert');
  const url = str(p, 'url');
  if (url !== undefined) answer.url = url;
  const cache = int(p, 'cache_time');
  if (cache !== undefined) answer.cache_time = cache;
  world.recordAnswer(answer);
  return true;
}

// ------------------------------------------------------------------ commands and bot settings

const SCOPES = new Set([
  'default',
  'all_private_chats',
  'all_group_chats',
  'all_chat_administrators',
  'chat',
  'chat_administrators',
  'chat_member',
]);

export function commandsKey(world: World, scope: unknown, languageCode: unknown): string {
  let key = 'default';
  if (scope !== undefined && scope !== null) {
    if (typeof scope !== 'object') throw badRequest("can't parse BotCommandScope JSON object");
    const s = scope as Params;
    const type = str(s, 'type') ?? '';
    if (!SCOPES.has(type)) throw badRequest('wrong bot command scope type specified');
    key = type;
    if (type === 'chat' || type === 'chat_administrators' || type === 'chat_member') {
      const chat = world.resolveChat(s.chat_id);
      key += `:${chat.id}`;
    }
    if (type === 'chat_member') {
      const userId = int(s, 'user_id');
      if (userId === undefined) throw badRequest('user not found');
      key += `:${userId}`;
    }
  }
  const lang = typeof languageCode === 'string' ? languageCode : '';
  if (lang !== '' && !/^[a-z]{2}$/.test(lang)) throw badRequest('invalid language code specified');
  return `${key}|${lang}`;
}

function setMyCommands(env: MethodEnv, p: Params): true {
  const commands = p.commands;
  if (!Array.isArray(commands)) throw badRequest('parameter "commands" is required');
  if (commands.length > 100) throw badRequest('BOT_COMMANDS_TOO_MUCH');
  const list: BotCommand[] = [];
  for (const c of commands) {
    const command = typeof c === 'object' && c !== null ? (c as Params).command : undefined;
    const description = typeof c === 'object' && c !== null ? (c as Params).description : undefined;
    if (typeof command !== 'string' || !/^[a-z0-9_]{1,32}$/.test(command)) throw badRequest('BOT_COMMAND_INVALID');
    if (typeof description !== 'string' || description.trim().length === 0 || description.length > 256) {
      throw badRequest('BOT_COMMAND_DESCRIPTION_INVALID');
    }
    list.push({ command, description });
  }
  const key = commandsKey(env.world, p.scope, p.language_code);
  if (list.length === 0) env.world.commands.delete(key);
  else env.world.commands.set(key, list);
  return true;
}

function getMyCommands(env: MethodEnv, p: Params): BotCommand[] {
  return clone(env.world.commands.get(commandsKey(env.world, p.scope, p.language_code)) ?? []);
}

function deleteMyCommands(env: MethodEnv, p: Params): true {
  env.world.commands.delete(commandsKey(env.world, p.scope, p.language_code));
  return true;
}

function setting(name: string, field: string, limit: number): [MethodFn, MethodFn] {
  const key = (p: Params): string => `${name}|${typeof p.language_code === 'string' ? p.language_code : ''}`;
  return [
    (env, p) => {
      const value = str(p, field) ?? '';
      if (value.length > limit) throw badRequest(`${field} is too long`);
      env.world.botSettings.set(key(p), value);
      return true;
    },
    (env, p) => ({
      [field]:
        (env.world.botSettings.get(key(p)) as string | undefined) ??
        (name === 'name' ? env.world.botInfo.first_name : ''),
    }),
  ];
}

const [setMyDescription, getMyDescription] = setting('description', 'description', 512);
const [setMyShortDescription, getMyShortDescription] = setting('short_description', 'short_description', 120);
const [setMyName, getMyName] = setting('name', 'name', 64);

function setChatMenuButton(env: MethodEnv, p: Params): true {
  const chatId = p.chat_id === undefined ? 'default' : String(env.world.resolveChat(p.chat_id).id);
  const button = p.menu_button;
  env.world.botSettings.set(
    `menu_button|${chatId}`,
    typeof button === 'object' && button !== null ? clone(button) : { type: 'default' },
  );
  return true;
}

function getChatMenuButton(env: MethodEnv, p: Params): unknown {
  const chatId = p.chat_id === undefined ? 'default' : String(env.world.resolveChat(p.chat_id).id);
  return clone(env.world.botSettings.get(`menu_button|${chatId}`) ?? { type: 'commands' });
}

const NO_RIGHTS = {
  is_anonymous: false,
  can_manage_chat: false,
  can_delete_messages: false,
  can_manage_video_chats: false,
  can_restrict_members: false,
  can_promote_members: false,
  can_change_info: false,
  can_invite_users: false,
  can_post_stories: false,
  can_edit_stories: false,
  can_delete_stories: false,
};

function setMyDefaultAdministratorRights(env: MethodEnv, p: Params): true {
  const key = `admin_rights|${bool(p, 'for_channels') ? 'channels' : 'groups'}`;
  const rights = p.rights;
  env.world.botSettings.set(
    key,
    typeof rights === 'object' && rights !== null ? { ...NO_RIGHTS, ...clone(rights) } : NO_RIGHTS,
  );
  return true;
}

function getMyDefaultAdministratorRights(env: MethodEnv, p: Params): unknown {
  return clone(
    env.world.botSettings.get(`admin_rights|${bool(p, 'for_channels') ? 'channels' : 'groups'}`) ?? NO_RIGHTS,
  );
}

// ------------------------------------------------------------------ updates and webhooks

const WEBHOOK = 'webhook_url';

function getUpdates(env: MethodEnv, p: Params, signal: AbortSignal): Promise<unknown> {
  if (env.world.botSettings.get(WEBHOOK)) {
    throw new ApiError(
      409,
      "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
    );
  }
  return env.updates.poll(p, signal);
}

function setWebhook(env: MethodEnv, p: Params): true {
  const url = str(p, 'url') ?? '';
  if (url !== '' && !/^https:\/\/\S+$/i.test(url))
    throw badRequest('bad webhook: An HTTPS URL must be provided for webhook');
  env.world.botSettings.set(WEBHOOK, url);
  if (bool(p, 'drop_pending_updates')) env.updates.dropPending();
  return true;
}

function deleteWebhook(env: MethodEnv, p: Params): true {
  env.world.botSettings.set(WEBHOOK, '');
  if (bool(p, 'drop_pending_updates')) env.updates.dropPending();
  return true;
}

function getWebhookInfo(env: MethodEnv): Record<string, unknown> {
  return {
    url: (env.world.botSettings.get(WEBHOOK) as string | undefined) ?? '',
    has_custom_certificate: false,
    pending_update_count: env.updates.count(),
  };
}

function getFile(env: MethodEnv, p: Params): Record<string, unknown> {
  const id = str(p, 'file_id');
  const file = id === undefined ? undefined : env.world.files.get(id);
  if (!file) throw badRequest('invalid file_id');
  return {
    file_id: file.file_id,
    file_unique_id: file.file_unique_id,
    file_size: file.content.length,
    file_path: file.path,
  };
}

// ------------------------------------------------------------------ the table

export const METHODS: Record<string, MethodFn> = {
  getMe: (env) => clone(env.world.botInfo),
  logOut: () => true,
  close: () => true,
  getUpdates,
  setWebhook,
  deleteWebhook,
  getWebhookInfo,
  sendMessage,
  sendDocument,
  editMessageText,
  editMessageCaption,
  editMessageReplyMarkup,
  deleteMessage,
  deleteMessages,
  pinChatMessage,
  unpinChatMessage,
  unpinAllChatMessages,
  sendChatAction,
  answerCallbackQuery,
  setMyCommands,
  getMyCommands,
  deleteMyCommands,
  setMyDescription,
  getMyDescription,
  setMyShortDescription,
  getMyShortDescription,
  setMyName,
  getMyName,
  setChatMenuButton,
  getChatMenuButton,
  setMyDefaultAdministratorRights,
  getMyDefaultAdministratorRights,
  getChat,
  getChatMember,
  getChatAdministrators,
  getChatMemberCount,
  leaveChat,
  banChatMember,
  unbanChatMember,
  getFile,
};

/** Real Bot API methods this fake does not implement: answered with 501 so the gap is obvious. */
export const UNIMPLEMENTED = [
  'sendPhoto',
  'sendAudio',
  'sendVideo',
  'sendAnimation',
  'sendVoice',
  'sendVideoNote',
  'sendSticker',
  'sendMediaGroup',
  'sendLocation',
  'sendVenue',
  'sendContact',
  'sendPoll',
  'sendDice',
  'sendPaidMedia',
  'forwardMessage',
  'forwardMessages',
  'copyMessage',
  'copyMessages',
  'editMessageMedia',
  'editMessageLiveLocation',
  'stopMessageLiveLocation',
  'stopPoll',
  'restrictChatMember',
  'promoteChatMember',
  'setChatAdministratorCustomTitle',
  'banChatSenderChat',
  'unbanChatSenderChat',
  'setChatPermissions',
  'exportChatInviteLink',
  'createChatInviteLink',
  'editChatInviteLink',
  'revokeChatInviteLink',
  'approveChatJoinRequest',
  'declineChatJoinRequest',
  'setChatPhoto',
  'deleteChatPhoto',
  'setChatTitle',
  'setChatDescription',
  'setChatStickerSet',
  'deleteChatStickerSet',
  'createForumTopic',
  'editForumTopic',
  'closeForumTopic',
  'reopenForumTopic',
  'deleteForumTopic',
  'unpinAllForumTopicMessages',
  'setMessageReaction',
  'getUserProfilePhotos',
  'answerInlineQuery',
  'sendInvoice',
  'getUserChatBoosts',
  'getBusinessConnection',
];

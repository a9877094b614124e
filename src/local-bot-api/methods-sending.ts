// Bot API methods that send: sendMessage, sendDocument.
import { ApiError, badRequest } from './errors.ts';
import { isUpload, type Params } from './http-body.ts';
import {
  bool,
  int,
  MAX_CAPTION,
  MAX_TEXT,
  type MethodEnv,
  parseFormatted,
  str,
  validateMarkup,
} from './methods-params.ts';
import type { FakeChatRecord, TgMessage } from './types.ts';
import { mimeFor, type StoredFile } from './world.ts';

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
  // the stored message itself: the server writes its answer at once, and the call log keeps that answer's JSON
  return msg;
}

export function sendMessage(env: MethodEnv, p: Params): TgMessage {
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

export function sendDocument(env: MethodEnv, p: Params): TgMessage {
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

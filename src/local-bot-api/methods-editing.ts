// Bot API methods that change sent messages: editing, deleting, pinning.
import { ApiError, badRequest, NOT_MODIFIED } from './errors.ts';
import type { Params } from './http-body.ts';
import {
  canon,
  int,
  MAX_CAPTION,
  MAX_TEXT,
  type MethodEnv,
  parseFormatted,
  requireMessageId,
  str,
  validateMarkup,
} from './methods-params.ts';
import type { FakeChatRecord, InlineMarkup, TgMessage } from './types.ts';
import { clone, type StoredMessage } from './world.ts';

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

export function editMessageText(env: MethodEnv, p: Params): TgMessage {
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

export function editMessageCaption(env: MethodEnv, p: Params): TgMessage {
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

export function editMessageReplyMarkup(env: MethodEnv, p: Params): TgMessage {
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

export function deleteMessage(env: MethodEnv, p: Params): true {
  const chat = env.world.resolveChat(p.chat_id);
  env.world.requireAccess(chat);
  deleteOne(env, chat, requireMessageId(p));
  return true;
}

export function deleteMessages(env: MethodEnv, p: Params): true {
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

export function pinChatMessage(env: MethodEnv, p: Params): true {
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

export function unpinChatMessage(env: MethodEnv, p: Params): true {
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

export function unpinAllChatMessages(env: MethodEnv, p: Params): true {
  const chat = env.world.resolveChat(p.chat_id);
  pinRights(env, chat);
  env.world.pins.set(chat.id, []);
  env.world.events.emit('pin', chat.id);
  return true;
}

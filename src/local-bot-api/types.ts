// Public and shared types of the local Bot API.
import type { BotCommand, BotCommandScope, Update, UserFromGetMe } from 'grammy/types';
import type { WebhookDeliveryOptions } from './webhook-delivery.ts';

export type { BotCommand, BotCommandScope, Update, UserFromGetMe };

export interface RateLimitSettings {
  /** Successful message sends per second over all chats (Telegram: about 30). */
  perSecond?: number;
  /** Successful message sends per minute into one group or supergroup (Telegram: 20). */
  perGroupPerMinute?: number;
  /** Successful message sends per second into one private chat (Telegram: about 1). */
  perPrivatePerSecond?: number;
}

export interface LocalBotApiOptions {
  /** Bot token the server accepts; default '123456:TEST-TOKEN'. */
  token?: string;
  /** The bot's own user; defaults id 123456, username 'mutual_aid_test_bot', first_name 'Mutual Aid'. */
  bot?: { id?: number; username?: string; first_name?: string };
  /** Interface to listen on; default '127.0.0.1'. */
  host?: string;
  /** Port to listen on; default 0 (an ephemeral port). */
  port?: number;
  /** Flood limits; default false (off). When on, missing fields default to 30, 20 and 1. */
  rateLimits?: false | RateLimitSettings;
  /** Clock in milliseconds used for message dates and rate windows; default Date.now. */
  now?: () => number;
  /**
   * Serve the control endpoints under /sandbox/ (send as a user, press buttons, read chats, an event stream)
   * next to the Bot API; default false, so without it every path outside /bot{token}/ answers 404.
   */
  control?: boolean;
  /** Webhook delivery after setWebhook: how long to wait for the bot's answer, how long to pause after a failure. */
  webhook?: WebhookDeliveryOptions;
}

export type ChatType = 'private' | 'group' | 'supergroup';
export type MemberStatus = 'creator' | 'administrator' | 'member' | 'restricted' | 'left' | 'kicked';

/** A Telegram MessageEntity, loosely typed so tests can read any field. */
export interface TgEntity {
  type: string;
  offset: number;
  length: number;
  url?: string;
  language?: string;
  custom_emoji_id?: string;
  [k: string]: unknown;
}

export interface InlineButton {
  text: string;
  callback_data?: string;
  url?: string;
  [k: string]: unknown;
}

export interface InlineMarkup {
  inline_keyboard: InlineButton[][];
}

export interface TgUser {
  id: number;
  is_bot: boolean;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

export interface TgChat {
  id: number;
  type: ChatType;
  title?: string;
  username?: string;
  first_name?: string;
  last_name?: string;
  is_forum?: true;
}

export interface TgDocument {
  file_id: string;
  file_unique_id: string;
  file_name?: string;
  mime_type?: string;
  file_size: number;
}

/** A Telegram Message object as this server builds it (loosely typed). */
export interface TgMessage {
  message_id: number;
  date: number;
  chat: TgChat;
  from?: TgUser;
  sender_chat?: { id: number; type: string; title?: string; [k: string]: unknown };
  message_thread_id?: number;
  is_topic_message?: true;
  reply_to_message?: TgMessage;
  edit_date?: number;
  text?: string;
  entities?: TgEntity[];
  caption?: string;
  caption_entities?: TgEntity[];
  document?: TgDocument;
  reply_markup?: InlineMarkup;
  [k: string]: unknown;
}

export interface FakeUserRecord {
  id: number;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
  is_bot: boolean;
  /** The user has sent the bot a private message, so the bot may write to them. */
  startedBot: boolean;
  /** The user blocked the bot; private sends answer 403. */
  blockedBot: boolean;
  /** A label for people in the sandbox ('resident', 'admin', ...); never part of what the Bot API answers. */
  role?: string;
}

export interface FakeChatRecord {
  id: number;
  type: ChatType;
  title?: string;
  username?: string;
  is_forum?: boolean;
  /** Status of each user in the chat (groups); the bot's own status is `botStatus`. */
  members: Map<number, MemberStatus>;
  /** The bot's status in the chat. Chats made with addChat start with the bot as a member. */
  botStatus: MemberStatus;
  /** Set once a group was migrated to a supergroup. */
  migratedTo?: number;
}

/** One message as a chat member sees it now. */
export interface ChatMessage {
  message_id: number;
  chat_id: number;
  from_bot: boolean;
  from_id?: number;
  text?: string;
  caption?: string;
  entities?: TgEntity[];
  caption_entities?: TgEntity[];
  reply_markup?: InlineMarkup;
  message_thread_id?: number;
  reply_to_message_id?: number;
  edited: boolean;
  date: number;
  edit_date?: number;
  document?: TgDocument;
  /** The full Message object (a copy) as the Bot API would return it now. */
  raw: TgMessage;
}

export interface CallRecord {
  method: string;
  /** Parameters as the server read them (numbers, booleans and JSON fields decoded; uploads as { filename, size }). */
  params: Record<string, unknown>;
  /** now() when the request arrived. */
  at: number;
  /** HTTP status answered; 0 when the socket was destroyed without an answer ('drop' / 'drop-after'). */
  status: number;
  /** The JSON body answered (absent for dropped calls). */
  response?: unknown;
}

export interface CallbackAnswer {
  callback_query_id: string;
  text?: string;
  show_alert?: boolean;
  url?: string;
  cache_time?: number;
  at: number;
}

export interface DocumentRecord {
  messageId: number;
  filename: string;
  mimeType?: string;
  content: Buffer;
  caption?: string;
}

export interface Failure {
  error_code: number;
  description: string;
  retry_after?: number;
  migrate_to_chat_id?: number;
}

/** 'hold': the call waits, unanswered, until `releaseHeldCalls()` (a slow Telegram), then is performed. */
export type FailureSpec = Failure | 'drop' | 'drop-after' | 'hold';

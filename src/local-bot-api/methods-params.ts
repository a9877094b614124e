// Bot API methods: the environment they run in, their parameter readers and the checks several of them share.

import { badRequest } from './errors.ts';
import type { Params } from './http-body.ts';
import type { RateLimiter } from './rate-limit.ts';
import { byteLength, formatText, type ParsedText, ParseError } from './text.ts';
import type { InlineButton, InlineMarkup } from './types.ts';
import type { UpdateQueue } from './updates.ts';
import type { WebhookDelivery } from './webhook-delivery.ts';
import { clone, type World } from './world.ts';

export interface MethodEnv {
  world: World;
  updates: UpdateQueue;
  limiter: RateLimiter;
  webhook: WebhookDelivery;
}

export type MethodFn = (env: MethodEnv, p: Params, signal: AbortSignal) => unknown;

export const MAX_TEXT = 4096;
export const MAX_CAPTION = 1024;
export const MAX_CALLBACK_ANSWER = 200;

// ------------------------------------------------------------------ parameter helpers

export function int(p: Params, name: string): number | undefined {
  const v = p[name];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return Number(v.trim());
  throw badRequest(`invalid ${name} specified`);
}

export function str(p: Params, name: string): string | undefined {
  const v = p[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw badRequest(`field "${name}" must be of type String`);
}

export function bool(p: Params, name: string): boolean {
  const v = p[name];
  return v === true || v === 'true' || v === 1;
}

export function requireMessageId(p: Params): number {
  const id = int(p, 'message_id');
  if (id === undefined) throw badRequest('message identifier is not specified');
  return id;
}

/** JSON with sorted keys, for "is it the same" comparisons. */
export function canon(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canon).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canon(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

export function parseFormatted(raw: string, parseMode: unknown, entities: unknown): ParsedText {
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

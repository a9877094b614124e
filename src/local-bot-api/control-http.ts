// The control endpoints' plumbing: the context they run in, their errors (400 { ok: false, error }), reading
// the JSON body and its fields, checking users and chats exist, and writing JSON answers.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyError, readBody } from './http-body.ts';
import type { LocalBotApi } from './local-bot-api.ts';
import type { FakeUserRecord } from './types.ts';
import type { World } from './world.ts';

export interface ControlContext {
  tg: LocalBotApi;
  world: World;
  isClosed: () => boolean;
}

export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const bad = (message: string): ControlError => new ControlError(400, message);

export type Body = Record<string, unknown>;

export function int(body: Body, key: string, required: true): number;
export function int(body: Body, key: string, required: false): number | undefined;
export function int(body: Body, key: string, required: boolean): number | undefined {
  const v = body[key];
  if (v === undefined || v === null) {
    if (required) throw bad(`${key} is missing`);
    return undefined;
  }
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim()) && Number.isSafeInteger(Number(v))) return Number(v);
  throw bad(`${key} must be an integer, got ${JSON.stringify(v)}`);
}

export function str(body: Body, key: string, required: true): string;
export function str(body: Body, key: string, required: false): string | undefined;
export function str(body: Body, key: string, required: boolean): string | undefined {
  const v = body[key];
  if (v === undefined || v === null) {
    if (required) throw bad(`${key} is missing`);
    return undefined;
  }
  if (typeof v !== 'string') throw bad(`${key} must be a string, got ${JSON.stringify(v)}`);
  if (required && v === '') throw bad(`${key} is empty`);
  return v;
}

export function bool(body: Body, key: string): boolean | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw bad(`${key} must be true or false, got ${JSON.stringify(v)}`);
  return v;
}

export function oneOf<T extends string>(body: Body, key: string, allowed: readonly T[]): T | undefined {
  const v = str(body, key, false);
  if (v === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(v))
    throw bad(`${key} must be one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`);
  return v as T;
}

export function knownUser(ctx: ControlContext, id: number): FakeUserRecord {
  const user = ctx.tg.user(id);
  if (!user) throw bad(`unknown user ${id}; GET /sandbox/users lists them, POST /sandbox/users adds one`);
  return user;
}

export function knownChat(ctx: ControlContext, id: number): void {
  if (ctx.tg.chat(id) === undefined && ctx.tg.user(id) === undefined) {
    throw bad(`unknown chat ${id}; GET /sandbox/chats lists them, POST /sandbox/chats adds one`);
  }
}

/** Runs a driver call; its errors describe bad input (no such message, no such button, ...). */
export function drive<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof ControlError) throw err;
    throw bad(err instanceof Error ? err.message.replace(/^LocalBotApi: /, '') : String(err));
  }
}

// ------------------------------------------------------------------ HTTP

export function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed || res.writableEnded) return;
  const json = `${JSON.stringify(body, null, 2)}\n`;
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(json)),
  });
  res.end(json);
}

export async function readJson(req: IncomingMessage): Promise<Body> {
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

export function query(url: URL, key: string): string | undefined {
  return url.searchParams.get(key) ?? undefined;
}

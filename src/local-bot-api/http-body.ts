// Reading Bot API request parameters: query string, JSON, urlencoded and multipart/form-data
// (including grammY's multipart dialect: lower-case headers, unquoted filenames, attach:// references).
import type { IncomingMessage } from 'node:http';

export interface UploadedFile {
  /** Marker so methods can tell uploads from strings. */
  readonly upload: true;
  filename: string;
  contentType?: string;
  content: Buffer;
}

export type Params = Record<string, unknown>;

export class BodyError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const MAX_BODY_BYTES = 50 * 1024 * 1024;

export function isUpload(v: unknown): v is UploadedFile {
  return typeof v === 'object' && v !== null && (v as { upload?: unknown }).upload === true;
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const fail = (err: Error) => {
      req.off('data', onData);
      req.resume();
      reject(err);
    };
    const onData = (chunk: Buffer | string) => {
      const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      size += buf.length;
      if (size > MAX_BODY_BYTES) fail(new BodyError(413, 'Request Entity Too Large'));
      else chunks.push(buf);
    };
    req.on('data', onData);
    req.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.once('error', fail);
  });
}

function headerParam(header: string, name: string): string | undefined {
  const re = new RegExp(`(?:^|;)\\s*${name}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;]*))`, 'i');
  const m = re.exec(header);
  if (!m) return undefined;
  return m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? '').trim();
}

export interface MultipartPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

export function parseMultipart(body: Buffer, contentType: string): MultipartPart[] {
  const boundary = headerParam(contentType, 'boundary');
  if (!boundary) throw new BodyError(400, 'Bad Request: multipart boundary is missing');
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: MultipartPart[] = [];
  let pos = body.indexOf(delimiter);
  if (pos < 0) return parts;
  pos += delimiter.length;
  for (;;) {
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) break; // closing "--"
    if (body[pos] === 0x0d && body[pos + 1] === 0x0a) pos += 2;
    else if (body[pos] === 0x0a) pos += 1;
    const next = body.indexOf(Buffer.from(`\r\n--${boundary}`), pos);
    if (next < 0) throw new BodyError(400, 'Bad Request: malformed multipart body');
    const part = body.subarray(pos, next);
    let headerEnd = part.indexOf('\r\n\r\n');
    let sepLen = 4;
    if (headerEnd < 0) {
      headerEnd = part.indexOf('\n\n');
      sepLen = 2;
    }
    if (headerEnd < 0) throw new BodyError(400, 'Bad Request: malformed multipart part');
    const headers = part.subarray(0, headerEnd).toString('utf8').split(/\r?\n/);
    const data = part.subarray(headerEnd + sepLen);
    let disposition = '';
    let partType: string | undefined;
    for (const line of headers) {
      const colon = line.indexOf(':');
      if (colon < 0) continue;
      const key = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (key === 'content-disposition') disposition = value;
      else if (key === 'content-type') partType = value;
    }
    const name = headerParam(disposition, 'name');
    if (name !== undefined) {
      const filename = headerParam(disposition, 'filename');
      const p: MultipartPart = { name, data: Buffer.from(data) };
      if (filename !== undefined) p.filename = filename;
      if (partType !== undefined) p.contentType = partType;
      parts.push(p);
    }
    pos = next + 2 + delimiter.length;
  }
  return parts;
}

/** Reads every parameter of a request into one object; files become UploadedFile values. */
export function collectParams(url: URL, body: Buffer, contentType: string | undefined): Params {
  const params: Params = {};
  for (const [k, v] of url.searchParams) params[k] = v;
  const type = (contentType ?? '').toLowerCase();
  if (body.length === 0) return normalizeParams(params);
  if (type.startsWith('application/json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw new BodyError(400, "Bad Request: can't parse JSON object");
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new BodyError(400, "Bad Request: can't parse JSON object");
    }
    Object.assign(params, parsed);
  } else if (type.startsWith('multipart/form-data')) {
    const files = new Map<string, UploadedFile>();
    for (const part of parseMultipart(body, contentType ?? '')) {
      if (part.filename !== undefined) {
        const file: UploadedFile = { upload: true, filename: part.filename, content: part.data };
        if (part.contentType !== undefined) file.contentType = part.contentType;
        files.set(part.name, file);
        params[part.name] = file;
      } else {
        params[part.name] = part.data.toString('utf8');
      }
    }
    // resolve attach://<name> references (grammY sends every upload this way)
    for (const [k, v] of Object.entries(params)) {
      if (typeof v === 'string' && v.startsWith('attach://')) {
        const file = files.get(v.slice('attach://'.length));
        if (file) {
          params[k] = file;
          delete params[v.slice('attach://'.length)];
        }
      }
    }
  } else {
    // application/x-www-form-urlencoded, or anything else treated as such
    for (const [k, v] of new URLSearchParams(body.toString('utf8'))) params[k] = v;
  }
  return normalizeParams(params);
}

const INT_FIELDS = new Set([
  'chat_id',
  'message_id',
  'message_thread_id',
  'reply_to_message_id',
  'offset',
  'limit',
  'timeout',
  'user_id',
  'from_chat_id',
  'cache_time',
  'until_date',
  'max_connections',
  'direct_messages_topic_id',
]);
const BOOL_FIELDS = new Set([
  'disable_notification',
  'protect_content',
  'show_alert',
  'drop_pending_updates',
  'allow_sending_without_reply',
  'disable_web_page_preview',
  'only_if_banned',
  'revoke_messages',
  'disable_content_type_detection',
  'allow_paid_broadcast',
  'show_caption_above_media',
  'for_channels',
]);
const JSON_FIELDS = new Set([
  'reply_markup',
  'reply_parameters',
  'entities',
  'caption_entities',
  'scope',
  'commands',
  'allowed_updates',
  'link_preview_options',
  'menu_button',
  'rights',
  'media',
  'permissions',
  'message_ids',
]);

/** Strings from query strings or form bodies become the numbers, booleans and objects Telegram reads. */
export function normalizeParams(params: Params): Params {
  for (const [k, v] of Object.entries(params)) {
    if (typeof v !== 'string') continue;
    if (INT_FIELDS.has(k) && /^-?\d+$/.test(v.trim())) params[k] = Number(v.trim());
    else if (BOOL_FIELDS.has(k) && (v === 'true' || v === 'false')) params[k] = v === 'true';
    else if (JSON_FIELDS.has(k) && /^\s*[[{"]/.test(v)) {
      try {
        params[k] = JSON.parse(v);
      } catch {
        throw new BodyError(
          400,
          k === 'reply_markup'
            ? "Bad Request: can't parse reply keyboard markup JSON object"
            : `Bad Request: can't parse ${k} JSON object`,
        );
      }
    }
  }
  return params;
}

/** A JSON-safe copy of params for the call log (uploads become a short description). */
export function describeParams(params: Params): Params {
  const out: Params = {};
  for (const [k, v] of Object.entries(params)) {
    out[k] = isUpload(v) ? { filename: v.filename, size: v.content.length } : v;
  }
  return out;
}

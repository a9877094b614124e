// Text handling like the Bot API: parse_mode parsing into plain text + entities (UTF-16 offsets),
// trimming, and bot_command detection for user messages.
import type { TgEntity } from './types.ts';

export class ParseError extends Error {}

export interface ParsedText {
  text: string;
  entities: TgEntity[];
}

const utf8Offset = (s: string, index: number): number => Buffer.byteLength(s.slice(0, index), 'utf8');

function sortEntities(entities: TgEntity[]): TgEntity[] {
  return entities.filter((e) => e.length > 0).sort((a, b) => a.offset - b.offset || b.length - a.length);
}

// ---------------------------------------------------------------- HTML

const HTML_TAGS: Record<string, string> = {
  b: 'bold',
  strong: 'bold',
  i: 'italic',
  em: 'italic',
  u: 'underline',
  ins: 'underline',
  s: 'strikethrough',
  strike: 'strikethrough',
  del: 'strikethrough',
  'tg-spoiler': 'spoiler',
  span: 'spoiler',
  a: 'text_link',
  code: 'code',
  pre: 'pre',
  blockquote: 'blockquote',
  'tg-emoji': 'custom_emoji',
};

function decodeHtmlEntity(src: string, at: number): { text: string; end: number } | undefined {
  const m = /^&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|lt|gt|amp|quot);/.exec(src.slice(at, at + 12));
  if (!m || m[1] === undefined) return undefined;
  const name = m[1];
  let text: string;
  if (name === 'lt') text = '<';
  else if (name === 'gt') text = '>';
  else if (name === 'amp') text = '&';
  else if (name === 'quot') text = '"';
  else {
    const code = name.startsWith('#x') ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    if (code > 0x10ffff) return undefined;
    text = String.fromCodePoint(code);
  }
  return { text, end: at + m[0].length };
}

function parseAttributes(src: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  const re = /([a-zA-Z_:-][a-zA-Z0-9_:.-]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g;
  for (const m of src.matchAll(re)) {
    const name = m[1];
    if (name === undefined) continue;
    const raw = m[2] ?? m[3] ?? m[4] ?? '';
    attrs[name.toLowerCase()] = raw.replace(/&(lt|gt|amp|quot);/g, (_, n: string) =>
      n === 'lt' ? '<' : n === 'gt' ? '>' : n === 'amp' ? '&' : '"',
    );
  }
  return attrs;
}

/** Parses Bot API HTML. Throws ParseError with Telegram's wording on invalid markup. */
export function parseHtml(src: string): ParsedText {
  let out = '';
  const entities: TgEntity[] = [];
  const stack: Array<{ tag: string; entity: TgEntity }> = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === '&') {
      const decoded = decodeHtmlEntity(src, i);
      if (decoded) {
        out += decoded.text;
        i = decoded.end;
      } else {
        out += '&';
        i += 1;
      }
      continue;
    }
    if (c !== '<') {
      out += c;
      i += 1;
      continue;
    }
    const close = src.indexOf('>', i);
    const at = utf8Offset(src, i);
    if (src[i + 1] === '/') {
      const m = /^<\/([a-zA-Z][a-zA-Z0-9-]*)?\s*>/.exec(src.slice(i));
      const name = (m?.[1] ?? '').toLowerCase();
      const top = stack[stack.length - 1];
      if (!m || !top) {
        throw new ParseError(`Unexpected end tag at byte offset ${at}`);
      }
      if (top.tag !== name) {
        throw new ParseError(`Unmatched end tag at byte offset ${at}, expected "</${top.tag}>", found "</${name}>"`);
      }
      stack.pop();
      top.entity.length = out.length - top.entity.offset;
      entities.push(top.entity);
      i += m[0].length;
      continue;
    }
    const m = /^<([a-zA-Z][a-zA-Z0-9-]*)/.exec(src.slice(i));
    const name = (m?.[1] ?? '').toLowerCase();
    const type = HTML_TAGS[name];
    if (!m || type === undefined) {
      throw new ParseError(`Unsupported start tag "${name}" at byte offset ${at}`);
    }
    if (close < 0) {
      throw new ParseError(`Unclosed start tag at byte offset ${at}`);
    }
    const attrs = parseAttributes(src.slice(i + m[0].length, close));
    const entity: TgEntity = { type, offset: out.length, length: 0 };
    if (name === 'span' && attrs.class !== 'tg-spoiler') {
      throw new ParseError(`Tag "span" must have class "tg-spoiler" at byte offset ${at}`);
    }
    if (name === 'a') {
      const href = attrs.href ?? '';
      const mention = /^tg:\/\/user\?id=(\d+)$/.exec(href);
      if (mention) {
        entity.type = 'text_mention';
        entity.user = { id: Number(mention[1]), is_bot: false, first_name: '' };
      } else {
        entity.url = href;
      }
    }
    if (name === 'blockquote' && 'expandable' in attrs) entity.type = 'expandable_blockquote';
    if (name === 'tg-emoji') entity.custom_emoji_id = attrs['emoji-id'] ?? '';
    if (name === 'code') {
      const parent = stack[stack.length - 1];
      const lang = /^language-(.+)$/.exec(attrs.class ?? '');
      if (parent?.tag === 'pre' && lang?.[1] !== undefined && parent.entity.offset === out.length) {
        parent.entity.language = lang[1];
      }
    }
    stack.push({ tag: name, entity });
    i = close + 1;
  }
  const open = stack[stack.length - 1];
  if (open) throw new ParseError(`Can't find end tag corresponding to start tag "${open.tag}"`);
  // a <code> directly inside <pre> only sets the language
  const merged = entities.filter(
    (e) =>
      !(e.type === 'code' && entities.some((p) => p.type === 'pre' && p.offset === e.offset && p.length === e.length)),
  );
  return { text: out, entities: sortEntities(merged) };
}

// ---------------------------------------------------------------- MarkdownV2 and Markdown

const MDV2_NAMES: Record<string, string> = {
  bold: 'Bold',
  italic: 'Italic',
  underline: 'Underline',
  strikethrough: 'Strikethrough',
  spoiler: 'Spoiler',
  code: 'Code',
  pre: 'Pre',
  text_link: 'TextUrl',
};

/** Parses Bot API MarkdownV2 (or legacy Markdown with `legacy`). Throws ParseError on invalid markup. */
export function parseMarkdown(src: string, legacy = false): ParsedText {
  let out = '';
  const entities: TgEntity[] = [];
  const open: Array<{ type: string; offset: number; at: number }> = [];
  const reserved = legacy ? '' : '_*[]()~`>#+-=|{}.!';
  const markerFor = (type: string): string =>
    ({ bold: '*', italic: '_', underline: '__', strikethrough: '~', spoiler: '||' })[type] ?? type;
  const toggle = (type: string, at: number): void => {
    const idx = open.findIndex((o) => o.type === type);
    if (idx >= 0) {
      const o = open[idx];
      open.splice(idx, 1);
      if (o) entities.push({ type, offset: o.offset, length: out.length - o.offset });
    } else {
      open.push({ type, offset: out.length, at });
    }
  };
  let i = 0;
  let quoteStart = -1;
  while (i < src.length) {
    const c = src[i] ?? '';
    const at = utf8Offset(src, i);
    const lineStart = i === 0 || src[i - 1] === '\n';
    if (!legacy && lineStart && quoteStart >= 0 && c !== '>') {
      const end = out.endsWith('\n') ? out.length - 1 : out.length;
      entities.push({ type: 'blockquote', offset: quoteStart, length: end - quoteStart });
      quoteStart = -1;
    }
    if (c === '\\' && i + 1 < src.length) {
      const next = src[i + 1] ?? '';
      if (legacy && !'_*`['.includes(next)) {
        out += c;
        i += 1;
        continue;
      }
      out += next;
      i += 2;
      continue;
    }
    if (c === '`') {
      if (src.startsWith('```', i)) {
        const end = src.indexOf('```', i + 3);
        if (end < 0)
          throw new ParseError(
            legacy
              ? `Can't find end of the entity starting at byte offset ${at}`
              : `Can't find end of Pre entity at byte offset ${at}`,
          );
        let body = src.slice(i + 3, end);
        let language: string | undefined;
        const nl = body.indexOf('\n');
        if (nl >= 0 && /^[^\s`]+$/.test(body.slice(0, nl))) {
          language = body.slice(0, nl);
          body = body.slice(nl + 1);
        } else if (nl === 0) {
          body = body.slice(1);
        }
        body = legacy ? body : body.replace(/\\([\\`])/g, '$1');
        const e: TgEntity = { type: 'pre', offset: out.length, length: body.length };
        if (language !== undefined) e.language = language;
        entities.push(e);
        out += body;
        i = end + 3;
        continue;
      }
      let j = i + 1;
      let body = '';
      while (j < src.length && src[j] !== '`') {
        if (!legacy && src[j] === '\\' && j + 1 < src.length) {
          body += src[j + 1];
          j += 2;
        } else {
          body += src[j];
          j += 1;
        }
      }
      if (j >= src.length)
        throw new ParseError(
          legacy
            ? `Can't find end of the entity starting at byte offset ${at}`
            : `Can't find end of Code entity at byte offset ${at}`,
        );
      entities.push({ type: 'code', offset: out.length, length: body.length });
      out += body;
      i = j + 1;
      continue;
    }
    if (c === '*') {
      toggle('bold', at);
      i += 1;
      continue;
    }
    if (c === '_') {
      if (!legacy && src[i + 1] === '_') {
        toggle('underline', at);
        i += 2;
      } else {
        toggle('italic', at);
        i += 1;
      }
      continue;
    }
    if (!legacy && c === '~') {
      toggle('strikethrough', at);
      i += 1;
      continue;
    }
    if (!legacy && c === '|' && src[i + 1] === '|') {
      toggle('spoiler', at);
      i += 2;
      continue;
    }
    if (c === '[') {
      open.push({ type: 'text_link', offset: out.length, at });
      i += 1;
      continue;
    }
    if (c === ']' && open.some((o) => o.type === 'text_link')) {
      const idx = open.map((o) => o.type).lastIndexOf('text_link');
      const o = open[idx];
      open.splice(idx, 1);
      if (src[i + 1] !== '(') {
        if (legacy) {
          i += 1;
          continue;
        }
        throw new ParseError(`Can't find end of TextUrl entity at byte offset ${o?.at ?? at}`);
      }
      let j = i + 2;
      let url = '';
      while (j < src.length && src[j] !== ')') {
        if (!legacy && src[j] === '\\' && j + 1 < src.length) {
          url += src[j + 1];
          j += 2;
        } else {
          url += src[j];
          j += 1;
        }
      }
      if (j >= src.length) throw new ParseError(`Can't find end of a URL at byte offset ${utf8Offset(src, i + 1)}`);
      if (o) {
        const mention = /^tg:\/\/user\?id=(\d+)$/.exec(url);
        entities.push(
          mention
            ? {
                type: 'text_mention',
                offset: o.offset,
                length: out.length - o.offset,
                user: { id: Number(mention[1]), is_bot: false, first_name: '' },
              }
            : { type: 'text_link', offset: o.offset, length: out.length - o.offset, url },
        );
      }
      i = j + 1;
      continue;
    }
    if (!legacy && c === '>' && lineStart) {
      if (quoteStart < 0) quoteStart = out.length;
      i += 1;
      continue;
    }
    if (reserved.includes(c)) {
      throw new ParseError(`Character '${c}' is reserved and must be escaped with the preceding '\\'`);
    }
    out += c;
    i += 1;
  }
  if (quoteStart >= 0) entities.push({ type: 'blockquote', offset: quoteStart, length: out.length - quoteStart });
  const first = open[0];
  if (first) {
    if (legacy) throw new ParseError(`Can't find end of the entity starting at byte offset ${first.at}`);
    throw new ParseError(
      `Can't find end of ${MDV2_NAMES[first.type] ?? markerFor(first.type)} entity at byte offset ${first.at}`,
    );
  }
  return { text: out, entities: sortEntities(entities) };
}

/** Applies parse_mode (or explicit entities) like the Bot API does; throws ParseError. */
export function formatText(raw: string, parseMode: unknown, explicitEntities: unknown): ParsedText {
  const mode = typeof parseMode === 'string' ? parseMode.toLowerCase() : '';
  let parsed: ParsedText;
  if (mode === 'html') parsed = parseHtml(raw);
  else if (mode === 'markdownv2') parsed = parseMarkdown(raw, false);
  else if (mode === 'markdown') parsed = parseMarkdown(raw, true);
  else if (mode === '') {
    const entities = Array.isArray(explicitEntities) ? (explicitEntities as TgEntity[]).map((e) => ({ ...e })) : [];
    parsed = { text: raw, entities };
  } else {
    throw new ParseError(`Unsupported parse_mode`);
  }
  return trimParsed(parsed);
}

/** Telegram trims leading and trailing whitespace; entity offsets follow. */
export function trimParsed(p: ParsedText): ParsedText {
  const lead = p.text.length - p.text.replace(/^\s+/, '').length;
  const text = p.text.trim();
  const entities: TgEntity[] = [];
  for (const e of p.entities) {
    const start = Math.max(0, e.offset - lead);
    const end = Math.min(text.length, e.offset + e.length - lead);
    if (end > start) entities.push({ ...e, offset: start, length: end - start });
  }
  return { text, entities };
}

// ---------------------------------------------------------------- user-side entities

/** bot_command entities for every /command (optionally /command@botname) at a word start. */
export function commandEntities(text: string): TgEntity[] {
  const entities: TgEntity[] = [];
  const re = /\/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{1,64})?/g;
  for (const m of text.matchAll(re)) {
    const idx = m.index;
    const before = idx > 0 ? (text[idx - 1] ?? '') : '';
    if (before !== '' && !/\s/.test(before)) continue;
    const after = text[idx + m[0].length] ?? '';
    if (after !== '' && /[A-Za-z0-9_@/]/.test(after)) continue;
    entities.push({ type: 'bot_command', offset: idx, length: m[0].length });
  }
  return entities;
}

export const byteLength = (s: string): number => Buffer.byteLength(s, 'utf8');

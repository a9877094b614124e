/**
 * Reads full-width ASCII forms (`１５０２`, `｜`, `！`, `＃`, the ideographic space) as their ASCII
 * counterparts. Use on the *syntax* of a command; text a resident typed is stored as typed.
 */
export function toAsciiForms(input: string): string {
  return input
    .replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ');
}

/** Length in Unicode code points, which is how the product counts characters. */
export function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The user-perceived characters of `text` (an emoji with its modifiers is one), in order; the first `atMost`. */
export function graphemesOf(text: string, atMost = Number.POSITIVE_INFINITY): string[] {
  const chars: string[] = [];
  if (atMost <= 0) return chars;
  for (const { segment } of graphemes.segment(text)) {
    chars.push(segment);
    if (chars.length >= atMost) break;
  }
  return chars;
}

/** Telegram's limit on a message's text, in UTF-16 code units (its count, and JavaScript's `.length`). */
export const maxMessageLength = 4096;

/**
 * Cuts `text` to at most `max` UTF-16 code units, as Telegram counts, on a grapheme boundary (never inside an
 * emoji or a surrogate pair), ending with `…` when it was cut. Use for anything sent with a length limit (toasts,
 * button labels).
 */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  let kept = '';
  for (const { segment } of graphemes.segment(text)) {
    if (kept.length + segment.length > max - 1) break;
    kept += segment;
  }
  return `${kept}…`;
}

/**
 * Splits the lines of a long list into messages of at most `max` UTF-16 code units each, at line boundaries (a line
 * longer than that is cut), so a list of 700 households arrives whole, in several messages.
 */
export function splitIntoMessages(lines: readonly string[], max = maxMessageLength - 96): string[] {
  const messages: string[] = [];
  let current = '';
  for (const raw of lines) {
    const line = cutText(raw, max);
    if (current !== '' && current.length + 1 + line.length > max) {
      messages.push(current);
      current = line;
    } else current = current === '' ? line : `${current}\n${line}`;
  }
  if (current !== '' || messages.length === 0) messages.push(current);
  return messages;
}

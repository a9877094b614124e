import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codePointLength, cutText, graphemesOf, splitIntoMessages, toAsciiForms } from '../../src/core/text.ts';

/** True when no lone surrogate is left in the string (Telegram refuses those). */
function wellFormed(text: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}

describe('cutText', () => {
  it('keeps a text that fits, and cuts a longer one to the limit in UTF-16 units, with an ellipsis', () => {
    expect(cutText('hello', 5)).toBe('hello');
    expect(cutText('hello world', 6)).toBe('hello…');
    expect(cutText('hello world', 6).length).toBe(6);
  });

  it('never cuts inside an emoji, a flag or a family (a grapheme)', () => {
    const family = '👨‍👩‍👧';
    expect(cutText(`${'😀'.repeat(100)}`, 60)).toBe(`${'😀'.repeat(29)}…`);
    expect(cutText(`ab${family}cd`, 6)).toBe('ab…');
    expect(cutText('🇨🇳🇨🇳🇨🇳', 6)).toBe('🇨🇳…');
  });

  it('gives a well-formed text within the limit for any input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), fc.integer({ min: 2, max: 100 }), (text, max) => {
        const cut = cutText(text, max);
        expect(cut.length).toBeLessThanOrEqual(Math.max(max, text.length <= max ? text.length : 0));
        expect(wellFormed(cut)).toBe(true);
        if (text.length <= max) expect(cut).toBe(text);
      }),
    );
  });
});

describe('splitIntoMessages', () => {
  it('keeps a short list in one message and splits a long one between lines, each message within the limit', () => {
    expect(splitIntoMessages(['a', 'b'])).toEqual(['a\nb']);
    const lines = Array.from({ length: 700 }, (_, i) => `unit ${1000 + i}, floor ${Math.floor(i / 10)}`);
    const messages = splitIntoMessages(lines, 4000);
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) expect(message.length).toBeLessThanOrEqual(4000);
    expect(messages.join('\n')).toBe(lines.join('\n'));
  });

  it('cuts a single line longer than a message', () => {
    const [only] = splitIntoMessages(['😀'.repeat(3000)], 4000);
    expect(only!.length).toBeLessThanOrEqual(4000);
    expect(wellFormed(only!)).toBe(true);
  });
});

describe('graphemesOf and the two ways of counting', () => {
  it('counts an emoji as one character for people, two units for Telegram', () => {
    expect(graphemesOf('a😀b')).toEqual(['a', '😀', 'b']);
    expect(graphemesOf('a😀b', 2)).toEqual(['a', '😀']);
    expect(graphemesOf('a😀b', 0)).toEqual([]);
    expect(codePointLength('😀')).toBe(1);
    expect('😀'.length).toBe(2);
    expect(toAsciiForms('１５０２')).toBe('1502');
  });
});

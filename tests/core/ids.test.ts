import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { idPattern, parseId, timeOrderedId } from '../../src/core/ids.ts';

const largestId = 9_999_999_999_999;

/** The id as people type it on a Chinese keyboard: full-width digits (and `＃`). */
function fullWidth(text: string): string {
  return text.replace(/[0-9#]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
}

describe('idPattern', () => {
  const whole = new RegExp(`^${idPattern}$`);

  it.each(['1', '12', '902', '1000000', String(largestId)])('matches the id %j', (text) => {
    expect(whole.test(text)).toBe(true);
  });

  it.each(['', '0', '01', '00012', '10000000000000', '1.5', '-1', '+1', '1e3', '#1'])(
    'does not match %j as a whole',
    (text) => {
      expect(whole.test(text)).toBe(false);
    },
  );

  it('only matches numbers JavaScript holds exactly', () => {
    fc.assert(
      fc.property(fc.stringMatching(whole), (text) => {
        expect(Number.isSafeInteger(Number(text))).toBe(true);
        expect(String(Number(text))).toBe(text);
      }),
    );
  });
});

describe('parseId', () => {
  it.each([
    ['12', 12],
    ['#12', 12],
    ['１２', 12],
    ['＃１２', 12],
    ['#１２', 12],
    ['  7 ', 7],
    ['\u3000１５０２\u3000', 1502],
    [String(largestId), largestId],
  ])('reads %j as %d', (text, id) => {
    expect(parseId(text)).toBe(id);
  });

  it.each([
    '',
    ' ',
    '#',
    '##12',
    '# 12',
    '12#',
    '0',
    '#0',
    '０',
    '012',
    '#007',
    '10000000000000',
    '12 13',
    '12 please',
    'need 12',
    '12,13',
    '-12',
    '+12',
    '1.0',
    '1e3',
    '0x1f',
    'twelve',
    '١٢',
  ])('refuses %j', (text) => {
    expect(parseId(text)).toBeUndefined();
  });

  describe('properties', () => {
    const anyId = fc.integer({ min: 1, max: largestId });

    it('reads back any id written as `n`, `#n` or in full-width digits', () => {
      fc.assert(
        fc.property(anyId, fc.constantFrom('', '#'), fc.boolean(), (id, hash, wide) => {
          const typed = `${hash}${id}`;
          expect(parseId(wide ? fullWidth(typed) : typed)).toBe(id);
        }),
      );
    });

    it('refuses an id with leading zeros', () => {
      fc.assert(
        fc.property(anyId, fc.integer({ min: 1, max: 3 }), (id, zeros) => {
          expect(parseId(`${'0'.repeat(zeros)}${id}`)).toBeUndefined();
          expect(parseId(`#${'0'.repeat(zeros)}${id}`)).toBeUndefined();
        }),
      );
    });

    it('refuses 14 digits or more, even though such a number would still be safe', () => {
      fc.assert(
        fc.property(fc.integer({ min: largestId + 1, max: Number.MAX_SAFE_INTEGER }), (big) => {
          expect(parseId(String(big))).toBeUndefined();
          expect(parseId(fullWidth(`#${big}`))).toBeUndefined();
        }),
      );
    });

    it('refuses an id followed or preceded by another word', () => {
      const word = fc.string({ minLength: 1, maxLength: 8 }).filter((w) => w.trim() !== '');
      fc.assert(
        fc.property(anyId, word, fc.boolean(), (id, extra, before) => {
          expect(parseId(before ? `${extra} ${id}` : `${id} ${extra}`)).toBeUndefined();
        }),
      );
    });
  });
});

describe('timeOrderedId', () => {
  afterEach(() => vi.useRealTimers());

  it('sorts the ids of a later millisecond after those of an earlier one, each id its own, past a refill of its pool', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const at = Date.UTC(2026, 3, 1, 11);
    vi.setSystemTime(at);
    const first = Array.from({ length: 300 }, () => timeOrderedId());
    vi.setSystemTime(at + 1);
    const second = Array.from({ length: 300 }, () => timeOrderedId());
    expect(new Set([...first, ...second]).size).toBe(600);
    expect(first.every((a) => second.every((b) => a < b))).toBe(true);
    // the milliseconds first (48 bits), then version 7 and the variant
    expect(first[0]!.replaceAll('-', '').slice(0, 12)).toBe(at.toString(16).padStart(12, '0'));
    expect(
      [...first, ...second].every((id) =>
        /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id),
      ),
    ).toBe(true);
  });
});

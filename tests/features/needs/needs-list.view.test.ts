import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { graphemesOf } from '../../../src/core/text.ts';
import {
  type CardNeed,
  ellipsis,
  needsPageButtons,
  needsPageSize,
  parseNeedsPageData,
  renderNeedsList,
} from '../../../src/features/needs/needs.view.ts';
import { isWellFormed, languages, rawKeysIn, translatorIn } from '../translations.ts';
import { cardNeed, labels, minute, secret, start } from './need-fixtures.ts';

const en = translatorIn('en');
const zh = translatorIn('zh');

const listed = (text: string): number[] => [...text.matchAll(/^#(\d+) /gm)].map((m) => Number(m[1]));

/** `count` open normal needs, #1 the oldest, each from its own household. */
function manyNeeds(count: number, overrides: Partial<CardNeed> = {}): CardNeed[] {
  return Array.from({ length: count }, (_, i) =>
    cardNeed({ id: i + 1, unit: `${i + 101}`, createdAt: start + i * minute, ...overrides }),
  );
}

function list(needs: readonly CardNeed[], page = 1, suggestBuyAt = 99, t = en, label = labels.en) {
  return renderNeedsList(t, { building: 'Building 3', needs, page, suggestBuyAt, label });
}

describe('renderNeedsList', () => {
  it('says there are no open needs, naming the building, on a single page', () => {
    expect(list([])).toEqual({ text: 'No open needs in Building 3. 🎉', page: 1, pages: 1 });
    expect(list([], 1, 99, zh).text).toContain('Building 3');
  });

  it('lists urgent needs first, then high, then normal, oldest first within each', () => {
    const needs = [
      cardNeed({ id: 1, priority: 'normal', createdAt: start }),
      cardNeed({ id: 2, priority: 'high', createdAt: start + 3 * minute }),
      cardNeed({ id: 3, priority: 'urgent', createdAt: start + 5 * minute }),
      cardNeed({ id: 4, priority: 'high', createdAt: start + 2 * minute }),
      cardNeed({ id: 5, priority: 'urgent', createdAt: start + 4 * minute }),
    ];
    expect(listed(list(needs).text)).toEqual([5, 3, 4, 2, 1]);
  });

  it('counts the needs and each category, the largest category first', () => {
    const needs = [...manyNeeds(3), cardNeed({ id: 9, category: 'medicine' })];
    const [header, byCategory] = list(needs).text.split('\n');
    expect(header).toBe('Open needs in Building 3: 4');
    expect(byCategory).toBe('By category: #food 3 · #medicine 1');
  });

  it('writes one line a need: id, a marker for urgent and high, category, text, unit and who helps', () => {
    const lines = list([
      cardNeed({ id: 1, priority: 'urgent', category: 'medicine', text: 'insulin' }),
      cardNeed({ id: 2, priority: 'high', unit: null, createdAt: start + minute }),
      cardNeed({ id: 3, status: 'claimed', claimerName: 'Carol Chen', createdAt: start + 2 * minute }),
    ]).text.split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        '#1 🆘 #medicine — insulin (1502)',
        '#2 ❗ #food — two loaves of bread (unit not registered)',
        '#3 #food — two loaves of bread (1502), Carol Chen helping',
      ]),
    );
  });

  it('lists a private need without its text', () => {
    const { text } = list([cardNeed({ id: 4, private: true, text: secret })]);
    expect(text).not.toContain('XYZ');
    expect(text).toContain('#4 #food — 🔒 private, details with the volunteers');
    expect(text).not.toContain('1502');
  });

  it('cuts a long text to a short line that ends with an ellipsis', () => {
    const text = 'please bring some bread '.repeat(40).trim();
    const line = list([cardNeed({ text })])
      .text.split('\n')
      .find((l) => l.startsWith('#7 '))!;
    expect(line).toMatch(/… \(1502\)$/);
    expect([...line].length).toBeLessThan(120);
  });

  it('shows a page of needs at a time, says which, and keeps the page asked for within the pages there are', () => {
    const needs = manyNeeds(2 * needsPageSize + 5);
    expect(list(needs, 2)).toMatchObject({ page: 2, pages: 3 });
    expect(listed(list(needs, 2).text)).toEqual(Array.from({ length: needsPageSize }, (_, i) => needsPageSize + i + 1));
    expect(list(needs, 2).text.endsWith('\n\nPage 2 of 3')).toBe(true);
    expect(list(needs, 0)).toMatchObject({ page: 1, pages: 3 });
    expect(listed(list(needs, 99).text)).toEqual([21, 22, 23, 24, 25]);
    expect(list(needs, 99).page).toBe(3);
  });

  it('shows no page line when the needs fit on one page', () => {
    const { text, pages } = list(manyNeeds(needsPageSize));
    expect(pages).toBe(1);
    expect(listed(text)).toHaveLength(needsPageSize);
    expect(text).not.toContain('Page');
  });

  it('suggests a group buy where enough households need one category, counting each household once', () => {
    const needs = [
      cardNeed({ id: 1, unit: '1502' }),
      cardNeed({ id: 2, unit: '1502' }),
      cardNeed({ id: 3, unit: '301' }),
      cardNeed({ id: 4, unit: null, requesterId: 11 }),
      cardNeed({ id: 5, category: 'medicine', unit: '1502' }),
      cardNeed({ id: 6, category: 'medicine', unit: '1502' }),
    ];
    const hints = (at: number) =>
      list(needs, 1, at)
        .text.split('\n')
        .filter((l) => l.startsWith('🛒'));
    expect(hints(3)).toEqual(['🛒 3 households need #food: consider a group buy (/buy).']);
    expect(hints(2)).toHaveLength(1);
    expect(hints(1)).toHaveLength(2);
    expect(hints(4)).toEqual([]);
  });

  it("keeps a full page of the longest needs within Telegram's 4096 characters, in both languages", () => {
    const longest = { text: '😀'.repeat(1000), claimerName: 'N'.repeat(129), status: 'claimed' as const };
    for (const language of languages) {
      const { text } = list(manyNeeds(needsPageSize + 1, longest), 1, 1, translatorIn(language));
      expect(listed(text)).toHaveLength(needsPageSize);
      expect(text.length).toBeLessThanOrEqual(4096);
      expect(isWellFormed(text)).toBe(true);
    }
  });

  it('renders in both languages without a raw message key', () => {
    const needs = [
      ...manyNeeds(needsPageSize + 2),
      cardNeed({ id: 90, priority: 'urgent', private: true, unit: null, status: 'claimed', claimerName: null }),
    ];
    for (const language of languages) {
      for (const page of [1, 2]) expect(rawKeysIn(list(needs, page, 2, translatorIn(language)).text)).toEqual([]);
      expect(rawKeysIn(list([], 1, 2, translatorIn(language)).text)).toEqual([]);
    }
  });
});

describe('ellipsis', () => {
  it('keeps a text that fits, with each run of whitespace made one space', () => {
    expect(ellipsis('rice\n\n and  oil', 80)).toBe('rice and oil');
  });

  it('cuts at the last space that fits and ends with an ellipsis', () => {
    expect(ellipsis('the quick brown fox jumps', 12)).toBe('the quick…');
  });

  it('cuts inside a word when the last space is in the first half', () => {
    expect(ellipsis(`a ${'x'.repeat(40)}`, 10)).toBe('a xxxxxxx…');
  });

  it('never cuts an emoji in two', () => {
    expect(ellipsis('😀'.repeat(100), 10)).toBe(`${'😀'.repeat(9)}…`);
  });

  it('gives at most the code points asked for, well formed, the start of the text when it cuts', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), fc.integer({ min: 1, max: 100 }), (text, max) => {
        const result = ellipsis(text, max);
        const collapsed = text.replace(/\s+/g, ' ');
        expect([...result].length).toBeLessThanOrEqual(max);
        if (isWellFormed(text)) expect(isWellFormed(result)).toBe(true);
        if ([...collapsed].length <= max) expect(result).toBe(collapsed);
        else expect(collapsed.startsWith(result.slice(0, -1)) && result.endsWith('…')).toBe(true);
      }),
    );
  });

  it('cuts as it did when it read every character of the text', () => {
    const wholeText = (text: string, max: number) => {
      const chars = graphemesOf(text.replace(/\s+/g, ' '));
      if (chars.length <= max) return chars.join('');
      const cut = chars.slice(0, max - 1).join('');
      const space = cut.lastIndexOf(' ');
      return `${space > max / 2 ? cut.slice(0, space) : cut}…`;
    };
    const characters = fc.constantFrom('a', ' ', '\n', 'é', '😀', '👍🏽', '👨‍👩‍👧', '漢', '\uD800');
    fc.assert(
      fc.property(fc.array(characters, { maxLength: 120 }), fc.integer({ min: 1, max: 100 }), (chars, max) => {
        const text = chars.join('');
        expect(ellipsis(text, max)).toBe(wholeText(text, max));
      }),
    );
  });
});

describe('needs page buttons', () => {
  const pagesOf = (page: number, pages: number) =>
    needsPageButtons(en, page, pages)
      .inline_keyboard.flat()
      .map((b) => ('callback_data' in b ? parseNeedsPageData(b.callback_data) : undefined));

  it.each([
    [1, 1, []],
    [1, 3, [2]],
    [2, 3, [1, 3]],
    [3, 3, [2]],
  ])('on page %i of %i go to the pages %j', (page, pages, targets) => {
    expect(pagesOf(page, pages)).toEqual(targets);
  });

  it("labels them in the building's language, previous before next", () => {
    expect(needsPageButtons(en, 2, 3).inline_keyboard[0]?.map((b) => b.text)).toEqual(['‹ Previous', 'Next ›']);
    expect(needsPageButtons(zh, 2, 3).inline_keyboard[0]?.map((b) => b.text)).toEqual(['‹ 上一页', '下一页 ›']);
  });

  it('reads back every page button it writes, within 64 bytes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 10_000 }), fc.nat(), (pages, n) => {
        const page = (n % pages) + 1;
        for (const button of needsPageButtons(en, page, pages).inline_keyboard.flat()) {
          const data = 'callback_data' in button ? button.callback_data : '';
          expect(Buffer.byteLength(data, 'utf8')).toBeLessThanOrEqual(64);
          expect([page - 1, page + 1]).toContain(parseNeedsPageData(data));
        }
      }),
    );
  });

  it.each([
    '',
    'v1:needs:page:0',
    'v1:needs:page:01',
    'v1:needs:page:-1',
    'v1:needs:page:1234567',
    'v1:needs:page:1 ',
    'v1:needs:page:１',
    'v1:need:page:1',
  ])('refuses the forged page data %j', (data) => {
    expect(parseNeedsPageData(data)).toBeUndefined();
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codePointLength, toAsciiForms } from '../../../src/core/text.ts';
import { UsageError } from '../../../src/core/usage-error.ts';
import { maxNeedTextLength, type NeedCommand, priorities } from '../../../src/features/needs/needs.ts';
import { categories, categoryIds, parse, priorityWords } from './need-fixtures.ts';

describe('parseNeed', () => {
  const tokenUnits = fc.constantFrom(
    '!',
    '!!',
    '！',
    '＃',
    '#',
    ' ',
    '\u3000',
    '\n',
    '\t',
    'for',
    'ｆｏｒ',
    '1502',
    '１５０２',
    'urgent',
    'high',
    '紧急',
    '急',
    '药',
    'medicine',
    'x',
    '😀',
    'e\u0301',
    '👨‍👩‍👧',
    '\u200b',
    '-',
  );
  const anyArgs = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 60 }),
    fc.string({ unit: 'binary', maxLength: 60 }),
    fc.string({ unit: tokenUnits, maxLength: 30 }),
    fc.string({ unit: 'grapheme-ascii', minLength: 990, maxLength: 1010 }),
    fc
      .tuple(fc.string({ unit: tokenUnits, maxLength: 8 }), fc.integer({ min: 995, max: 1005 }))
      .map(([head, n]) => `${head} ${'😀'.repeat(n)}`),
  );

  it('gives either a need or a usage error for any input, never another exception', () => {
    fc.assert(
      fc.property(anyArgs, (args) => {
        let need: NeedCommand;
        try {
          need = parse(args);
        } catch (err) {
          expect(err).toBeInstanceOf(UsageError);
          return;
        }
        expect(need.text.length).toBeGreaterThan(0);
        expect(need.text).toBe(need.text.trim());
        expect(codePointLength(need.text)).toBeLessThanOrEqual(maxNeedTextLength);
        expect(args).toContain(need.text);
        expect(priorities).toContain(need.priority);
        expect(categoryIds).toContain(need.category);
        if (need.forUnit !== undefined) expect(need.forUnit).toMatch(/^[\p{L}\p{N}-]+$/u);
      }),
      { numRuns: 500 },
    );
  });

  const separator = fc.string({ unit: fc.constantFrom(' ', '\u3000', '\n', '\t'), minLength: 1, maxLength: 3 });
  const padding = fc.string({ unit: fc.constantFrom(' ', '\u3000', '\n'), maxLength: 2 });
  const priorityToken = fc
    .tuple(fc.constantFrom(...priorityWords), fc.boolean(), fc.boolean())
    .map(([[word, priority], upper, fullWidth]) => {
      let written = upper ? word.toUpperCase() : word;
      if (fullWidth) written = written.replace(/!/g, '！');
      return { written, priority };
    });
  const categoryToken = fc
    .tuple(fc.constantFrom(...categories), fc.nat(), fc.boolean(), fc.boolean())
    .map(([c, pick, upper, fullWidth]) => {
      const names = [c.id, ...c.aliases];
      const name = names[pick % names.length]!;
      return { written: `${fullWidth ? '＃' : '#'}${upper ? name.toUpperCase() : name}`, category: c.id };
    });
  const reserved = new Set(['for', ...priorityWords.map(([word]) => word)]);
  const needText = fc
    .string({ unit: 'grapheme', minLength: 1, maxLength: 40 })
    .map((s) => s.trim())
    .filter((s) => {
      if (s.length === 0) return false;
      const first = toAsciiForms(s).split(/\s/)[0]!.toLowerCase();
      // `every …` and a word like `每周` start a rhythm (SPEC §2.11), tested in recurring.properties.test.ts
      const rhythm = first === 'every' || first.startsWith('每');
      return !first.startsWith('#') && !first.startsWith('!') && !reserved.has(first) && !rhythm;
    });

  it('recovers exactly the priority, category and text it was given', () => {
    fc.assert(
      fc.property(
        fc.option(priorityToken, { nil: undefined }),
        fc.option(categoryToken, { nil: undefined }),
        fc.boolean(),
        needText,
        padding,
        separator,
        separator,
        padding,
        (p, c, categoryFirst, text, lead, sep1, sep2, trail) => {
          const marks = [p?.written, c?.written].filter((m): m is string => m !== undefined);
          if (categoryFirst) marks.reverse();
          const seps = [sep1, sep2];
          const args = lead + marks.map((m, i) => m + seps[i]).join('') + text + trail;
          expect(parse(args)).toEqual({ priority: p?.priority ?? 'normal', category: c?.category ?? 'other', text });
        },
      ),
      { numRuns: 500 },
    );
  });
});

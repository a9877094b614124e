import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codePointLength, toAsciiForms } from '../../src/core/text.ts';
import { UsageError } from '../../src/core/usage-error.ts';
import {
  actionsFor,
  byUrgencyThenAge,
  checkNeedAction,
  concentratedCategories,
  maxNeedTextLength,
  type NeedAction,
  type NeedActor,
  type NeedCategoryConfig,
  type NeedCommand,
  type NeedState,
  type NeedStatus,
  needActions,
  needCallbackData,
  type Priority,
  parseNeed,
  parseNeedCallbackData,
  priorities,
  statusAfter,
} from '../../src/features/needs/needs.ts';
import { usageError } from './usage-error.ts';

/** The default set of SPEC §2.1, spelled out here so the tests do not move with the config. */
const categories: readonly NeedCategoryConfig[] = [
  { id: 'medicine', aliases: ['药'] },
  { id: 'food', aliases: ['食物'] },
  { id: 'medical', aliases: ['就医'] },
  { id: 'elderly', aliases: ['老人'] },
  { id: 'disinfection', aliases: ['消杀'] },
  { id: 'other', aliases: ['其他'] },
];
const categoryIds = categories.map((c) => c.id);

const priorityWords: ReadonlyArray<readonly [string, Priority]> = [
  ['!!', 'urgent'],
  ['urgent', 'urgent'],
  ['紧急', 'urgent'],
  ['!', 'high'],
  ['high', 'high'],
  ['急', 'high'],
];

function parseKey(args: string): string | undefined {
  return usageError(() => parseNeed(args, categories))?.key;
}

function parse(args: string): NeedCommand {
  return parseNeed(args, categories);
}

describe('parseNeed', () => {
  it('reads plain text as a normal need in the other category', () => {
    expect(parse('need bread for two days')).toEqual({
      priority: 'normal',
      category: 'other',
      text: 'need bread for two days',
    });
  });

  it('does not mark a plain need as assisted', () => {
    expect(parse('need bread')).not.toHaveProperty('forUnit');
  });

  it.each(priorityWords)('reads the priority word %j as %s', (word, priority) => {
    expect(parse(`${word} need bread`)).toEqual({ priority, category: 'other', text: 'need bread' });
  });

  it('reads priority words in any letter case', () => {
    expect(parse('URGENT need bread').priority).toBe('urgent');
    expect(parse('High need bread').priority).toBe('high');
  });

  it.each([
    ['#medicine', 'medicine'],
    ['#药', 'medicine'],
    ['#Medicine', 'medicine'],
    ['#MEDICINE', 'medicine'],
    ['#food', 'food'],
    ['#食物', 'food'],
    ['#medical', 'medical'],
    ['#就医', 'medical'],
    ['#elderly', 'elderly'],
    ['#老人', 'elderly'],
    ['#disinfection', 'disinfection'],
    ['#消杀', 'disinfection'],
    ['#other', 'other'],
    ['#其他', 'other'],
  ])('reads the category tag %j as %s', (tag, category) => {
    expect(parse(`${tag} need something`)).toEqual({ priority: 'normal', category, text: 'need something' });
  });

  it('reads priority and category in either order', () => {
    const expected = { priority: 'urgent', category: 'medicine', text: 'ibuprofen' };
    expect(parse('!! #medicine ibuprofen')).toEqual(expected);
    expect(parse('#medicine !! ibuprofen')).toEqual(expected);
    expect(parse('紧急 #药 ibuprofen')).toEqual(expected);
    expect(parse('#药 紧急 ibuprofen')).toEqual(expected);
  });

  it('reads full-width marks as ASCII but keeps the text exactly as typed', () => {
    expect(parse('！！ ＃药 需要１盒布洛芬')).toEqual({
      priority: 'urgent',
      category: 'medicine',
      text: '需要１盒布洛芬',
    });
    expect(parse('＃药 ！ 需要１盒布洛芬')).toEqual({ priority: 'high', category: 'medicine', text: '需要１盒布洛芬' });
    expect(parse('＃Ｍｅｄｉｃｉｎｅ　需要１盒')).toEqual({
      priority: 'normal',
      category: 'medicine',
      text: '需要１盒',
    });
  });

  it('reads the ideographic space as a separator', () => {
    expect(parse('！！\u3000＃药\u3000布洛芬')).toEqual({ priority: 'urgent', category: 'medicine', text: '布洛芬' });
  });

  it('treats only the first priority and the first category as syntax', () => {
    expect(parse('!! !! help')).toEqual({ priority: 'urgent', category: 'other', text: '!! help' });
    expect(parse('#food #medicine rice')).toEqual({ priority: 'normal', category: 'food', text: '#medicine rice' });
  });

  it('reads text that only starts with a priority mark or a tag as text', () => {
    expect(parse('!!help')).toEqual({ priority: 'normal', category: 'other', text: '!!help' });
    expect(parse('urgently need water')).toEqual({
      priority: 'normal',
      category: 'other',
      text: 'urgently need water',
    });
  });

  it('reads `for <unit>` as an assisted need for that household', () => {
    expect(parse('for 1502 !! #药 布洛芬')).toEqual({
      priority: 'urgent',
      category: 'medicine',
      text: '布洛芬',
      forUnit: '1502',
    });
    expect(parse('for 3-1502 need bread')).toEqual({
      priority: 'normal',
      category: 'other',
      text: 'need bread',
      forUnit: '3-1502',
    });
  });

  it('normalizes the unit of an assisted need', () => {
    expect(parse('for １５０２ 需要药').forUnit).toBe('1502');
    expect(parse('FOR 12a bread').forUnit).toBe('12A');
    expect(parse('ｆｏｒ　１５０２　需要药')).toEqual({
      priority: 'normal',
      category: 'other',
      text: '需要药',
      forUnit: '1502',
    });
  });

  it('refuses `for` without a unit', () => {
    expect(parseKey('for')).toBe('need-for-usage');
    expect(parseKey('  for  ')).toBe('need-for-usage');
  });

  it('refuses an assisted need whose unit is not a unit', () => {
    expect(parseKey('for abc bread')).toBe('home-invalid');
  });

  it('refuses an assisted need without text', () => {
    expect(parseKey('for 1502')).toBe('need-text-empty');
    expect(parseKey('for 1502 !! #药')).toBe('need-text-empty');
  });

  it('refuses an unknown category and lists the known ones', () => {
    const err = usageError(() => parse('!! #toys a ball'));
    expect(err?.key).toBe('need-unknown-category');
    expect(err?.args.category).toBe('toys');
    const known = String(err?.args.known);
    for (const c of categories) {
      expect(known).toContain(`#${c.id}`);
      for (const alias of c.aliases) expect(known).toContain(`#${alias}`);
    }
  });

  it('refuses a bare `#` as an unknown category', () => {
    expect(parseKey('# bread')).toBe('need-unknown-category');
  });

  it('refuses empty arguments with the usage', () => {
    expect(parseKey('')).toBe('need-usage');
    expect(parseKey('   ')).toBe('need-usage');
    expect(parseKey('\n\t\u3000')).toBe('need-usage');
  });

  it('refuses a priority or category without text', () => {
    expect(parseKey('!!')).toBe('need-text-empty');
    expect(parseKey('#药')).toBe('need-text-empty');
    expect(parseKey('！！ ＃药  ')).toBe('need-text-empty');
    expect(parseKey('#medicine urgent')).toBe('need-text-empty');
  });

  it(`accepts a text of exactly ${maxNeedTextLength} code points, however many UTF-16 units they take`, () => {
    const text = '😀'.repeat(maxNeedTextLength);
    expect(text.length).toBe(2 * maxNeedTextLength);
    expect(parse(`!! #药 ${text}`)).toEqual({ priority: 'urgent', category: 'medicine', text });
    expect(parse(text).text).toBe(text);
  });

  it(`refuses a text of ${maxNeedTextLength + 1} code points`, () => {
    const err = usageError(() => parse(`#药 ${'😀'.repeat(maxNeedTextLength + 1)}`));
    expect(err?.key).toBe('need-text-too-long');
    expect(err?.args).toEqual({ max: maxNeedTextLength, length: maxNeedTextLength + 1 });
    expect(parseKey('a'.repeat(maxNeedTextLength + 1))).toBe('need-text-too-long');
  });

  it('does not count the priority, the category or surrounding spaces towards the length', () => {
    expect(parse(`  紧急  #disinfection  ${'a'.repeat(maxNeedTextLength)}  `).text).toHaveLength(maxNeedTextLength);
  });

  it('keeps the whitespace and newlines inside the text', () => {
    expect(parse('#food  rice\n\n and  oil\t(2 kg) ').text).toBe('rice\n\n and  oil\t(2 kg)');
    expect(parse('!!\n需要药\n  谢谢').text).toBe('需要药\n  谢谢');
  });

  it('falls back to the last category when the config has no `other`', () => {
    const noOther = [
      { id: 'food', aliases: [] },
      { id: 'water', aliases: ['水'] },
    ];
    expect(parseNeed('need bread', noOther).category).toBe('water');
    expect(parseNeed('#水 need water', noOther).category).toBe('water');
  });

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
      return !first.startsWith('#') && !first.startsWith('!') && !reserved.has(first);
    });

  it('reads words that are names on Object.prototype as text', () => {
    for (const word of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(parse(`${word} please`)).toMatchObject({ priority: 'normal', text: `${word} please` });
      expect(parse(word)).toMatchObject({ priority: 'normal', text: word });
    }
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

describe('checkNeedAction', () => {
  const asker = 1;
  const enterer = 2;
  const claimer = 3;
  const admin = 4;
  const stranger = 5;
  const volunteer = 6;

  const actors: Record<string, NeedActor> = {
    asker: { userId: asker, isAdmin: false, isVolunteer: false },
    enterer: { userId: enterer, isAdmin: false, isVolunteer: true },
    claimer: { userId: claimer, isAdmin: false, isVolunteer: false },
    admin: { userId: admin, isAdmin: true, isVolunteer: false },
    stranger: { userId: stranger, isAdmin: false, isVolunteer: false },
    volunteer: { userId: volunteer, isAdmin: false, isVolunteer: true },
  };

  function need(status: NeedStatus): NeedState {
    return { status, requesterId: asker, enteredBy: enterer, claimedBy: status === 'open' ? null : claimer };
  }

  function outcome(status: NeedStatus, action: NeedAction, actor: string, volunteersOnly = false): string {
    const err = usageError(() => checkNeedAction(need(status), action, actors[actor]!, { volunteersOnly }));
    return err ? err.key : 'ok';
  }

  it.each([
    // status, action, actor, outcome
    ['open', 'claim', 'asker', 'ok'],
    ['open', 'claim', 'stranger', 'ok'],
    ['open', 'claim', 'volunteer', 'ok'],
    ['open', 'claim', 'admin', 'ok'],
    ['open', 'release', 'stranger', 'need-not-claimed'],
    ['open', 'release', 'admin', 'need-not-claimed'],
    ['open', 'done', 'asker', 'need-not-claimed'],
    ['open', 'done', 'admin', 'need-not-claimed'],
    ['open', 'cancel', 'asker', 'ok'],
    ['open', 'cancel', 'enterer', 'ok'],
    ['open', 'cancel', 'admin', 'ok'],
    ['open', 'cancel', 'stranger', 'need-only-asker'],
    ['open', 'cancel', 'volunteer', 'need-only-asker'],
    ['claimed', 'claim', 'stranger', 'need-already-claimed'],
    ['claimed', 'claim', 'claimer', 'need-already-claimed'],
    ['claimed', 'claim', 'admin', 'need-already-claimed'],
    ['claimed', 'release', 'claimer', 'ok'],
    ['claimed', 'release', 'asker', 'need-only-claimer'],
    ['claimed', 'release', 'enterer', 'need-only-claimer'],
    ['claimed', 'release', 'admin', 'need-only-claimer'],
    ['claimed', 'release', 'stranger', 'need-only-claimer'],
    ['claimed', 'done', 'asker', 'ok'],
    ['claimed', 'done', 'enterer', 'ok'],
    ['claimed', 'done', 'claimer', 'ok'],
    ['claimed', 'done', 'admin', 'ok'],
    ['claimed', 'done', 'stranger', 'need-only-involved'],
    ['claimed', 'done', 'volunteer', 'need-only-involved'],
    ['claimed', 'cancel', 'asker', 'ok'],
    ['claimed', 'cancel', 'enterer', 'ok'],
    ['claimed', 'cancel', 'admin', 'ok'],
    ['claimed', 'cancel', 'claimer', 'need-only-asker'],
    ['claimed', 'cancel', 'stranger', 'need-only-asker'],
  ] as const)('on a need %s, %s by the %s gives %s', (status, action, actor, expected) => {
    expect(outcome(status, action, actor)).toBe(expected);
  });

  it('lets only volunteers and admins claim when the building says volunteers only', () => {
    expect(outcome('open', 'claim', 'stranger', true)).toBe('need-volunteers-only');
    expect(outcome('open', 'claim', 'asker', true)).toBe('need-volunteers-only');
    expect(outcome('open', 'claim', 'volunteer', true)).toBe('ok');
    expect(outcome('open', 'claim', 'enterer', true)).toBe('ok');
    expect(outcome('open', 'claim', 'admin', true)).toBe('ok');
  });

  it('refuses every action on a done or cancelled need, to anyone', () => {
    for (const status of ['done', 'cancelled'] as const) {
      for (const action of needActions) {
        for (const [name, actor] of Object.entries(actors)) {
          for (const volunteersOnly of [false, true]) {
            const err = usageError(() => checkNeedAction(need(status), action, actor, { volunteersOnly }));
            expect(err?.key, `${action} by ${name} on ${status}`).toBe('need-closed');
            expect(err?.args).toEqual({ status });
          }
        }
      }
    }
  });

  it('refuses every action on a draft need', () => {
    for (const action of needActions) {
      for (const actor of Object.values(actors)) {
        expect(
          usageError(() => checkNeedAction(need('draft'), action, actor, { volunteersOnly: false })),
        ).toBeInstanceOf(UsageError);
      }
    }
  });

  it('never permits an action the card does not show, nor a claim twice', () => {
    const statuses: NeedStatus[] = ['draft', 'open', 'claimed', 'done', 'cancelled'];
    fc.assert(
      fc.property(
        fc.constantFrom(...statuses),
        fc.constantFrom(...needActions),
        fc.record({ userId: fc.integer({ min: 1, max: 8 }), isAdmin: fc.boolean(), isVolunteer: fc.boolean() }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 8 }),
        fc.option(fc.integer({ min: 1, max: 8 }), { nil: null }),
        fc.boolean(),
        (status, action, actor, requesterId, enteredBy, claimedBy, volunteersOnly) => {
          const state = { status, requesterId, enteredBy, claimedBy };
          const err = usageError(() => checkNeedAction(state, action, actor, { volunteersOnly }));
          if (!actionsFor(status).includes(action)) expect(err).toBeInstanceOf(UsageError);
          if (err === undefined) {
            if (action === 'release') expect(actor.userId).toBe(claimedBy);
            if (action === 'cancel')
              expect(actor.isAdmin || actor.userId === requesterId || actor.userId === enteredBy).toBe(true);
          }
        },
      ),
    );
  });
});

describe('actionsFor and statusAfter', () => {
  it('shows claim and cancel on an open need', () => {
    expect(actionsFor('open')).toEqual(['claim', 'cancel']);
  });

  it('shows release, done and cancel on a claimed need', () => {
    expect(actionsFor('claimed')).toEqual(['release', 'done', 'cancel']);
  });

  it('shows no buttons on a draft, done or cancelled need', () => {
    expect(actionsFor('draft')).toEqual([]);
    expect(actionsFor('done')).toEqual([]);
    expect(actionsFor('cancelled')).toEqual([]);
  });

  it.each([
    ['claim', 'claimed'],
    ['release', 'open'],
    ['done', 'done'],
    ['cancel', 'cancelled'],
  ] as const)('moves a need to %s → %s', (action, status) => {
    expect(statusAfter(action)).toBe(status);
  });

  it('only offers actions whose result is a status the SPEC allows from there', () => {
    const allowed: Record<NeedStatus, NeedStatus[]> = {
      draft: [],
      open: ['claimed', 'cancelled'],
      claimed: ['done', 'cancelled', 'open'],
      done: [],
      cancelled: [],
    };
    for (const status of Object.keys(allowed) as NeedStatus[]) {
      expect(actionsFor(status).map(statusAfter).sort()).toEqual([...allowed[status]].sort());
    }
  });
});

describe('need callback data', () => {
  const actionsAndPlace = [...needActions, 'place'] as const;
  const extraArb = fc.string({ unit: fc.constantFrom(...'abcXYZ0129_-'), minLength: 1, maxLength: 32 });

  it('reads back what it writes', () => {
    expect(needCallbackData('claim', 42)).toBe('v1:need:claim:42');
    expect(parseNeedCallbackData('v1:need:claim:42')).toEqual({ action: 'claim', id: 42 });
    expect(parseNeedCallbackData(needCallbackData('place', 7, 'b-2'))).toEqual({
      action: 'place',
      id: 7,
      extra: 'b-2',
    });
  });

  it('reads back any action and id, and the building of a place button', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...actionsAndPlace),
        fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
        extraArb,
        (action, id, building) => {
          const extra = action === 'place' ? building : undefined;
          const parsed = parseNeedCallbackData(needCallbackData(action, id, extra));
          expect(parsed).toEqual(extra === undefined ? { action, id } : { action, id, extra });
          if (extra === undefined) expect(parsed).not.toHaveProperty('extra');
        },
      ),
    );
  });

  it('refuses an extra on a state button and a place button without its building', () => {
    expect(parseNeedCallbackData('v1:need:claim:1:b3')).toBeUndefined();
    expect(parseNeedCallbackData('v1:need:place:1')).toBeUndefined();
    expect(parseNeedCallbackData('v1:need:place:1:b3')).toEqual({ action: 'place', id: 1, extra: 'b3' });
  });

  it('fits every button in the 64 bytes Telegram allows', () => {
    // ids stay far below 10^12 for the life of a building's database
    fc.assert(
      fc.property(
        fc.constantFrom(...actionsAndPlace),
        fc.integer({ min: 1, max: 999_999_999_999 }),
        fc.option(extraArb, { nil: undefined }),
        (action, id, extra) => {
          expect(Buffer.byteLength(needCallbackData(action, id, extra), 'utf8')).toBeLessThanOrEqual(64);
        },
      ),
    );
    for (const action of actionsAndPlace) {
      expect(Buffer.byteLength(needCallbackData(action, Number.MAX_SAFE_INTEGER), 'utf8')).toBeLessThanOrEqual(64);
    }
    expect(
      Buffer.byteLength(needCallbackData('place', Number.MAX_SAFE_INTEGER, 'x'.repeat(32)), 'utf8'),
    ).toBeLessThanOrEqual(64);
  });

  it.each([
    '',
    'v2:need:claim:1',
    'v1:need:eat:1',
    'v1:need:claim:0',
    'v1:need:claim:-3',
    'v1:need:claim:01',
    'v1:need:claim:1.5',
    'v1:need:claim:99999999999999999999',
    'v1:need:claim:9007199254740992',
    'v1:need:claim:',
    'v1:need:claim:1:',
    'v1:need:claim:1:a:b',
    'v1:need:place:1:bad char',
    `v1:need:place:1:${'x'.repeat(33)}`,
    'v1:need:CLAIM:1',
    'v1:vote:claim:1',
    ' v1:need:claim:1',
    'v1:need:claim:1\n',
    'v1:need:claim:１',
    `v1:need:claim:${'9'.repeat(5000)}`,
    'v1:need:claim:1'.repeat(100),
  ])('refuses the forged or garbled data %j', (data) => {
    expect(parseNeedCallbackData(data)).toBeUndefined();
  });

  it('accepts the largest safe id and refuses the next', () => {
    expect(parseNeedCallbackData(`v1:need:done:${Number.MAX_SAFE_INTEGER}`)).toEqual({
      action: 'done',
      id: Number.MAX_SAFE_INTEGER,
    });
    expect(parseNeedCallbackData('v1:need:done:9007199254740992')).toBeUndefined();
  });

  it('gives either undefined or a well-formed button for any string', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 80 }),
          fc.string({
            unit: fc.constantFrom('v1', ':', 'need', 'claim', 'place', '1', '0', '9', '-', 'a', '_', ' '),
            maxLength: 20,
          }),
        ),
        (data) => {
          const parsed = parseNeedCallbackData(data);
          if (parsed === undefined) return;
          expect([...actionsAndPlace]).toContain(parsed.action);
          expect(Number.isSafeInteger(parsed.id) && parsed.id > 0).toBe(true);
          expect(needCallbackData(parsed.action, parsed.id, parsed.extra)).toBe(data);
        },
      ),
    );
  });
});

describe('byUrgencyThenAge', () => {
  const need = (id: number, priority: Priority, createdAt: number) => ({ id, priority, createdAt });

  it('lists urgent needs first, then high, then normal, oldest first within each', () => {
    const needs = [
      need(1, 'normal', 100),
      need(2, 'high', 300),
      need(3, 'urgent', 500),
      need(4, 'high', 200),
      need(5, 'urgent', 400),
      need(6, 'normal', 50),
    ];
    expect([...needs].sort(byUrgencyThenAge).map((n) => n.id)).toEqual([5, 3, 4, 2, 6, 1]);
  });

  it('breaks a tie of priority and age by id', () => {
    expect([need(9, 'high', 1), need(2, 'high', 1)].sort(byUrgencyThenAge).map((n) => n.id)).toEqual([2, 9]);
  });

  it('orders any list consistently: by priority rank, then creation time, then id', () => {
    const needArb = fc.record({
      id: fc.integer({ min: 1, max: 1_000_000 }),
      priority: fc.constantFrom(...priorities),
      createdAt: fc.integer({ min: 0, max: 2_000_000_000_000 }),
    });
    fc.assert(
      fc.property(fc.array(needArb, { maxLength: 30 }), (needs) => {
        const sorted = [...needs].sort(byUrgencyThenAge);
        for (let i = 1; i < sorted.length; i++) {
          const a = sorted[i - 1]!;
          const b = sorted[i]!;
          const key = (n: typeof a) => [priorities.indexOf(n.priority), n.createdAt, n.id] as const;
          const [pa, ca, ia] = key(a);
          const [pb, cb, ib] = key(b);
          expect(pa < pb || (pa === pb && (ca < cb || (ca === cb && ia <= ib)))).toBe(true);
        }
        for (const n of needs) expect(byUrgencyThenAge(n, { ...n })).toBe(0);
      }),
    );
  });
});

describe('concentratedCategories', () => {
  it('counts distinct households, not needs', () => {
    const open = [
      { category: 'food', householdKey: 'a' },
      { category: 'food', householdKey: 'a' },
      { category: 'food', householdKey: 'a' },
      { category: 'food', householdKey: 'b' },
    ];
    expect(concentratedCategories(open, 2)).toEqual([{ category: 'food', households: 2 }]);
    expect(concentratedCategories(open, 3)).toEqual([]);
  });

  it('includes a category that reaches the threshold exactly', () => {
    const open = ['a', 'b', 'c'].map((householdKey) => ({ category: 'medicine', householdKey }));
    expect(concentratedCategories(open, 3)).toEqual([{ category: 'medicine', households: 3 }]);
    expect(concentratedCategories(open, 4)).toEqual([]);
  });

  it('lists the categories with most households first', () => {
    const open = [
      { category: 'food', householdKey: 'a' },
      { category: 'food', householdKey: 'b' },
      { category: 'medicine', householdKey: 'a' },
      { category: 'medicine', householdKey: 'b' },
      { category: 'medicine', householdKey: 'c' },
      { category: 'elderly', householdKey: 'd' },
    ];
    expect(concentratedCategories(open, 2)).toEqual([
      { category: 'medicine', households: 3 },
      { category: 'food', households: 2 },
    ]);
  });

  it('gives nothing when there are no open needs', () => {
    expect(concentratedCategories([], 1)).toEqual([]);
  });

  it('agrees with counting households per category by hand', () => {
    const openArb = fc.array(
      fc.record({
        category: fc.constantFrom(...categoryIds),
        householdKey: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
      }),
      { maxLength: 40 },
    );
    fc.assert(
      fc.property(openArb, fc.integer({ min: 1, max: 7 }), (open, threshold) => {
        const result = concentratedCategories(open, threshold);
        const expected = new Map<string, number>();
        for (const category of categoryIds) {
          const households = new Set(open.filter((n) => n.category === category).map((n) => n.householdKey)).size;
          if (households >= threshold) expected.set(category, households);
        }
        expect(new Map(result.map((r) => [r.category, r.households]))).toEqual(expected);
        expect(result).toHaveLength(expected.size);
        for (let i = 1; i < result.length; i++)
          expect(result[i - 1]!.households).toBeGreaterThanOrEqual(result[i]!.households);
      }),
    );
  });
});

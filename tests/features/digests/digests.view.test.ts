import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type DigestData,
  latestUnacknowledged,
  maxDigestLength,
  renderDigest,
} from '../../../src/features/digests/digests.view.ts';
import type { Priority } from '../../../src/features/needs/needs.ts';
import { isWellFormed, languages, rawKeysIn, translatorIn } from '../translations.ts';

const en = translatorIn('en');
const zh = translatorIn('zh');
/** 09:00 on 1 April 2026 in Shanghai; need #n of these tests was asked n minutes later. */
const start = Date.parse('2026-04-01T09:00:00+08:00');
const minute = 60_000;

type DigestNeed = DigestData['needs'][number];

function need(id: number, priority: Priority, overrides: Partial<DigestNeed> = {}): DigestNeed {
  return {
    id,
    priority,
    category: 'food',
    text: `need number ${id}`,
    private: false,
    unit: `${100 + id}`,
    requesterId: 1000 + id,
    createdAt: start + id * minute,
    ...overrides,
  };
}

function digest(overrides: Partial<DigestData> = {}): DigestData {
  return {
    building: 'Building 3',
    date: '2026-04-01',
    needs: [],
    finished: { needs: 4, volunteers: 2 },
    votes: [],
    buys: [],
    notices: [],
    olderNotices: 0,
    suggestBuyAt: 99,
    guidance: undefined,
    label: (id) => id,
    ...overrides,
  };
}

const lines = (data: DigestData, t = en) => renderDigest(t, data).split('\n');

/** The English "finished" line, with its plural and zero forms. */
function finishedLine(needs: number, volunteers: number): string {
  if (needs === 0) return 'Since the last digest: no need finished yet.';
  const helpers = volunteers === 1 ? '1 helper' : `${volunteers} helpers`;
  return `Since the last digest: ${needs === 1 ? '1 need' : `${needs} needs`} done by ${helpers}.`;
}

describe('renderDigest', () => {
  it('says when there are no open needs, and what was finished since the last digest', () => {
    expect(lines(digest())).toEqual([
      '📋 Digest of Building 3 — 2026-04-01',
      'No open needs. 🎉',
      '',
      'Since the last digest: 4 needs done by 2 helpers.',
    ]);
  });

  it('counts the open needs by priority and category, and lists the urgent and high ones, urgent first', () => {
    const needs = [
      need(1, 'normal', { text: 'bread' }),
      need(2, 'high', { category: 'medicine', text: 'ibuprofen' }),
      need(3, 'urgent', { category: 'elderly', text: 'fell in the kitchen' }),
      need(4, 'urgent', { unit: null }),
    ];
    expect(lines(digest({ needs }))).toEqual([
      '📋 Digest of Building 3 — 2026-04-01',
      'Open needs: 4 (🆘 2 urgent, ❗ 1 high, 1 normal)',
      'By category: #food 2 · #elderly 1 · #medicine 1',
      '🆘 #3 #elderly — fell in the kitchen (103)',
      '🆘 #4 #food — need number 4 (unit not registered)',
      '❗ #2 #medicine — ibuprofen (102)',
      '',
      'Since the last digest: 4 needs done by 2 helpers.',
    ]);
  });

  it('lists a private need without its text', () => {
    const text = renderDigest(en, digest({ needs: [need(6, 'urgent', { private: true, text: 'insulin XYZ' })] }));
    expect(text).not.toContain('XYZ');
    expect(text).toContain('🆘 #6 #food — 🔒 private, details with the volunteers');
    expect(text).not.toContain('106');
  });

  it('lists at most fifteen urgent and high needs and points to /needs for the others', () => {
    const needs = Array.from({ length: 20 }, (_, i) => need(i + 1, 'high'));
    const shown = lines(digest({ needs }));
    expect(shown.filter((l) => l.startsWith('❗ #'))).toHaveLength(15);
    expect(shown).toContain('… and 5 more: /needs');
    expect(shown).toContain('❗ #15 #food — need number 15 (115)');
    expect(shown.join('\n')).not.toContain('#16 ');
  });

  it('suggests a group buy where enough households need one category', () => {
    const needs = [need(1, 'normal'), need(2, 'normal', { unit: null }), need(3, 'high'), need(4, 'normal')];
    expect(lines(digest({ needs, suggestBuyAt: 4 }))).toContain(
      '🛒 4 households need #food: consider a group buy (/buy).',
    );
    expect(renderDigest(en, digest({ needs, suggestBuyAt: 5 }))).not.toContain('🛒');
  });

  it('lists the open votes, the buys closing soon, the notices not yet acknowledged and the guidance', () => {
    const data = digest({
      votes: [
        { id: 2, question: 'Open the back gate?', deadline: '14:00', turnout: 3, electorate: 40 },
        { id: 8, question: 'Lunch?', deadline: '12:00', turnout: 0, electorate: null },
      ],
      buys: [{ id: 5, item: 'Vegetable box', deadline: '18:00', quantity: 12 }],
      notices: [{ id: 1, level: 'info', text: 'Water off tomorrow 9-12', acknowledged: 7, households: 40 }],
      guidance: 'Wash your hands after collecting deliveries.',
    });
    expect(lines(data).slice(3)).toEqual([
      'Since the last digest: 4 needs done by 2 helpers.',
      '🗳 Vote #2 Open the back gate? — closes 14:00, turnout 3 of 40',
      '🗳 Vote #8 Lunch? — closes 12:00, turnout 0 of ?',
      '🛒 Group buy #5 Vegetable box — closes 18:00, 12 ordered',
      '📢 Notice #1 Water off tomorrow 9-12 — 7 of 40 households got it',
      '',
      '💡 Wash your hands after collecting deliveries.',
    ]);
  });

  it('shows an alert with its level, and counts the older notices it leaves out', () => {
    const data = digest({
      notices: [
        { id: 5, level: 'red', text: 'Stay inside', acknowledged: 0, households: 40 },
        { id: 4, level: 'blue', text: 'Testing at the gate', acknowledged: 3, households: 40 },
        { id: 3, level: 'info', text: 'Water off', acknowledged: 7, households: 40 },
      ],
      olderNotices: 2,
    });
    expect(lines(data).slice(3)).toEqual([
      'Since the last digest: 4 needs done by 2 helpers.',
      '🔴 Red alert #5 Stay inside — 0 of 40 households got it',
      '🔵 Blue alert #4 Testing at the gate — 3 of 40 households got it',
      '📢 Notice #3 Water off — 7 of 40 households got it',
      '… and 2 older notices not yet acknowledged by every household',
    ]);
    expect(lines(digest({ olderNotices: 1 })).at(-1)).toBe(
      '… and 1 older notice not yet acknowledged by every household',
    );
    expect(renderDigest(zh, data)).toContain('🔴 红色预警 #5 Stay inside — 40 户中已有 0 户确认');
  });

  it('shortens long questions, items, notices and need texts to one line each', () => {
    const long = 'a very long sentence that goes on '.repeat(20);
    const text = renderDigest(
      en,
      digest({
        needs: [need(1, 'urgent', { text: `${long}\n\nand on` })],
        votes: [{ id: 2, question: long, deadline: '14:00', turnout: 3, electorate: 40 }],
        buys: [{ id: 5, item: long, deadline: '18:00', quantity: 12 }],
        notices: [{ id: 1, level: 'info', text: long, acknowledged: 7, households: 40 }],
      }),
    );
    const detailed = text.split('\n').filter((l) => /^(🆘|🗳|🛒|📢) /.test(l));
    expect(detailed).toHaveLength(4);
    for (const line of detailed) {
      expect(line).toContain('… ');
      expect([...line].length).toBeLessThan(150);
    }
  });

  it('renders in both languages without a raw message key', () => {
    const data = digest({
      needs: [
        ...Array.from({ length: 17 }, (_, i) => need(i + 1, i % 3 === 0 ? 'urgent' : 'high')),
        need(30, 'normal', { private: true, unit: null, requesterId: null }),
      ],
      votes: [{ id: 2, question: 'Gate?', deadline: '14:00', turnout: 3, electorate: null }],
      buys: [{ id: 5, item: 'Eggs', deadline: '18:00', quantity: 12 }],
      notices: [
        { id: 2, level: 'red', text: 'Stay inside', acknowledged: 1, households: 40 },
        { id: 1, level: 'info', text: 'Water off', acknowledged: 7, households: 40 },
      ],
      olderNotices: 2,
      suggestBuyAt: 2,
      guidance: 'Wear a mask.',
    });
    for (const language of languages) {
      for (const d of [data, digest()])
        expect(rawKeysIn(renderDigest(translatorIn(language), d)), language).toEqual([]);
    }
    expect(renderDigest(zh, data)).toContain('📋「Building 3」每日汇总 — 2026-04-01');
  });
});

describe("renderDigest within Telegram's limit", () => {
  type Size = 'small' | 'max';
  const text = (max: number, size: Size) =>
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: max, size }).map((s) => s.trim() || 'x');
  const oneLine = (max: number, size: Size) => text(max, size).map((s) => s.replace(/\s+/g, ' '));
  /** A quiet building, or one where every list is long and every text as long as it may be. */
  const buildingOf = (size: Size) =>
    fc.record({
      building: oneLine(40, 'small'),
      date: fc.constant('2026-04-01'),
      needs: fc.array(
        fc.record({
          id: fc.integer({ min: 1, max: 999 }),
          priority: fc.constantFrom<Priority>('urgent', 'high', 'normal'),
          category: fc.constantFrom('medicine', 'food', 'medical', 'elderly', 'disinfection', 'other'),
          text: fc.option(text(1000, size), { nil: null }),
          private: fc.boolean(),
          unit: fc.option(fc.integer({ min: 101, max: 3399 }).map(String), { nil: null }),
          requesterId: fc.option(fc.integer({ min: 1, max: 50 }), { nil: null }),
          createdAt: fc.integer({ min: start, max: start + 1000 * minute }),
        }),
        { maxLength: 300, size },
      ),
      finished: fc.record({ needs: fc.nat(500), volunteers: fc.nat(100) }),
      votes: fc.array(
        fc.record({
          id: fc.integer({ min: 1, max: 999 }),
          question: text(300, size),
          deadline: fc.constant('14:00'),
          turnout: fc.nat(500),
          electorate: fc.option(fc.nat(500), { nil: null }),
        }),
        { maxLength: 40, size },
      ),
      buys: fc.array(
        fc.record({ id: fc.nat(999), item: text(200, size), deadline: fc.constant('18:00'), quantity: fc.nat(999) }),
        { maxLength: 40, size },
      ),
      notices: fc.array(
        fc.record({
          id: fc.nat(999),
          level: fc.constantFrom('info', 'blue', 'yellow', 'orange', 'red'),
          text: text(1000, size),
          acknowledged: fc.nat(99),
          households: fc.nat(99),
        }),
        { maxLength: 40, size },
      ),
      olderNotices: fc.nat(99),
      suggestBuyAt: fc.integer({ min: 1, max: 10 }),
      guidance: fc.option(oneLine(2000, size), { nil: undefined }),
      label: fc.constant((id: string) => id),
    });
  const busy = fc.oneof(buildingOf('small'), buildingOf('max'));

  /** The lines an English digest is made of: any other line would be one cut in the middle. */
  const wholeLines = [
    /^📋 Digest of .+ — 2026-04-01$/,
    /^(No open needs\. 🎉|Open needs: .+ normal\))$/,
    /^By category: .+$/,
    /^🛒 \d+ households need #\w+: consider a group buy \(\/buy\)\.$/,
    /^(🆘|❗) #\d+ #\w+ — (.* \((unit not registered|\d+)\)|🔒 private, details with the volunteers)$/,
    /^… and \d+ more: \/needs$/,
    /^$/,
    /^Since the last digest: (no need finished yet|(1 need|\d+ needs) done by (1 helper|\d+ helpers))\.$/,
    /^🗳 Vote #\d+ .+ — closes 14:00, turnout \d+ of (\d+|\?)$/,
    /^🛒 Group buy #\d+ .+ — closes 18:00, \d+ ordered$/,
    /^📢 Notice #\d+ .+ — \d+ of \d+ households got it$/,
    /^(🔵 Blue|🟡 Yellow|🟠 Orange|🔴 Red) alert #\d+ .+ — \d+ of \d+ households got it$/,
    /^… and (1 older notice|\d+ older notices) not yet acknowledged by every household$/,
  ];

  it(`stays one message of at most ${maxDigestLength} characters, in both languages, however busy the building`, () => {
    fc.assert(
      fc.property(busy, (data) => {
        for (const language of languages) {
          const rendered = renderDigest(translatorIn(language), data);
          expect(rendered.length).toBeLessThanOrEqual(maxDigestLength);
          expect(isWellFormed(rendered)).toBe(true);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('keeps the title and what was finished, and drops whole lines, never part of one', () => {
    fc.assert(
      fc.property(busy, (data) => {
        const shown = lines(data);
        expect(shown[0]).toBe(`📋 Digest of ${data.building} — 2026-04-01`);
        expect(shown).toContain(finishedLine(data.finished.needs, data.finished.volunteers));
        const last = shown.at(-1) === '…' ? shown.slice(0, -1) : shown;
        for (const line of last) {
          const whole = wholeLines.some((pattern) => pattern.test(line)) || line === `💡 ${data.guidance}`;
          expect(whole, line).toBe(true);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('leaves out the detail rather than go over the limit when the notices alone would fill it', () => {
    const notices = Array.from({ length: 80 }, (_, i) => ({
      id: i + 1,
      level: 'info' as const,
      text: 'x'.repeat(60),
      acknowledged: 1,
      households: 9,
    }));
    const shown = lines(digest({ needs: [need(1, 'urgent')], notices }));
    expect(shown.join('\n').length).toBeLessThanOrEqual(maxDigestLength);
    expect(shown.at(-1)).toBe('…');
    expect(shown).not.toContain('🆘 #1 #food — need number 1 (101)');
    expect(shown.filter((l) => l.startsWith('📢 Notice #')).length).toBeGreaterThan(10);
  });
});

describe('latestUnacknowledged', () => {
  const notice = (id: number, acknowledged: number, households = 4) => ({ id, acknowledged, households });

  it('lists the three most recent notices some household has not acknowledged, newest first', () => {
    const notices = [notice(1, 0), notice(2, 1), notice(3, 4), notice(4, 2), notice(5, 3), notice(6, 0)];
    const { listed, older } = latestUnacknowledged(notices);
    expect(listed.map((n) => n.id)).toEqual([6, 5, 4]);
    expect(older).toBe(2);
  });

  it('leaves out notices every registered household got, and those of a building without households', () => {
    expect(latestUnacknowledged([notice(1, 4), notice(2, 0, 0)])).toEqual({ listed: [], older: 0 });
  });

  it('lists them all, and counts none older, when there are few', () => {
    expect(latestUnacknowledged([notice(1, 0), notice(2, 3)])).toEqual({
      listed: [notice(2, 3), notice(1, 0)],
      older: 0,
    });
    expect(latestUnacknowledged([notice(1, 0), notice(2, 0)], 1)).toEqual({ listed: [notice(2, 0)], older: 1 });
  });
});

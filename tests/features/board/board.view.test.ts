import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countNeeds } from '../../../src/features/board/board.ts';
import { type BoardData, maxBoardLength, renderBoard } from '../../../src/features/board/board.view.ts';
import { isWellFormed, languages, rawKeysIn, translatorIn } from '../translations.ts';

const en = translatorIn('en');
const zh = translatorIn('zh');

function board(overrides: Partial<BoardData> = {}): BoardData {
  return {
    building: 'Building 7',
    alert: 'none',
    scheduled: [],
    needs: countNeeds([]),
    buys: [],
    decisions: [],
    notices: [],
    updated: 'Apr 1, 08:05',
    label: (id) => id,
    ...overrides,
  };
}

const busy = board({
  alert: 'orange',
  scheduled: [
    { kind: 'notice', at: 'Apr 2, 07:30', text: 'Testing at the gate 8:00-10:00' },
    { kind: 'notice', at: 'Apr 2, 09:00', text: 'Vegetable delivery at the north door' },
  ],
  needs: countNeeds([
    { priority: 'urgent', category: 'medicine' },
    { priority: 'high', category: 'food' },
    { priority: 'normal', category: 'food' },
  ]),
  buys: [{ id: 3, item: 'Vegetable box', deadline: 'Apr 2, 18:00', households: 12 }],
  decisions: [{ id: 4, question: 'Open the back gate for deliveries?', option: 'Yes' }],
  notices: [
    { id: 6, level: 'red', text: 'Stay inside', acknowledged: 1, households: 3 },
    { id: 5, level: 'info', text: 'Water is off from 14:00', acknowledged: 29, households: 30 },
    { id: 2, level: 'info', text: 'Lift maintenance', acknowledged: 0, households: 0 },
  ],
});

describe('renderBoard', () => {
  it('shows the alert in force, what comes next, needs by priority, buys, decisions and notices with their rate', () => {
    const text = renderBoard(en, busy);
    expect(text.split('\n')).toEqual([
      '📋 Status board — Building 7',
      '🟠 Orange alert in force',
      '',
      '🗓 Coming up',
      '• Apr 2, 07:30 — Testing at the gate 8:00-10:00',
      '• Apr 2, 09:00 — Vegetable delivery at the north door',
      '',
      '🙋 Open needs: 3 — 🆘 1 urgent · ❗ 1 high · 1 normal',
      'By category: #food 2 · #medicine 1',
      '',
      '🛒 Group buys open now',
      '• #3 Vegetable box — until Apr 2, 18:00 · 12 households',
      '',
      '🗳 Decided by vote',
      '• #4 Open the back gate for deliveries? → Yes',
      '',
      '📢 Latest notices',
      '• 🔴 Red alert #6 Stay inside — 1 of 3 households got it (33%)',
      '• 📢 Notice #5 Water is off from 14:00 — 29 of 30 households got it (96%)',
      '• 📢 Notice #2 Lift maintenance — no household registered yet',
      '',
      '🕒 Updated Apr 1, 08:05',
    ]);
  });

  it('says so when there is nothing in a section', () => {
    expect(renderBoard(en, board()).split('\n')).toEqual([
      '📋 Status board — Building 7',
      '✅ No alert in force',
      '',
      '🗓 Nothing scheduled in the next 7 days',
      '',
      '🙋 No open needs 🎉',
      '',
      '🛒 No group buy open now',
      '',
      '🗳 No decision taken by vote yet',
      '',
      '📢 No notice yet',
      '',
      '🕒 Updated Apr 1, 08:05',
    ]);
  });

  it('is in the building’s language', () => {
    const text = renderBoard(zh, { ...busy, building: '3号楼' });
    expect(text).toContain('📋「3号楼」公告板');
    expect(text).toContain('🟠 橙色预警生效中');
    expect(text).toContain('待处理需求：3 条（🆘 紧急 1 · ❗ 急 1 · 普通 1）');
    expect(text).toContain('30 户中已有 29 户确认（96%）');
    expect(text).toContain('🕒 更新于');
  });

  it('lists categories in the readers’ words and counts the rest beyond six', () => {
    const needs = countNeeds(
      ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].flatMap((category, i) =>
        Array.from({ length: 9 - i }, () => ({ priority: 'normal' as const, category })),
      ),
    );
    const text = renderBoard(en, board({ needs, label: (id) => `label-${id}` }));
    expect(text).toContain('#label-a 9 · #label-b 8 · #label-c 7 · #label-d 6 · #label-e 5 · #label-f 4 · … 5');
  });

  it('shows five buys and counts the others', () => {
    const buys = Array.from({ length: 8 }, (_, i) => ({
      id: i + 1,
      item: `Item ${i + 1}`,
      deadline: 'soon',
      households: 1,
    }));
    const text = renderBoard(en, board({ buys }));
    expect(text).toContain('• #5 Item 5 — until soon · 1 household');
    expect(text).not.toContain('#6 Item 6');
    expect(text).toContain('… and 3 more');
  });

  it('stays one well-formed message with every list full of the longest texts, in both languages', () => {
    const long = '💧'.repeat(2000);
    const full = board({
      building: long,
      alert: 'red',
      scheduled: Array.from({ length: 20 }, () => ({ kind: 'notice' as const, at: 'Apr 2, 07:30', text: long })),
      needs: countNeeds(Array.from({ length: 40 }, (_, i) => ({ priority: 'urgent' as const, category: `c${i}` }))),
      buys: Array.from({ length: 30 }, (_, i) => ({ id: 1_000_000 + i, item: long, deadline: long, households: 999 })),
      decisions: Array.from({ length: 10 }, (_, i) => ({ id: i, question: long, option: long })),
      notices: Array.from({ length: 10 }, (_, i) => ({
        id: i,
        level: 'info' as const,
        text: long,
        acknowledged: 1,
        households: 2,
      })),
      label: () => long,
    });
    for (const language of languages) {
      const text = renderBoard(translatorIn(language), full);
      expect(text.length).toBeLessThanOrEqual(maxBoardLength);
      expect(isWellFormed(text)).toBe(true);
      expect(rawKeysIn(text)).toEqual([]);
    }
  });

  it('never exceeds the limit nor breaks a character, whatever the texts (property)', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 300 });
    fc.assert(
      fc.property(
        text,
        fc.array(fc.record({ question: text, option: text }), { maxLength: 5 }),
        fc.array(text, { maxLength: 8 }),
        (name, decisions, items) => {
          const data = board({
            building: name,
            decisions: decisions.map((d, i) => ({ id: i, ...d })),
            buys: items.map((item, i) => ({ id: i, item, deadline: item, households: i })),
            scheduled: items.map((item) => ({ kind: 'notice' as const, at: 'Apr 2, 07:30', text: item })),
          });
          for (const t of [en, zh]) {
            const rendered = renderBoard(t, data);
            expect(rendered.length).toBeLessThanOrEqual(maxBoardLength);
            expect(isWellFormed(rendered)).toBe(true);
          }
        },
      ),
      { seed: 20260401, numRuns: 150 },
    );
  });
});

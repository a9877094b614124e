import { describe, expect, it } from 'vitest';
import type { BuildingSummary } from '../../../src/features/committees/committees.ts';
import {
  type DetailNeed,
  overviewButtons,
  renderBuildingDetail,
  renderEscalation,
  renderOverviewPages,
  renderRollup,
} from '../../../src/features/committees/committees.view.ts';
import { labels, secret } from '../needs/need-fixtures.ts';
import { isWellFormed, languages, rawKeysIn, translatorIn } from '../translations.ts';

const en = translatorIn('en');
const zh = translatorIn('zh');
const now = Date.parse('2026-04-01T13:00:00+08:00');
const minute = 60_000;

function summary(overrides: Partial<BuildingSummary> & { id: string }): BuildingSummary {
  return {
    name: `Building ${overrides.id}`,
    households: 0,
    surveyed: null,
    open: { urgent: 0, high: 0, normal: 0 },
    oldestUnclaimedUrgentAt: null,
    doneToday: 0,
    checkinsMissed: null,
    latestNotice: null,
    openVotes: 0,
    openBuys: 0,
    ...overrides,
  };
}

const overview = (
  buildings: BuildingSummary[],
  t = en,
  spreads = [{ category: 'medicine', households: 14, buildings: 6 }],
) =>
  renderOverviewPages(t, {
    committee: { id: 'c1', name: 'Xinjiangwan committee' },
    time: 'Apr 1, 13:00',
    now,
    buildings,
    spreads,
    label: t === en ? labels.en : labels.zh,
  });

describe('renderOverviewPages', () => {
  it("gives each building one line with its counts, and the totals and the needs' spread first", () => {
    const [page, ...more] = overview([
      summary({
        id: 'b3',
        households: 12,
        open: { urgent: 1, high: 2, normal: 3 },
        oldestUnclaimedUrgentAt: now - 80 * minute,
        doneToday: 4,
        checkinsMissed: 1,
        latestNotice: { id: 5, acknowledged: 8, households: 12 },
        openVotes: 1,
        openBuys: 2,
      }),
      summary({ id: 'b7', households: 3 }),
    ]);
    expect(more).toEqual([]);
    const lines = page!.split('\n');
    expect(lines[0]).toBe('📊 Xinjiangwan committee — Apr 1, 13:00 · 2 buildings');
    expect(lines[1]).toBe('Total: 🏠 15 · 🆘 1 ❗ 2 ▫️ 3 · ✅ 4 · ⏰ 1 · 🗳 1 · 🛒 2');
    expect(page).toContain('#medicine: 14 households in 6 buildings');
    expect(page).toContain(
      'Building b3 (b3): 🏠 12 · 📋 — · 🆘 1 ❗ 2 ▫️ 3 (🆘 waiting 1h 20m) · ✅ 4 · ⏰ 1 · 📢 8/12 · 🗳 1 · 🛒 2',
    );
    expect(page).toContain('Building b7 (b7): 🏠 3 · 📋 — · 🆘 0 ❗ 0 ▫️ 0 · ✅ 0 · ⏰ — · 📢 — · 🗳 0 · 🛒 0');
    expect(page).not.toContain('Page');
  });

  it('labels the categories in the reader language', () => {
    const [page] = overview([summary({ id: 'b3' })], zh);
    expect(page).toContain('#药：6 栋楼的 14 户');
    expect(rawKeysIn(page!)).toEqual([]);
  });

  it('pages a thousand buildings with long names, every page under 4,096 UTF-16 units, each building once', () => {
    const buildings = Array.from({ length: 1000 }, (_, i) =>
      summary({
        id: `b${i + 1}`,
        name: `新江湾城第${i + 1}号楼 🏢 Xinjiangwan New Town residential building number ${i + 1}`,
        households: 120,
        open: { urgent: i % 3, high: 2, normal: 30 },
        oldestUnclaimedUrgentAt: i % 3 === 0 ? null : now - i * minute,
        latestNotice: { id: 9, acknowledged: 60, households: 120 },
      }),
    );
    for (const language of languages) {
      const t = translatorIn(language);
      const pages = overview(buildings, t);
      expect(pages.length).toBeGreaterThan(10);
      for (const page of pages) {
        expect(page.length).toBeLessThanOrEqual(4096);
        expect(isWellFormed(page)).toBe(true);
        expect(rawKeysIn(page)).toEqual([]);
      }
      const listed = pages.flatMap((p) => [...p.matchAll(/\((b\d+)\)|（(b\d+)）/g)].map((m) => m[1] ?? m[2]));
      expect(listed.sort()).toEqual(buildings.map((b) => b.id).sort());
      expect(pages.at(-1)).toContain(
        language === 'en' ? `Page ${pages.length} of ${pages.length}` : `共 ${pages.length} 页`,
      );
    }
  });

  it('offers Previous and Next as the page allows', () => {
    const texts = (page: number, pages: number) =>
      overviewButtons(en, 'c1', page, pages)
        .inline_keyboard.flat()
        .map((b) => [b.text, 'callback_data' in b ? b.callback_data : '']);
    expect(texts(1, 1)).toEqual([]);
    expect(texts(1, 3)).toEqual([['Next ▶️', 'v1:ovw:c1:2']]);
    expect(texts(2, 3)).toEqual([
      ['◀️ Previous', 'v1:ovw:c1:1'],
      ['Next ▶️', 'v1:ovw:c1:3'],
    ]);
  });
});

function detailNeed(overrides: Partial<DetailNeed> & { id: number }): DetailNeed {
  return {
    priority: 'urgent',
    category: 'medicine',
    text: 'insulin for my father',
    unit: '1502',
    private: false,
    status: 'open',
    claimerName: null,
    createdAt: now - 90 * minute,
    ...overrides,
  };
}

describe('renderBuildingDetail', () => {
  const input = {
    building: { id: 'b7', name: 'Building 7' },
    time: 'Apr 1, 13:00',
    now,
    label: labels.en,
    needs: [
      detailNeed({ id: 1, priority: 'high', createdAt: now - 10 * minute }),
      detailNeed({ id: 2, private: true, text: secret, unit: '901' }),
      detailNeed({ id: 3, status: 'claimed', claimerName: 'Carol', createdAt: now - 20 * minute }),
      detailNeed({ id: 4, priority: 'normal', text: 'bread' }),
    ],
    checkins: { phase: 'missed' as const, deadline: '12:00', count: 2, units: undefined },
    notice: { id: 5, acknowledged: 1, households: 3, unread: ['1502', '301'] },
  };

  it('lists urgent then high needs, oldest first, a private one without its text or unit', () => {
    const text = renderBuildingDetail(en, input).join('\n');
    const lines = text.split('\n');
    expect(lines[1]).toBe('Urgent and high needs not finished: 3');
    expect(lines[2]).toBe('#2 🆘 #medicine · 1h 30m · nobody yet — 🔒 private');
    expect(lines[3]).toBe('#3 🆘 #medicine · 20m · Carol helping — insulin for my father (1502)');
    expect(lines[4]).toBe('#1 ❗ #medicine · 10m · nobody yet — insulin for my father (1502)');
    expect(text).not.toContain(secret);
    expect(text).not.toContain('901');
    expect(text).not.toContain('bread');
  });

  it('gives the check-ins as a count, and the units only when asked for them; unread units by floor', () => {
    const inChat = renderBuildingDetail(en, input).join('\n');
    expect(inChat).toContain('Check-ins without an answer today (deadline 12:00): 2.');
    expect(inChat).toContain('Not yet, by floor:\n301, 1502');
    const privately = renderBuildingDetail(en, {
      ...input,
      checkins: { phase: 'missed', deadline: '12:00', count: 2, units: ['1502', '301'] },
    }).join('\n');
    expect(privately).toContain('Check-ins without an answer today (deadline 12:00), 2:\n301, 1502');
  });

  it('says when nothing is open and the check-in is not asked yet', () => {
    const text = renderBuildingDetail(zh, {
      ...input,
      label: labels.zh,
      needs: [],
      checkins: { phase: 'before', at: '09:00' },
      notice: null,
    }).join('\n');
    expect(text).toContain('没有未完成的紧急或急需求。');
    expect(text).toContain('09:00');
    expect(rawKeysIn(text)).toEqual([]);
  });
});

describe('renderEscalation', () => {
  const need = {
    id: 12,
    priority: 'urgent' as const,
    category: 'medicine',
    text: 'insulin',
    unit: '1502',
    private: false,
  };
  const base = { need, building: 'Building 7', since: 'Apr 1, 09:00', label: labels.en };

  it("carries the need, its building and We'll handle it while nobody has taken it", () => {
    const shown = renderEscalation(en, base);
    expect(shown.text).toBe(
      [
        '🚨 Urgent need #12 in Building 7 · #medicine, open since Apr 1, 09:00:',
        'insulin (1502)',
        'Nobody in the building has taken it. Can the committee handle it?',
      ].join('\n'),
    );
    expect(shown.replyMarkup.inline_keyboard.flat().map((b) => b.text)).toEqual(["🤝 We'll handle it"]);
  });

  it('never shows a private text or unit', () => {
    const shown = renderEscalation(zh, {
      ...base,
      label: labels.zh,
      need: { ...need, private: true, text: secret, unit: '901' },
    });
    expect(shown.text).not.toContain(secret);
    expect(shown.text).not.toContain('901');
    expect(shown.text).toContain('🔒');
  });

  it('loses its button once taken, saying by whom, or what the building did', () => {
    const taken = renderEscalation(en, {
      ...base,
      outcome: { taken: 'Zhang Wei', committee: 'Xinjiangwan committee' },
    });
    expect(taken.text).toContain('✅ Zhang Wei is handling it for Xinjiangwan committee.');
    expect(taken.replyMarkup.inline_keyboard).toEqual([]);
    expect(renderEscalation(en, { ...base, outcome: { gone: 'done' } }).text).toContain('(done)');
  });
});

describe('renderRollup', () => {
  it('counts the missed check-ins per building and names no unit', () => {
    const [text, ...more] = renderRollup(en, {
      deadline: '12:00',
      buildings: [
        { id: 'b3', name: '3号楼', count: 2 },
        { id: 'b7', name: 'Building 7', count: 1 },
      ],
    });
    expect(more).toEqual([]);
    expect(text).toBe(
      [
        '⏰ Check-ins without an answer at 12:00: 3 households in 2 buildings',
        '3号楼 (b3): 2',
        'Building 7 (b7): 1',
        "Each building's volunteers have the units and knock on those doors.",
      ].join('\n'),
    );
  });
});

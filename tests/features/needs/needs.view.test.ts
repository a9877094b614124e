import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type NeedStatus, parseNeedCallbackData, priorities } from '../../../src/features/needs/needs.ts';
import { type CardNeed, renderNeedCard } from '../../../src/features/needs/needs.view.ts';
import { languages, rawKeysIn, translatorIn } from '../translations.ts';
import { cardNeed, labels, minute, secret, start } from './need-fixtures.ts';

const en = translatorIn('en');
const zh = translatorIn('zh');
const statuses: NeedStatus[] = ['draft', 'open', 'claimed', 'done', 'cancelled'];

function cardLines(overrides: Partial<CardNeed>): string[] {
  return renderNeedCard(en, cardNeed(overrides), labels.en).text.split('\n');
}

describe('renderNeedCard', () => {
  it('shows the id, priority and category in the title, and the text below it', () => {
    const [title, text] = cardLines({ id: 42, priority: 'urgent', category: 'medicine', text: 'ibuprofen, 1 box' });
    expect(title).toBe('🆘 URGENT need #42 · #medicine');
    expect(text).toBe('ibuprofen, 1 box');
  });

  it.each([
    ['urgent', '🆘 URGENT need #7 · #food', '🆘 紧急需求 #7 · #食物'],
    ['high', '❗ High-priority need #7 · #food', '❗ 急需 #7 · #食物'],
    ['normal', 'Need #7 · #food', '需求 #7 · #食物'],
  ] as const)('titles a %s need %j in English and %j in Chinese', (priority, english, chinese) => {
    expect(renderNeedCard(en, cardNeed({ priority }), labels.en).text.split('\n')[0]).toBe(english);
    expect(renderNeedCard(zh, cardNeed({ priority }), labels.zh).text.split('\n')[0]).toBe(chinese);
  });

  it('names who asked with their unit, or the name alone when the unit is not known', () => {
    expect(cardLines({})).toContain('Asked by Bob Wang (1502)');
    const noUnit = cardLines({ unit: null });
    expect(noUnit).toContain('Asked by Bob Wang');
    expect(noUnit.join('\n')).not.toContain('(');
  });

  it('says who entered a need for a household without a phone', () => {
    const assisted = { requesterId: null, requesterName: null, enteredBy: 20, enteredByName: 'Alice Li' };
    expect(cardLines({ ...assisted, unit: '301' })).toEqual(
      expect.arrayContaining(['For household 301 (no phone)', 'Entered for them by Alice Li']),
    );
    expect(cardLines({ ...assisted, unit: null })).toContain('For household unit not registered (no phone)');
  });

  it('says who entered a need only when that is not the asker', () => {
    expect(cardLines({}).join('\n')).not.toContain('Entered');
    expect(cardLines({ enteredBy: 20, enteredByName: 'Alice Li' })).toContain('Entered for them by Alice Li');
  });

  it.each([
    [{ status: 'open' }, 'Status: open'],
    [{ status: 'claimed', claimerName: 'Carol Chen' }, 'Status: Carol Chen is helping'],
    [{ status: 'claimed', claimerName: null }, 'Status: ? is helping'],
    [{ status: 'done', claimerName: 'Carol Chen' }, 'Status: done ✅'],
    [{ status: 'cancelled' }, 'Status: cancelled'],
  ] as const)('shows the need %j with the status line %j', (overrides, line) => {
    expect(cardLines(overrides)).toContain(line);
  });

  it('says the previous claim lapsed only while the need is open again', () => {
    const lapsed = '(the previous claim lapsed)';
    expect(cardLines({ status: 'open', claimExpiredAt: start + minute })).toContain(lapsed);
    expect(cardLines({ status: 'open' })).not.toContain(lapsed);
    expect(cardLines({ status: 'claimed', claimerName: 'Carol', claimExpiredAt: start + minute })).not.toContain(
      lapsed,
    );
  });

  it.each([
    ['open', ['claim', 'cancel']],
    ['claimed', ['release', 'done', 'cancel']],
    ['draft', []],
    ['done', []],
    ['cancelled', []],
  ] as const)('shows on a %s need the buttons %j in one row, each pressing back to that need', (status, actions) => {
    const { inline_keyboard } = renderNeedCard(en, cardNeed({ id: 42, status }), labels.en).replyMarkup;
    expect(inline_keyboard).toHaveLength(actions.length > 0 ? 1 : 0);
    expect(inline_keyboard.flat().map((b) => 'callback_data' in b && parseNeedCallbackData(b.callback_data))).toEqual(
      actions.map((action) => ({ action, id: 42 })),
    );
  });

  it("labels the buttons in the building's language", () => {
    const buttons = (t: typeof en) =>
      renderNeedCard(t, cardNeed({ status: 'open' }), labels.en).replyMarkup.inline_keyboard[0];
    expect(buttons(en)?.map((b) => b.text)).toEqual(["🙋 I'll help", '✖️ Cancel']);
    expect(buttons(zh)?.map((b) => b.text)).toEqual(['🙋 我来帮忙', '✖️ 取消']);
  });

  it('keeps the callback data of every button within the 64 bytes Telegram allows, for any id', () => {
    fc.assert(
      fc.property(fc.constantFrom(...statuses), fc.integer({ min: 1, max: 999_999_999_999 }), (status, id) => {
        for (const button of renderNeedCard(
          en,
          cardNeed({ id, status }),
          labels.en,
        ).replyMarkup.inline_keyboard.flat()) {
          const data = 'callback_data' in button ? button.callback_data : '';
          expect(Buffer.byteLength(data, 'utf8')).toBeLessThanOrEqual(64);
          expect(parseNeedCallbackData(data)?.id).toBe(id);
        }
      }),
    );
  });

  it('never shows the text of a private need, in any status or language, but says it is private', () => {
    for (const language of languages) {
      const t = translatorIn(language);
      for (const status of statuses) {
        for (const text of [secret, null]) {
          const card = renderNeedCard(t, cardNeed({ private: true, text, status, claimerName: 'Carol' }), labels.en);
          expect(card.text).not.toContain('XYZ');
          expect(card.text.split('\n')[1]).toMatch(/^🔒 /);
        }
      }
    }
  });

  it('renders every status, priority and kind of asker in both languages without a raw message key', () => {
    const askers: Partial<CardNeed>[] = [
      {},
      { unit: null },
      { requesterId: null, requesterName: null, enteredBy: 20, enteredByName: 'Alice Li' },
      { requesterId: null, requesterName: null, unit: null },
    ];
    for (const language of languages) {
      for (const status of statuses) {
        for (const priority of priorities) {
          for (const asker of askers) {
            for (const isPrivate of [false, true]) {
              const need = cardNeed({ ...asker, status, priority, private: isPrivate, claimExpiredAt: start });
              const card = renderNeedCard(translatorIn(language), need, labels[language]);
              const texts = [card.text, ...card.replyMarkup.inline_keyboard.flat().map((b) => b.text)];
              expect(texts.flatMap(rawKeysIn), `${language} ${status} ${priority}`).toEqual([]);
            }
          }
        }
      }
    }
  });
});

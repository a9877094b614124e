import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { needActions, needCallbackData, parseNeedCallbackData } from '../../../src/features/needs/needs.ts';

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
        fc.integer({ min: 1, max: 9_999_999_999_999 }),
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

  it('accepts the largest id of thirteen digits (as every id the bot reads) and refuses a longer one', () => {
    expect(parseNeedCallbackData('v1:need:done:9999999999999')).toEqual({ action: 'done', id: 9_999_999_999_999 });
    expect(parseNeedCallbackData('v1:need:done:10000000000000')).toBeUndefined();
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

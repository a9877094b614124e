import { describe, expect, it } from 'vitest';
import { chooseGuidance, type GuidanceTexts } from '../../../src/features/digests/digests.ts';
import type { AlertLevel } from '../../../src/features/notices/notices.ts';

type Stage = Parameters<GuidanceTexts>[0];

/** Two texts per stage, named after it (`red 1`, `red 2`), unless the test gives its own lists. */
function textsOf(overrides: Partial<Record<Stage, readonly string[]>> = {}): GuidanceTexts {
  return (stage) => overrides[stage] ?? [`${stage} 1`, `${stage} 2`];
}

describe('chooseGuidance', () => {
  it('shows the no-alert guidance when no alert was ever sent', () => {
    expect(chooseGuidance([], textsOf(), 0)).toBe('none 1');
  });

  it.each<[AlertLevel[], string]>([
    [['blue'], 'blue 1'],
    [['yellow'], 'yellow 1'],
    [['orange'], 'orange 1'],
    [['red'], 'red 1'],
    [['blue', 'yellow'], 'yellow 1'],
    [['yellow', 'red'], 'red 1'],
    [['red', 'red'], 'red 1'],
    [['blue', 'red', 'blue', 'red'], 'red 1'],
  ])('after the alerts %j shows the guidance of the stage in force: %j', (alerts, text) => {
    expect(chooseGuidance(alerts, textsOf(), 0)).toBe(text);
  });

  it('rotates through the stage’s texts, one further each digest, and starts over', () => {
    const texts = textsOf({ orange: ['a', 'b', 'c'] });
    const shown = [0, 1, 2, 3, 4, 5, 6].map((rotation) => chooseGuidance(['orange'], texts, rotation));
    expect(shown).toEqual(['a', 'b', 'c', 'a', 'b', 'c', 'a']);
  });

  it.each<[AlertLevel[]]>([
    [['red', 'blue']],
    [['orange', 'yellow']],
    [['yellow', 'blue']],
    [['red', 'orange']],
    [['blue', 'red', 'yellow']],
    [['red', 'blue', 'yellow']],
  ])('shows the recovery guidance once an alert was lowered (%j)', (alerts) => {
    expect(chooseGuidance(alerts, textsOf(), 0)).toBe('recovery 1');
    expect(chooseGuidance(alerts, textsOf(), 1)).toBe('recovery 2');
  });

  it('shows the stage’s guidance after a lowered alert when there are no recovery texts', () => {
    expect(chooseGuidance(['red', 'blue'], textsOf({ recovery: [] }), 0)).toBe('blue 1');
    expect(chooseGuidance(['red', 'blue'], textsOf({ recovery: [] }), 1)).toBe('blue 2');
  });

  it('keeps to the stage’s guidance, not recovery, when alerts were only raised or repeated', () => {
    expect(chooseGuidance(['blue', 'orange', 'orange'], textsOf(), 1)).toBe('orange 2');
    expect(chooseGuidance(['yellow', 'yellow'], textsOf(), 0)).toBe('yellow 1');
  });

  it('shows nothing when the stage in force has no texts', () => {
    expect(chooseGuidance([], textsOf({ none: [] }), 0)).toBeUndefined();
    expect(chooseGuidance(['red'], textsOf({ red: [] }), 3)).toBeUndefined();
  });

  it('shows nothing after a lowered alert when neither recovery nor the stage has texts', () => {
    expect(chooseGuidance(['red', 'yellow'], textsOf({ recovery: [], yellow: [] }), 0)).toBeUndefined();
  });

  it('uses the only text of a stage for every digest', () => {
    const texts = textsOf({ none: ['Stay safe'] });
    expect([0, 1, 7].map((rotation) => chooseGuidance([], texts, rotation))).toEqual([
      'Stay safe',
      'Stay safe',
      'Stay safe',
    ]);
  });
});

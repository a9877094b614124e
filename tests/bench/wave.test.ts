import { describe, expect, it } from 'vitest';
import {
  mountOf,
  plannedSurvey,
  SURVEY_HOUSEHOLDS_PER_BUILDING,
  surveyButton,
  surveyHousehold,
  surveyPlan,
  surveyTurn,
} from '../../bench/wave.ts';
import { buildingChatId, FULL } from '../../bench/workload.ts';
import type { T } from '../../src/core/translate.ts';
import {
  answerSurvey,
  type SurveyState,
  savedAnswers,
  skip,
  startSurvey,
  textQuestion,
} from '../../src/features/surveys/surveys.ts';
import { surveyStepMessage } from '../../src/features/surveys/surveys.view.ts';

const t: T = (key) => key;

/** The household's plan run through the survey's own state machine, as the bot would: what it saves. */
function answeredBy(h: number): { state: SurveyState; saved: ReturnType<typeof savedAnswers> } {
  let state = startSurvey({ buildingId: 'b', householdId: h, unit: '101' });
  for (const step of surveyPlan(h)) {
    if (step.kind === 'save') break;
    state = answerSurvey(state, step.kind === 'type' ? step.text : step.value);
  }
  return { state, saved: savedAnswers(state.answers) };
}

describe("the survey scenario's workload", () => {
  it('gives every household its own user and unit, fifty to a building group', () => {
    const all = Array.from({ length: FULL.surveyHouseholds }, (_, h) => surveyHousehold(h));
    expect(new Set(all.map((s) => s.userId)).size).toBe(all.length);
    expect(new Set(all.map((s) => `${s.chatId}/${s.unit}`)).size).toBe(all.length);
    expect(new Set(all.map((s) => s.chatId)).size).toBe(FULL.surveyHouseholds / SURVEY_HOUSEHOLDS_PER_BUILDING);
    expect(surveyHousehold(51)).toMatchObject({ building: 1, chatId: buildingChatId(1), unit: '102' });
  });

  it('answers every question the survey asks, in order, and ends with Save: what the plan says is saved', () => {
    for (let h = 0; h < 300; h++) {
      const plan = surveyPlan(h);
      expect(plan.at(-1)).toEqual({ kind: 'save' });
      const { state, saved } = answeredBy(h);
      expect(state.step).toBe('summary');
      expect(plannedSurvey(plan)).toEqual(saved);
    }
    expect(surveyPlan(7)).toEqual(surveyPlan(7));
  });

  it('types the medicine for some households, prefers not to say for others, and is not asked of the rest', () => {
    const plans = Array.from({ length: 300 }, (_, h) => surveyPlan(h));
    const typed = plans.filter((p) => p.some((s) => s.kind === 'type')).length;
    const asked = Array.from({ length: 300 }, (_, h) => answeredBy(h).state.history.includes(textQuestion));
    expect(typed).toBeGreaterThan(60);
    expect(asked.filter(Boolean).length).toBeGreaterThan(typed);
    expect(asked.filter((a) => !a).length).toBeGreaterThan(100);
    expect(plans.some((p) => p.some((s) => s.kind === 'press' && s.value === skip))).toBe(true);
  });

  it("finds the step's button and the turn on the survey's own message", () => {
    let state = startSurvey({ buildingId: 'b', householdId: 1, unit: '101' });
    const first = surveyStepMessage(t, state, 5, 'B').replyMarkup;
    expect(surveyTurn({ reply_markup: first })).toBe(5);
    expect(surveyButton({ reply_markup: first }, { kind: 'press', value: '5+' })).toBe('v1:sv:5:a:5+');
    expect(surveyButton({ reply_markup: first }, { kind: 'press', value: skip })).toBe('v1:sv:5:a:skip');
    expect(() => surveyButton({ reply_markup: first }, { kind: 'save' })).toThrow(/no button/);
    for (const step of surveyPlan(3))
      if (step.kind !== 'save') state = answerSurvey(state, step.kind === 'type' ? step.text : step.value);
    const summary = surveyStepMessage(t, state, 36, 'B').replyMarkup;
    expect(surveyButton({ reply_markup: summary }, { kind: 'save' })).toBe('v1:sv:10:save');
    expect(surveyTurn({ reply_markup: { inline_keyboard: [[{ text: 'x', callback_data: 'v1:svc:1' }]] } })).toBe(
      undefined,
    );
    expect(surveyTurn({})).toBe(undefined);
  });

  it('names the deepest mount a path is under', () => {
    const mounts = [
      '/dev/vda / ext4 rw,relatime 0 0',
      'tmpfs /tmp tmpfs rw 0 0',
      'tmpfs /tmpx tmpfs rw 0 0',
      '/dev/vdb /mnt/my\\040disk xfs rw 0 0',
      '',
    ].join('\n');
    expect(mountOf('/tmp/bench-1/a.db', mounts)).toEqual({ point: '/tmp', type: 'tmpfs' });
    expect(mountOf('/tmpdir/a.db', mounts)).toEqual({ point: '/', type: 'ext4' });
    expect(mountOf('/mnt/my disk/a.db', mounts)).toEqual({ point: '/mnt/my disk', type: 'xfs' });
  });
});

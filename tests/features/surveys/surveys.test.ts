import { describe, expect, it } from 'vitest';
import {
  advanceGuidedNeed,
  guidedData,
  parseGuidedData,
  startGuidedNeed,
} from '../../../src/features/needs/guided-need.ts';
import {
  answerSurvey,
  countSurveys,
  offersOf,
  parseSurveyData,
  parseSurveyStartPayload,
  questionNumber,
  type SurveyState,
  startSurvey,
  surveyBack,
  surveyData,
} from '../../../src/features/surveys/surveys.ts';
import { usageError } from '../usage-error.ts';

const usageKey = (run: () => unknown) => usageError(run)?.key;

const home = { buildingId: 'b7', householdId: 1, unit: '1502' };

function answerAll(values: readonly string[]): SurveyState {
  return values.reduce(answerSurvey, startSurvey(home));
}

describe('the survey state machine', () => {
  it('asks which medicine only of a household that takes some, and ends at the summary', () => {
    const withMedicine = answerAll(['2', 'no', 'yes']);
    expect(withMedicine.step).toBe('medicineWhich');
    expect(questionNumber('medicineWhich')).toEqual({ number: 3, of: 9 });
    expect(answerAll(['2', 'no', 'no']).step).toBe('hospital');
    expect(questionNumber('hospital')).toEqual({ number: 4, of: 9 });
    const done = answerAll(['2', 'no', 'yes', ' insulin ', 'no', 'no', 'no', 'no', 'no', 'skip']);
    expect(done.step).toBe('summary');
    expect(done.answers).toMatchObject({ medicineWhich: 'insulin', phoneHelp: 'skip' });
  });

  it('goes back to the previous question and forgets which medicine when the answer becomes no', () => {
    const typed = answerAll(['1', 'elderly-alone', 'yes', 'insulin']);
    const back = surveyBack(surveyBack(typed));
    expect(back.step).toBe('medicine');
    const changed = answerSurvey(back, 'no');
    expect(changed.step).toBe('hospital');
    expect(changed.answers.medicineWhich).toBeUndefined();
    expect(usageKey(() => surveyBack(startSurvey(home)))).toBe('survey-no-back');
  });

  it('refuses an answer that is not among the choices, and an empty typed medicine', () => {
    expect(usageKey(() => answerSurvey(startSurvey(home), 'many'))).toBe('survey-use-buttons');
    expect(usageKey(() => answerAll(['1', 'no', 'yes', '   ']))).toBe('survey-medicine-empty');
    expect(answerAll(['1', 'no', 'yes', 'skip']).answers.medicineWhich).toBeNull();
  });

  it('counts vulnerabilities without pets, and offers the check-in and a need', () => {
    const a = { elderly: 'elderly-alone', medicine: 'yes', pets: 'yes' };
    const b = { mobility: 'bedridden', pets: 'yes' };
    const c = { pets: 'yes', elderly: 'elderly' };
    const { counts, vulnerable } = countSurveys([a, b, c]);
    expect(counts).toMatchObject({ elderlyAlone: 1, regularMedicine: 1, limitedMobility: 1, pets: 3 });
    expect(vulnerable).toBe(2);
    expect(offersOf(a)).toEqual({ checkin: true, medicineNeed: true });
    expect(offersOf(c)).toEqual({ checkin: false, medicineNeed: false });
  });

  it('reads back the buttons and deep links it writes, and nothing else', () => {
    for (const press of [
      { turn: 1_775_000_000_000, action: 'answer', value: '5+' },
      { turn: 7, action: 'back' },
      { turn: 7, action: 'save' },
    ] as const)
      expect(parseSurveyData(surveyData(press))).toEqual(press);
    expect(parseSurveyData('v1:sv:7:a:<script>')).toBeUndefined();
    expect(parseSurveyStartPayload('survey-b7')).toBe('b7');
    expect(parseSurveyStartPayload('checkin')).toBeUndefined();
  });
});

describe('the guided need', () => {
  const homes = [
    { buildingId: 'b3', buildingName: '3号楼', householdId: 1, unit: '301' },
    { buildingId: 'b7', buildingName: 'Building 7', householdId: 2, unit: '1502' },
  ];
  const known = { homes, categories: ['food', 'medicine'] };

  it('asks the home of someone with two, and skips the text step when it began with one', () => {
    let state = startGuidedNeed(homes, 'bread');
    expect(state.step).toBe('home');
    state = advanceGuidedNeed(state, { action: 'home', value: 'b7' }, known);
    state = advanceGuidedNeed(state, { action: 'category', value: 'food' }, known);
    state = advanceGuidedNeed(state, { action: 'priority', value: 'high' }, known);
    expect(state.step).toBe('visibility');
    state = advanceGuidedNeed(state, { action: 'visibility', value: 'private' }, known);
    expect(state).toMatchObject({ step: 'confirm', text: 'bread', private: true, home: homes[1] });
  });

  it('refuses a press for another step, an unknown category, and an empty text', () => {
    const state = startGuidedNeed([homes[0]!]);
    expect(state.step).toBe('category');
    expect(usageKey(() => advanceGuidedNeed(state, { action: 'priority', value: 'high' }, known))).toBe(
      'guided-use-buttons',
    );
    expect(usageKey(() => advanceGuidedNeed(state, { action: 'category', value: 'toys' }, known))).toBe(
      'guided-use-buttons',
    );
    expect(usageKey(() => startGuidedNeed(homes, '   '))).toBe('need-text-empty');
    expect(parseGuidedData(guidedData({ turn: 9, action: 'category', value: 'food' }))).toEqual({
      turn: 9,
      action: 'category',
      value: 'food',
    });
  });
});

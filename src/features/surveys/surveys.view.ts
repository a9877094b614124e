import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import type { MessageKey } from '../../core/message-keys.ts';
import type { T } from '../../core/translate.ts';
import { percentOf } from '../board/board.ts';
import { byFloorThenUnit } from '../buys/buys.ts';
import type { SurveyRow, SurveyStats } from './surveys.store.ts';
import {
  choicesOf,
  type QuestionId,
  questionNumber,
  questions,
  type SurveyAnswers,
  type SurveyState,
  skip,
  surveyData,
  textQuestion,
} from './surveys.ts';

export interface SurveyMessage {
  text: string;
  replyMarkup: InlineKeyboardMarkup;
}

function choiceLabel(t: T, question: QuestionId, choice: string): string {
  return question === 'people' && choice !== skip ? choice : t('survey-choice', { choice });
}

/** The question's message key: `survey-q-medicine-which` for `medicineWhich`. */
function questionKey(step: QuestionId): MessageKey {
  return `survey-q-${step.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}` as MessageKey;
}

/** An answer as the summary and `/survey list` show it. */
function answerText(t: T, question: QuestionId, answers: SurveyAnswers): string {
  if (question === textQuestion) return answers.medicineWhich ?? t('survey-choice', { choice: skip });
  const value = answers[question as Exclude<QuestionId, 'medicineWhich'>];
  return value === undefined ? '—' : choiceLabel(t, question, value);
}

/**
 * The message of the survey's current step: the question with its choices, *Prefer not to say*, *Back* (after the
 * first) and *Cancel*; at the end the summary with *Save*. Every button carries `turn`: pressed later, it is stale.
 */
export function surveyStepMessage(t: T, state: SurveyState, turn: number, place: string): SurveyMessage {
  const back: InlineKeyboardButton[] =
    state.history.length > 0
      ? [{ text: t('survey-btn-back'), callback_data: surveyData({ turn, action: 'back' }) }]
      : [];
  const cancel = { text: t('survey-btn-cancel'), callback_data: surveyData({ turn, action: 'cancel' }) };
  if (state.step === 'summary') {
    const lines = [t('survey-summary-title', { building: place, unit: state.unit })];
    for (const q of questions) {
      if (q.id === textQuestion && state.answers.medicine !== 'yes') continue;
      lines.push(`• ${t('survey-label', { question: q.id })}: ${answerText(t, q.id, state.answers)}`);
    }
    lines.push('', t('survey-summary-hint'));
    return {
      text: lines.join('\n'),
      replyMarkup: {
        inline_keyboard: [
          [{ text: t('survey-btn-save'), callback_data: surveyData({ turn, action: 'save' }) }],
          [...back, cancel],
        ],
      },
    };
  }
  const step = state.step;
  const { number, of } = questionNumber(step);
  const answer = (value: string, text: string) => ({
    text,
    callback_data: surveyData({ turn, action: 'answer', value }),
  });
  const choices = choicesOf(step).map((c) => answer(c, choiceLabel(t, step, c)));
  const rows: InlineKeyboardButton[][] = [];
  // numbers side by side; words one per row, easier to read and to hit
  const perRow = step === 'people' ? 5 : choices.length === 2 ? 2 : 1;
  for (let i = 0; i < choices.length; i += perRow) rows.push(choices.slice(i, i + perRow));
  rows.push([answer(skip, t('survey-choice', { choice: skip }))]);
  rows.push([...back, cancel]);
  return {
    text: `${t('survey-question', { number, of })}\n${t(questionKey(step))}`,
    replyMarkup: { inline_keyboard: rows },
  };
}

/** The group's card (SPEC §2.10): the request to answer privately, the response rate, the deep link. */
export function surveyCard(t: T, building: string, stats: SurveyStats, link: string): SurveyMessage {
  return {
    text: t('survey-card', {
      building,
      answered: stats.answered,
      households: stats.households,
      percent: percentOf(stats.answered, stats.households),
    }),
    replyMarkup: { inline_keyboard: [[{ text: t('survey-card-button'), url: link }]] },
  };
}

/** `/survey list`: each household's answers, by floor (for the building's volunteers and admins only). */
export function renderSurveyList(t: T, building: string, stats: SurveyStats, rows: readonly SurveyRow[]): string {
  const lines = [t('survey-list-title', { building, answered: stats.answered, households: stats.households })];
  if (rows.length === 0) lines.push(t('survey-list-none'));
  for (const row of [...rows].sort((a, b) => byFloorThenUnit(a.unit, b.unit))) {
    const answers: SurveyAnswers = { ...row.choices };
    if (row.choices.medicine === 'yes') answers.medicineWhich = row.medicineText;
    const parts = questions
      .filter((q) => q.id !== textQuestion || row.choices.medicine === 'yes')
      .map((q) => `${t('survey-label', { question: q.id })}: ${answerText(t, q.id, answers)}`);
    lines.push(t('survey-list-line', { unit: row.unit, answers: parts.join(' · ') }));
  }
  return lines.join('\n');
}

/** `/survey missing`: the registered units that have not answered, by floor. */
export function renderMissing(t: T, building: string, units: readonly string[]): string {
  if (units.length === 0) return t('survey-missing-none', { building });
  const sorted = [...units].sort(byFloorThenUnit);
  return `${t('survey-missing-title', { building, count: units.length })}\n${sorted.join(', ')}`;
}

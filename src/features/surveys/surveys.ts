import { codePointLength } from '../../core/text.ts';
import { UsageError } from '../../core/usage-error.ts';

/**
 * The household survey (SPEC §2.10) as a small state machine, without Telegram or the database: the questions and
 * their choices, what an answer or *Back* leads to, and the counts that are all anyone outside the building's
 * volunteers and admins ever sees.
 */

/** "Prefer not to say": offered on every question. */
export const skip = 'skip';

const yesNo = ['yes', 'no'] as const;

/** The questions in order, each with its choices (besides {@link skip}); `medicineWhich` is typed, not chosen. */
export const questions = [
  { id: 'people', choices: ['1', '2', '3', '4', '5+'] },
  { id: 'elderly', choices: ['elderly-alone', 'elderly', 'alone', 'no'] },
  { id: 'medicine', choices: yesNo },
  { id: 'medicineWhich', choices: [] },
  { id: 'hospital', choices: yesNo },
  { id: 'mobility', choices: ['limited', 'bedridden', 'no'] },
  { id: 'pregnant', choices: yesNo },
  { id: 'infants', choices: yesNo },
  { id: 'pets', choices: yesNo },
  { id: 'phoneHelp', choices: yesNo },
] as const satisfies ReadonlyArray<{ id: string; choices: readonly string[] }>;

export type QuestionId = (typeof questions)[number]['id'];
export type Step = QuestionId | 'summary';

/** The one question answered by typing (which medicine), as a follow-up of `medicine`. */
export const textQuestion: QuestionId = 'medicineWhich';
export const maxMedicineTextLength = 200;

/** The answers so far: a choice (or `skip`) per question, and the typed text of `medicineWhich` (null: skipped). */
export type SurveyAnswers = Partial<Record<Exclude<QuestionId, 'medicineWhich'>, string>> & {
  medicineWhich?: string | null;
};

/** A survey under way for one household. */
export interface SurveyState {
  buildingId: string;
  householdId: number;
  unit: string;
  step: Step;
  answers: SurveyAnswers;
  /** The questions answered on the way here, the last one last: *Back* returns to it. */
  history: QuestionId[];
}

/** A new survey for the household: its first question. */
export function startSurvey(home: { buildingId: string; householdId: number; unit: string }): SurveyState {
  return { ...home, step: 'people', answers: {}, history: [] };
}

/** The question's choices (without {@link skip}); none for the typed one. */
export function choicesOf(step: QuestionId): readonly string[] {
  return questions.find((q) => q.id === step)!.choices;
}

/** The number shown with a question ("Question 4 of 9"): the typed follow-up shares its question's number. */
export function questionNumber(step: QuestionId): { number: number; of: number } {
  const shown = questions.filter((q) => q.id !== textQuestion);
  const index =
    step === textQuestion ? shown.findIndex((q) => q.id === 'medicine') : shown.findIndex((q) => q.id === step);
  return { number: index + 1, of: shown.length };
}

function nextAfter(step: QuestionId, answers: SurveyAnswers): Step {
  const index = questions.findIndex((q) => q.id === step);
  let next: Step = questions[index + 1]?.id ?? 'summary';
  // which medicine is asked only of a household that takes some regularly
  if (next === textQuestion && answers.medicine !== 'yes') next = questions[index + 2]?.id ?? 'summary';
  return next;
}

/**
 * The state after answering the current question with `value` (a choice, `skip`, or for the typed question its
 * text). Throws {@link UsageError} when the value does not answer it (a forged press, text where a button is asked).
 */
export function answerSurvey(state: SurveyState, value: string): SurveyState {
  const step = state.step;
  if (step === 'summary') throw new UsageError('survey-use-buttons');
  const answers: SurveyAnswers = { ...state.answers };
  if (step === textQuestion) {
    const text = value.trim();
    if (value !== skip && text.length === 0) throw new UsageError('survey-medicine-empty');
    if (codePointLength(text) > maxMedicineTextLength)
      throw new UsageError('survey-medicine-too-long', { max: maxMedicineTextLength });
    answers.medicineWhich = value === skip ? null : text;
  } else {
    if (value !== skip && !choicesOf(step).includes(value)) throw new UsageError('survey-use-buttons');
    answers[step] = value;
    // no regular medicine: nothing to say which, whatever was typed before Back
    if (step === 'medicine' && value !== 'yes') delete answers.medicineWhich;
  }
  return { ...state, answers, step: nextAfter(step, answers), history: [...state.history, step] };
}

/** The state after *Back*: the previous question, its answer kept until it is answered again. */
export function surveyBack(state: SurveyState): SurveyState {
  const previous = state.history.at(-1);
  if (previous === undefined) throw new UsageError('survey-no-back');
  return { ...state, step: previous, history: state.history.slice(0, -1) };
}

/** What a saved survey stores: the choices (all skippable) and, apart, the typed medicine (purged later). */
export function savedAnswers(answers: SurveyAnswers): { choices: Record<string, string>; medicineText: string | null } {
  const { medicineWhich, ...choices } = answers;
  return { choices: choices as Record<string, string>, medicineText: medicineWhich ?? null };
}

/** The counts of SPEC §5's `surveys` key: households per vulnerability, never who. */
export interface SurveyCounts {
  elderlyAlone: number;
  regularMedicine: number;
  hospitalTreatment: number;
  limitedMobility: number;
  pregnant: number;
  infants: number;
  pets: number;
  phoneHelp: number;
}

export const countKeys: ReadonlyArray<keyof SurveyCounts> = [
  'elderlyAlone',
  'regularMedicine',
  'hospitalTreatment',
  'limitedMobility',
  'pregnant',
  'infants',
  'pets',
  'phoneHelp',
];

/** The vulnerabilities of one household's answers, as the counts name them. */
export function flagsOf(choices: Readonly<Record<string, string>>): Set<keyof SurveyCounts> {
  const flags = new Set<keyof SurveyCounts>();
  if (choices.elderly === 'elderly-alone') flags.add('elderlyAlone');
  if (choices.medicine === 'yes') flags.add('regularMedicine');
  if (choices.hospital === 'yes') flags.add('hospitalTreatment');
  if (choices.mobility === 'limited' || choices.mobility === 'bedridden') flags.add('limitedMobility');
  if (choices.pregnant === 'yes') flags.add('pregnant');
  if (choices.infants === 'yes') flags.add('infants');
  if (choices.pets === 'yes') flags.add('pets');
  if (choices.phoneHelp === 'yes') flags.add('phoneHelp');
  return flags;
}

/**
 * Vulnerable households: someone 70+ alone, regular medicine or hospital treatment, limited mobility, pregnancy, an
 * infant, or a member who needs help with a phone (pets alone are not a vulnerability).
 */
export function isVulnerable(choices: Readonly<Record<string, string>>): boolean {
  return [...flagsOf(choices)].some((flag) => flag !== 'pets');
}

/** Adds up the households' answers: how many of them have each vulnerability, and how many are vulnerable at all. */
export function countSurveys(all: ReadonlyArray<Readonly<Record<string, string>>>): {
  counts: SurveyCounts;
  vulnerable: number;
} {
  const counts = Object.fromEntries(countKeys.map((k) => [k, 0])) as unknown as SurveyCounts;
  let vulnerable = 0;
  for (const choices of all) {
    for (const flag of flagsOf(choices)) counts[flag]++;
    if (isVulnerable(choices)) vulnerable++;
  }
  return { counts, vulnerable };
}

/** What a saved survey offers the household (SPEC §2.10): the daily check-in, a need for its medicine. */
export function offersOf(choices: Readonly<Record<string, string>>): { checkin: boolean; medicineNeed: boolean } {
  return { checkin: choices.elderly === 'elderly-alone', medicineNeed: choices.medicine === 'yes' };
}

// --- buttons ---------------------------------------------------------------------------------------------

/** What a survey button does: answer the question shown at `turn`, go back, save, or leave. */
export type SurveyPress =
  | { turn: number; action: 'answer'; value: string }
  | { turn: number; action: 'back' | 'save' | 'cancel' };

/** A survey button's data: `v1:sv:<turn base 36>:a:<value>`, `…:back`, `…:save`, `…:cancel`. */
export function surveyData(press: SurveyPress): string {
  const turn = press.turn.toString(36);
  return press.action === 'answer' ? `v1:sv:${turn}:a:${press.value}` : `v1:sv:${turn}:${press.action}`;
}

const pressPattern = /^v1:sv:([0-9a-z]{1,12}):(?:a:([a-z0-9+-]{1,20})|(back|save|cancel))$/;

/** Reads {@link surveyData}; undefined for anything else. */
export function parseSurveyData(data: string): SurveyPress | undefined {
  const match = pressPattern.exec(data);
  if (!match) return undefined;
  const turn = Number.parseInt(match[1]!, 36);
  if (match[2] !== undefined) return { turn, action: 'answer', value: match[2] };
  return { turn, action: match[3] as 'back' | 'save' | 'cancel' };
}

/** The deep link's payload that opens the survey for a building (`/start survey-b3`). */
export function surveyStartPayload(buildingId: string): string {
  return `survey-${buildingId}`;
}

/** The building of a `/start` payload made by {@link surveyStartPayload}; undefined for any other payload. */
export function parseSurveyStartPayload(payload: string): string | undefined {
  const match = /^survey-([A-Za-z0-9_-]{1,40})$/.exec(payload.trim());
  return match?.[1];
}

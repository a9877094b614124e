import { parseDuration } from '../../core/duration.ts';
import { idPattern } from '../../core/ids.ts';
import { codePointLength, toAsciiForms } from '../../core/text.ts';
import { UsageError } from '../../core/usage-error.ts';

export const maxQuestionLength = 300;
export const maxOptionLength = 100;
export const minOptions = 2;
export const maxOptions = 10;
/** The longest a vote may run: a building decides within a month. */
export const maxVoteDurationMs = 30 * 86_400_000;
const minVoteDurationMs = 60_000;

export type Quorum = null | { count: number } | { percent: number };

export interface VoteCommand {
  question: string;
  options: string[];
  durationMs: number;
  perHousehold: boolean;
  anonymous: boolean;
  hidden: boolean;
  quorum: Quorum;
}

/**
 * Reads `/vote [settings] <question> | <option> | <option> [| ...]`. Settings come before the question in any
 * order: a duration (`30m`, `6h`, `2d`), `household`/`按户`, `anonymous`/`匿名`, `hidden`/`保密结果`,
 * `quorum=N` or `quorum=N%` (also `法定人数=N`, `至少N`). `｜` and full-width digits read as ASCII; question and options are kept as typed.
 * Throws {@link UsageError} saying what was wrong.
 */
export function parseVote(args: string, defaultDurationMs: number): VoteCommand {
  // full-width forms map one UTF-16 unit to one, so positions in `ascii` are positions in `args`
  const ascii = toAsciiForms(args);
  if (ascii.trim() === '') throw new UsageError('vote-usage');
  const bars = [...ascii.matchAll(/\|/g)].map((m) => m.index);
  const segments: string[] = [];
  let from = 0;
  for (const at of [...bars, args.length]) {
    segments.push(args.slice(from, at));
    from = at + 1;
  }
  const head = segments[0]!;
  const settings = {
    durationMs: defaultDurationMs,
    perHousehold: false,
    anonymous: false,
    hidden: false,
    quorum: null as Quorum,
  };
  const headAscii = toAsciiForms(head);
  let questionStart = 0;
  for (const token of headAscii.matchAll(/\S+/g)) {
    if (!applySetting(token[0], settings)) {
      questionStart = token.index;
      break;
    }
    questionStart = token.index + token[0].length;
  }
  const question = head.slice(questionStart).trim();
  const options = segments.slice(1).map((o) => o.trim());
  if (question === '') throw new UsageError('vote-question-empty');
  if (codePointLength(question) > maxQuestionLength)
    throw new UsageError('vote-question-too-long', { max: maxQuestionLength });
  if (options.length < minOptions || options.length > maxOptions)
    throw new UsageError('vote-options-count', { min: minOptions, max: maxOptions, count: options.length });
  if (options.some((o) => o === '')) throw new UsageError('vote-option-empty');
  const tooLong = options.find((o) => codePointLength(o) > maxOptionLength);
  if (tooLong !== undefined) throw new UsageError('vote-option-too-long', { max: maxOptionLength, option: tooLong });
  const seen = new Set<string>();
  for (const option of options) {
    const key = toAsciiForms(option).toLowerCase();
    if (seen.has(key)) throw new UsageError('vote-option-twice', { option });
    seen.add(key);
  }
  return { question, options, ...settings };
}

/** Applies one settings word; false when the word is not a setting (the question starts there). */
function applySetting(word: string, settings: Omit<VoteCommand, 'question' | 'options'>): boolean {
  const lower = word.toLowerCase();
  if (lower === 'household' || word === '按户') {
    settings.perHousehold = true;
    return true;
  }
  if (lower === 'anonymous' || word === '匿名') {
    settings.anonymous = true;
    return true;
  }
  if (lower === 'hidden' || word === '保密结果') {
    settings.hidden = true;
    return true;
  }
  // `quorum=N`, or in Chinese `法定人数=N` / `至少N` (full-width `＝` and `％` read as ASCII before this)
  const quorum = /^(?:quorum=|法定人数=|至少)([0-9]{1,6})(%?)$/i.exec(word);
  if (quorum) {
    const n = Number(quorum[1]);
    if (quorum[2] === '%') {
      if (n < 1 || n > 100) throw new UsageError('vote-quorum-invalid');
      settings.quorum = { percent: n };
    } else {
      if (n < 1) throw new UsageError('vote-quorum-invalid');
      settings.quorum = { count: n };
    }
    return true;
  }
  // `quorum=` with a bad value is a mistake in the setting; a question may well start with the word quorum
  if (/^quorum=/i.test(word)) throw new UsageError('vote-quorum-invalid');
  const duration = parseDuration(word);
  if (duration !== undefined) {
    if (duration < minVoteDurationMs || duration > maxVoteDurationMs)
      throw new UsageError('vote-duration-invalid', { max: '30d' });
    settings.durationMs = duration;
    return true;
  }
  return false;
}

export interface BallotForTally {
  option: number;
}

export interface VoteResult {
  counts: number[];
  /** Ballots counted: households for a household vote, people otherwise. */
  turnout: number;
  /** Who could vote: registered households, or chat members; null when unknown. */
  electorate: number | null;
  quorumMet: boolean;
  /** Indexes of the options with the most votes: one is a winner, several a tie, none when nobody voted. */
  leaders: number[];
}

/** Counts ballots (one per household or per person, already deduplicated by storage) against the quorum. */
export function tally(
  options: number,
  ballots: readonly BallotForTally[],
  quorum: Quorum,
  electorate: number | null,
): VoteResult {
  const counts = Array.from({ length: options }, () => 0);
  for (const b of ballots) if (b.option >= 0 && b.option < options) counts[b.option]!++;
  const turnout = counts.reduce((a, b) => a + b, 0);
  const top = Math.max(0, ...counts);
  const leaders = top === 0 ? [] : counts.flatMap((c, i) => (c === top ? [i] : []));
  return { counts, turnout, electorate, quorumMet: quorumMet(quorum, turnout, electorate), leaders };
}

/** A percent quorum is compared in whole numbers (0.07 × 100 is not 7 in floating point) and needs a ballot. */
function quorumMet(quorum: Quorum, turnout: number, electorate: number | null): boolean {
  if (quorum === null) return true;
  if ('count' in quorum) return turnout >= quorum.count;
  return electorate !== null && turnout > 0 && turnout * 100 >= quorum.percent * electorate;
}

/** Callback data of a ballot button: `v1:vote:<id>:<option>`. */
export function ballotData(voteId: number, option: number): string {
  return `v1:vote:${voteId}:${option}`;
}

const ballotButtonData = new RegExp(`^v1:vote:(${idPattern}):([0-9])$`);

/**
 * Reads {@link ballotData}; undefined for anything else (stale or forged data). The caller checks the option
 * against the vote's options.
 */
export function parseBallotData(data: string): { voteId: number; option: number } | undefined {
  const match = ballotButtonData.exec(data);
  return match ? { voteId: Number(match[1]), option: Number(match[2]) } : undefined;
}

/** The quorum of a stored vote: a count, a percentage of the electorate, or none. */
export function quorumOf(vote: { quorumCount: number | null; quorumPercent: number | null }): Quorum {
  if (vote.quorumCount !== null) return { count: vote.quorumCount };
  if (vote.quorumPercent !== null) return { percent: vote.quorumPercent };
  return null;
}

/**
 * The ballots a quorum asks for: its count, or its percentage of the electorate rounded up (at least one ballot,
 * as {@link tally} decides); undefined without a quorum or when a percentage's electorate is unknown.
 */
export function quorumNeeded(quorum: Quorum, electorate: number | null): number | undefined {
  if (quorum === null) return undefined;
  if ('count' in quorum) return quorum.count;
  if (electorate === null) return undefined;
  // whole numbers only: percent × electorate / 100, rounded up
  return Math.max(1, Math.floor((quorum.percent * electorate + 99) / 100));
}

/** What the toast of a ballot press says: which message, and the option chosen before when it is told. */
export type BallotAnswer =
  | { key: 'vote-cast' | 'vote-cast-household' | 'vote-cast-same' | 'vote-cast-same-household' }
  | { key: 'vote-cast-changed' | 'vote-cast-changed-household'; before: number };

/**
 * The toast after a press of `option`, given the option the voter (or their household) had chosen before: it
 * names the choice, says when it was the one chosen already, and names the one it replaces. In an anonymous
 * household vote another member may have cast the household's ballot, so nothing of it is told: only the choice
 * just made.
 */
export function ballotAnswer(
  vote: { perHousehold: boolean; anonymous: boolean },
  before: number | undefined,
  option: number,
): BallotAnswer {
  if (vote.perHousehold && vote.anonymous) return { key: 'vote-cast-household' };
  if (before === undefined) return { key: vote.perHousehold ? 'vote-cast-household' : 'vote-cast' };
  if (before === option) return { key: vote.perHousehold ? 'vote-cast-same-household' : 'vote-cast-same' };
  return { key: vote.perHousehold ? 'vote-cast-changed-household' : 'vote-cast-changed', before };
}

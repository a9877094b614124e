import { codePointLength } from '../../core/text.ts';
import { UsageError } from '../../core/usage-error.ts';
import { maxNeedTextLength, type Priority, priorities } from './needs.ts';

/**
 * The guided need (SPEC §2.10) for residents who would rather press buttons than type `/need !! #medicine …`: which
 * home (when several), the category, the urgency, the text (unless the conversation began with it), public or
 * private, then a summary to confirm. A small state machine without Telegram or the database; the bot keeps it in
 * `dm_flows`, one step per update's transaction.
 */

export type GuidedStep = 'home' | 'category' | 'priority' | 'text' | 'visibility' | 'confirm';

export interface GuidedHome {
  buildingId: string;
  buildingName: string;
  householdId: number;
  unit: string;
}

export interface GuidedNeedState {
  step: GuidedStep;
  home?: GuidedHome;
  category?: string;
  priority?: Priority;
  text?: string;
  private?: boolean;
}

/** The need's text as typed, checked as `/need` checks it (1 to 1,000 code points). */
export function checkNeedText(typed: string): string {
  const text = typed.trim();
  if (text.length === 0) throw new UsageError('need-text-empty');
  const length = codePointLength(text);
  if (length > maxNeedTextLength) throw new UsageError('need-text-too-long', { max: maxNeedTextLength, length });
  return text;
}

/** A guided need for someone with these homes, begun by free text (kept as the need's text) or by `/need` alone. */
export function startGuidedNeed(homes: readonly GuidedHome[], typed?: string): GuidedNeedState {
  const text = typed === undefined ? undefined : checkNeedText(typed);
  const home = homes.length === 1 ? homes[0] : undefined;
  return { step: home ? 'category' : 'home', ...(home ? { home } : {}), ...(text ? { text } : {}) };
}

/** A button of the guided need: the answer to the step shown at `turn`, or post / cancel. */
export type GuidedPress =
  | { turn: number; action: 'home' | 'category' | 'priority' | 'visibility'; value: string }
  | { turn: number; action: 'post' | 'cancel' };

const codes = { home: 'h', category: 'c', priority: 'p', visibility: 'v' } as const;

/** `v1:gn:<turn base 36>:<h|c|p|v>:<value>`, `…:post`, `…:cancel`. */
export function guidedData(press: GuidedPress): string {
  const turn = press.turn.toString(36);
  return 'value' in press ? `v1:gn:${turn}:${codes[press.action]}:${press.value}` : `v1:gn:${turn}:${press.action}`;
}

const pattern = /^v1:gn:([0-9a-z]{1,12}):(?:([hcpv]):([A-Za-z0-9_-]{1,40})|(post|cancel))$/;

/** Reads {@link guidedData}; undefined for anything else. */
export function parseGuidedData(data: string): GuidedPress | undefined {
  const match = pattern.exec(data);
  if (!match) return undefined;
  const turn = Number.parseInt(match[1]!, 36);
  if (match[4]) return { turn, action: match[4] as 'post' | 'cancel' };
  const action = (Object.keys(codes) as Array<keyof typeof codes>).find((k) => codes[k] === match[2])!;
  return { turn, action, value: match[3]! };
}

/**
 * The state after a press or a typed text (`typed`), given the sender's homes and the config's categories. Throws
 * {@link UsageError} when it does not answer the step shown (`guided-use-buttons`), or for an invalid text.
 */
export function advanceGuidedNeed(
  state: GuidedNeedState,
  input: { action: 'home' | 'category' | 'priority' | 'visibility'; value: string } | { typed: string },
  known: { homes: readonly GuidedHome[]; categories: readonly string[] },
): GuidedNeedState {
  const wrong = () => new UsageError('guided-use-buttons');
  if ('typed' in input) {
    if (state.step !== 'text') throw wrong();
    return { ...state, text: checkNeedText(input.typed), step: 'visibility' };
  }
  if (input.action !== state.step) throw wrong();
  switch (input.action) {
    case 'home': {
      const home = known.homes.find((h) => h.buildingId === input.value);
      if (!home) throw wrong();
      return { ...state, home, step: 'category' };
    }
    case 'category':
      if (!known.categories.includes(input.value)) throw wrong();
      return { ...state, category: input.value, step: 'priority' };
    case 'priority': {
      const priority = priorities.find((p) => p === input.value);
      if (!priority) throw wrong();
      return { ...state, priority, step: state.text ? 'visibility' : 'text' };
    }
    case 'visibility':
      if (input.value !== 'public' && input.value !== 'private') throw wrong();
      return { ...state, private: input.value === 'private', step: 'confirm' };
  }
}

/** The need to post once confirmed; undefined while the conversation is not at its summary. */
export function guidedNeedReady(
  state: GuidedNeedState,
): { home: GuidedHome; category: string; priority: Priority; text: string; private: boolean } | undefined {
  const { home, category, priority, text } = state;
  if (state.step !== 'confirm' || !home || !category || !priority || !text || state.private === undefined) return;
  return { home, category, priority, text, private: state.private };
}

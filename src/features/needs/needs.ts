import { idPattern } from '../../core/ids.ts';
import { codePointLength, toAsciiForms } from '../../core/text.ts';
import type { Locale } from '../../core/translate.ts';
import { UsageError } from '../../core/usage-error.ts';
import type { Actor } from '../access/access.ts';
import { parseUnit } from '../households/households.ts';
import { maxRhythmDays, readRhythmWords } from './recurring.ts';

export type Priority = 'urgent' | 'high' | 'normal';
export type NeedStatus = 'draft' | 'open' | 'claimed' | 'done' | 'cancelled';
export type NeedAction = 'claim' | 'release' | 'done' | 'cancel';

export const needActions: readonly NeedAction[] = ['claim', 'release', 'done', 'cancel'];
export const maxNeedTextLength = 1000;
/** Most urgent first. */
export const priorities: readonly Priority[] = ['urgent', 'high', 'normal'];

// a Map, not an object literal: a need starting with "constructor" must not find Object's prototype
const priorityWords = new Map<string, Priority>([
  ['!!', 'urgent'],
  ['urgent', 'urgent'],
  ['紧急', 'urgent'],
  ['!', 'high'],
  ['high', 'high'],
  ['急', 'high'],
]);

export interface NeedCategoryConfig {
  id: string;
  aliases: readonly string[];
  /** What the bot shows in each language (SPEC §2.1); without one for a language, the id. */
  label?: Readonly<Partial<Record<Locale, string>>>;
}

/** How a category is shown to readers of `language`: its label in that language, else its id. */
export function categoryLabel(categories: readonly NeedCategoryConfig[], language: Locale): (id: string) => string {
  return (id) => categories.find((c) => c.id === id)?.label?.[language] ?? id;
}

/** Every name `#name` may use for the category, the one shown to readers of `language` first. */
function namesOf(category: NeedCategoryConfig, language: Locale): string[] {
  const names = [category.label?.[language] ?? category.id, category.id, ...category.aliases];
  for (const label of Object.values(category.label ?? {})) if (label) names.push(label);
  return [...new Set(names)];
}

export interface NeedCommand {
  priority: Priority;
  category: string;
  /** As typed (full-width characters kept). */
  text: string;
  /** Assisted mode: the household a volunteer or admin enters the need for. */
  forUnit?: string;
  /** A recurring need's rhythm, normalised (`week`, `3d`, `mon,thu`, `day`; SPEC §2.11). */
  repeat?: string;
}

/**
 * Reads the arguments of `/need [for <unit>] [priority] [#category] [every <rhythm>] <text>` (priority, category and
 * rhythm in any order; full-width `！` `＃` read as ASCII; the rhythm also as one word `每周`, `每天`, `每3天`). Throws
 * {@link UsageError} with what was wrong.
 */
export function parseNeed(
  args: string,
  categories: readonly NeedCategoryConfig[],
  language: Locale = 'en',
): NeedCommand {
  // full-width forms map one UTF-16 unit to one, so positions in `ascii` are positions in `args`
  const ascii = toAsciiForms(args);
  const tokens = [...ascii.matchAll(/\S+/g)].map((m) => ({ word: m[0], end: m.index + m[0].length }));
  if (tokens.length === 0) throw new UsageError('need-usage');
  let next = 0;
  let forUnit: string | undefined;
  if (tokens[0]!.word.toLowerCase() === 'for') {
    const unitToken = tokens[1];
    if (!unitToken) throw new UsageError('need-for-usage');
    forUnit = parseUnit(unitToken.word);
    next = 2;
  }
  let priority: Priority | undefined;
  let category: string | undefined;
  let repeat: string | undefined;
  for (; next < tokens.length; next++) {
    const word = tokens[next]!.word;
    if (!repeat && (word.toLowerCase() === 'every' || word.startsWith('每'))) {
      const read = readRhythmWords(tokens.slice(next, next + 9).map((t) => t.word.toLowerCase()));
      if (read && 'problem' in read)
        throw new UsageError(read.problem === 'range' ? 'need-repeat-range' : 'need-repeat-invalid', {
          max: maxRhythmDays,
        });
      if (read) {
        repeat = read.rhythm;
        next += read.used - 1;
        continue;
      }
    }
    const asPriority = priorityWords.get(word.toLowerCase());
    if (asPriority && !priority) {
      priority = asPriority;
      continue;
    }
    if (word.startsWith('#') && !category) {
      category = findCategory(word.slice(1), categories, language);
      continue;
    }
    break;
  }
  const textStart = next === 0 ? 0 : tokens[next - 1]!.end;
  const text = args.slice(textStart).trim();
  if (text.length === 0) throw new UsageError('need-text-empty');
  const length = codePointLength(text);
  if (length > maxNeedTextLength) throw new UsageError('need-text-too-long', { max: maxNeedTextLength, length });
  return {
    priority: priority ?? 'normal',
    category: category ?? defaultCategory(categories),
    text,
    ...(forUnit ? { forUnit } : {}),
    ...(repeat ? { repeat } : {}),
  };
}

/** The category `#name` names (its id, an alias or a label); throws {@link UsageError} listing them when none. */
export function findCategory(name: string, categories: readonly NeedCategoryConfig[], language: Locale): string {
  const wanted = name.toLowerCase();
  const found = categories.find((c) => namesOf(c, language).some((n) => n.toLowerCase() === wanted));
  if (!found) {
    throw new UsageError('need-unknown-category', { category: name, known: categoryList(categories, language) });
  }
  return found.id;
}

/** `other` when the config has it, else its last category: a need without `#` is still recorded. */
export function defaultCategory(categories: readonly NeedCategoryConfig[]): string {
  return categories.find((c) => c.id === 'other')?.id ?? categories.at(-1)?.id ?? 'other';
}

/** The categories as a reader of `language` may type them: `#药 (#medicine)`, `#medicine (#药)`. */
export function categoryList(categories: readonly NeedCategoryConfig[], language: Locale = 'en'): string {
  return categories
    .map((c) => {
      const [shown, ...others] = namesOf(c, language);
      const [open, close] = language === 'zh' ? ['（', '）'] : [' (', ')'];
      return others.length > 0 ? `#${shown}${open}${others.map((n) => `#${n}`).join(' ')}${close}` : `#${shown}`;
    })
    .join(', ');
}

export interface NeedState {
  status: NeedStatus;
  requesterId: number | null;
  enteredBy: number;
  claimedBy: number | null;
  /** The household the need is for (absent: none known). */
  householdId?: number | null;
}

/**
 * The facts of {@link Actor} that decide what may be done to a need, and the household the actor registered in the
 * need's building (looked up on the server, never taken from the button): a member of the need's household acts as
 * its asker (SPEC §2.10: family members post and follow needs for their household).
 */
export type NeedActor = Pick<Actor, 'userId' | 'isAdmin' | 'isVolunteer'> & { householdId?: number | null };

/** Whether the actor asked for the need: its asker, who typed it, or a member of the household it is for. */
export function isNeedAsker(need: NeedState, actor: NeedActor): boolean {
  if (actor.userId === need.requesterId || actor.userId === need.enteredBy) return true;
  return need.householdId != null && actor.householdId != null && need.householdId === actor.householdId;
}

/** The buttons a need card shows in its state (each still re-checked when pressed). */
export function actionsFor(status: NeedStatus): NeedAction[] {
  if (status === 'open') return ['claim', 'cancel'];
  if (status === 'claimed') return ['release', 'done', 'cancel'];
  return [];
}

/**
 * Whether `actor` may do `action` on the need now (SPEC §1, §2.1): anyone of the building claims (volunteers
 * only when configured so); only the claimer releases; the asker, the claimer or an admin marks done; the
 * asker or an admin cancels; nothing happens to a closed need. "The asker" includes every member of the household
 * the need is for (see {@link isNeedAsker}): a daughter may close the need her father posted once the medicine came. Throws {@link UsageError} naming the reason.
 */
export function checkNeedAction(
  need: NeedState,
  action: NeedAction,
  actor: NeedActor,
  rules: { volunteersOnly: boolean },
): void {
  if (need.status === 'draft') throw new UsageError('need-not-found');
  if (need.status === 'done' || need.status === 'cancelled')
    throw new UsageError('need-closed', { status: need.status });
  if (!actionsFor(need.status).includes(action))
    throw new UsageError(action === 'claim' ? 'need-already-claimed' : 'need-not-claimed');
  const asker = isNeedAsker(need, actor);
  const claimer = need.claimedBy !== null && actor.userId === need.claimedBy;
  switch (action) {
    case 'claim':
      if (rules.volunteersOnly && !actor.isVolunteer && !actor.isAdmin) throw new UsageError('need-volunteers-only');
      return;
    case 'release':
      if (!claimer) throw new UsageError('need-only-claimer');
      return;
    case 'done':
      if (!asker && !claimer && !actor.isAdmin) throw new UsageError('need-only-involved');
      return;
    case 'cancel':
      if (!asker && !actor.isAdmin) throw new UsageError('need-only-asker');
      return;
  }
}

/**
 * Whether `actor` may end the recurring series of `need` (its newest need) with `/stop` (SPEC §2.11): its asker (the
 * household counts) or an admin. Throws {@link UsageError} naming the reason.
 */
export function checkStopSeries(need: NeedState & { id: number; repeat: string | null }, actor: NeedActor): void {
  if (need.status === 'draft') throw new UsageError('need-not-found');
  if (need.repeat === null) throw new UsageError('stop-not-recurring', { id: need.id });
  if (!isNeedAsker(need, actor) && !actor.isAdmin) throw new UsageError('stop-only-asker');
}

/** The status a permitted action leads to. */
export function statusAfter(action: NeedAction): NeedStatus {
  return { claim: 'claimed', release: 'open', done: 'done', cancel: 'cancelled' }[action] as NeedStatus;
}

/** Callback data of need buttons: short, versioned, parsed with one pattern (`v1:need:claim:42`). */
export function needCallbackData(action: NeedAction | 'place', id: number, extra?: string): string {
  return extra === undefined ? `v1:need:${action}:${id}` : `v1:need:${action}:${id}:${extra}`;
}

// only `place` carries an extra (the building id), which keeps every button within Telegram's 64 bytes
const needButtonData = new RegExp(
  `^v1:need:(?:(claim|release|done|cancel)|(place)):(${idPattern})(?::([A-Za-z0-9_-]{1,32}))?$`,
);

/** Reads {@link needCallbackData}; undefined for anything else (stale or forged data). */
export function parseNeedCallbackData(
  data: string,
): { action: NeedAction | 'place'; id: number; extra?: string } | undefined {
  const match = needButtonData.exec(data);
  if (!match || (match[2] === undefined) !== (match[4] === undefined)) return undefined;
  return {
    action: (match[1] ?? match[2]) as NeedAction | 'place',
    id: Number(match[3]),
    ...(match[4] ? { extra: match[4] } : {}),
  };
}

/** Open needs in the order `/needs` shows them: urgent first, then oldest. */
export function byUrgencyThenAge<T extends { priority: Priority; createdAt: number; id: number }>(a: T, b: T): number {
  return priorities.indexOf(a.priority) - priorities.indexOf(b.priority) || a.createdAt - b.createdAt || a.id - b.id;
}

/**
 * The group-buy hint of `/needs` and the digest: the categories in which at least `threshold` households have open
 * needs, a household being the need's unit (or its asker, without one).
 */
export function buyHints(
  open: ReadonlyArray<{ category: string; unit: string | null; requesterId: number | null }>,
  threshold: number,
): Array<{ category: string; households: number }> {
  return concentratedCategories(
    open.map((n) => ({ category: n.category, householdKey: n.unit ?? `user:${n.requesterId}` })),
    threshold,
  );
}

/** Categories in which at least `threshold` households have open needs: a group buy may serve them. */
export function concentratedCategories(
  open: ReadonlyArray<{ category: string; householdKey: string }>,
  threshold: number,
): Array<{ category: string; households: number }> {
  const households = new Map<string, Set<string>>();
  for (const need of open) {
    let set = households.get(need.category);
    if (!set) {
      set = new Set();
      households.set(need.category, set);
    }
    set.add(need.householdKey);
  }
  return [...households]
    .filter(([, set]) => set.size >= threshold)
    .map(([category, set]) => ({ category, households: set.size }))
    .sort((a, b) => b.households - a.households);
}

import {
  categoryLabel,
  type NeedCategoryConfig,
  type NeedCommand,
  type Priority,
  parseNeed,
} from '../../../src/features/needs/needs.ts';
import type { CardNeed } from '../../../src/features/needs/needs.view.ts';
import { usageError } from '../usage-error.ts';

/** The default set of SPEC §2.1, spelled out here so the tests do not move with the config. */
export const categories: readonly NeedCategoryConfig[] = [
  { id: 'medicine', aliases: ['药'], label: { en: 'medicine', zh: '药' } },
  { id: 'food', aliases: ['食物'], label: { en: 'food', zh: '食物' } },
  { id: 'medical', aliases: ['就医'], label: { en: 'medical', zh: '就医' } },
  { id: 'elderly', aliases: ['老人'], label: { en: 'elderly', zh: '老人' } },
  { id: 'disinfection', aliases: ['消杀'], label: { en: 'disinfection', zh: '消杀' } },
  { id: 'other', aliases: ['其他'], label: { en: 'other', zh: '其他' } },
];

/** The categories as readers of each language see them. */
export const labels = { en: categoryLabel(categories, 'en'), zh: categoryLabel(categories, 'zh') };
export const categoryIds = categories.map((c) => c.id);

export const priorityWords: ReadonlyArray<readonly [string, Priority]> = [
  ['!!', 'urgent'],
  ['urgent', 'urgent'],
  ['紧急', 'urgent'],
  ['!', 'high'],
  ['high', 'high'],
  ['急', 'high'],
];

export function parseKey(args: string): string | undefined {
  return usageError(() => parseNeed(args, categories))?.key;
}

export function parse(args: string): NeedCommand {
  return parseNeed(args, categories);
}

/** 09:00 on 1 April 2026 in Shanghai; the needs of the view tests are created from then on. */
export const start = Date.parse('2026-04-01T09:00:00+08:00');
export const minute = 60_000;
/** The text of a private need, which no card or list in a group may show. */
export const secret = 'insulin for grandmother XYZ';

/** A need as a card shows it: open, normal, from Bob Wang of 1502 who asked for himself. */
export function cardNeed(overrides: Partial<CardNeed> = {}): CardNeed {
  return {
    id: 7,
    priority: 'normal',
    category: 'food',
    text: 'two loaves of bread',
    private: false,
    status: 'open',
    unit: '1502',
    requesterId: 10,
    enteredBy: 10,
    requesterName: 'Bob Wang',
    enteredByName: 'Bob Wang',
    claimedBy: null,
    claimerName: null,
    claimExpiredAt: null,
    createdAt: start,
    ...overrides,
  };
}

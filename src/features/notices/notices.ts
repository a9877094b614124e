import { toAsciiForms } from '../../core/text.ts';
import { UsageError } from '../../core/usage-error.ts';

/** The graded alert levels, least severe first (SPEC §2.6). */
export const alertLevels = ['blue', 'yellow', 'orange', 'red'] as const;
export type AlertLevel = (typeof alertLevels)[number];

/**
 * A notice's text, in UTF-16 code units as Telegram counts (an emoji is two): long enough for a real notice, short
 * of Telegram's 4,096 with the card around it.
 */
export const maxNoticeLength = 3500;

/**
 * The event of an alert (SPEC §2.9): `alert.lowered` when it is below the level in force (the latest alert's, as the
 * guidance stages read it), else `alert.issued`.
 */
export function alertEventType(inForce: AlertLevel | 'none', level: AlertLevel): 'alert.issued' | 'alert.lowered' {
  if (inForce === 'none') return 'alert.issued';
  return alertLevels.indexOf(level) < alertLevels.indexOf(inForce) ? 'alert.lowered' : 'alert.issued';
}

const levelWords = new Map<string, AlertLevel>([
  ['blue', 'blue'],
  ['蓝', 'blue'],
  ['yellow', 'yellow'],
  ['黄', 'yellow'],
  ['orange', 'orange'],
  ['橙', 'orange'],
  ['red', 'red'],
  ['红', 'red'],
]);

export interface NoticeCommand {
  /** `pin` / `置顶` came first: the notice is pinned in each group too. */
  pin: boolean;
  /** The buildings named (`all`, or ids); undefined when none were, so the group's own building is meant. */
  buildingIds: string[] | undefined;
  text: string;
}

/**
 * Reads `/notice [pin] [all | b1,b2] text`; `known` are the config's building ids. Throws {@link UsageError} with
 * what was wrong.
 */
export function parseNotice(args: string, known: readonly string[]): NoticeCommand {
  let rest = args.trim();
  const pinWord = /^(pin|置顶)(\s+|$)/i.exec(rest);
  if (pinWord) rest = rest.slice(pinWord[0].length);
  const [, firstWord = '', after = ''] = /^(\S*)\s*([\s\S]*)$/.exec(rest) ?? [];
  const word = toAsciiForms(firstWord);
  let buildingIds: string[] | undefined;
  if (word.toLowerCase() === 'all') buildingIds = [...known];
  else if (word !== '' && word.split(',').every((id) => known.includes(id)))
    buildingIds = [...new Set(word.split(','))];
  // `/notice pin`, `/notice all` or `/notice b3` without a text is a usage mistake, not a notice saying "all"
  const text = buildingIds ? after.trim() : rest;
  checkNoticeText(text);
  return { pin: pinWord !== null, buildingIds, text };
}

/** Reads `/alert <level> text` (levels in English or Chinese: `red`, `红`). */
export function parseAlert(args: string): { level: AlertLevel; text: string } {
  const match = /^(\S+)\s+([\s\S]+)$/.exec(args.trim());
  const level = match ? levelWords.get(toAsciiForms(match[1]!).toLowerCase()) : undefined;
  if (!match || !level) throw new UsageError('alert-usage');
  const text = match[2]!.trim();
  checkNoticeText(text);
  return { level, text };
}

function checkNoticeText(text: string): void {
  if (text === '') throw new UsageError('notice-usage');
  if (text.length > maxNoticeLength) throw new UsageError('notice-too-long', { max: maxNoticeLength });
}

import type { T } from '../../core/translate.ts';
import { buyHints, byUrgencyThenAge, type Priority } from '../needs/needs.ts';
import { type CategoryLabel, ellipsis } from '../needs/needs.view.ts';
import type { AlertLevel } from '../notices/notices.ts';

/** Telegram's limit is 4,096 characters; a little room is kept for safety. */
export const maxDigestLength = 4000;
const detailedNeeds = 15;

/** How many unacknowledged notices a digest lists; older ones are only counted. */
export const noticesInDigest = 3;

/**
 * The notices a digest lists: of those (oldest first) not yet acknowledged by every registered household, the
 * `shown` most recent, newest first, and how many older ones are left out, so the same notice does not fill every
 * digest of the week.
 */
export function latestUnacknowledged<N extends { acknowledged: number; households: number }>(
  notices: readonly N[],
  shown: number = noticesInDigest,
): { listed: N[]; older: number } {
  const unacknowledged = notices.filter((n) => n.acknowledged < n.households);
  const listed = unacknowledged.slice(Math.max(0, unacknowledged.length - shown)).reverse();
  return { listed, older: unacknowledged.length - listed.length };
}

export interface DigestData {
  building: string;
  date: string;
  needs: ReadonlyArray<{
    id: number;
    priority: Priority;
    category: string;
    text: string | null;
    private: boolean;
    unit: string | null;
    requesterId: number | null;
    createdAt: number;
  }>;
  finished: { needs: number; volunteers: number };
  votes: ReadonlyArray<{ id: number; question: string; deadline: string; turnout: number; electorate: number | null }>;
  buys: ReadonlyArray<{ id: number; item: string; deadline: string; quantity: number }>;
  /** Duty shifts coming soon still short of volunteers (SPEC §2.13); none when the field is left out. */
  shortShifts?: ReadonlyArray<{ when: string; task: string; filled: number; needed: number }>;
  /** The notices and alerts to list, as they come (see {@link latestUnacknowledged}). */
  notices: ReadonlyArray<{
    id: number;
    level: 'info' | AlertLevel;
    text: string;
    acknowledged: number;
    households: number;
  }>;
  /** Older notices not yet acknowledged by every household, only counted. */
  olderNotices: number;
  suggestBuyAt: number;
  /** The count of open offers per category (SPEC §2.11), when there are some. */
  offersLine?: string;
  guidance: string | undefined;
  /** Categories as the building's readers see them. */
  label: CategoryLabel;
}

/**
 * The building's digest: open needs by priority and category (urgent and high ones by text, private ones
 * without), the open offers by category, what was finished since the last digest and by how many volunteers, open votes, buys closing soon,
 * notices not yet acknowledged, the group-buy hint and one guidance snippet. However busy the building, it
 * stays one message under Telegram's limit: details are summarised, never cut mid-word.
 */
export function renderDigest(t: T, data: DigestData): string {
  const sorted = [...data.needs].sort(byUrgencyThenAge);
  const count = (p: Priority) => sorted.filter((n) => n.priority === p).length;
  const categories = new Map<string, number>();
  for (const n of sorted) categories.set(n.category, (categories.get(n.category) ?? 0) + 1);

  const head = [t('digest-title', { building: data.building, date: data.date })];
  head.push(
    sorted.length === 0
      ? t('digest-needs-none')
      : t('digest-needs', {
          count: sorted.length,
          urgent: count('urgent'),
          high: count('high'),
          normal: count('normal'),
        }),
  );
  if (categories.size > 0)
    head.push(
      t('needs-by-category', {
        list: [...categories]
          .sort((a, b) => b[1] - a[1])
          .map(([c, n]) => `#${data.label(c)} ${n}`)
          .join(' · '),
      }),
    );
  for (const hint of buyHints(sorted, data.suggestBuyAt)) {
    head.push(t('needs-suggest-buy', { category: data.label(hint.category), households: hint.households }));
  }
  if (data.offersLine) head.push(data.offersLine);
  const pressing = sorted.filter((n) => n.priority !== 'normal');
  const needLines = pressing.map((n) => {
    const marker = n.priority === 'urgent' ? '🆘' : '❗';
    const category = data.label(n.category);
    // a private need: neither its text nor its unit (SPEC §2.1)
    if (n.private) return t('digest-need-line-private', { id: n.id, marker, category });
    const text = ellipsis(n.text ?? '', 70);
    return t('digest-need-line', { id: n.id, marker, category, text, unit: n.unit ?? t('unit-unknown') });
  });

  const tail: string[] = [];
  tail.push(t('digest-finished', { needs: data.finished.needs, volunteers: data.finished.volunteers }));
  for (const v of data.votes)
    tail.push(
      t('digest-vote', {
        id: v.id,
        question: ellipsis(v.question, 60),
        deadline: v.deadline,
        turnout: v.turnout,
        electorate: v.electorate ?? '?',
      }),
    );
  for (const b of data.buys)
    tail.push(t('digest-buy', { id: b.id, item: ellipsis(b.item, 50), deadline: b.deadline, quantity: b.quantity }));
  for (const shift of data.shortShifts ?? [])
    tail.push(t('digest-shift-short', { ...shift, task: ellipsis(shift.task, 50) }));
  for (const n of data.notices) {
    const args = { id: n.id, text: ellipsis(n.text, 50), acknowledged: n.acknowledged, households: n.households };
    // an alert keeps its level here as on its card
    tail.push(n.level === 'info' ? t('digest-notice', args) : t('digest-alert', { ...args, level: n.level }));
  }
  if (data.olderNotices > 0) tail.push(t('digest-older-notices', { count: data.olderNotices }));
  if (data.guidance) tail.push('', t('digest-guidance', { text: data.guidance }));

  // fewer need lines until it fits; then fewer of everything else
  for (let shown = Math.min(needLines.length, detailedNeeds); shown >= 0; shown--) {
    const more = needLines.length - shown;
    const body = [
      ...head,
      ...needLines.slice(0, shown),
      ...(more > 0 ? [t('digest-more-needs', { count: more })] : []),
      '',
      ...tail,
    ];
    const text = body.join('\n');
    if (text.length <= maxDigestLength) return text;
  }
  const text = [...head, '', ...tail].join('\n');
  return text.length <= maxDigestLength ? text : `${text.slice(0, text.lastIndexOf('\n', maxDigestLength - 2))}\n…`;
}

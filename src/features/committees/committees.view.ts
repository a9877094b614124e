import type { InlineKeyboardMarkup } from 'grammy/types';
import { cutText, maxMessageLength, splitIntoMessages } from '../../core/text.ts';
import type { T } from '../../core/translate.ts';
import { byFloorThenUnit } from '../buys/buys.ts';
import type { Priority } from '../needs/needs.ts';
import { type CategoryLabel, ellipsis } from '../needs/needs.view.ts';
import {
  ageParts,
  type BuildingSummary,
  byAttention,
  type CategorySpread,
  committeeClaimData,
  overviewPageData,
  topSpreads,
  totalsOf,
} from './committees.ts';

/** `1h 20m` / `1小时20分`: how long something has waited. */
export function renderAge(t: T, ms: number): string {
  return t('overview-age', ageParts(ms));
}

const markers: Record<Priority, string> = { urgent: '🆘 ', high: '❗ ', normal: '' };

/**
 * A page of the overview is at most `pageRoom` UTF-16 units of lines, plus its title and page line: well under
 * Telegram's 4,096. Each building's line is cut to `lineRoom` (its name first, to `nameRoom`), so the pages are known
 * from the number of buildings alone and only the lines of the page asked for are rendered: a thousand buildings
 * cost the rendering of one page.
 */
const pageRoom = maxMessageLength - 400;
const lineRoom = 150;
const nameRoom = 40;
const summaryLineRoom = 300;

export interface OverviewInput {
  committee: { id: string; name: string };
  /** When it was read, as the reader's clock shows it. */
  time: string;
  now: number;
  buildings: readonly BuildingSummary[];
  spreads: readonly CategorySpread[];
  label: CategoryLabel;
}

/**
 * One page of the committee's overview (SPEC §2.8), one message: page 1 opens with the totals, where needs
 * concentrate and what the signs mean; then a line per building, those with an urgent need nobody has taken first.
 * Counts only: no private text, no unit, no name. The page asked for is kept within the pages there are.
 */
export function renderOverviewPage(
  t: T,
  input: OverviewInput,
  page: number,
): { text: string; page: number; pages: number } {
  const { buildings, now } = input;
  const summary = summaryLines(t, input).map((line) => cutText(line, summaryLineRoom));
  const summaryLength = summary.reduce((n, line) => n + line.length + 1, 0);
  const onFirst = Math.max(1, Math.floor((pageRoom - summaryLength) / (lineRoom + 1)));
  const perPage = Math.floor(pageRoom / (lineRoom + 1));
  const pages = buildings.length <= onFirst ? 1 : 1 + Math.ceil((buildings.length - onFirst) / perPage);
  const shown = Math.min(Math.max(1, page), pages);
  const from = shown === 1 ? 0 : onFirst + (shown - 2) * perPage;
  const to = shown === 1 ? onFirst : from + perPage;
  // indices sorted, not copies: a thousand buildings are sorted on every page asked for
  const ordered = buildings
    .map((_, i) => i)
    .sort((i, j) => byAttention(buildings[i]!, buildings[j]!) || i - j)
    .map((i) => buildings[i]!);
  const title = t('overview-title', {
    committee: cutText(input.committee.name, 100),
    time: input.time,
    count: buildings.length,
  });
  const lines = [
    title,
    ...(shown === 1 ? summary : []),
    ...ordered.slice(from, to).map((b) => cutText(buildingLine(t, b, now), lineRoom)),
  ];
  if (pages > 1) lines.push('', t('overview-page', { page: shown, pages }));
  return { text: lines.join('\n').trimEnd(), page: shown, pages };
}

/** Every page of the overview, in order (the digest's first page is the first of these). */
export function renderOverviewPages(t: T, input: OverviewInput): string[] {
  const first = renderOverviewPage(t, input, 1);
  const rest = Array.from({ length: first.pages - 1 }, (_, i) => renderOverviewPage(t, input, i + 2).text);
  return [first.text, ...rest];
}

/** The totals, where needs concentrate, and the signs of the lines explained. */
function summaryLines(t: T, input: OverviewInput): string[] {
  const totals = totalsOf(input.buildings);
  const lines = [
    t('overview-totals', {
      households: totals.households,
      urgent: totals.open.urgent,
      high: totals.open.high,
      normal: totals.open.normal,
      done: totals.doneToday,
      missed: totals.checkinsMissed ?? '—',
      votes: totals.openVotes,
      buys: totals.openBuys,
    }),
  ];
  if (totals.waitingUrgent > 0) lines.push(t('overview-waiting-buildings', { count: totals.waitingUrgent }));
  const spreads = topSpreads(input.spreads);
  if (spreads.length > 0) {
    lines.push(t('overview-spread-title'));
    for (const s of spreads)
      lines.push(
        t('overview-spread', { category: input.label(s.category), households: s.households, buildings: s.buildings }),
      );
  }
  lines.push(t('overview-legend'), '');
  return lines;
}

function buildingLine(t: T, b: BuildingSummary, now: number): string {
  return t('overview-line', {
    building: cutText(b.name, nameRoom),
    id: b.id,
    households: b.households,
    surveyed: b.surveyed === null ? '—' : b.vulnerable ? `${b.surveyed} (⚠️ ${b.vulnerable})` : b.surveyed,
    urgent: b.open.urgent,
    high: b.open.high,
    normal: b.open.normal,
    waiting:
      b.oldestUnclaimedUrgentAt === null
        ? ''
        : t('overview-waiting', { age: renderAge(t, now - b.oldestUnclaimedUrgentAt) }),
    done: b.doneToday,
    missed: b.checkinsMissed ?? '—',
    notice: b.latestNotice ? `${b.latestNotice.acknowledged}/${b.latestNotice.households}` : '—',
    votes: b.openVotes,
    buys: b.openBuys,
  });
}

/** The Previous and Next buttons under a page of the overview (none when it has one page). */
export function overviewButtons(t: T, committeeId: string, page: number, pages: number): InlineKeyboardMarkup {
  const row = [];
  if (page > 1) row.push({ text: t('overview-prev'), callback_data: overviewPageData(committeeId, page - 1) });
  if (page < pages) row.push({ text: t('overview-next'), callback_data: overviewPageData(committeeId, page + 1) });
  return { inline_keyboard: row.length > 0 ? [row] : [] };
}

/** An urgent or high need of one building as `/overview <building>` lists it. */
export interface DetailNeed {
  id: number;
  priority: Priority;
  category: string;
  text: string | null;
  unit: string | null;
  private: boolean;
  status: string;
  claimerName: string | null;
  createdAt: number;
}

export interface BuildingDetailInput {
  building: { id: string; name: string };
  time: string;
  now: number;
  needs: readonly DetailNeed[];
  label: CategoryLabel;
  checkins:
    | { phase: 'before'; at: string }
    | { phase: 'waiting' | 'missed'; deadline: string; count: number; units: readonly string[] | undefined };
  notice: { id: number; acknowledged: number; households: number; unread: readonly string[] } | null;
}

const unitsPerLine = 40;

/**
 * `/overview <building>`: its urgent and high needs not finished (id, age, who helps; text and unit unless private),
 * the check-ins without an answer today and the units that have not acknowledged the latest notice, by floor. The
 * check-in units are given only when `units` is set (a committee admin, privately): in the committee's chat a unit on
 * the check-in list would name a household as living alone (SPEC §6), so the chat gets the count.
 */
export function renderBuildingDetail(t: T, input: BuildingDetailInput): string[] {
  const { building, now, label } = input;
  const lines = [t('overview-building-title', { building: building.name, id: building.id, time: input.time })];
  const pressing = input.needs.filter((n) => n.priority !== 'normal');
  if (pressing.length === 0) lines.push(t('overview-building-needs-none'));
  else {
    lines.push(t('overview-building-needs', { count: pressing.length }));
    const sorted = [...pressing].sort(
      (a, b) =>
        (a.priority === b.priority ? 0 : a.priority === 'urgent' ? -1 : 1) || a.createdAt - b.createdAt || a.id - b.id,
    );
    for (const need of sorted) {
      const args = {
        id: need.id,
        marker: markers[need.priority],
        category: label(need.category),
        age: renderAge(t, now - need.createdAt),
        status:
          need.status === 'claimed'
            ? t('overview-need-claimed', { name: need.claimerName ?? '?' })
            : t('overview-need-open'),
      };
      lines.push(
        need.private
          ? t('overview-need-line-private', args)
          : t('overview-need-line', {
              ...args,
              text: ellipsis(need.text ?? '', 80),
              unit: need.unit ?? t('unit-unknown'),
            }),
      );
    }
  }
  lines.push('');
  const checkins = input.checkins;
  if (checkins.phase === 'before') lines.push(t('overview-checkins-before', { at: checkins.at }));
  else if (checkins.count === 0) lines.push(t('overview-checkins-none', { deadline: checkins.deadline }));
  else if (checkins.units === undefined)
    lines.push(t('overview-checkins-count', { deadline: checkins.deadline, count: checkins.count }));
  else
    lines.push(
      ...unitLines(
        t('overview-checkins-units', { deadline: checkins.deadline, count: checkins.count }),
        checkins.units,
      ),
    );
  const notice = input.notice;
  if (!notice) lines.push(t('overview-notice-none'));
  else if (notice.unread.length === 0)
    lines.push(t('overview-notice-all', { id: notice.id, households: notice.households }));
  else
    lines.push(
      ...unitLines(
        t('overview-notice-unread', {
          id: notice.id,
          acknowledged: notice.acknowledged,
          households: notice.households,
        }),
        notice.unread,
      ),
    );
  return splitIntoMessages(lines);
}

/** A heading followed by units by floor, a few dozen a line (so a long list splits between lines). */
function unitLines(heading: string, units: readonly string[]): string[] {
  const sorted = [...units].sort(byFloorThenUnit);
  const lines = [heading];
  for (let i = 0; i < sorted.length; i += unitsPerLine) lines.push(sorted.slice(i, i + unitsPerLine).join(', '));
  return lines;
}

export interface EscalationInput {
  need: {
    id: number;
    priority: Priority;
    category: string;
    text: string | null;
    unit: string | null;
    private: boolean;
  };
  building: string;
  /** When the need was posted, as the committee reads times. */
  since: string;
  label: CategoryLabel;
  /** Who took it for the committee; or why it is no longer open; or undefined while nobody has. */
  outcome?: { taken: string; committee: string } | { gone: 'claimed' | 'done' | 'cancelled' };
}

/**
 * A need that waited too long, as the committee's chat sees it (SPEC §2.1, §2.8): its building, priority, category,
 * since when; its text and unit unless it is private (never who asked); and *We'll handle it* while it is open.
 */
export function renderEscalation(t: T, input: EscalationInput): { text: string; replyMarkup: InlineKeyboardMarkup } {
  const { need, outcome } = input;
  const lines = [
    t('committee-escalation', {
      priority: need.priority,
      id: need.id,
      building: input.building,
      category: input.label(need.category),
      since: input.since,
    }),
    need.private
      ? t('committee-escalation-private')
      : t('committee-escalation-details', { text: need.text ?? '', unit: need.unit ?? t('unit-unknown') }),
  ];
  if (outcome === undefined) lines.push(t('committee-escalation-ask'));
  else if ('taken' in outcome)
    lines.push(t('committee-escalation-taken', { name: outcome.taken, committee: outcome.committee }));
  else lines.push(t('committee-escalation-gone', { status: outcome.gone }));
  const buttons =
    outcome === undefined ? [[{ text: t('committee-btn-claim'), callback_data: committeeClaimData(need.id) }]] : [];
  return { text: lines.join('\n'), replyMarkup: { inline_keyboard: buttons } };
}

/**
 * The check-in roll-up at the deadline (SPEC §2.5, §2.8): how many households of each building did not answer, as
 * counts. No unit: a unit on the check-in list is a household living alone (SPEC §6), and each building's volunteers
 * already have theirs.
 */
export function renderRollup(
  t: T,
  input: { deadline: string; buildings: ReadonlyArray<{ id: string; name: string; count: number }> },
): string[] {
  const total = input.buildings.reduce((n, b) => n + b.count, 0);
  const lines = [
    t('committee-rollup-title', { deadline: input.deadline, count: total, buildings: input.buildings.length }),
    ...input.buildings.map((b) => t('committee-rollup-line', { building: b.name, id: b.id, count: b.count })),
    t('committee-rollup-footer'),
  ];
  return splitIntoMessages(lines);
}

import { idPattern } from '../../core/ids.ts';
import { localMinutes, minutesOfDay } from '../../core/quiet-hours.ts';
import { toAsciiForms } from '../../core/text.ts';
import { UsageError } from '../../core/usage-error.ts';
import type { Priority } from '../needs/needs.ts';

/** What the committee rules read of `committees[]` in the config (SPEC §2.8). */
export interface CommitteeEntry {
  id: string;
  name: string;
  chatId: number;
  buildings: 'all' | readonly string[];
  admins: readonly number[];
  escalateAfterMinutes: number;
}

/** The committee whose group chat `chatId` is, if any (a chat id belongs to one building or one committee). */
export function committeeOfChat<C extends Pick<CommitteeEntry, 'chatId'>>(
  committees: readonly C[],
  chatId: number | undefined,
): C | undefined {
  return chatId === undefined ? undefined : committees.find((c) => c.chatId === chatId);
}

/** The ids of the buildings a committee covers, in the config's order (`"all"`: every building). */
export function buildingsOf(committee: Pick<CommitteeEntry, 'buildings'>, allBuildingIds: readonly string[]): string[] {
  if (committee.buildings === 'all') return [...allBuildingIds];
  const covered = new Set(committee.buildings);
  return allBuildingIds.filter((id) => covered.has(id));
}

/** Whether the committee covers the building. */
export function covers(committee: Pick<CommitteeEntry, 'buildings'>, buildingId: string): boolean {
  return committee.buildings === 'all' || committee.buildings.includes(buildingId);
}

/** The committees a building's escalations reach (usually one; a district office may cover it too). */
export function committeesOfBuilding<C extends Pick<CommitteeEntry, 'buildings'>>(
  committees: readonly C[],
  buildingId: string,
): C[] {
  return committees.filter((c) => covers(c, buildingId));
}

/** The committees a user is an admin of, by the config: its own `admins`, or a global admin (every committee). */
export function committeesAdministeredBy<C extends Pick<CommitteeEntry, 'admins'>>(
  committees: readonly C[],
  globalAdmins: readonly number[],
  userId: number,
): C[] {
  if (globalAdmins.includes(userId)) return [...committees];
  return committees.filter((c) => c.admins.includes(userId));
}

/**
 * How long an open need of this priority waits before it reaches the committee (SPEC §2.1, the ladder's last step):
 * `escalateAfterMinutes` for an urgent one, twice that for a high one; a normal need never does.
 */
export function committeeDelayMinutes(priority: Priority, escalateAfterMinutes: number): number | undefined {
  if (priority === 'urgent') return escalateAfterMinutes;
  if (priority === 'high') return 2 * escalateAfterMinutes;
  return undefined;
}

/**
 * Whether an open need posted at `createdAt` is due for the committees covering its building at `now`: when the
 * shortest of their delays has passed (it then goes to each of them, once).
 */
export function dueForCommittee(
  need: { priority: Priority; createdAt: number },
  committees: ReadonlyArray<Pick<CommitteeEntry, 'escalateAfterMinutes'>>,
  now: number,
): boolean {
  return committees.some((c) => {
    const minutes = committeeDelayMinutes(need.priority, c.escalateAfterMinutes);
    return minutes !== undefined && need.createdAt <= now - minutes * 60_000;
  });
}

/** Who presses in a committee chat, as far as the committee's rules go (gathered on the server). */
export interface CommitteeActor {
  userId: number;
  /** A committee admin: the config's (its own or global), the chat's anonymous admin, or a trusted Telegram admin. */
  isAdmin: boolean;
  /** A member of the committee's chat by Telegram's word; undefined when Telegram could not be asked. */
  isMember: boolean | undefined;
}

/**
 * *We'll handle it* claims an escalated need for the presser (SPEC §2.8): only the committee's staff may, that is
 * the members of its chat and its admins. A press Telegram could not vouch for is refused (try again) rather than let
 * through: a stranger's claim would silence an urgent need, which is worse than a second press.
 */
export function checkCommitteeClaim(actor: CommitteeActor, committeeName: string): void {
  if (actor.isAdmin || actor.isMember === true) return;
  if (actor.isMember === undefined) throw new UsageError('committee-membership-unknown');
  throw new UsageError('committee-members-only', { committee: committeeName });
}

/** `/notice` and `/alert` in the committee chat are for its admins (SPEC §2.8). */
export function checkCommitteeAdmin(actor: Pick<CommitteeActor, 'isAdmin'>, committeeName: string): void {
  if (!actor.isAdmin) throw new UsageError('committee-admins-only', { committee: committeeName });
}

/**
 * The buildings a notice or alert from the committee chat goes to: those named (`all`, or `b3,b7`) or, by default,
 * all of the committee's; a building outside the committee is refused, with the committee's own listed.
 */
export function committeeTargets(named: readonly string[] | undefined, own: readonly string[]): string[] {
  if (named === undefined) return [...own];
  const outside = named.filter((id) => !own.includes(id));
  if (outside.length > 0)
    throw new UsageError('committee-notice-outside', { buildings: outside.join(', '), own: shortList(own) });
  return [...named];
}

/**
 * Reads an optional leading `all` or `b3,b7` off an alert's text (`/alert red b3,b7 Stay inside`): the named
 * buildings (undefined when none were) and the rest of the text. `known` are the config's building ids; a first word
 * that is not a list of them is part of the text.
 */
export function leadingBuildings(
  text: string,
  known: readonly string[],
): { named: string[] | undefined; rest: string } {
  const match = /^(\S+)\s+([\s\S]+)$/.exec(text.trim());
  if (!match) return { named: undefined, rest: text.trim() };
  const word = toAsciiForms(match[1]!);
  if (word.toLowerCase() === 'all') return { named: [...known], rest: match[2]!.trim() };
  const ids = word.split(',');
  if (ids.every((id) => known.includes(id))) return { named: [...new Set(ids)], rest: match[2]!.trim() };
  return { named: undefined, rest: text.trim() };
}

/** At most this many ids in a reply that lists a committee's buildings (a district may have a thousand). */
const listedIds = 20;

/** `b1, b2, … (1000)`: a list of ids short enough for a reply. */
export function shortList(ids: readonly string[]): string {
  if (ids.length <= listedIds) return ids.join(', ');
  return `${ids.slice(0, listedIds).join(', ')}, … (${ids.length})`;
}

/** The start of the local day of `at` in `timezone` (whole-minute offsets, as every zone has today). */
export function startOfLocalDay(at: number, timezone: string): number {
  return at - (at % 60_000) - localMinutes(at, timezone) * 60_000;
}

/** Where today's check-in stands at `now`: not asked yet, asked and waiting, or past its deadline (missed). */
export type CheckinPhase = 'before' | 'waiting' | 'missed';

/** Today's check-in: its phase at `now`, its deadline as a time, and the local day it answers for. */
export function checkinToday(
  now: number,
  checkin: { at: string; deadline: string },
  timezone: string,
): { phase: CheckinPhase; deadlineAt: number } {
  const dayStart = startOfLocalDay(now, timezone);
  const askedAt = dayStart + minutesOfDay(checkin.at) * 60_000;
  const deadlineAt = dayStart + minutesOfDay(checkin.deadline) * 60_000;
  const phase = now < askedAt ? 'before' : now < deadlineAt ? 'waiting' : 'missed';
  return { phase, deadlineAt };
}

/** An age split for reading: days, hours and minutes (a locale message puts them in words). */
export function ageParts(ms: number): { days: number; hours: number; minutes: number } {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  return { days: Math.floor(minutes / 1440), hours: Math.floor((minutes % 1440) / 60), minutes: minutes % 60 };
}

/** Callback data of an overview page: the committee and the page (`v1:ovw:c1:2`). */
export function overviewPageData(committeeId: string, page: number): string {
  return `v1:ovw:${committeeId}:${page}`;
}

const overviewPagePattern = /^v1:ovw:([A-Za-z0-9_-]{1,32}):([1-9][0-9]{0,4})$/;

/** Reads {@link overviewPageData}; undefined for anything else (stale or forged data). */
export function parseOverviewPageData(data: string): { committeeId: string; page: number } | undefined {
  const match = overviewPagePattern.exec(data);
  return match ? { committeeId: match[1]!, page: Number(match[2]) } : undefined;
}

/** Callback data of *We'll handle it* on an escalation in the committee chat (`v1:cmte:claim:42`). */
export function committeeClaimData(needId: number): string {
  return `v1:cmte:claim:${needId}`;
}

const claimPattern = new RegExp(`^v1:cmte:claim:(${idPattern})$`);

/** Reads {@link committeeClaimData}: the need's id, or undefined. */
export function parseCommitteeClaimData(data: string): number | undefined {
  const match = claimPattern.exec(data);
  return match ? Number(match[1]) : undefined;
}

/** One building's line of the overview: its state as counts only (never a private text, never a unit). */
export interface BuildingSummary {
  id: string;
  name: string;
  /** Registered households (units with at least one member). */
  households: number;
  /** Households that answered the survey (SPEC §2.10); null where it is not counted (shown as "—"). */
  surveyed: number | null;
  /** Of those, the vulnerable households (70+ alone, regular medicine or treatment, mobility, pregnancy, infants,
   * phone help): a count, never which. */
  vulnerable?: number;
  /** Needs not finished yet (open or claimed), by priority. */
  open: Record<Priority, number>;
  /** When the oldest urgent need nobody has claimed yet was posted; null when there is none. */
  oldestUnclaimedUrgentAt: number | null;
  doneToday: number;
  /** Opted-in households without an answer past today's deadline; null before the deadline. */
  checkinsMissed: number | null;
  /** The latest notice or alert the building got, and how many of its households acknowledged it. */
  latestNotice: { id: number; acknowledged: number; households: number } | null;
  openVotes: number;
  openBuys: number;
}

/** Where needs concentrate across buildings: households with an open need of the category, and their buildings. */
export interface CategorySpread {
  category: string;
  households: number;
  buildings: number;
}

/**
 * The order of the overview's lines: buildings with an urgent need nobody has taken first (the longest waiting
 * first), then those with the most urgent and high needs; 0 between equals (the config's order decides).
 */
export function byAttention(a: BuildingSummary, b: BuildingSummary): number {
  const waitingA = a.oldestUnclaimedUrgentAt;
  const waitingB = b.oldestUnclaimedUrgentAt;
  if (waitingA !== waitingB) {
    if (waitingA === null) return 1;
    if (waitingB === null) return -1;
    return waitingA - waitingB;
  }
  return b.open.urgent + b.open.high - (a.open.urgent + a.open.high);
}

/** The committee's totals over its buildings' lines. */
export function totalsOf(lines: readonly BuildingSummary[]): {
  households: number;
  open: Record<Priority, number>;
  waitingUrgent: number;
  doneToday: number;
  checkinsMissed: number | null;
  openVotes: number;
  openBuys: number;
} {
  const sum = (f: (s: BuildingSummary) => number) => lines.reduce((n, s) => n + f(s), 0);
  const missed = lines.some((s) => s.checkinsMissed !== null) ? sum((s) => s.checkinsMissed ?? 0) : null;
  return {
    households: sum((s) => s.households),
    open: { urgent: sum((s) => s.open.urgent), high: sum((s) => s.open.high), normal: sum((s) => s.open.normal) },
    waitingUrgent: lines.filter((s) => s.oldestUnclaimedUrgentAt !== null).length,
    doneToday: sum((s) => s.doneToday),
    checkinsMissed: missed,
    openVotes: sum((s) => s.openVotes),
    openBuys: sum((s) => s.openBuys),
  };
}

/** The categories where most households have open needs, most first (at most `limit`). */
export function topSpreads(spreads: readonly CategorySpread[], limit = 5): CategorySpread[] {
  return [...spreads]
    .filter((s) => s.households > 0)
    .sort((a, b) => b.households - a.households || b.buildings - a.buildings || a.category.localeCompare(b.category))
    .slice(0, limit);
}

import type { HubConfig } from './config.ts';
import type { OverviewRows } from './overview.store.ts';

/** A district with no event for this long is flagged silent (SPEC §7). */
export const SILENT_AFTER_MS = 10 * 60_000;

const priorities = ['urgent', 'high', 'normal'] as const;
type ByPriority = Record<(typeof priorities)[number], number>;

function noNeeds(): ByPriority {
  return { urgent: 0, high: 0, normal: 0 };
}

/** The needs of a district or building still to be done: open (nobody yet) and claimed, each by priority. */
export interface NeedCounts {
  open: ByPriority;
  claimed: ByPriority;
}

/** The oldest urgent need nobody has claimed yet: when it was posted, and how long ago (whole minutes). */
export interface OldestUrgent {
  since: string;
  minutes: number;
}

/** What the overview shows of a building (SPEC §7): counts, times and levels only, never a text, unit or name. */
export interface BuildingOverview {
  id: string;
  needs: NeedCounts;
  oldestUrgent: OldestUrgent | null;
  /** Check-ins unanswered today (the hub's time zone), as its district's `checkin.missed` counted them. */
  checkinsMissedToday: number;
  /**
   * The latest notice or alert the building was sent: its id in the district, level and time, and how many of the
   * building's registered households acknowledged it (as its card counts) of how many. Both null until the district
   * reports a first acknowledgement: the hub then knows of none, and not the building's households.
   */
  latestNotice: {
    id: string;
    level: string;
    sentAt: string;
    acknowledged: number | null;
    households: number | null;
  } | null;
  /** Households registered and how many answered the survey; null before its first `survey.updated`. */
  survey: { households: number; answered: number } | null;
}

/** `GET /v1/overview` (SPEC §7): counts only, never a text. */
export interface Overview {
  city: string;
  at: string;
  districts: Array<{
    id: string;
    name: string;
    lastEventAt: string | null;
    /** No event for 10 minutes, or none ever. */
    silent: boolean;
    events: Record<string, number>;
    needs: NeedCounts;
    /** The oldest over its buildings. */
    oldestUrgent: OldestUrgent | null;
    checkinsMissedToday: number;
    /** Over the buildings that reported a survey. */
    survey: { households: number; answered: number };
    /** Every building something was heard of, in natural order of their ids. */
    buildings: BuildingOverview[];
  }>;
  alerts: Array<{
    id: string;
    level: string;
    sentBy: string;
    createdAt: string;
    districts: Array<{
      id: string;
      status: string;
      attempts: number;
      deliveredAt: string | null;
      lastError: string | null;
      /** What the district reported (`alert.delivered`): its buildings, and how many the alert reached. */
      reached: { buildings: number; delivered: number; failed: number } | null;
    }>;
  }>;
}

function add(counts: NeedCounts, status: string, priority: string, n: number): void {
  const byPriority = status === 'open' ? counts.open : status === 'claimed' ? counts.claimed : undefined;
  if (byPriority && priority in byPriority) byPriority[priority as keyof ByPriority] += n;
}

function older(a: OldestUrgent | null, b: OldestUrgent | null): OldestUrgent | null {
  if (a === null) return b;
  if (b === null) return a;
  return Date.parse(a.since) <= Date.parse(b.since) ? a : b;
}

/** Shapes the rows of `readOverview` into the overview, districts in the config's order. */
export function buildOverview(config: HubConfig, rows: OverviewRows): Overview {
  const now = rows.now.getTime();
  const districts = config.districts.map((district) => {
    const last = rows.lastEvents.find((l) => l.districtId === district.id)?.last ?? null;
    const events: Record<string, number> = {};
    for (const row of rows.eventCounts) if (row.districtId === district.id) events[row.type] = row.n;
    const needs: NeedCounts = { open: noNeeds(), claimed: noNeeds() };
    const buildings = new Map<string, BuildingOverview>();
    const building = (id: string): BuildingOverview => {
      let found = buildings.get(id);
      if (found === undefined) {
        found = {
          id,
          needs: { open: noNeeds(), claimed: noNeeds() },
          oldestUrgent: null,
          checkinsMissedToday: 0,
          latestNotice: null,
          survey: null,
        };
        buildings.set(id, found);
      }
      return found;
    };
    for (const row of rows.needs) {
      if (row.districtId !== district.id) continue;
      add(needs, row.status, row.priority, row.n);
      const b = building(row.buildingId);
      add(b.needs, row.status, row.priority, row.n);
      if (row.status === 'open' && row.priority === 'urgent' && row.oldest !== null)
        b.oldestUrgent = older(b.oldestUrgent, {
          since: row.oldest.toISOString(),
          minutes: Math.max(0, Math.floor((now - row.oldest.getTime()) / 60_000)),
        });
    }
    for (const row of rows.checkinsMissed)
      if (row.districtId === district.id) building(row.buildingId).checkinsMissedToday += row.missed;
    for (const row of rows.latestNotices)
      if (row.districtId === district.id)
        building(row.buildingId).latestNotice = {
          id: row.noticeId,
          level: row.level,
          sentAt: row.sentAt.toISOString(),
          acknowledged: row.acknowledged,
          households: row.households,
        };
    for (const row of rows.surveys)
      if (row.districtId === district.id)
        building(row.buildingId).survey = { households: row.households, answered: row.answered };
    const sorted = [...buildings.values()].sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
    return {
      id: district.id,
      name: district.name,
      lastEventAt: last ? last.toISOString() : null,
      silent: last === null || now - last.getTime() > SILENT_AFTER_MS,
      events,
      needs,
      oldestUrgent: sorted.reduce<OldestUrgent | null>((oldest, b) => older(oldest, b.oldestUrgent), null),
      checkinsMissedToday: sorted.reduce((sum, b) => sum + b.checkinsMissedToday, 0),
      survey: sorted.reduce(
        (sum, b) => ({
          households: sum.households + (b.survey?.households ?? 0),
          answered: sum.answered + (b.survey?.answered ?? 0),
        }),
        { households: 0, answered: 0 },
      ),
      buildings: sorted,
    };
  });
  const alerts = rows.alerts.map((alert) => ({
    id: alert.id,
    level: alert.level,
    sentBy: alert.sentBy,
    createdAt: alert.createdAt.toISOString(),
    districts: rows.deliveries
      .filter((d) => d.alertId === alert.id)
      .map((d) => ({
        id: d.districtId,
        status: d.status,
        attempts: d.attempts,
        deliveredAt: d.deliveredAt ? d.deliveredAt.toISOString() : null,
        lastError: d.lastError,
        reached: rows.reports.find((r) => r.alertId === alert.id && r.districtId === d.districtId)?.counts ?? null,
      })),
  }));
  return { city: config.city, at: rows.now.toISOString(), districts, alerts };
}

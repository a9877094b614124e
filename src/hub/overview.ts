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
    buildings: Array<{ id: string; needs: NeedCounts }>;
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

/** Shapes the rows of `readOverview` into the overview, districts in the config's order. */
export function buildOverview(config: HubConfig, rows: OverviewRows): Overview {
  const now = rows.now.getTime();
  const districts = config.districts.map((district) => {
    const last = rows.lastEvents.find((l) => l.districtId === district.id)?.last ?? null;
    const events: Record<string, number> = {};
    for (const row of rows.eventCounts) if (row.districtId === district.id) events[row.type] = row.n;
    const needs: NeedCounts = { open: noNeeds(), claimed: noNeeds() };
    const buildings = new Map<string, NeedCounts>();
    for (const row of rows.needs) {
      if (row.districtId !== district.id) continue;
      add(needs, row.status, row.priority, row.n);
      const building = buildings.get(row.buildingId) ?? { open: noNeeds(), claimed: noNeeds() };
      buildings.set(row.buildingId, building);
      add(building, row.status, row.priority, row.n);
    }
    return {
      id: district.id,
      name: district.name,
      lastEventAt: last ? last.toISOString() : null,
      silent: last === null || now - last.getTime() > SILENT_AFTER_MS,
      events,
      needs,
      buildings: [...buildings]
        .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
        .map(([id, counts]) => ({ id, needs: counts })),
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

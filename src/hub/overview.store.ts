import { desc, inArray, sql } from 'drizzle-orm';
import type { HubDb } from './db/open.ts';
import { hubAlertDeliveries, hubAlertReports, hubAlerts, hubEvents, hubNeeds } from './db/schema.ts';

/** What the overview is built from, read in one snapshot (a REPEATABLE READ, read-only transaction). */
export interface OverviewRows {
  now: Date;
  eventCounts: Array<{ districtId: string; type: string; n: number }>;
  lastEvents: Array<{ districtId: string; last: Date }>;
  needs: Array<{ districtId: string; buildingId: string; status: string; priority: string; n: number }>;
  alerts: Array<{ id: string; level: string; sentBy: string; createdAt: Date }>;
  deliveries: Array<{
    alertId: string;
    districtId: string;
    status: string;
    attempts: number;
    deliveredAt: Date | null;
    lastError: string | null;
  }>;
  reports: Array<{
    alertId: string;
    districtId: string;
    counts: { buildings: number; delivered: number; failed: number };
  }>;
}

/** Reads the counts of `GET /v1/overview`: events by type, needs still open or claimed, the latest city alerts. */
export async function readOverview(db: HubDb, options: { alerts?: number } = {}): Promise<OverviewRows> {
  return db.transaction(
    async (tx) => {
      const [{ now }] = (await tx.execute<{ now: Date }>(sql`SELECT now() AS now`)).rows as [{ now: Date }];
      const eventCounts = await tx
        .select({ districtId: hubEvents.districtId, type: hubEvents.type, n: sql<number>`count(*)::int` })
        .from(hubEvents)
        .groupBy(hubEvents.districtId, hubEvents.type);
      const lastEvents = await tx
        .select({ districtId: hubEvents.districtId, last: sql<Date>`max(${hubEvents.time})` })
        .from(hubEvents)
        .groupBy(hubEvents.districtId);
      const needs = await tx
        .select({
          districtId: hubNeeds.districtId,
          buildingId: hubNeeds.buildingId,
          status: hubNeeds.status,
          priority: hubNeeds.priority,
          n: sql<number>`count(*)::int`,
        })
        .from(hubNeeds)
        .where(inArray(hubNeeds.status, ['open', 'claimed']))
        .groupBy(hubNeeds.districtId, hubNeeds.buildingId, hubNeeds.status, hubNeeds.priority);
      const alerts = await tx
        .select({ id: hubAlerts.id, level: hubAlerts.level, sentBy: hubAlerts.sentBy, createdAt: hubAlerts.createdAt })
        .from(hubAlerts)
        .orderBy(desc(hubAlerts.createdAt))
        .limit(options.alerts ?? 10);
      const ids = alerts.map((a) => a.id);
      const deliveries =
        ids.length === 0
          ? []
          : await tx
              .select({
                alertId: hubAlertDeliveries.alertId,
                districtId: hubAlertDeliveries.districtId,
                status: hubAlertDeliveries.status,
                attempts: hubAlertDeliveries.attempts,
                deliveredAt: hubAlertDeliveries.deliveredAt,
                lastError: hubAlertDeliveries.lastError,
              })
              .from(hubAlertDeliveries)
              .where(inArray(hubAlertDeliveries.alertId, ids));
      const reports =
        ids.length === 0
          ? []
          : await tx
              .select({
                alertId: hubAlertReports.alertId,
                districtId: hubAlertReports.districtId,
                counts: hubAlertReports.counts,
              })
              .from(hubAlertReports)
              .where(inArray(hubAlertReports.alertId, ids));
      return {
        now: new Date(now),
        eventCounts,
        lastEvents: lastEvents.map((l) => ({ districtId: l.districtId, last: new Date(l.last) })),
        needs,
        alerts,
        deliveries,
        reports,
      };
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

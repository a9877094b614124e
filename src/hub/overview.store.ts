import { desc, inArray, sql } from 'drizzle-orm';
import type { HubDb } from './db/open.ts';
import {
  hubAlertDeliveries,
  hubAlertReports,
  hubAlerts,
  hubCheckinsMissed,
  hubEvents,
  hubNeeds,
  hubSurveys,
} from './db/schema.ts';

/** What the overview is built from, read in one snapshot (a REPEATABLE READ, read-only transaction). */
export interface OverviewRows {
  now: Date;
  eventCounts: Array<{ districtId: string; type: string; n: number }>;
  lastEvents: Array<{ districtId: string; last: Date }>;
  /** Needs still to be done by building, status and priority, with when the oldest of them was posted. */
  needs: Array<{
    districtId: string;
    buildingId: string;
    status: string;
    priority: string;
    n: number;
    oldest: Date | null;
  }>;
  /** Check-ins unanswered today (the hub's time zone), by building. */
  checkinsMissed: Array<{ districtId: string; buildingId: string; missed: number }>;
  /**
   * The latest notice or alert sent to each building, with how many of its households acknowledged it as the district
   * last reported (`notice.acknowledged`); null for both before the first report.
   */
  latestNotices: Array<{
    districtId: string;
    buildingId: string;
    noticeId: string;
    level: string;
    sentAt: Date;
    acknowledged: number | null;
    households: number | null;
  }>;
  /** Each building's survey as counts. */
  surveys: Array<{ districtId: string; buildingId: string; households: number; answered: number }>;
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

/**
 * Reads the counts of `GET /v1/overview`: events by type, needs still open or claimed (with the oldest one's time),
 * today's missed check-ins, each building's latest notice (with its acknowledgements) and survey counts, the latest
 * city alerts. `timezone`:
 * the hub's, which decides what "today" is.
 */
export async function readOverview(db: HubDb, options: { timezone: string; alerts?: number }): Promise<OverviewRows> {
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
          oldest: sql<string | null>`min(${hubNeeds.createdAt})`,
        })
        .from(hubNeeds)
        .where(inArray(hubNeeds.status, ['open', 'claimed']))
        .groupBy(hubNeeds.districtId, hubNeeds.buildingId, hubNeeds.status, hubNeeds.priority);
      const checkinsMissed = await tx
        .select({
          districtId: hubCheckinsMissed.districtId,
          buildingId: hubCheckinsMissed.buildingId,
          missed: hubCheckinsMissed.missed,
        })
        .from(hubCheckinsMissed)
        .where(sql`${hubCheckinsMissed.day} = to_char(now() AT TIME ZONE ${options.timezone}, 'YYYY-MM-DD')`);
      const latestNotices = (
        await tx.execute<{
          district_id: string;
          building_id: string;
          notice_id: string;
          level: string;
          sent_at: string;
          acknowledged: number | null;
          households: number | null;
        }>(sql`
          SELECT DISTINCT ON (n.district_id, b.building_id)
            n.district_id, b.building_id, n.notice_id, n.level, n.sent_at, a.acknowledged, a.households
          FROM notices n CROSS JOIN LATERAL unnest(n.building_ids) AS b(building_id)
          LEFT JOIN notice_acks a
            ON a.district_id = n.district_id AND a.notice_id = n.notice_id AND a.building_id = b.building_id
          ORDER BY n.district_id, b.building_id, n.sent_at DESC, n.notice_id DESC`)
      ).rows.map((r) => ({
        districtId: r.district_id,
        buildingId: r.building_id,
        noticeId: r.notice_id,
        level: r.level,
        sentAt: new Date(r.sent_at),
        acknowledged: r.acknowledged,
        households: r.households,
      }));
      const surveys = await tx
        .select({
          districtId: hubSurveys.districtId,
          buildingId: hubSurveys.buildingId,
          households: hubSurveys.households,
          answered: hubSurveys.answered,
        })
        .from(hubSurveys);
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
        needs: needs.map((row) => ({ ...row, oldest: row.oldest === null ? null : new Date(row.oldest) })),
        checkinsMissed,
        latestNotices,
        surveys,
        alerts,
        deliveries,
        reports,
      };
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

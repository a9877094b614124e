import { sql } from 'drizzle-orm';
import type { HubDb } from './db/open.ts';
import { hubAlertReports, hubEvents, hubNeeds } from './db/schema.ts';
import type { IncomingEvent } from './intake.ts';

/**
 * Stores a district's event once (by district and CloudEvent `id`) with what it tells of a need or of a city alert's
 * reach, in one transaction. Returns `stored`, or `duplicate` for an id already stored (a retry): then nothing
 * changes. Resolves only once committed, so the caller may answer 2xx.
 */
export async function storeEvent(db: HubDb, districtId: string, event: IncomingEvent): Promise<'stored' | 'duplicate'> {
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(hubEvents)
      .values({
        districtId,
        id: event.id,
        type: event.type,
        source: event.source,
        subject: event.subject,
        time: event.time,
      })
      .onConflictDoNothing()
      .returning({ id: hubEvents.id });
    if (inserted.length === 0) return 'duplicate';
    if (event.need) {
      await tx
        .insert(hubNeeds)
        .values({
          districtId,
          needId: event.subject,
          buildingId: event.need.building,
          status: event.need.status,
          priority: event.need.priority,
          updatedAt: event.time,
        })
        .onConflictDoUpdate({
          target: [hubNeeds.districtId, hubNeeds.needId],
          set: {
            buildingId: sql`excluded.building_id`,
            status: sql`excluded.status`,
            priority: sql`excluded.priority`,
            updatedAt: sql`excluded.updated_at`,
          },
          // a district re-sending an older event (a dead letter retried) must not turn back a newer state
          setWhere: sql`${hubNeeds.updatedAt} <= excluded.updated_at`,
        });
    }
    if (event.delivered) {
      const { hubAlert, ...counts } = event.delivered;
      await tx
        .insert(hubAlertReports)
        .values({ alertId: hubAlert, districtId, counts, reportedAt: event.time })
        .onConflictDoUpdate({
          target: [hubAlertReports.alertId, hubAlertReports.districtId],
          set: { counts: sql`excluded.counts`, reportedAt: sql`excluded.reported_at` },
          setWhere: sql`${hubAlertReports.reportedAt} <= excluded.reported_at`,
        });
    }
    return 'stored';
  });
}

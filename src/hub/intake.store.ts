import type pg from 'pg';
import type { IncomingEvent } from './intake.ts';

/** An event to store, from the district whose `eventsSecret` signed it. */
export interface DistrictEvent {
  districtId: string;
  event: IncomingEvent;
}

/**
 * One statement stores a whole batch (one round trip, one commit): the events once each by (district, `id`), and from
 * those newly stored what they tell (a need's state, a city alert's reach, a day's missed check-ins, a notice's level
 * and buildings, a survey's counts, how many households of a building acknowledged a notice). Where a batch holds several events of one item the latest (by time, then by
 * arrival) wins, and an older event arriving late (a dead letter retried) never turns a newer state back. The batch
 * comes as one JSON parameter, so the text never changes and the server keeps it prepared per connection.
 */
const storeBatchSql = `
WITH batch AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS b(
    ord int, district_id text, id text, type text, source text, subject text, time timestamptz,
    need_building text, need_status text, need_priority text, need_created_at timestamptz,
    hub_alert text, counts jsonb,
    checkin_building text, checkin_day text, missed int,
    notice_level text, notice_sent_at timestamptz, notice_buildings text[],
    survey_building text, households int, answered int,
    ack_building text, acknowledged int, ack_households int)
), stored AS (
  INSERT INTO events (district_id, id, type, source, subject, time)
  SELECT district_id, id, type, source, subject, time FROM batch ORDER BY district_id, id
  ON CONFLICT DO NOTHING
  RETURNING district_id, id
), fresh AS (
  SELECT batch.* FROM batch JOIN stored USING (district_id, id)
), needs_set AS (
  INSERT INTO needs (district_id, need_id, building_id, status, priority, updated_at, created_at)
  SELECT DISTINCT ON (district_id, subject)
    district_id, subject, need_building, need_status, need_priority, time, need_created_at
  FROM fresh WHERE need_status IS NOT NULL
  ORDER BY district_id, subject, time DESC, ord DESC
  ON CONFLICT (district_id, need_id) DO UPDATE SET
    building_id = excluded.building_id, status = excluded.status, priority = excluded.priority,
    updated_at = excluded.updated_at, created_at = coalesce(excluded.created_at, needs.created_at)
  WHERE needs.updated_at <= excluded.updated_at
), reports_set AS (
  INSERT INTO alert_reports (alert_id, district_id, counts, reported_at)
  SELECT DISTINCT ON (district_id, hub_alert) hub_alert, district_id, counts, time
  FROM fresh WHERE hub_alert IS NOT NULL
  ORDER BY district_id, hub_alert, time DESC, ord DESC
  ON CONFLICT (alert_id, district_id) DO UPDATE SET counts = excluded.counts, reported_at = excluded.reported_at
  WHERE alert_reports.reported_at <= excluded.reported_at
), checkins_set AS (
  INSERT INTO checkins_missed (district_id, building_id, day, missed, time)
  SELECT DISTINCT ON (district_id, checkin_building, checkin_day)
    district_id, checkin_building, checkin_day, missed, time
  FROM fresh WHERE checkin_building IS NOT NULL
  ORDER BY district_id, checkin_building, checkin_day, time DESC, ord DESC
  ON CONFLICT (district_id, building_id, day) DO UPDATE SET missed = excluded.missed, time = excluded.time
  WHERE checkins_missed.time <= excluded.time
), notices_set AS (
  INSERT INTO notices (district_id, notice_id, level, sent_at, building_ids)
  SELECT DISTINCT ON (district_id, subject) district_id, subject, notice_level, notice_sent_at, notice_buildings
  FROM fresh WHERE notice_level IS NOT NULL
  ORDER BY district_id, subject, ord
  ON CONFLICT DO NOTHING
), surveys_set AS (
  INSERT INTO surveys (district_id, building_id, households, answered, time)
  SELECT DISTINCT ON (district_id, survey_building) district_id, survey_building, households, answered, time
  FROM fresh WHERE survey_building IS NOT NULL
  ORDER BY district_id, survey_building, time DESC, ord DESC
  ON CONFLICT (district_id, building_id) DO UPDATE SET
    households = excluded.households, answered = excluded.answered, time = excluded.time
  WHERE surveys.time <= excluded.time
), acks_set AS (
  -- presses only add, so of two counts of one moment (a millisecond) the higher is the later
  INSERT INTO notice_acks (district_id, notice_id, building_id, acknowledged, households, time)
  SELECT DISTINCT ON (district_id, subject, ack_building)
    district_id, subject, ack_building, acknowledged, ack_households, time
  FROM fresh WHERE ack_building IS NOT NULL
  ORDER BY district_id, subject, ack_building, time DESC, acknowledged DESC, ord DESC
  ON CONFLICT (district_id, notice_id, building_id) DO UPDATE SET
    acknowledged = excluded.acknowledged, households = excluded.households, time = excluded.time
  WHERE (notice_acks.time, notice_acks.acknowledged) <= (excluded.time, excluded.acknowledged)
)
SELECT district_id, id FROM stored`;

/** A row of the batch parameter: the event's attributes and the counts or states it carries (never a text). */
function batchRow(ord: number, { districtId, event }: DistrictEvent): Record<string, unknown> {
  return {
    ord,
    district_id: districtId,
    id: event.id,
    type: event.type,
    source: event.source,
    subject: event.subject,
    time: event.time.toISOString(),
    ...(event.need && {
      need_building: event.need.building,
      need_status: event.need.status,
      need_priority: event.need.priority,
      need_created_at: event.need.createdAt ?? null,
    }),
    ...(event.delivered && {
      hub_alert: event.delivered.hubAlert,
      counts: {
        buildings: event.delivered.buildings,
        delivered: event.delivered.delivered,
        failed: event.delivered.failed,
      },
    }),
    ...(event.checkinsMissed && {
      checkin_building: event.checkinsMissed.building,
      checkin_day: event.checkinsMissed.day,
      missed: event.checkinsMissed.missed,
    }),
    ...(event.notice && {
      notice_level: event.notice.level,
      notice_sent_at: event.notice.sentAt,
      notice_buildings: event.notice.buildings,
    }),
    ...(event.survey && {
      survey_building: event.survey.building,
      households: event.survey.households,
      answered: event.survey.answered,
    }),
    ...(event.acknowledged && {
      ack_building: event.acknowledged.building,
      acknowledged: event.acknowledged.acknowledged,
      ack_households: event.acknowledged.households,
    }),
  };
}

const key = (districtId: string, id: string) => `${districtId}\u0000${id}`;

/**
 * Stores districts' events in one transaction (a single statement): each once by (district, CloudEvent `id`). Returns,
 * in the order given, `stored` or `duplicate` (an id stored before, or earlier in this batch: a retry, which changes
 * nothing). Resolves only once committed, so the callers may answer 2xx; rejects when nothing was stored.
 */
export async function storeEvents(
  pool: pg.Pool,
  events: readonly DistrictEvent[],
): Promise<Array<'stored' | 'duplicate'>> {
  const firsts = new Map<string, number>();
  events.forEach((e, i) => {
    if (!firsts.has(key(e.districtId, e.event.id))) firsts.set(key(e.districtId, e.event.id), i);
  });
  const rows = [...firsts.values()].map((i) => batchRow(i, events[i]!));
  const result = await pool.query<{ district_id: string; id: string }>({
    name: 'hub_store_events_v2',
    text: storeBatchSql,
    values: [JSON.stringify(rows)],
  });
  const stored = new Set(result.rows.map((r) => key(r.district_id, r.id)));
  return events.map((e, i) => {
    const k = key(e.districtId, e.event.id);
    return firsts.get(k) === i && stored.has(k) ? 'stored' : 'duplicate';
  });
}

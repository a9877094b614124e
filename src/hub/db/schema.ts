import { sql } from 'drizzle-orm';
import {
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

// The hub's PostgreSQL schema (SPEC §7). It holds what districts reported, as ids, types, statuses and counts: never
// an event's body, so never a text at all (a private one could only come by a district's bug; a public one is not
// the hub's to keep either). Migrations: `npm run hub:generate` into migrations-hub/.

/** Each event a district sent, once (by its CloudEvent `id`): what the overview counts by type and time. */
export const hubEvents = pgTable(
  'events',
  {
    districtId: text('district_id').notNull(),
    /** The CloudEvent's `id`, the same on every retry. */
    id: text('id').notNull(),
    /** `need.created`, without the `org.mutualaid.` prefix. */
    type: text('type').notNull(),
    /** The building (config id) of `source` `mutual-aid-bot/<building>`; a committee's id for a committee-wide one. */
    source: text('source').notNull(),
    subject: text('subject').notNull(),
    /** The CloudEvent's `time`: when the change happened in the district. */
    time: timestamp('time', { withTimezone: true, mode: 'date' }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.districtId, t.id] }),
    index('events_district_time').on(t.districtId, t.time),
    index('events_district_type').on(t.districtId, t.type),
  ],
);

/** Each need's latest state as its events told it: status and priority only (never its text, asker or unit). */
export const hubNeeds = pgTable(
  'needs',
  {
    districtId: text('district_id').notNull(),
    /** The need's number in its district (the CloudEvent `subject`). */
    needId: text('need_id').notNull(),
    buildingId: text('building_id').notNull(),
    status: text('status').notNull(),
    priority: text('priority').notNull(),
    /** The time of the event it was last set from: an older event arriving late never overwrites a newer state. */
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
    /** When it was posted (its `createdAt`): the overview's age of the oldest urgent need nobody has claimed. */
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [primaryKey({ columns: [t.districtId, t.needId] }), index('needs_district_status').on(t.districtId, t.status)],
);

/** Each building's unanswered check-ins of a day (`checkin.missed`): a count, never a unit (SPEC §6). */
export const hubCheckinsMissed = pgTable(
  'checkins_missed',
  {
    districtId: text('district_id').notNull(),
    buildingId: text('building_id').notNull(),
    /** The district's day, `2026-04-01`. */
    day: text('day').notNull(),
    missed: integer('missed').notNull(),
    time: timestamp('time', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.districtId, t.buildingId, t.day] })],
);

/** Each notice or alert a district sent (`notice.sent`, `alert.issued|lowered`): its level, time and buildings. */
export const hubNotices = pgTable(
  'notices',
  {
    districtId: text('district_id').notNull(),
    noticeId: text('notice_id').notNull(),
    level: text('level').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true, mode: 'date' }).notNull(),
    buildingIds: text('building_ids').array().notNull(),
  },
  (t) => [primaryKey({ columns: [t.districtId, t.noticeId] })],
);

/**
 * How many of a building's households acknowledged a notice or alert, as the district counts them on the notice's card
 * (`notice.acknowledged`): the latest count per notice and building, never who pressed. No row: none reported yet.
 */
export const hubNoticeAcks = pgTable(
  'notice_acks',
  {
    districtId: text('district_id').notNull(),
    noticeId: text('notice_id').notNull(),
    buildingId: text('building_id').notNull(),
    acknowledged: integer('acknowledged').notNull(),
    /** The building's registered households when it was counted. */
    households: integer('households').notNull(),
    /** The time of the event it was set from: an older event arriving late never lowers a newer count. */
    time: timestamp('time', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.districtId, t.noticeId, t.buildingId] })],
);

/** Each building's household survey as counts (`survey.updated`): households registered and surveyed, no answer. */
export const hubSurveys = pgTable(
  'surveys',
  {
    districtId: text('district_id').notNull(),
    buildingId: text('building_id').notNull(),
    households: integer('households').notNull(),
    answered: integer('answered').notNull(),
    time: timestamp('time', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.districtId, t.buildingId] })],
);

/** A city alert, recorded by the CLI or `POST /v1/alerts`; `body` is the exact CloudEvent every district is sent. */
export const hubAlerts = pgTable('alerts', {
  id: text('id').primaryKey(),
  level: text('level', { enum: ['blue', 'yellow', 'orange', 'red'] }).notNull(),
  /** The alert's public text (a city-wide warning, never a resident's words). */
  text: text('text').notNull(),
  /** Who sent it: a viewer's name, or `cli`. */
  sentBy: text('sent_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  body: text('body').notNull(),
});

/**
 * The outbox of city alerts: one row per alert and district. A hub process takes a due row under an advisory lock
 * of its session and holds it while it POSTs, so two processes never send one alert to one district at once; a row
 * is sent only when no earlier row of its district is pending (in order per district).
 */
export const hubAlertDeliveries = pgTable(
  'alert_deliveries',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    alertId: text('alert_id')
      .notNull()
      .references(() => hubAlerts.id),
    districtId: text('district_id').notNull(),
    status: text('status', { enum: ['pending', 'delivered', 'dead'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAt: timestamp('next_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    firstFailedAt: timestamp('first_failed_at', { withTimezone: true, mode: 'date' }),
    lastError: text('last_error'),
    deliveredAt: timestamp('delivered_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    uniqueIndex('alert_deliveries_alert_district').on(t.alertId, t.districtId),
    index('alert_deliveries_pending').on(t.districtId, t.seq).where(sql`${t.status} = 'pending'`),
  ],
);

/** What a district reported back for a city alert (`alert.delivered`): how many of its buildings it reached. */
export const hubAlertReports = pgTable(
  'alert_reports',
  {
    alertId: text('alert_id').notNull(),
    districtId: text('district_id').notNull(),
    counts: jsonb('counts').notNull().$type<{ buildings: number; delivered: number; failed: number }>(),
    reportedAt: timestamp('reported_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.alertId, t.districtId] })],
);

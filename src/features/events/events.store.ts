import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { WebhookConfig } from '../../config/index.ts';
import { isoWithOffset } from '../../core/iso-time.ts';
import type { Tx } from '../../db/open.ts';
import { preparedOnce } from '../../db/prepared.ts';
import { events, webhookDeliveries } from '../../db/schema.ts';
import { EVENT_TYPE_PREFIX, eventSource, type NewEvent, webhookWants } from './events.ts';

const insertEventQuery = preparedOnce((db) =>
  db
    .insert(events)
    .values({
      id: sql.placeholder('id'),
      type: sql.placeholder('type'),
      buildingId: sql.placeholder('buildingId'),
      committeeId: sql.placeholder('committeeId'),
      subject: sql.placeholder('subject'),
      at: sql.placeholder('at'),
      body: sql.placeholder('body'),
    })
    .returning({ seq: events.seq })
    .prepare(),
);

const insertDeliveryQuery = preparedOnce((db) =>
  db
    .insert(webhookDeliveries)
    .values({
      webhook: sql.placeholder('webhook'),
      eventSeq: sql.placeholder('eventSeq'),
      nextAt: sql.placeholder('at'),
    })
    .prepare(),
);

/**
 * Stores an event in the caller's transaction (so it exists if and only if the change does), with a pending
 * delivery for every webhook that wants it. Returns its CloudEvent `id`.
 */
export function recordEvent(
  tx: Tx,
  context: { webhooks: readonly WebhookConfig[]; timezone: string },
  event: NewEvent,
): string {
  const id = randomUUID();
  const body = JSON.stringify({
    specversion: '1.0',
    id,
    source: eventSource(event),
    type: `${EVENT_TYPE_PREFIX}${event.type}`,
    time: isoWithOffset(event.at, context.timezone),
    datacontenttype: 'application/json',
    subject: event.subject,
    data: event.data,
  });
  const { seq } = insertEventQuery(tx).get({
    id,
    type: event.type,
    buildingId: event.buildingId,
    committeeId: event.committeeId ?? null,
    subject: event.subject,
    at: event.at,
    body,
  })!;
  for (const webhook of context.webhooks) {
    if (webhookWants(webhook, event))
      insertDeliveryQuery(tx).run({ webhook: webhook.url, eventSeq: seq, at: event.at });
  }
  return id;
}

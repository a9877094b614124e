import type { EventType, WebhookConfig } from '../../config/index.ts';

/** The CloudEvents `type` prefix: `need.created` is sent as `org.mutualaid.need.created`. */
export const EVENT_TYPE_PREFIX = 'org.mutualaid.';

/** A change other departments may act on (SPEC §2.9), before it is stored. */
export interface NewEvent {
  type: EventType;
  /** The building it happened in; null for a committee-wide event (then `committeeId`). */
  buildingId: string | null;
  committeeId?: string | null;
  /** The item's id as the commands take it (`5` for need 5). */
  subject: string;
  /** The item in its export shape (SPEC §5) after the change: never a private text, asker, unit or ballot. */
  data: unknown;
  at: number;
}

/** The CloudEvent's `source`: the building, else the committee. */
export function eventSource(event: Pick<NewEvent, 'buildingId' | 'committeeId'>): string {
  return `mutual-aid-bot/${event.buildingId ?? event.committeeId ?? 'all'}`;
}

/** Whether a webhook's `events` list (`need.created`, `need.*`, `*`) takes this type. */
export function patternsMatch(patterns: readonly string[], type: string): boolean {
  return patterns.some(
    (pattern) =>
      pattern === '*' || pattern === type || (pattern.endsWith('.*') && type.startsWith(pattern.slice(0, -1))),
  );
}

/** Whether a webhook wants this event: its type, and its building (a committee-wide event goes to every webhook). */
export function webhookWants(
  webhook: Pick<WebhookConfig, 'events' | 'buildings'>,
  event: Pick<NewEvent, 'type' | 'buildingId'>,
): boolean {
  if (!patternsMatch(webhook.events, event.type)) return false;
  return webhook.buildings === 'all' || event.buildingId === null || webhook.buildings.includes(event.buildingId);
}

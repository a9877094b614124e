import { createHmac, timingSafeEqual } from 'node:crypto';
import { CloudEvent, HTTP, ValidationError } from 'cloudevents';
import type { EventType, WebhookConfig } from '../../config/index.ts';

/** The CloudEvents `type` prefix: `need.created` is sent as `org.mutualaid.need.created`. */
export const EVENT_TYPE_PREFIX = 'org.mutualaid.';

/** The `Content-Type` of a structured-mode CloudEvent (SPEC §2.9), exactly as the contract names it. */
export const CLOUDEVENTS_CONTENT_TYPE = 'application/cloudevents+json';

/** What storing an event needs from the config: where it goes, and the zone of the times in its data. */
export interface EventContext {
  webhooks: readonly WebhookConfig[];
  timezone: string;
}

/** A change other departments may act on (SPEC §2.9), before it is stored. */
export interface NewEvent {
  type: EventType;
  /** The building it happened in; null for a committee-wide event (then `committeeId`). */
  buildingId: string | null;
  committeeId?: string | null;
  /**
   * The buildings it concerns when it has no single one (a notice sent to several): a webhook limited to some
   * buildings gets it when one of them is among these. Without it, an event of no building goes to every webhook.
   */
  buildingIds?: readonly string[];
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

/**
 * Whether a webhook wants this event: its type, and its building (an event of several buildings when one of them is
 * the webhook's; one of no building at all, committee-wide, goes to every webhook).
 */
export function webhookWants(
  webhook: Pick<WebhookConfig, 'events' | 'buildings'>,
  event: Pick<NewEvent, 'type' | 'buildingId' | 'buildingIds'>,
): boolean {
  if (!patternsMatch(webhook.events, event.type)) return false;
  if (webhook.buildings === 'all') return true;
  const limited = webhook.buildings;
  if (event.buildingId !== null) return limited.includes(event.buildingId);
  return event.buildingIds === undefined || event.buildingIds.some((id) => limited.includes(id));
}

/**
 * The event as a structured-mode CloudEvent body, built by the CloudEvents SDK. The SDK writes `time` in UTC (`…Z`);
 * the times inside `data` are the export's, with the config's offset. Stored once and sent as it is, so every retry
 * carries the same bytes. The SDK's check of every attribute against the spec's schema (2% of a `/need`'s CPU in the
 * throughput profile) is left out, as the SDK allows for attributes known to conform: each is made here from what is
 * checked already (the config's building and committee ids, the event types, a time, a UUID), but the subject, which
 * the callers give and the spec wants non-empty (tests hold every event type to the SDK's own check).
 * @throws ValidationError for an empty subject
 */
export function cloudEventBody(event: NewEvent, id: string): string {
  if (event.subject === '') throw new ValidationError('invalid attribute: subject must not be empty');
  const cloudEvent = new CloudEvent(
    {
      specversion: '1.0',
      id,
      source: eventSource(event),
      type: `${EVENT_TYPE_PREFIX}${event.type}`,
      time: new Date(event.at).toISOString(),
      datacontenttype: 'application/json',
      subject: event.subject,
      data: event.data,
    },
    false,
  );
  return HTTP.structured(cloudEvent).body as string;
}

/** The `X-Signature-256` header of a body: `sha256=` and the hex HMAC-SHA256 of its exact bytes, keyed with `secret`. */
export function webhookSignature(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/**
 * Whether `header` is the {@link webhookSignature} of the exact `body` bytes keyed with `secret`, compared in constant
 * time. What a receiver of signed events checks: the hub for a district's events, a district bot for a city alert.
 */
export function signatureMatches(body: Buffer, header: string | undefined, secret: string): boolean {
  const hex = header === undefined ? undefined : /^sha256=([0-9a-fA-F]{64})$/.exec(header.trim())?.[1];
  if (hex === undefined) return false;
  return timingSafeEqual(createHmac('sha256', secret).update(body).digest(), Buffer.from(hex, 'hex'));
}

/** Retries of a failed delivery: the first this soon, then twice as long each time, never more than an hour apart. */
export const RETRY_FIRST_MS = 10_000;
export const RETRY_MAX_MS = 3_600_000;
/** A delivery still failing this long after its first failure is dead-lettered. */
export const GIVE_UP_AFTER_MS = 24 * 3_600_000;

/** The wait after the `failures`-th failed attempt in a row (1: the first). */
export function retryDelayMs(failures: number): number {
  return Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** Math.min(Math.max(failures - 1, 0), 30));
}

/** What a failed attempt leads to: another try at `nextAt`, or the dead letters. */
export type AfterFailure =
  | { status: 'pending'; attempts: number; firstFailedAt: number; nextAt: number }
  | { status: 'dead'; attempts: number; firstFailedAt: number };

/**
 * The next step for a delivery whose attempt just failed at `now`. The 24 hours count from its first failure; the
 * last retry is made at their end (not skipped because the doubling would overshoot), and a failure then gives up.
 */
export function afterFailure(delivery: { attempts: number; firstFailedAt: number | null }, now: number): AfterFailure {
  const attempts = delivery.attempts + 1;
  const firstFailedAt = delivery.firstFailedAt ?? now;
  const deadline = firstFailedAt + GIVE_UP_AFTER_MS;
  if (now >= deadline) return { status: 'dead', attempts, firstFailedAt };
  return { status: 'pending', attempts, firstFailedAt, nextAt: Math.min(now + retryDelayMs(attempts), deadline) };
}

/**
 * A webhook as logs and the audit log name it: its origin and path, without a query or credentials (a token in a
 * URL is a secret too).
 */
export function webhookLabel(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

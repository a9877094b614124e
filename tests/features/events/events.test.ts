import { CloudEvent, ValidationError } from 'cloudevents';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../../../src/config/index.ts';
import { timeOrderedId } from '../../../src/core/ids.ts';
import {
  afterFailure,
  cloudEventBody,
  GIVE_UP_AFTER_MS,
  type NewEvent,
  patternsMatch,
  retryDelayMs,
  webhookLabel,
  webhookSignature,
  webhookWants,
} from '../../../src/features/events/events.ts';

const SECOND = 1000;
const HOUR = 3_600_000;

describe('patternsMatch', () => {
  it('takes a type by its name, its group or *', () => {
    expect(patternsMatch(['need.created'], 'need.created')).toBe(true);
    expect(patternsMatch(['need.*'], 'need.escalated')).toBe(true);
    expect(patternsMatch(['*'], 'checkin.missed')).toBe(true);
    expect(patternsMatch(['alert.*', 'checkin.missed'], 'checkin.missed')).toBe(true);
  });

  it('does not take another type, nor a group that only starts the same', () => {
    expect(patternsMatch(['need.created'], 'need.claimed')).toBe(false);
    expect(patternsMatch(['need.*'], 'notice.sent')).toBe(false);
    expect(patternsMatch(['vote.*'], 'voter.opened')).toBe(false);
    expect(patternsMatch([], 'need.created')).toBe(false);
  });

  it("takes every type with its group's pattern and no other group's", () => {
    fc.assert(
      fc.property(fc.constantFrom(...EVENT_TYPES), fc.constantFrom(...EVENT_TYPES), (type, other) => {
        const group = `${type.split('.')[0]}.*`;
        expect(patternsMatch([group], type)).toBe(true);
        expect(patternsMatch([group], other)).toBe(other.startsWith(group.slice(0, -1)));
      }),
    );
  });
});

describe('webhookWants', () => {
  const webhook = { events: ['need.*'], buildings: ['b3'] as string[] };

  it('takes an event of its types in one of its buildings, or one of several buildings when one is its', () => {
    expect(webhookWants(webhook, { type: 'need.created', buildingId: 'b3' })).toBe(true);
    expect(webhookWants(webhook, { type: 'need.created', buildingId: 'b7' })).toBe(false);
    expect(webhookWants(webhook, { type: 'notice.sent', buildingId: 'b3' })).toBe(false);
    const notice = { events: ['*'], buildings: ['b3'] };
    expect(webhookWants(notice, { type: 'notice.sent', buildingId: null, buildingIds: ['b3', 'b7'] })).toBe(true);
    expect(webhookWants(notice, { type: 'notice.sent', buildingId: null, buildingIds: ['b7', 'b9'] })).toBe(false);
  });

  it('takes a committee-wide event (no building) whatever its buildings, and everything with "all"', () => {
    expect(webhookWants(webhook, { type: 'need.escalated', buildingId: null })).toBe(true);
    expect(webhookWants({ events: ['*'], buildings: 'all' }, { type: 'alert.issued', buildingId: 'b9' })).toBe(true);
  });
});

describe('webhookSignature', () => {
  it('is sha256= and the hex HMAC-SHA256 of the exact body (as openssl computes it)', () => {
    // printf 'hello' | openssl dgst -sha256 -hmac 'sixteen-chars-key'
    expect(webhookSignature('hello', 'sixteen-chars-key')).toBe(
      'sha256=6022556b54b6063cda62291e13699a19994bb84f4cac4fdfec0ae53e7226ea4f',
    );
  });

  it('changes with one byte of the body or of the secret', () => {
    const base = webhookSignature('{"a":1}', 'sixteen-chars-key');
    expect(webhookSignature('{"a":2}', 'sixteen-chars-key')).not.toBe(base);
    expect(webhookSignature('{"a":1}', 'sixteen-chars-kez')).not.toBe(base);
  });

  it('signs the UTF-8 bytes of a Chinese text', () => {
    // printf '药品' | openssl dgst -sha256 -hmac 'sixteen-chars-key'
    expect(webhookSignature('药品', 'sixteen-chars-key')).toBe(
      'sha256=f7e681cd3a88f4cce9c47f6615ee2c1073ee25e5f53ee5e81471b2747e67b578',
    );
  });
});

describe('the retry schedule', () => {
  it('retries first within 10 s, then twice as long each time, never more than an hour apart', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 40].map(retryDelayMs)).toEqual([
      10 * SECOND,
      20 * SECOND,
      40 * SECOND,
      80 * SECOND,
      160 * SECOND,
      320 * SECOND,
      640 * SECOND,
      1280 * SECOND,
      2560 * SECOND,
      HOUR,
      HOUR,
      HOUR,
    ]);
  });

  it('keeps retrying for 24 hours after the first failure, the last try at their end, then gives up', () => {
    const start = Date.parse('2026-04-01T08:00:00Z');
    let delivery = { attempts: 0, firstFailedAt: null as number | null };
    let now = start;
    const tries: number[] = [];
    for (;;) {
      const next = afterFailure(delivery, now);
      tries.push(now - start);
      if (next.status === 'dead') {
        expect(next.firstFailedAt).toBe(start);
        break;
      }
      delivery = next;
      now = next.nextAt;
    }
    expect(tries.at(-1)).toBe(GIVE_UP_AFTER_MS);
    expect(tries.at(-2)).toBeLessThan(GIVE_UP_AFTER_MS);
    // 9 doubling waits (about 1.4 h), then hourly: 32 tries in the day
    expect(tries).toHaveLength(33);
    expect(tries.slice(0, 4)).toEqual([0, 10 * SECOND, 30 * SECOND, 70 * SECOND]);
  });

  it('gives up at once a delivery that failed after its 24 hours were over (inherited from the one before)', () => {
    const start = Date.parse('2026-04-01T08:00:00Z');
    expect(afterFailure({ attempts: 0, firstFailedAt: start }, start + GIVE_UP_AFTER_MS + 5 * SECOND)).toEqual({
      status: 'dead',
      attempts: 1,
      firstFailedAt: start,
    });
  });
});

describe('cloudEventBody', () => {
  const event: NewEvent = {
    type: 'need.created',
    buildingId: 'b3',
    subject: '5',
    data: { id: 5, building: 'b3', text: '药 insulin' },
    at: Date.parse('2026-04-01T08:00:00+08:00'),
  };

  it('is a CloudEvents 1.0 structured-mode JSON object with the attributes of SPEC §2.9', () => {
    const body = JSON.parse(cloudEventBody(event, '4a6f1c2e-0000-4000-8000-000000000001'));
    expect(body).toEqual({
      specversion: '1.0',
      id: '4a6f1c2e-0000-4000-8000-000000000001',
      source: 'mutual-aid-bot/b3',
      type: 'org.mutualaid.need.created',
      time: '2026-04-01T00:00:00.000Z',
      datacontenttype: 'application/json',
      subject: '5',
      data: { id: 5, building: 'b3', text: '药 insulin' },
    });
  });

  it('names the committee as the source of a committee-wide event', () => {
    const body = JSON.parse(cloudEventBody({ ...event, buildingId: null, committeeId: 'c1' }, 'x-1'));
    expect(body.source).toBe('mutual-aid-bot/c1');
  });

  it('is refused when an attribute breaks the spec (an empty subject)', () => {
    expect(() => cloudEventBody({ ...event, subject: '' }, 'x-2')).toThrow(ValidationError);
  });

  it('passes the SDK’s own check of every attribute, for every event type, of a building or a committee', () => {
    const longest = { buildingId: 'B_3-'.padEnd(32, 'x'), committeeId: null };
    for (const type of EVENT_TYPES)
      for (const where of [{}, { buildingId: null, committeeId: 'c-1_A' }, longest]) {
        const body = cloudEventBody({ ...event, ...where, type }, timeOrderedId());
        // the SDK's constructor checks the attributes against the spec's schema, throwing when one breaks it
        expect(new CloudEvent(JSON.parse(body) as Record<string, unknown>).validate()).toBe(true);
      }
  });
});

describe('webhookLabel', () => {
  it('names a webhook without its query or credentials', () => {
    expect(webhookLabel('https://user:pw@dept.example.org/hooks/in?token=SECRET')).toBe(
      'https://dept.example.org/hooks/in',
    );
  });
});

import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WebhookConfig } from '../../../src/config/index.ts';
import type { DatabaseHandle } from '../../../src/db/open.ts';
import { webhookDeliveries } from '../../../src/db/schema.ts';
import {
  deadLetters,
  deliveryCounts,
  pendingDeliveries,
  recordEvent,
  recordFailedAttempt,
  recordRetriedDeadLetters,
  storedEvents,
} from '../../../src/features/events/events.store.ts';
import { type EventContext, GIVE_UP_AFTER_MS } from '../../../src/features/events/events.ts';
import {
  applyNeedAction,
  createNeed,
  expireClaim,
  getNeed,
  markEscalated,
  type NewNeed,
  placeDraftNeed,
} from '../../../src/features/needs/needs.store.ts';
import { createNotice } from '../../../src/features/notices/notices.store.ts';
import { castBallot, createVote, getVote, markClosed } from '../../../src/features/votes/votes.store.ts';
import type { VoteCommand } from '../../../src/features/votes/votes.ts';
import {
  ANN,
  auditRows,
  BO,
  DAY,
  HOUR,
  MINUTE,
  ORGANIZER,
  openNeighbourhood,
  seedHousehold,
  T0,
} from '../../db/memory-db.ts';

const everything: WebhookConfig = {
  url: 'https://dept.example.org/hooks/all?token=x',
  secret: 'a-secret-of-16-chars',
  events: ['*'],
  buildings: 'all',
};
const westAlerts: WebhookConfig = {
  url: 'https://west.example.org/alerts',
  secret: 'another-secret-16chars',
  events: ['alert.*', 'notice.sent'],
  buildings: ['west'],
};
const context: EventContext = { webhooks: [everything, westAlerts], timezone: 'Asia/Shanghai' };

let handle: DatabaseHandle;
let h1502: number;
beforeEach(() => {
  handle = openNeighbourhood();
  h1502 = seedHousehold(handle.db, 'east', '1502', [ANN]);
});
afterEach(() => handle.close());

/** The stored events, parsed, oldest first. */
const stored = (filter: Parameters<typeof storedEvents>[1] = {}) =>
  [...storedEvents(handle.db, filter)].map(
    (body) => JSON.parse(body) as { type: string; subject: string; source: string; data: Record<string, unknown> },
  );

function need(fields: Partial<NewNeed> = {}, now = T0): number {
  return handle.db.transaction((tx) =>
    createNeed(
      tx,
      {
        buildingId: 'east',
        requesterId: ANN,
        enteredBy: ANN,
        householdId: h1502,
        unit: '1502',
        priority: 'urgent',
        category: 'medicine',
        text: 'insulin for my father',
        private: false,
        status: 'open',
        ...fields,
      },
      now,
      context,
    ),
  );
}

describe('the events of needs', () => {
  it('are stored with each change, the need in its export shape after it', () => {
    const id = need();
    handle.db.transaction((tx) => applyNeedAction(tx, getNeed(tx, id)!, 'claim', BO, T0 + MINUTE, context));
    handle.db.transaction((tx) => markEscalated(tx, getNeed(tx, id)!, T0 + 2 * MINUTE, context));
    handle.db.transaction((tx) => expireClaim(tx, getNeed(tx, id)!, T0 + DAY, context));
    handle.db.transaction((tx) => applyNeedAction(tx, getNeed(tx, id)!, 'claim', BO, T0 + DAY + 1, context));
    handle.db.transaction((tx) => applyNeedAction(tx, getNeed(tx, id)!, 'release', BO, T0 + DAY + 2, context));
    handle.db.transaction((tx) => applyNeedAction(tx, getNeed(tx, id)!, 'claim', BO, T0 + DAY + 3, context));
    handle.db.transaction((tx) => applyNeedAction(tx, getNeed(tx, id)!, 'done', BO, T0 + DAY + HOUR, context));
    const other = need();
    handle.db.transaction((tx) => applyNeedAction(tx, getNeed(tx, other)!, 'cancel', ANN, T0 + HOUR, context));

    expect(stored().map((e) => [e.type, e.subject])).toEqual([
      ['org.mutualaid.need.created', String(id)],
      ['org.mutualaid.need.claimed', String(id)],
      ['org.mutualaid.need.escalated', String(id)],
      ['org.mutualaid.need.released', String(id)],
      ['org.mutualaid.need.claimed', String(id)],
      ['org.mutualaid.need.released', String(id)],
      ['org.mutualaid.need.claimed', String(id)],
      ['org.mutualaid.need.done', String(id)],
      ['org.mutualaid.need.created', String(other)],
      ['org.mutualaid.need.cancelled', String(other)],
    ]);
    const [created, claimed] = stored();
    expect(created!.source).toBe('mutual-aid-bot/east');
    expect(created!.data).toEqual({
      id,
      building: 'east',
      status: 'open',
      priority: 'urgent',
      category: 'medicine',
      text: 'insulin for my father',
      private: false,
      requester: ANN,
      unit: '1502',
      claimedBy: null,
      createdAt: '2026-01-15T17:00:00+08:00',
      claimedAt: null,
      doneAt: null,
      repeat: null,
      offer: null,
    });
    expect(claimed!.data).toMatchObject({ status: 'claimed', claimedBy: BO, claimedAt: '2026-01-15T17:01:00+08:00' });
    expect(stored().at(-3)!.data).toMatchObject({ status: 'done', doneAt: '2026-01-16T18:00:00+08:00' });
  });

  it('leave out what a private need says and who asked, and its draft until it is placed', () => {
    const id = need({ private: true, status: 'draft', buildingId: null, householdId: null, unit: null });
    expect(stored()).toEqual([]);
    handle.db.transaction((tx) =>
      placeDraftNeed(tx, id, { buildingId: 'east', householdId: h1502, unit: '1502' }, T0 + MINUTE, context),
    );
    handle.db.transaction((tx) => applyNeedAction(tx, getNeed(tx, id)!, 'claim', BO, T0 + HOUR, context));
    const events = stored();
    expect(events.map((e) => e.type)).toEqual(['org.mutualaid.need.created', 'org.mutualaid.need.claimed']);
    for (const event of events) {
      expect(event.data).toMatchObject({ private: true, text: null, requester: null, unit: null });
      expect(JSON.stringify(event)).not.toContain('insulin');
      expect(JSON.stringify(event)).not.toContain('1502');
    }
  });

  it('are not stored when the change is not made (a claim that lost the race)', () => {
    const id = need();
    const seen = getNeed(handle.db, id)!;
    handle.db.transaction((tx) => applyNeedAction(tx, seen, 'claim', BO, T0 + MINUTE, context));
    expect(handle.db.transaction((tx) => applyNeedAction(tx, seen, 'claim', ANN, T0 + MINUTE, context))).toBe(false);
    expect(stored().map((e) => e.type)).toEqual(['org.mutualaid.need.created', 'org.mutualaid.need.claimed']);
  });

  it('are rolled back with a change that is', () => {
    expect(() =>
      handle.db.transaction((tx) => {
        createNeed(
          tx,
          {
            buildingId: 'east',
            requesterId: ANN,
            enteredBy: ANN,
            householdId: h1502,
            unit: '1502',
            priority: 'normal',
            category: 'food',
            text: 'bread',
            private: false,
            status: 'open',
          },
          T0,
          context,
        );
        throw new Error('the update failed after the need was written');
      }),
    ).toThrow();
    expect(stored()).toEqual([]);
    expect(deliveryCounts(handle.db)).toEqual([]);
  });
});

describe('the events of votes', () => {
  const command = (overrides: Partial<VoteCommand> = {}): VoteCommand => ({
    question: 'Open the back gate?',
    options: ['Yes', 'No'],
    durationMs: DAY,
    perHousehold: true,
    anonymous: false,
    hidden: false,
    quorum: { count: 2 },
    ...overrides,
  });
  const open = (overrides: Partial<VoteCommand> = {}) =>
    handle.db.transaction((tx) =>
      createVote(tx, {
        buildingId: 'east',
        organizerId: ORGANIZER,
        command: command(overrides),
        memberCount: null,
        now: T0,
        events: context,
      }),
    );

  it('say when a vote opens and when it closes, with its result and ballots', () => {
    const id = open();
    handle.db.transaction((tx) =>
      castBallot(tx, getVote(tx, id)!, { userId: ANN, householdId: h1502, option: 1, now: T0 + MINUTE }),
    );
    handle.db.transaction((tx) => markClosed(tx, getVote(tx, id)!, ORGANIZER, T0 + HOUR, context));
    const [opened, closed] = stored();
    expect(opened).toMatchObject({ type: 'org.mutualaid.vote.opened', subject: String(id) });
    expect(opened!.data).toEqual({
      id,
      building: 'east',
      question: 'Open the back gate?',
      status: 'open',
      perHousehold: true,
      anonymous: false,
      quorum: { count: 2 },
      closesAt: '2026-01-16T17:00:00+08:00',
      options: [
        { text: 'Yes', count: 0 },
        { text: 'No', count: 0 },
      ],
      ballots: [],
    });
    expect(closed).toMatchObject({ type: 'org.mutualaid.vote.closed' });
    expect(closed!.data).toMatchObject({
      status: 'closed',
      options: [
        { text: 'Yes', count: 0 },
        { text: 'No', count: 1 },
      ],
      ballots: [{ voter: ANN, unit: '1502', option: 1 }],
    });
  });

  it('carry no ballots of an anonymous vote, only its counts', () => {
    const id = open({ anonymous: true });
    handle.db.transaction((tx) =>
      castBallot(tx, getVote(tx, id)!, { userId: ANN, householdId: h1502, option: 0, now: T0 + MINUTE }),
    );
    handle.db.transaction((tx) => markClosed(tx, getVote(tx, id)!, null, T0 + DAY, context));
    const closed = stored().at(-1)!;
    expect(closed.data).not.toHaveProperty('ballots');
    expect(closed.data.options).toEqual([
      { text: 'Yes', count: 1 },
      { text: 'No', count: 0 },
    ]);
    expect(JSON.stringify(closed)).not.toContain('"voter"');
  });
});

describe('the events of notices and alerts', () => {
  const send = (level: 'info' | 'blue' | 'yellow' | 'orange' | 'red', buildingIds: string[], now = T0) =>
    handle.db.transaction((tx) =>
      createNotice(tx, {
        buildingIds,
        level,
        text: `${level}!`,
        authorId: ORGANIZER,
        pinned: false,
        now,
        events: context,
      }),
    );

  it('send a notice as notice.sent, an alert as issued, and one below the level in force as lowered', () => {
    send('info', ['east', 'west']);
    send('yellow', ['east', 'west'], T0 + 1);
    send('red', ['east', 'west'], T0 + 2);
    send('red', ['east', 'west'], T0 + 3);
    send('blue', ['east', 'west'], T0 + 4);
    send('orange', ['east', 'west'], T0 + 5);
    expect(stored().map((e) => [e.type, e.data.level])).toEqual([
      ['org.mutualaid.notice.sent', 'info'],
      ['org.mutualaid.alert.issued', 'yellow'],
      ['org.mutualaid.alert.issued', 'red'],
      ['org.mutualaid.alert.issued', 'red'],
      ['org.mutualaid.alert.lowered', 'blue'],
      ['org.mutualaid.alert.issued', 'orange'],
    ]);
    expect(stored()[0]!.data).toEqual({
      id: 1,
      buildings: ['east', 'west'],
      level: 'info',
      text: 'info!',
      sentAt: '2026-01-15T17:00:00+08:00',
      acknowledged: 0,
    });
  });

  it('store one event for all its buildings, which a webhook of one of them receives', () => {
    send('info', ['east', 'west']);
    send('orange', ['east']);
    send('red', ['west']);
    expect(stored().map((e) => e.source)).toEqual(['mutual-aid-bot/all', 'mutual-aid-bot/east', 'mutual-aid-bot/west']);
    const west = pendingDeliveries(handle.db, westAlerts.url, 10).map((d) => JSON.parse(d.body).data.level);
    expect(west).toEqual(['info', 'red']);
    expect(pendingDeliveries(handle.db, everything.url, 10)).toHaveLength(3);
  });
});

describe('event ids', () => {
  it('are time-ordered UUIDs (v7), each its own', () => {
    const ids = Array.from({ length: 30 }, (_, k) =>
      handle.db.transaction((tx) =>
        recordEvent(tx, context, { type: 'need.created', buildingId: 'east', subject: String(k), data: {}, at: T0 }),
      ),
    );
    expect(
      ids.filter((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id)),
    ).toEqual(ids);
    expect(new Set(ids).size).toBe(30);
  });
});

describe('deliveries', () => {
  it('are created with the event for each webhook that wants it, and only those', () => {
    need();
    send();
    expect(deliveryCounts(handle.db)).toEqual([{ webhook: everything.url, status: 'pending', count: 2 }]);
    function send() {
      handle.db.transaction((tx) =>
        recordEvent(tx, context, {
          type: 'checkin.missed',
          buildingId: 'east',
          subject: '2026-01-15',
          data: { building: 'east', day: '2026-01-15', missed: 2 },
          at: T0,
        }),
      );
    }
  });

  it('are made once for a URL the config lists twice (one receiver), whichever entry wants the event', () => {
    const twice: EventContext = {
      webhooks: [{ ...westAlerts, events: ['need.*'], buildings: 'all' }, westAlerts],
      timezone: 'UTC',
    };
    handle.db.transaction((tx) =>
      recordEvent(tx, twice, { type: 'need.created', buildingId: 'east', subject: '1', data: {}, at: T0 }),
    );
    expect(deliveryCounts(handle.db)).toEqual([{ webhook: westAlerts.url, status: 'pending', count: 1 }]);
  });

  it('wait for their retry after a failure, and are dead-lettered (audited, without content) after 24 hours', () => {
    need();
    need({ private: true, text: 'SECRET TEXT' });
    const [first, second] = pendingDeliveries(handle.db, everything.url, 10);
    let now = T0 + 5 * MINUTE;
    let next = recordFailedAttempt(handle.db, everything.url, first!, 'HTTP 500', now);
    expect(next).toEqual({ status: 'pending', attempts: 1, firstFailedAt: now, nextAt: now + 10_000 });
    expect(pendingDeliveries(handle.db, everything.url, 1)[0]).toMatchObject({ attempts: 1, nextAt: now + 10_000 });
    while (next.status === 'pending') {
      now = next.nextAt;
      next = recordFailedAttempt(
        handle.db,
        everything.url,
        pendingDeliveries(handle.db, everything.url, 1)[0]!,
        'HTTP 503',
        now,
      );
    }
    expect(now).toBe(T0 + 5 * MINUTE + GIVE_UP_AFTER_MS);
    expect(deadLetters(handle.db)).toEqual([
      expect.objectContaining({ webhook: everything.url, id: first!.id, lastError: 'HTTP 503', attempts: 33 }),
    ]);
    const [audit] = auditRows(handle.db, 'event.dead_letter');
    expect(audit).toMatchObject({ subject: `event:${first!.id}`, buildingId: 'east', actor: null });
    expect(audit!.details).toEqual({
      type: 'need.created',
      webhook: 'https://dept.example.org/hooks/all',
      attempts: 33,
      error: 'HTTP 503',
    });
    // the one behind it inherits the outage: one more try, and it is given up too if that fails
    const behind = pendingDeliveries(handle.db, everything.url, 1)[0]!;
    expect(behind).toMatchObject({ eventSeq: second!.eventSeq, attempts: 0, firstFailedAt: T0 + 5 * MINUTE });
    expect(recordFailedAttempt(handle.db, everything.url, behind, 'HTTP 503', now + 1000).status).toBe('dead');
    expect(JSON.stringify(auditRows(handle.db, 'event.dead_letter'))).not.toContain('SECRET');
  });

  it('sent again by hand are removed when accepted; a failure leaves it dead with its new error', () => {
    need();
    need();
    const kill = (d: { eventSeq: number }) =>
      handle.db
        .update(webhookDeliveries)
        .set({ status: 'dead', lastError: 'HTTP 500' })
        .where(eq(webhookDeliveries.eventSeq, d.eventSeq))
        .run();
    const [first, second] = pendingDeliveries(handle.db, everything.url, 10);
    kill(first!);
    kill(second!);
    recordRetriedDeadLetters(
      handle.db,
      everything.url,
      { accepted: [first!.eventSeq], failed: { eventSeq: second!.eventSeq, error: 'HTTP 502' } },
      T0 + DAY,
    );
    expect(deadLetters(handle.db)).toEqual([
      expect.objectContaining({ eventSeq: second!.eventSeq, lastError: 'HTTP 502', attempts: 1 }),
    ]);
    expect(auditRows(handle.db, 'event.retry').map((r) => r.details)).toEqual([{ delivered: 1, failed: 1 }]);
  });
});

describe('storedEvents', () => {
  it('reads the events by time, type and building, a page at a time', () => {
    need({}, T0);
    need({ buildingId: 'west' }, T0 + HOUR);
    handle.db.transaction((tx) =>
      createNotice(tx, {
        buildingIds: ['east', 'west'],
        level: 'red',
        text: 'Stay inside',
        authorId: ORGANIZER,
        pinned: true,
        now: T0 + 2 * HOUR,
        events: context,
      }),
    );
    const types = (filter: Parameters<typeof storedEvents>[1]) =>
      [...storedEvents(handle.db, filter, 1)].map(
        (b) => `${JSON.parse(b).type.slice(14)}@${JSON.parse(b).source.slice(15)}`,
      );
    expect(types({})).toEqual(['need.created@east', 'need.created@west', 'alert.issued@all']);
    expect(types({ since: T0 + HOUR })).toEqual(['need.created@west', 'alert.issued@all']);
    expect(types({ types: ['alert.*'] })).toEqual(['alert.issued@all']);
    expect(types({ buildingId: 'east' })).toEqual(['need.created@east', 'alert.issued@all']);
    expect(types({ buildingId: 'north' })).toEqual([]);
  });
});

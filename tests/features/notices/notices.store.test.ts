import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createI18n, translatorOf } from '../../../src/bot/i18n.ts';
import { parseConfig } from '../../../src/config/index.ts';
import type { DatabaseHandle } from '../../../src/db/open.ts';
import { outbox } from '../../../src/db/schema.ts';
import { storedEvents } from '../../../src/features/events/events.store.ts';
import { queueNoticeCopies, recordNotice } from '../../../src/features/notices/notices.messages.ts';
import {
  ackCount,
  acknowledge,
  alertLevelsSent,
  createNotice,
  currentAlertLevel,
  getNotice,
  type NoticeLevel,
  noticeReach,
  noticesSentSince,
  unacknowledgedUnits,
} from '../../../src/features/notices/notices.store.ts';
import {
  auditRows,
  HOUR,
  MINUTE,
  openTestDatabase,
  seedBuildings,
  seedHousehold,
  seedUsers,
  T0,
} from '../../db/memory-db.ts';

/** No webhooks: these tests are about notices; their events are tested in tests/features/events. */
const events = { webhooks: [], timezone: 'UTC' };

const ADMIN = 1;
const ANN = 2;
const BO = 3;
const CY = 4;
const DEE = 5;

let handle: DatabaseHandle;
let h1502: number;
let h902: number;
beforeEach(() => {
  handle = openTestDatabase();
  seedBuildings(handle.db, ['east', 'west']);
  seedUsers(handle.db, [
    { id: ADMIN, firstName: 'Admin' },
    { id: ANN, firstName: 'Ann' },
    { id: BO, firstName: 'Bo' },
    { id: CY, firstName: 'Cy' },
    { id: DEE, firstName: 'Dee' },
  ]);
  h1502 = seedHousehold(handle.db, 'east', '1502', [ANN, BO]);
  h902 = seedHousehold(handle.db, 'east', '902', [CY]);
});
afterEach(() => handle.close());

function notice(
  level: NoticeLevel = 'info',
  buildingIds: string[] = ['east'],
  now = T0,
  authorId: number | null = ADMIN,
): number {
  return handle.db.transaction((tx) =>
    createNotice(tx, {
      buildingIds,
      level,
      text: `${level} notice`,
      authorId,
      pinned: level !== 'info',
      now,
      events,
    }),
  );
}

function ack(noticeId: number, userId: number, householdId: number | null, buildingId = 'east', now = T0 + MINUTE) {
  return handle.db.transaction((tx) => acknowledge(tx, { noticeId, buildingId, userId, householdId, now, events }))
    .added;
}

/** The `notice.acknowledged` events stored, oldest first: subject, source and data. */
function ackEvents() {
  return [...storedEvents(handle.db, { types: ['notice.acknowledged'] })].map((body) => {
    const event = JSON.parse(body) as { subject: string; source: string; data: unknown };
    return [event.subject, event.source, event.data];
  });
}

describe('createNotice and getNotice', () => {
  it('record the notice with its buildings, level, text and pin, as sent now', () => {
    const id = notice('orange', ['east', 'west']);
    expect(getNotice(handle.db, id)).toEqual({
      id,
      buildingIds: ['east', 'west'],
      level: 'orange',
      text: 'orange notice',
      authorId: ADMIN,
      pinned: true,
      sentAt: T0,
    });
  });

  it('find no notice for an unknown id', () => {
    expect(getNotice(handle.db, 404)).toBeUndefined();
  });

  it('audit a notice as sent, under its building when it went to one', () => {
    const id = notice('info', ['east']);
    expect(auditRows(handle.db, 'notice.send').map((r) => [r.actor, r.buildingId, r.subject, r.details])).toEqual([
      [ADMIN, 'east', `notice:${id}`, { level: 'info', buildings: ['east'] }],
    ]);
  });

  it('audit an alert of several buildings under none, and one of the scheduler with no author', () => {
    const id = notice('red', ['east', 'west'], T0, null);
    expect(getNotice(handle.db, id)?.authorId).toBeNull();
    expect(auditRows(handle.db, 'alert.send').map((r) => [r.actor, r.buildingId, r.details])).toEqual([
      [null, null, { level: 'red', buildings: ['east', 'west'] }],
    ]);
    expect(auditRows(handle.db, 'notice.send')).toEqual([]);
  });
});

describe('acknowledge and ackCount', () => {
  it('take one "Got it" per household: a second member’s changes nothing', () => {
    const id = notice();
    expect(ack(id, ANN, h1502)).toBe(true);
    expect(ack(id, BO, h1502)).toBe(false);
    expect(ack(id, ANN, h1502)).toBe(false);
    expect(ackCount(handle.db, id)).toBe(1);
    expect(auditRows(handle.db, 'notice.ack').map((r) => [r.actor, r.buildingId, r.subject, r.at])).toEqual([
      [ANN, 'east', `notice:${id}`, T0 + MINUTE],
    ]);
  });

  it('take one per resident without a household', () => {
    const id = notice();
    expect(ack(id, DEE, null)).toBe(true);
    expect(ack(id, DEE, null)).toBe(false);
    expect(ack(id, ADMIN, null)).toBe(true);
    expect(ackCount(handle.db, id)).toBe(2);
  });

  it('count per notice, and per building when asked', () => {
    const both = notice('yellow', ['east', 'west']);
    const other = notice();
    ack(both, ANN, h1502);
    ack(both, CY, h902);
    ack(both, DEE, null, 'west');
    ack(other, CY, h902);
    expect(ackCount(handle.db, both)).toBe(3);
    expect(ackCount(handle.db, both, 'east')).toBe(2);
    expect(ackCount(handle.db, both, 'west')).toBe(1);
    expect(ackCount(handle.db, other)).toBe(1);
    expect(ackCount(handle.db, notice())).toBe(0);
  });
});

describe('the notice.acknowledged event', () => {
  it("is recorded when a press changes how many households acknowledged, with the building's counts only", () => {
    const id = notice();
    ack(id, ANN, h1502);
    ack(id, BO, h1502);
    ack(id, ANN, h1502);
    expect(ackEvents()).toEqual([
      [String(id), 'mutual-aid-bot/east', { notice: id, building: 'east', acknowledged: 1, households: 2 }],
    ]);
    ack(id, CY, h902, 'east', T0 + 2 * MINUTE);
    expect(ackEvents()).toEqual([
      [String(id), 'mutual-aid-bot/east', { notice: id, building: 'east', acknowledged: 1, households: 2 }],
      [String(id), 'mutual-aid-bot/east', { notice: id, building: 'east', acknowledged: 2, households: 2 }],
    ]);
  });

  it('is not recorded for a press that counts for no new household, as the card counts', () => {
    const id = notice();
    // a resident without a household is thanked, but counts for none
    expect(ack(id, DEE, null)).toBe(true);
    expect(ack(id, ADMIN, null)).toBe(true);
    expect(ackEvents()).toEqual([]);
    // the admin registers 301 with Dee: their earlier presses count it (the card's count changed, by registering)
    const h301 = seedHousehold(handle.db, 'east', '301', [ADMIN, DEE], T0 + HOUR);
    expect(noticeReach(handle.db, id, 'east')).toMatchObject({ households: 3, acknowledged: 1 });
    // Dee pressing again as 301's member is a new press of the household, but 301 had acknowledged already
    expect(ack(id, DEE, h301, 'east', T0 + 2 * HOUR)).toBe(true);
    expect(ackEvents()).toEqual([]);
    ack(id, ANN, h1502, 'east', T0 + 3 * HOUR);
    expect(ackEvents()).toEqual([
      [String(id), 'mutual-aid-bot/east', { notice: id, building: 'east', acknowledged: 2, households: 3 }],
    ]);
  });

  it('is recorded per building of a notice sent to several', () => {
    seedHousehold(handle.db, 'west', '101', [DEE]);
    const id = notice('yellow', ['east', 'west']);
    ack(id, DEE, null, 'west');
    ack(id, ANN, h1502, 'east');
    expect(ackEvents()).toEqual([
      [String(id), 'mutual-aid-bot/west', { notice: id, building: 'west', acknowledged: 1, households: 1 }],
      [String(id), 'mutual-aid-bot/east', { notice: id, building: 'east', acknowledged: 1, households: 2 }],
    ]);
  });
});

describe('unacknowledgedUnits', () => {
  it('lists the registered units of the building that have not acknowledged, in natural order', () => {
    seedHousehold(handle.db, 'east', '1001', [DEE]);
    seedHousehold(handle.db, 'west', '101', [ADMIN]);
    const id = notice();
    expect(unacknowledgedUnits(handle.db, id, 'east')).toEqual(['902', '1001', '1502']);
    ack(id, BO, h1502);
    expect(unacknowledgedUnits(handle.db, id, 'east')).toEqual(['902', '1001']);
  });

  it('leaves out households nobody lives in any more', () => {
    seedHousehold(handle.db, 'east', '301');
    seedHousehold(handle.db, 'east', '1001', [CY], T0 + HOUR);
    expect(unacknowledgedUnits(handle.db, notice(), 'east')).toEqual(['1001', '1502']);
  });

  it('is empty once every registered household acknowledged', () => {
    const id = notice();
    ack(id, ANN, h1502);
    ack(id, CY, h902);
    expect(unacknowledgedUnits(handle.db, id, 'east')).toEqual([]);
  });
});

describe('noticeReach', () => {
  it('counts registered households, those of which a member pressed, and lists the others by floor', () => {
    seedHousehold(handle.db, 'east', '2-301', [DEE]);
    const id = notice();
    expect(noticeReach(handle.db, id, 'east')).toEqual({
      households: 3,
      acknowledged: 0,
      unread: ['2-301', '902', '1502'],
    });
    ack(id, BO, h1502);
    expect(noticeReach(handle.db, id, 'east')).toEqual({ households: 3, acknowledged: 1, unread: ['2-301', '902'] });
  });

  it('counts no household for a resident without one, until they register it', () => {
    const id = notice();
    ack(id, ADMIN, null);
    expect(noticeReach(handle.db, id, 'east')).toMatchObject({ households: 2, acknowledged: 0 });
    seedHousehold(handle.db, 'east', '301', [ADMIN], T0 + HOUR);
    expect(noticeReach(handle.db, id, 'east')).toEqual({ households: 3, acknowledged: 1, unread: ['902', '1502'] });
  });

  it('counts a press in another building for that building only', () => {
    const id = notice('info', ['east', 'west']);
    ack(id, ANN, null, 'west');
    expect(noticeReach(handle.db, id, 'east')).toMatchObject({ acknowledged: 0, unread: ['902', '1502'] });
  });

  it('leaves out households nobody lives in any more, even one that pressed', () => {
    const id = notice();
    ack(id, CY, h902);
    seedHousehold(handle.db, 'east', '1001', [CY], T0 + HOUR);
    // Cy moved to 1001 after pressing: 902 is empty, and 1001 counts through its member
    expect(noticeReach(handle.db, id, 'east')).toEqual({ households: 2, acknowledged: 1, unread: ['1502'] });
  });
});

describe('currentAlertLevel', () => {
  it('is none before any alert, notices not counting', () => {
    expect(currentAlertLevel(handle.db)).toBe('none');
    notice('info');
    expect(currentAlertLevel(handle.db)).toBe('none');
  });

  it('is the level of the latest alert, which lowers it as well as raises it', () => {
    notice('yellow', ['east'], T0);
    expect(currentAlertLevel(handle.db)).toBe('yellow');
    notice('red', ['east'], T0 + HOUR);
    expect(currentAlertLevel(handle.db)).toBe('red');
    notice('blue', ['east'], T0 + 2 * HOUR);
    notice('info', ['east'], T0 + 3 * HOUR);
    expect(currentAlertLevel(handle.db)).toBe('blue');
  });
});

describe('alertLevelsSent', () => {
  it('lists the level of every alert in the order they were sent, leaving plain notices out', () => {
    expect(alertLevelsSent(handle.db)).toEqual([]);
    notice('orange', ['east'], T0);
    notice('info', ['east'], T0 + MINUTE);
    notice('red', ['west'], T0 + HOUR);
    notice('blue', ['east', 'west'], T0 + 2 * HOUR);
    expect(alertLevelsSent(handle.db)).toEqual(['orange', 'red', 'blue']);
  });
});

describe('noticesSentSince', () => {
  it('lists the notices and alerts sent to the building from that time on, oldest first', () => {
    notice('info', ['east'], T0 - 1);
    const atSince = notice('info', ['east'], T0);
    const shared = notice('yellow', ['west', 'east'], T0 + HOUR);
    notice('info', ['west'], T0 + HOUR);
    const latest = notice('info', ['east'], T0 + 2 * HOUR);
    expect(noticesSentSince(handle.db, 'east', T0).map((n) => n.id)).toEqual([atSince, shared, latest]);
    expect(noticesSentSince(handle.db, 'east', T0 + 2 * HOUR + 1)).toEqual([]);
  });
});

describe('queueNoticeCopies', () => {
  it('gives each building the card of its own households, however many buildings share a language', () => {
    const declared = seedBuildings(handle.db, ['east', 'west', 'north']);
    seedHousehold(handle.db, 'north', '101', [DEE]);
    const { config } = parseConfig({ buildings: declared });
    const context = { translate: translatorOf(createI18n()), config };
    handle.db.transaction((tx) => {
      const published = recordNotice(
        tx,
        config,
        {
          buildingIds: ['east', 'west', 'north'],
          level: 'red',
          text: 'Stay in',
          authorId: ADMIN,
          pin: false,
          notBefore: null,
        },
        T0,
      );
      queueNoticeCopies(tx, context, published, published.buildingIds, null, T0);
    });
    const texts = handle.db
      .select({ chatId: outbox.chatId, payload: outbox.payload })
      .from(outbox)
      .orderBy(outbox.id)
      .all()
      .map((row) => [row.chatId, String(row.payload.text).split('\n').at(-1)]);
    // east has two households (1502 and 902), west none, north one: three counts, all in English
    expect(texts).toEqual([
      [declared[0]!.chatId, '✅ 0 households got it (of 2 registered)'],
      [declared[1]!.chatId, '✅ 0 households got it (of 0 registered)'],
      [declared[2]!.chatId, '✅ 0 households got it (of 1 registered)'],
    ]);
  });
});

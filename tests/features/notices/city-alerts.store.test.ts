import { and, eq, like } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createI18n, translatorOf } from '../../../src/bot/i18n.ts';
import { parseConfig } from '../../../src/config/index.ts';
import type { DatabaseHandle } from '../../../src/db/open.ts';
import { outbox } from '../../../src/db/schema.ts';
import {
  cityAlertsState,
  lastOutboxId,
  pinsAfterCopies,
  rememberCityAlert,
  reportCityAlerts,
} from '../../../src/features/notices/city-alerts.store.ts';
import { queueNoticeCopies, recordNotice } from '../../../src/features/notices/notices.messages.ts';
import { openTestDatabase, seedBuildings, T0 } from '../../db/memory-db.ts';

const events = { webhooks: [], timezone: 'UTC' };
const buildings = ['east', 'west', 'north'];

let handle: DatabaseHandle;
let noticeId: number;
let chats: number[];
let queueOtherNotice: () => void;
/** A red city alert to every building, its copies queued (with their pins, or `pinsLater`); returns its notice. */
let queueAlert: (alertId: string, text: string, pinsLater: boolean) => number;
beforeEach(() => {
  handle = openTestDatabase();
  const declared = seedBuildings(handle.db, buildings);
  chats = declared.map((b) => b.chatId);
  const { config } = parseConfig({ buildings: declared });
  const context = { translate: translatorOf(createI18n()), config };
  queueOtherNotice = () =>
    handle.db.transaction((tx) => {
      const other = recordNotice(
        tx,
        config,
        { buildingIds: ['east'], level: 'info', text: 'Water at 9', authorId: null, pin: false, notBefore: null },
        T0,
      );
      queueNoticeCopies(tx, context, other, ['east'], null, T0);
    });
  queueAlert = (alertId, text, pinsLater) =>
    handle.db.transaction((tx) => {
      const notice = recordNotice(
        tx,
        config,
        { buildingIds: buildings, level: 'red', text, authorId: null, pin: true, notBefore: null },
        T0,
      );
      const after = lastOutboxId(tx);
      queueNoticeCopies(tx, context, notice, buildings, null, T0, { pinsLater });
      if (!pinsLater) pinsAfterCopies(tx, after);
      const queued = buildings.length;
      rememberCityAlert(tx, alertId, { id: notice.id, buildings: queued, queued, after, pinsLater });
      return notice.id;
    });
  // a copy of another notice before the alert's: not one of its copies
  queueOtherNotice();
  // as alerts were remembered before their pins waited for the report
  noticeId = queueAlert('hub-1', 'Gas leak', false);
});
afterEach(() => handle.close());

/** Marks the alert's message of `method` to the chat as sent (or failed). */
function settle(
  chatId: number,
  method: 'sendMessage' | 'pinChatMessage',
  status: 'sent' | 'failed' = 'sent',
  notice = noticeId,
): void {
  handle.db
    .update(outbox)
    .set({ status })
    .where(and(eq(outbox.chatId, chatId), eq(outbox.method, method), like(outbox.ref, `notice:${notice}:%`)))
    .run();
}

/** The pins queued, with what they pin. */
function pins(): Array<{ chatId: number; priority: number; payload: unknown }> {
  return handle.db
    .select({ chatId: outbox.chatId, priority: outbox.priority, payload: outbox.payload })
    .from(outbox)
    .where(eq(outbox.method, 'pinChatMessage'))
    .orderBy(outbox.id)
    .all();
}

describe('cityAlertsState', () => {
  it('is sending while any copy waits, the newest or an older one, and ready once none does', () => {
    expect(cityAlertsState(handle.db)).toBe('sending');
    // the newest copy left first (an older one waits for a retry): still sending
    settle(chats[2]!, 'sendMessage');
    settle(chats[1]!, 'sendMessage');
    expect(cityAlertsState(handle.db)).toBe('sending');
    // the last copy given up counts as gone; the pins still waiting do not hold the report
    settle(chats[0]!, 'sendMessage', 'failed');
    expect(cityAlertsState(handle.db)).toBe('ready');
  });

  it('does not take the copies of other notices, before or after it, for its own', () => {
    queueOtherNotice();
    for (const chat of chats) settle(chat, 'sendMessage');
    // the other notices' copies to east are still pending
    expect(handle.db.select().from(outbox).where(eq(outbox.status, 'pending')).all().length).toBeGreaterThan(0);
    expect(cityAlertsState(handle.db)).toBe('ready');
    expect(handle.db.transaction((tx) => reportCityAlerts(tx, events, T0))).toBe(1);
    expect(cityAlertsState(handle.db)).toBe('none');
  });
});

describe('reportCityAlerts', () => {
  it('queues the pins of an alert that left them for its report, one for each copy sent, after the copies', () => {
    for (const chat of chats) settle(chat, 'sendMessage');
    expect(handle.db.transaction((tx) => reportCityAlerts(tx, events, T0))).toBe(1);
    // the alert remembered before pins waited: its pins came with its copies, and its report adds none
    const before = pins();
    expect(before).toHaveLength(3);

    const later = queueAlert('hub-2', 'Flood', true);
    expect(pins()).toEqual(before);
    settle(chats[0]!, 'sendMessage', 'sent', later);
    expect(handle.db.transaction((tx) => reportCityAlerts(tx, events, T0))).toBe(0);
    expect(pins()).toEqual(before);
    settle(chats[1]!, 'sendMessage', 'failed', later);
    settle(chats[2]!, 'sendMessage', 'sent', later);
    expect(handle.db.transaction((tx) => reportCityAlerts(tx, events, T0))).toBe(1);
    // the copy given up has no pin; a red alert's pins notify, in the answers' lane (1), behind any urgent message
    expect(pins().slice(3)).toEqual(
      [chats[0]!, chats[2]!].map((chatId, i) => ({
        chatId,
        priority: 1,
        payload: { message_ref: `notice:${later}:${buildings[i === 0 ? 0 : 2]}`, disable_notification: false },
      })),
    );
    // reported once: pinned once
    expect(handle.db.transaction((tx) => reportCityAlerts(tx, events, T0))).toBe(0);
    expect(pins()).toHaveLength(5);
  });
});

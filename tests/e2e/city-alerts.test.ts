import { afterEach, describe, expect, it } from 'vitest';
import { createI18n, translatorOf } from '../../src/bot/i18n.ts';
import { openDatabase } from '../../src/db/open.ts';
import { webhookSignature } from '../../src/features/events/events.ts';
import { lastOutboxId, pinsAfterCopies, rememberCityAlert } from '../../src/features/notices/city-alerts.store.ts';
import { queueNoticeCopies, recordNotice } from '../../src/features/notices/notices.messages.ts';
import { startTestBot, type TestBot, testConfigInput, world } from './harness.ts';

// A district bot's side of city alerts (SPEC §7): POST /v1/alerts on its HTTP server, signed by the hub.
const SECRET = 'alert-secret-of-this-district';
let t: TestBot;
afterEach(async () => {
  await t?.close();
});

function cityAlert(id: string, level: string, text: string): string {
  return JSON.stringify({
    specversion: '1.0',
    id,
    source: 'mutual-aid-hub',
    type: 'org.mutualaid.alert.issued',
    time: '2026-04-01T00:00:00.000Z',
    datacontenttype: 'application/json',
    subject: id,
    data: { level, text, city: 'Test city' },
  });
}

async function post(body: string, signature = webhookSignature(body, SECRET)) {
  const res = await fetch(`http://127.0.0.1:${t.app.httpPort}/v1/alerts`, {
    method: 'POST',
    headers: { 'content-type': 'application/cloudevents+json', 'x-signature-256': signature },
    body,
  });
  return { status: res.status, json: (await res.json().catch(() => null)) as unknown };
}

function rows(sql: string): Array<Record<string, unknown>> {
  return t.app.database.sqlite.prepare(sql).all() as Array<Record<string, unknown>>;
}

/** The `alert.delivered` events once there are `n` (looked for every 20 ms, for at most `timeoutMs`). */
async function reported(n: number, timeoutMs = 3000): Promise<Array<Record<string, unknown>>> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const found = rows("SELECT subject, body FROM events WHERE type = 'alert.delivered' ORDER BY seq");
    if (found.length >= n || performance.now() > deadline) return found;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * The bot with the hub's secret and `towers` buildings more than the test world's two, the bot an admin of every group
 * (pinning takes the right to); returns the groups' chat ids.
 */
async function startWithTowers(towers: number, overrides: Record<string, unknown> = {}): Promise<number[]> {
  const extra = Array.from({ length: towers }, (_, i) => ({
    id: `x${i + 1}`,
    name: `Tower ${i + 1}`,
    chatId: -1001000000100 - i,
    language: 'en',
  }));
  const input = testConfigInput({ hub: { alertSecret: SECRET }, ...overrides });
  t = await startTestBot({
    http: true,
    config: { ...input, buildings: [...(input.buildings as unknown[]), ...extra] },
    prepare: (tg) => {
      for (const b of extra) tg.addChat({ id: b.chatId, type: 'supergroup', title: b.name });
    },
  });
  const chats = [world.b3.chatId, world.b7.chatId, ...extra.map((b) => b.chatId)];
  for (const chat of chats) t.tg.setMember(chat, t.tg.botInfo.id, 'administrator');
  return chats;
}

describe('POST /v1/alerts', () => {
  it('is rehearsed when the bot starts, and the rehearsal keeps nothing: no notice, copy, pin, event or audit', async () => {
    const groups = await startWithTowers(3);
    expect(t.logs.filter((line) => /rehearsal/.test(line.msg))).toEqual([]);
    for (const table of ['notices', 'outbox', 'events'])
      expect(rows(`SELECT count(*) AS n FROM ${table}`), table).toEqual([{ n: 0 }]);
    // the config's buildings are audited as they are registered; nothing else
    expect(rows("SELECT count(*) AS n FROM audit_log WHERE subject LIKE 'notice%' OR action LIKE '%notice%'")).toEqual([
      { n: 0 },
    ]);
    expect(rows("SELECT key FROM app_settings WHERE key LIKE 'hub.alert:%'")).toEqual([]);
    await t.app.outbox.idle(5000);
    for (const chat of groups) expect(t.tg.botMessages(chat)).toEqual([]);
  });

  it('issues a signed city alert to every building once, pinned, in the urgent lane, and reports it delivered', async () => {
    t = await startTestBot({ http: true, config: testConfigInput({ hub: { alertSecret: SECRET } }) });
    // pinning takes the right to
    for (const chat of [world.b3.chatId, world.b7.chatId]) t.tg.setMember(chat, t.tg.botInfo.id, 'administrator');
    const body = cityAlert('hub-alert-1', 'red', 'Stay inside: testing in every building at 9:00');
    expect(await post(body)).toEqual({ status: 200, json: { notice: 1, duplicate: false } });
    // in the outbox's urgent lane (0), as the bot's own /alert: ahead of answers and bulk posts
    expect(rows("SELECT DISTINCT priority, kind FROM outbox WHERE ref LIKE 'notice:1:%'")).toEqual([
      { priority: 0, kind: 'alert' },
    ]);
    // the pins wait for the report, every copy sent: while the copies leave, a pin queued with each is only a write
    expect(rows("SELECT count(*) AS n FROM outbox WHERE method = 'pinChatMessage'")).toEqual([{ n: 0 }]);
    await t.app.outbox.idle(5000);
    expect((await reported(1)).length).toBe(1);
    await t.app.outbox.idle(5000);
    for (const chat of [world.b3.chatId, world.b7.chatId]) {
      const alerts = t.tg.botMessages(chat).filter((m) => m.text?.includes('Stay inside: testing'));
      expect(alerts).toHaveLength(1);
      expect(t.tg.pinned(chat)).toEqual([alerts[0]!.message_id]);
    }
    // the hub's retry (its answer lost): accepted, nothing sent again
    const sent = t.tg.calls.filter((c) => c.method === 'sendMessage').length;
    expect(await post(body)).toEqual({ status: 200, json: { notice: 1, duplicate: true } });
    await t.app.outbox.idle(5000);
    expect(t.tg.calls.filter((c) => c.method === 'sendMessage').length).toBe(sent);
    expect(rows('SELECT count(*) AS n FROM notices')).toEqual([{ n: 1 }]);

    // reported up as soon as every building's copy left the outbox, without waiting for the scheduler's due check
    const reports = await reported(1);
    expect(reports).toHaveLength(1);
    expect(JSON.parse(reports[0]!.body as string)).toMatchObject({
      type: 'org.mutualaid.alert.delivered',
      source: 'mutual-aid-bot/all',
      subject: '1',
      data: { hubAlert: 'hub-alert-1', notice: 1, buildings: 2, delivered: 2, failed: 0 },
    });
    t.app.scheduler.tick();
    expect(rows("SELECT type FROM events WHERE type LIKE 'alert.%' ORDER BY seq")).toEqual([
      { type: 'alert.issued' },
      { type: 'alert.delivered' },
    ]);
  });

  it('sends every building its copy before any pin, and reports the alert up within a second of the last copy', async () => {
    // more buildings than the outbox sends at once (30): with each pin queued right behind its copy in the urgent
    // lane, pins would go before most of the buildings had the alert
    await startWithTowers(38);
    const from = t.tg.calls.length;
    expect((await post(cityAlert('hub-alert-5', 'red', 'Shelter in place now'))).status).toBe(200);
    await t.app.outbox.idle(5000);
    // no scheduler tick here (its due check runs every 15 s): the district's own look finds the copies gone
    const lastCopyAt = performance.now();
    const reports = await reported(1);
    expect(performance.now() - lastCopyAt).toBeLessThan(1000);
    expect(JSON.parse(reports[0]!.body as string)).toMatchObject({
      data: { hubAlert: 'hub-alert-5', buildings: 40, delivered: 40, failed: 0 },
    });
    // the pins, queued with the report
    await t.app.outbox.idle(5000);
    const calls = t.tg.calls.slice(from).filter((c) => c.status === 200);
    const copies = calls.filter((c) => c.method === 'sendMessage' && String(c.params.text).includes('Shelter in'));
    const pins = calls.filter((c) => c.method === 'pinChatMessage');
    expect(copies).toHaveLength(40);
    expect(pins).toHaveLength(40);
    expect(new Set(pins.map((c) => c.params.chat_id))).toEqual(new Set(copies.map((c) => c.params.chat_id)));
    const firstPin = calls.indexOf(pins[0]!);
    expect(copies.filter((c) => calls.indexOf(c) > firstPin)).toEqual([]);
  });

  it('queues the copies a part at a time, and after a stop between parts queues the rest once at the next start', async () => {
    const chats = await startWithTowers(38, { outbox: { editIntervalSeconds: 0, perSecond: 15 } });
    const buildingIds = t.config.buildings.map((b) => b.id);
    // what a district stopped (or killed) after an alert's first part leaves (parts of 15 here; 10 in this one): the notice, 10 buildings' copies
    // and pins, the alert remembered with 10 of 40 queued
    const path = t.app.database.sqlite.name;
    await t.restart(() => {
      const handle = openDatabase(path);
      handle.db.transaction((tx) => {
        const notice = recordNotice(
          tx,
          t.config,
          {
            buildingIds,
            level: 'red',
            text: 'Gas leak: leave by the stairs',
            authorId: null,
            pin: true,
            notBefore: null,
          },
          t.clock.now(),
        );
        const before = lastOutboxId(tx);
        const context = { translate: translatorOf(createI18n()), config: t.config };
        queueNoticeCopies(tx, context, notice, buildingIds.slice(0, 10), null, t.clock.now());
        pinsAfterCopies(tx, before);
        rememberCityAlert(tx, 'hub-alert-7', { id: notice.id, buildings: 40, queued: 10, after: before });
      });
      handle.close();
    });
    const reports = await reported(1, 10_000);
    expect(JSON.parse(reports[0]!.body as string)).toMatchObject({
      data: { hubAlert: 'hub-alert-7', buildings: 40, delivered: 40, failed: 0 },
    });
    await t.app.outbox.idle(10_000);
    for (const chat of chats) {
      const copies = t.tg.botMessages(chat).filter((m) => m.text?.includes('Gas leak'));
      expect(copies, `chat ${chat}`).toHaveLength(1);
      expect(t.tg.pinned(chat)).toEqual([copies[0]!.message_id]);
    }
    // the hub's retry of it changes nothing
    expect((await post(cityAlert('hub-alert-7', 'red', 'Gas leak: leave by the stairs'))).json).toEqual({
      notice: 1,
      duplicate: true,
    });

    // a new alert in parts of 15: every building once, each copy before any pin (8 in flight at most)
    const from = t.tg.calls.length;
    expect((await post(cityAlert('hub-alert-8', 'orange', 'Water off until noon'))).status).toBe(200);
    const issued = await reported(2, 10_000);
    expect(JSON.parse(issued[1]!.body as string)).toMatchObject({ data: { hubAlert: 'hub-alert-8', delivered: 40 } });
    await t.app.outbox.idle(10_000);
    const calls = t.tg.calls.slice(from).filter((c) => c.status === 200);
    const copies = calls.filter((c) => c.method === 'sendMessage' && String(c.params.text).includes('Water off'));
    expect(new Set(copies.map((c) => c.params.chat_id)).size).toBe(40);
    expect(copies).toHaveLength(40);
    const firstPin = calls.findIndex((c) => c.method === 'pinChatMessage');
    expect(copies.filter((c) => calls.indexOf(c) > firstPin).length).toBeLessThanOrEqual(7);
  });

  it('refuses a forged or unsigned alert and one that is not a city alert, storing nothing', async () => {
    t = await startTestBot({ http: true, config: testConfigInput({ hub: { alertSecret: SECRET } }) });
    const body = cityAlert('hub-alert-2', 'red', 'Forged');
    expect((await post(body, webhookSignature(body, 'another-secret-16-chars'))).status).toBe(401);
    expect((await post(body, '')).status).toBe(401);
    const wrongLevel = cityAlert('hub-alert-3', 'purple', 'Nope');
    expect((await post(wrongLevel)).status).toBe(400);
    expect((await post('not json')).status).toBe(400);
    expect(rows('SELECT count(*) AS n FROM notices')).toEqual([{ n: 0 }]);
    expect(rows("SELECT count(*) AS n FROM app_settings WHERE key LIKE 'hub.alert:%'")).toEqual([{ n: 0 }]);
  });

  it('is not served without a hub in the config', async () => {
    t = await startTestBot({ http: true });
    expect((await post(cityAlert('hub-alert-4', 'red', 'No hub here'))).status).toBe(404);
  });
});

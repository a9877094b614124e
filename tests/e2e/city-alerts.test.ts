import { afterEach, describe, expect, it } from 'vitest';
import { webhookSignature } from '../../src/features/events/events.ts';
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

describe('POST /v1/alerts', () => {
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

    // the due check reports it up once every building's copy left the outbox
    t.app.scheduler.tick();
    t.app.scheduler.tick();
    const reports = rows("SELECT subject, body FROM events WHERE type = 'alert.delivered'");
    expect(reports).toHaveLength(1);
    expect(JSON.parse(reports[0]!.body as string)).toMatchObject({
      type: 'org.mutualaid.alert.delivered',
      source: 'mutual-aid-bot/all',
      subject: '1',
      data: { hubAlert: 'hub-alert-1', notice: 1, buildings: 2, delivered: 2, failed: 0 },
    });
    expect(rows("SELECT type FROM events WHERE type LIKE 'alert.%' ORDER BY seq")).toEqual([
      { type: 'alert.issued' },
      { type: 'alert.delivered' },
    ]);
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

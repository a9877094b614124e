import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RunningHub, startHub } from '../../src/hub/hub.ts';
import { hasChromium, launchChromium } from '../chromium.ts';
import {
  type DistrictReceiver,
  districtEvent,
  hubConfig,
  postSigned,
  quietLogger,
  startDistrictReceiver,
  VIEWER_TOKEN,
} from './helpers.ts';
import { createTestDatabase, type TestDatabase } from './pg.ts';

// The command room's page (`GET /` on the hub, SPEC §7) in headless Chromium, against a hub on the real PostgreSQL.

let database: TestDatabase;
let sql: pg.Pool;
let browser: Browser | undefined;
let hub: RunningHub | undefined;
const receivers: DistrictReceiver[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  sql = new pg.Pool({ connectionString: database.url, max: 2 });
  if (!hasChromium) return;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await sql?.end();
  await database?.drop();
});
afterEach(async () => {
  await hub?.stop();
  hub = undefined;
  for (const receiver of receivers.splice(0)) await receiver.close();
});

/** A hub of districts d1 and d2 (stand-in receivers for their `POST /v1/alerts`), its tables emptied. */
async function startCity(): Promise<{ base: string; d1: DistrictReceiver; d2: DistrictReceiver }> {
  const [d1, d2] = await Promise.all([startDistrictReceiver(), startDistrictReceiver()]);
  receivers.push(d1!, d2!);
  hub = await startHub({
    config: hubConfig([d1!.url, d2!.url]),
    databaseUrl: database.url,
    logger: quietLogger,
    port: 0,
    sender: { concurrency: 2, pollMs: 50, timeoutMs: 2000, retry: { firstMs: 20, maxMs: 200, giveUpMs: 60_000 } },
  });
  await sql.query('TRUNCATE events, needs, notices, notice_acks, alert_reports, alert_deliveries, alerts');
  return { base: `http://127.0.0.1:${hub.port}`, d1: d1!, d2: d2! };
}

async function openPage(base: string): Promise<Page> {
  const page = await browser!.newPage();
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(err.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().includes('401')) problems.push(m.text());
  });
  await page.goto(`${base}/`);
  (page as Page & { problems: string[] }).problems = problems;
  return page;
}

const problemsOf = (page: Page) => (page as Page & { problems: string[] }).problems;

async function signIn(page: Page, token: string): Promise<void> {
  await page.locator('#token').fill(token);
  await page.getByRole('button', { name: 'Open' }).click();
}

describe('the command room page', () => {
  it.skipIf(!hasChromium)(
    "shows each district's counts from the overview after events were posted, and keeps the token in the tab",
    async () => {
      const { base } = await startCity();
      const now = Date.now();
      const send = (n: number, type: string, subject: string, data: unknown) =>
        postSigned(
          `${base}/v1/events/d1`,
          districtEvent({
            id: `d1-${n}`,
            type,
            building: 'b3',
            subject,
            time: new Date(now - 60_000 + n * 1000).toISOString(),
            data,
          }),
          'events-secret-of-d1',
        );
      const posted = new Date(now - 75 * 60_000).toISOString();
      expect(
        (await send(1, 'need.created', '1', { building: 'b3', status: 'open', priority: 'urgent', createdAt: posted }))
          .status,
      ).toBe(200);
      await send(2, 'need.created', '2', { building: 'b3', status: 'open', priority: 'high' });
      await send(3, 'need.created', '3', { building: 'b3', status: 'open', priority: 'urgent' });
      await send(4, 'need.claimed', '3', { building: 'b3', status: 'claimed', priority: 'urgent' });
      await send(5, 'checkin.answered', 'b3', {});
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
      await send(7, 'checkin.missed', today, { building: 'b9', day: today, missed: 2 });
      await send(8, 'survey.updated', 'b3', { building: 'b3', households: 12, answered: 5, counts: {} });
      await send(9, 'alert.issued', '4', { id: 4, buildings: ['b3', 'b9'], level: 'orange', sentAt: posted });
      await send(10, 'notice.acknowledged', '4', { notice: 4, building: 'b3', acknowledged: 7, households: 12 });

      const page = await openPage(base);
      await expect.poll(() => page.locator('#login').isVisible()).toBe(true);
      await signIn(page, VIEWER_TOKEN);

      const d1 = page.locator('#districts tbody tr[data-district="d1"]');
      await expect.poll(() => d1.locator('[data-count="open-urgent"]').textContent()).toBe('1');
      expect(await d1.locator('[data-count="open-high"]').textContent()).toBe('1');
      expect(await d1.locator('[data-count="open-normal"]').textContent()).toBe('0');
      expect(await d1.locator('[data-count="claimed"]').textContent()).toBe('1');
      expect(await d1.locator('li[data-type="need.created"]').textContent()).toBe('need.created: 3');
      expect(await d1.locator('li[data-type="need.claimed"]').textContent()).toBe('need.claimed: 1');
      expect(await d1.locator('li[data-type="checkin.answered"]').textContent()).toBe('checkin.answered: 1');
      expect(await d1.textContent()).toContain('live');
      expect(await d1.textContent()).toContain('s ago');
      // d2 never sent anything: silent
      const d2 = page.locator('#districts tbody tr[data-district="d2"]');
      expect(await d2.textContent()).toContain('silent');
      expect(await d2.textContent()).toContain('never');
      expect(await page.locator('#total-events').textContent()).toBe('9');
      expect(await d1.locator('[data-count="oldest-urgent"]').textContent()).toBe('1 h 15 min');
      expect(await d1.locator('[data-count="checkins-missed"]').textContent()).toBe('2');
      expect(await d1.locator('[data-count="surveyed"]').textContent()).toBe('5 of 12');
      // the district's buildings, one row each, shown on demand and kept open across refreshes
      const buildings = page.locator('details[data-buildings="d1"]');
      expect(await buildings.locator('summary').textContent()).toBe('2 buildings');
      await buildings.locator('summary').click();
      const b3 = buildings.locator('tr[data-building="b3"]');
      await expect.poll(() => b3.isVisible()).toBe(true);
      expect(await b3.locator('[data-count="open-urgent"]').textContent()).toBe('1');
      expect(await b3.locator('[data-count="claimed"]').textContent()).toBe('1');
      expect(await b3.locator('[data-count="oldest-urgent"]').textContent()).toBe('1 h 15 min');
      expect(await b3.locator('[data-count="latest-notice"]').textContent()).toContain('orange #4');
      expect(await b3.locator('[data-count="acknowledged"]').textContent()).toBe('7/12 acknowledged');
      expect(await b3.locator('[data-count="surveyed"]').textContent()).toBe('5 of 12');
      const b9 = buildings.locator('tr[data-building="b9"]');
      expect(await b9.locator('[data-count="checkins-missed"]').textContent()).toBe('2');
      expect(await b9.locator('[data-count="surveyed"]').textContent()).toBe('—');
      // b9 reported no acknowledgement yet: none known, and not how many households it has
      expect(await b9.locator('[data-count="acknowledged"]').textContent()).toBe('0/? acknowledged');
      await page.getByRole('button', { name: 'Refresh' }).click();
      await expect.poll(() => b9.isVisible()).toBe(true);
      expect(await page.locator('#total-open-urgent').textContent()).toBe('1');
      expect(await page.locator('#total-silent').textContent()).toBe('1');
      expect(await page.locator('#city').textContent()).toBe('Test city');

      // the token stays in this tab's sessionStorage: a reload opens the room without asking again
      await page.reload();
      await expect.poll(() => d1.locator('[data-count="open-urgent"]').textContent()).toBe('1');
      expect(await page.locator('#login').isVisible()).toBe(false);
      // a new event shows on the next refresh
      await send(6, 'need.created', '6', { building: 'b3', status: 'open', priority: 'normal' });
      await page.getByRole('button', { name: 'Refresh' }).click();
      await expect.poll(() => d1.locator('[data-count="open-normal"]').textContent()).toBe('1');
      expect(problemsOf(page)).toEqual([]);
      await page.close();
    },
  );

  it.skipIf(!hasChromium)('refuses a wrong token with an error and shows no data', async () => {
    const { base } = await startCity();
    const page = await openPage(base);
    await signIn(page, 'not-the-token');
    await expect.poll(() => page.locator('#error').isVisible()).toBe(true);
    expect(await page.locator('#error').textContent()).toContain('refused this viewer token');
    expect(await page.locator('#room').isVisible()).toBe(false);
    expect(await page.locator('#login').isVisible()).toBe(true);
    // the refused token is not kept
    expect(await page.evaluate('sessionStorage.length')).toBe(0);
    // the right one then opens the room and clears the error
    await signIn(page, VIEWER_TOKEN);
    await expect.poll(() => page.locator('#room').isVisible()).toBe(true);
    expect(await page.locator('#error').isVisible()).toBe(false);
    await page.close();
  });

  it.skipIf(!hasChromium)(
    'issues a city alert from the form: recorded, delivered to the district ticked, its status shown',
    async () => {
      const { base, d1, d2 } = await startCity();
      const page = await openPage(base);
      await signIn(page, VIEWER_TOKEN);
      await expect.poll(() => page.locator('#alert-districts input[value="d1"]').count()).toBe(1);
      expect(await page.locator('#no-alerts').isVisible()).toBe(true);

      await page.locator('#level').selectOption('red');
      await page.locator('#text').fill('Stay inside: <b>gas leak</b> on Elm Street');
      await page.locator('#alert-districts input[value="d1"]').check();
      const dialogs: string[] = [];
      page.once('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.accept();
      });
      await page.getByRole('button', { name: 'Issue alert' }).click();

      await d1.waitFor(1);
      const alerts = await sql.query<{ id: string; level: string; text: string; sent_by: string }>(
        'SELECT id, level, text, sent_by FROM alerts',
      );
      expect(alerts.rows).toHaveLength(1);
      const alert = alerts.rows[0]!;
      expect(alert).toMatchObject({
        level: 'red',
        text: 'Stay inside: <b>gas leak</b> on Elm Street',
        sent_by: 'command room',
      });
      expect(dialogs[0]).toContain('RED city alert to d1');
      const received = JSON.parse(d1.received[0]!.body) as { id: string; data: { level: string; text: string } };
      expect(received.id).toBe(alert.id);
      expect(received.data).toMatchObject({ level: 'red', text: 'Stay inside: <b>gas leak</b> on Elm Street' });
      expect(d2.received).toHaveLength(0);

      // the sender may deliver before the page has read the API's answer
      await expect
        .poll(() => page.locator('#alert-result').textContent())
        .toBe(`Alert ${alert.id} recorded for d1: delivery below.`);
      const row = page.locator(`#alerts tbody tr[data-alert="${alert.id}"][data-district="d1"]`);
      await expect
        .poll(() => row.locator('[data-status]').getAttribute('data-status'), { timeout: 5000 })
        .toBe('delivered');
      expect(await row.textContent()).toContain('awaiting the district');
      expect(await page.locator(`#alerts tbody tr[data-alert="${alert.id}"]`).count()).toBe(1);
      expect(await page.locator('#no-alerts').isVisible()).toBe(false);

      // declining the confirmation sends nothing
      await page.locator('#text').fill('A second thought');
      page.once('dialog', (dialog) => void dialog.dismiss());
      await page.getByRole('button', { name: 'Issue alert' }).click();
      await page.waitForTimeout(200);
      expect((await sql.query('SELECT 1 FROM alerts')).rowCount).toBe(1);
      expect(problemsOf(page)).toEqual([]);
      await page.close();
    },
  );

  it('serves the page and its script with a strict content security policy, no token needed', async () => {
    const { base } = await startCity();
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).toContain('<script src="/command-room.js"></script>');
    const script = await fetch(`${base}/command-room.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('text/javascript');
    expect(await script.text()).toContain('/v1/overview');
  });
});

import { copyFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';
import { startSandbox } from '../../src/sandbox/sandbox.ts';
import { hasChromium, launchChromium } from '../chromium.ts';

const sizes = [
  { name: 'desktop', viewport: { width: 1200, height: 800 }, phone: false, screenshot: 'docs/sandbox.png' },
  { name: 'phone', viewport: { width: 390, height: 844 }, phone: true, screenshot: 'docs/sandbox-phone.png' },
];

let browser: Browser | undefined;
beforeAll(async () => {
  if (!hasChromium) return;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

// Run in the page (the tests are compiled without the DOM's types, so these are strings).
/** The document's width against the window's: wider means the page scrolls sideways. */
const widths = '({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth })';
/**
 * Once the toast shows (false before): its text and whatever button or composer it covers. A button inside the
 * scrolled message list counts by its visible part only.
 */
const toastCoverage = `(() => {
  const toast = document.getElementById('toast');
  if (toast.getClientRects().length === 0 || !toast.textContent) return false;
  const t = toast.getBoundingClientRect();
  const visible = (e) => {
    const r = e.getBoundingClientRect();
    const clip = e.closest('#messages')?.getBoundingClientRect() ?? r;
    return { left: Math.max(r.left, clip.left), right: Math.min(r.right, clip.right),
             top: Math.max(r.top, clip.top), bottom: Math.min(r.bottom, clip.bottom) };
  };
  const covers = (r) => r.left < r.right && r.top < r.bottom &&
    r.left < t.right && t.left < r.right && r.top < t.bottom && t.top < r.bottom;
  const covered = [...document.querySelectorAll('button, #composer')].filter((e) => covers(visible(e)));
  return { text: toast.textContent, covered: covered.map((e) => e.id || e.textContent) };
})()`;

/** Nothing scrolls sideways, and the composer's Send button is wholly inside the viewport. */
async function expectFits(page: Page, viewport: { width: number; height: number }, when: string): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate<{ scrollWidth: number; innerWidth: number }>(widths);
  expect(scrollWidth, `page width ${when}`).toBeLessThanOrEqual(innerWidth);
  // a phone browser widens its layout viewport to fit a page that overflows: the window must stay the screen's
  expect(innerWidth, `window width ${when}`).toBeLessThanOrEqual(viewport.width);
  const send = await page.locator('#composer').getByRole('button', { name: 'Send', exact: true }).boundingBox();
  expect(send, `Send button ${when}`).not.toBeNull();
  const inside =
    send!.x >= 0 &&
    send!.y >= 0 &&
    send!.x + send!.width <= viewport.width &&
    send!.y + send!.height <= viewport.height;
  expect(inside, `Send button inside the viewport ${when}: ${JSON.stringify(send)}`).toBe(true);
}

/** Opens a chat from the list: on a phone the list is a drawer behind the current chat's name. */
async function openChat(page: Page, title: string): Promise<void> {
  const toggle = page.locator('#chat-toggle');
  if (await toggle.isVisible()) await toggle.click();
  await page.locator('#chats').getByRole('button', { name: title, exact: true }).click();
}

/** Shows or hides the clock's controls: on a phone they fold behind the clock (on a desktop they always show). */
async function showTools(page: Page, open: boolean): Promise<void> {
  const toggle = page.locator('#tools-toggle');
  if (!(await toggle.isVisible())) return;
  if ((await toggle.getAttribute('aria-expanded')) !== String(open)) await toggle.click();
}

// .ci/run installs Debian's chromium; a developer without it is told so rather than failing on a missing binary
describe.each(sizes)('the sandbox page at $name size ($viewport.width×$viewport.height)', (size) => {
  it.skipIf(!hasChromium)(
    'lets a resident post a need, a volunteer claim it, and the clock bring the digest, in a browser',
    { timeout: 90_000 },
    async () => {
      const sandbox = await startSandbox({
        config: loadConfig('bot.config.json').config,
        logger: pino({ level: 'silent' }),
        port: 0,
        // a morning, whatever the time the test runs: no job is caught up at the start, and the claim made below
        // is still current at the evening digest
        startAt: Date.parse('2026-04-01T08:30:00+08:00'),
      });
      const context = await browser!.newContext({
        viewport: size.viewport,
        ...(size.phone ? { isMobile: true, hasTouch: true } : {}),
      });
      try {
        const page = await context.newPage();
        const problems: string[] = [];
        page.on('console', (m) => {
          if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
        });
        page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
        page.on('requestfailed', (r) => problems.push(`failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
        page.on('response', (r) => {
          if (r.status() >= 400) problems.push(`${r.status()}: ${r.url()}`);
        });

        await page.goto(sandbox.url);
        await page.locator('#chats button').first().waitFor({ state: 'attached' });
        await expectFits(page, size.viewport, 'on arrival');
        // the page names its icon, and a browser asking for /favicon.ico by habit gets one too
        const icon = await page.evaluate<string | null>("document.querySelector('link[rel~=icon]')?.href ?? null");
        expect(icon, 'the page links an icon').not.toBeNull();
        for (const url of [icon!, `${sandbox.url}/favicon.ico`]) {
          const response = await page.request.get(url);
          expect(response.status(), url).toBe(200);
          expect(response.headers()['content-type'], url).toMatch(/^image\//);
        }
        const resident = sandbox.people.users.find((u) => u.role === 'resident' && u.language === 'en')!;
        const volunteer = sandbox.people.users.find((u) => u.role === 'volunteer' && u.language === 'en')!;

        await page.selectOption('#person', String(resident.id));
        await openChat(page, 'Building 7');
        await page.fill('#text', '/home 1502');
        await page.press('#text', 'Enter');
        await page.getByText('registered in unit 1502').waitFor();
        // "Acting as" names the household just registered (read back from the bot's database)
        const actingAs = page.locator(`#person option[value="${resident.id}"]`, { hasText: 'Building 7, 1502' });
        await actingAs.waitFor({ state: 'attached' });
        expect(await actingAs.textContent()).toBe(`${resident.name} — Building 7, 1502`);
        // a long answer first, so the need's card below lands at the bottom of the chat, just above the composer
        await page.fill('#text', '/help');
        await page.press('#text', 'Enter');
        await page.getByText("I am this building's mutual-aid desk").waitFor();
        await page.fill('#text', '/need !! #medicine insulin for my father');
        await page.press('#text', 'Enter');
        const card = page.locator('.msg', { hasText: 'URGENT need #1' });
        await card.getByText('Status: open').waitFor();

        await page.selectOption('#person', String(volunteer.id));
        await openChat(page, 'Building 7');
        await expectFits(page, size.viewport, 'with a need card and its buttons');
        // the toast (the answer to the press) is checked the moment it shows: it covers no button and no composer
        const [coverage] = await Promise.all([
          page
            .waitForFunction(toastCoverage, undefined, { timeout: 10_000 })
            .then((h) => h.jsonValue() as Promise<{ text: string; covered: string[] }>),
          card.getByRole('button', { name: "🙋 I'll help" }).click(),
        ]);
        expect(coverage.text).not.toBe('');
        expect(coverage.covered).toEqual([]);
        await card.getByText(`Status: ${volunteer.name} is helping`).waitFor();
        expect(await card.getByRole('button').allTextContents()).toEqual(['↩️ Release', '✅ Done', '✖️ Cancel']);

        // forward to the next 19:30 in Shanghai, Building 7's digest time
        const now = sandbox.clock.now();
        const shanghai = new Date(now + 8 * 3600_000);
        const minutesNow = shanghai.getUTCHours() * 60 + shanghai.getUTCMinutes();
        const minutes = (19 * 60 + 30 - minutesNow + 24 * 60) % (24 * 60) || 24 * 60;
        await showTools(page, true);
        await expectFits(page, size.viewport, 'with the clock controls open');
        await page.fill('#minutes', String(minutes));
        await page.click('#advance');
        await page.getByText('📋 Digest of Building 7').waitFor({ timeout: 30_000 });
        await expect(page.locator('.msg', { hasText: '📋 Digest of Building 7' }).textContent()).resolves.toContain(
          'Open needs: 1',
        );
        await showTools(page, false);
        await expectFits(page, size.viewport, 'after the digest');
        expect(problems).toEqual([]);

        // the same picture whatever the timing: the toast (hidden 4 s after it shows) is dismissed as a click does
        await page.locator('#toast').dispatchEvent('click');
        const shot = join(tmpdir(), `mutual-aid-sandbox-${size.name}.png`);
        await page.screenshot({ path: shot });
        if (process.env.UPDATE_SCREENSHOT) copyFileSync(shot, size.screenshot);
        expect(existsSync(shot)).toBe(true);
      } finally {
        await context.close();
        await sandbox.stop();
      }
    },
  );
});

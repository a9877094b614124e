import { copyFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';
import { type Sandbox, startSandbox } from '../../src/sandbox/sandbox.ts';

const chromiumPath = '/usr/bin/chromium';
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({
    config: loadConfig('bot.config.json').config,
    logger: pino({ level: 'silent' }),
    port: 0,
  });
});
afterAll(async () => {
  await sandbox?.stop();
});

// .ci/run installs Debian's chromium; a developer without it is told so rather than failing on a missing binary
it.skipIf(!existsSync(chromiumPath))(
  'lets a resident post a need, a volunteer claim it, and the clock bring the digest, in a browser',
  { timeout: 90_000 },
  async () => {
    const browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
      await page.goto(sandbox.url);
      const resident = sandbox.people.users.find((u) => u.role === 'resident' && u.language === 'en')!;
      const volunteer = sandbox.people.users.find((u) => u.role === 'volunteer' && u.language === 'en')!;

      await page.selectOption('#person', String(resident.id));
      await page.getByRole('button', { name: 'Building 7', exact: true }).click();
      await page.fill('#text', '/home 1502');
      await page.press('#text', 'Enter');
      await page.getByText('registered in unit 1502').waitFor();
      await page.fill('#text', '/need !! #medicine insulin for my father');
      await page.press('#text', 'Enter');
      const card = page.locator('.msg', { hasText: 'URGENT need #1' });
      await card.getByText('Status: open').waitFor();

      await page.selectOption('#person', String(volunteer.id));
      await page.getByRole('button', { name: 'Building 7', exact: true }).click();
      await card.getByRole('button', { name: "🙋 I'll help" }).click();
      await card.getByText(`Status: ${volunteer.name} is helping`).waitFor();
      expect(await card.getByRole('button').allTextContents()).toEqual(['↩️ Release', '✅ Done', '✖️ Cancel']);

      // forward to the next 19:30 in Shanghai, Building 7's digest time
      const now = sandbox.clock.now();
      const shanghai = new Date(now + 8 * 3600_000);
      const minutesNow = shanghai.getUTCHours() * 60 + shanghai.getUTCMinutes();
      const minutes = (19 * 60 + 30 - minutesNow + 24 * 60) % (24 * 60) || 24 * 60;
      await page.fill('#minutes', String(minutes));
      await page.click('#advance');
      await page.getByText('📋 Digest of Building 7').waitFor({ timeout: 30_000 });
      await expect(page.locator('.msg', { hasText: '📋 Digest of Building 7' }).textContent()).resolves.toContain(
        'Open needs: 1',
      );

      const shot = join(tmpdir(), 'mutual-aid-sandbox.png');
      await page.screenshot({ path: shot });
      if (process.env.UPDATE_SCREENSHOT) copyFileSync(shot, 'docs/sandbox.png');
      expect(existsSync(shot)).toBe(true);
    } finally {
      await browser.close();
    }
  },
);

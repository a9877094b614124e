import { spawn } from 'node:child_process';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';
import { needs } from '../../src/db/schema.ts';
import { type Sandbox, startSandbox } from '../../src/sandbox/sandbox.ts';

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

const post = (path: string, body: unknown) =>
  fetch(`${sandbox.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }).then((r) => r.json() as Promise<Record<string, unknown>>);

it('seeds a drill: a dozen needs, a vote and a group buy in the first building', { timeout: 60_000 }, async () => {
  expect(await post('/api/drill', {})).toEqual({ ok: true });
  const rows = sandbox.app.database.db.select().from(needs).all();
  expect(rows.length).toBe(11);
  expect(rows.filter((n) => n.private)).toHaveLength(1);
  const group = sandbox.tg.botMessages(-1001000000003).map((m) => m.text ?? '');
  expect(group.some((t) => t.startsWith('🗳 投票 #1'))).toBe(true);
  expect(group.some((t) => t.startsWith('🛒 团购 #1'))).toBe(true);
});

it('moves the bot clock on request, and refuses a nonsense amount', async () => {
  const before = sandbox.clock.now();
  expect(await post('/api/advance', { minutes: 90 })).toMatchObject({ ok: true, now: before + 90 * 60_000 });
  expect(await post('/api/advance', { minutes: -5 })).toMatchObject({ ok: false });
});

it('starts from the command line and stops cleanly on Ctrl-C (SIGINT)', { timeout: 30_000 }, async () => {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/sandbox/main.ts', '--port', '0'], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const ready = await new Promise<string>((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('open http')) resolve(out);
    });
    proc.once('exit', (code) => reject(new Error(`exited ${code} before it was ready: ${out}`)));
  });
  const url = /open (http:\/\/\S+)/.exec(ready)![1]!;
  expect((await fetch(url)).status).toBe(200);
  const exit = new Promise<number | null>((resolve) => proc.once('exit', resolve));
  proc.kill('SIGINT');
  expect(await exit).toBe(0);
});

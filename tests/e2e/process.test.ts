import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type LocalBotApi, startLocalBotApi } from '../../src/local-bot-api/index.ts';
import { world } from './harness.ts';

const dirs: string[] = [];
let tg: LocalBotApi | undefined;
let child: ChildProcess | undefined;
afterEach(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  child = undefined;
  await tg?.close();
  tg = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mutual-aid-proc-'));
  dirs.push(dir);
  return dir;
}

/** Runs `src/main.ts` exactly as `npm start` does (tsx), with only the given environment. */
function startMain(env: Record<string, string>): {
  proc: ChildProcess;
  exit: Promise<{ code: number | null; stderr: string }>;
} {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  proc.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<{ code: number | null; stderr: string }>((resolve) =>
    proc.on('exit', (code) => resolve({ code, stderr })),
  );
  return { proc, exit };
}

describe('npm start', () => {
  it('without BOT_TOKEN explains how to get one and exits 1', async () => {
    const { exit } = startMain({ DB_PATH: join(tempDir(), 'bot.db') });
    const { code, stderr } = await exit;
    expect(code).toBe(1);
    expect(stderr).toContain('@BotFather');
  });

  it('with an invalid config lists every error with its path and exits 1', async () => {
    const file = join(tempDir(), 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({
        buildings: [
          { id: 'b1', name: 'One', chatId: 'x' },
          { id: 'b1', name: 'Two', chatId: -2 },
        ],
      }),
    );
    const { exit } = startMain({ BOT_TOKEN: '1:x', BOT_CONFIG: file, DB_PATH: join(tempDir(), 'bot.db') });
    const { code, stderr } = await exit;
    expect(code).toBe(1);
    expect(stderr).toMatch(/buildings\[0\]\.chatId: expected a number/);
    expect(stderr).toMatch(/buildings\[1\]\.id: .*duplicate/i);
  });

  it('answers over HTTP from a local Bot API and exits 0 on SIGTERM', async () => {
    tg = await startLocalBotApi();
    tg.addChat({ id: world.b7.chatId, type: 'supergroup', title: 'Building 7' });
    tg.addUser(world.alice);
    tg.setMember(world.b7.chatId, world.alice.id, 'member');
    const started = startMain({
      BOT_TOKEN: tg.token,
      TELEGRAM_API_ROOT: tg.apiRoot,
      DB_PATH: join(tempDir(), 'data', 'bot.db'),
      BOT_CONFIG: 'bot.config.json',
    });
    child = started.proc;
    tg.sendText(world.b7.chatId, world.alice.id, '/help');
    const reply = await tg.waitForBotMessage(world.b7.chatId, undefined, 15_000);
    expect(reply.text).toContain('/home');
    await tg.waitForPolling(5_000);
    child.kill('SIGTERM');
    const { code } = await started.exit;
    expect(code).toBe(0);
  });
});

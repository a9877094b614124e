import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningApp, startApp } from '../../src/app.ts';
import { parseConfig } from '../../src/config/index.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { type ChatMessage, type LocalBotApi, startLocalBotApi, type Update } from '../../src/local-bot-api/index.ts';
import { testConfigInput, world } from './harness.ts';

const dirs: string[] = [];
let tg: LocalBotApi | undefined;
let child: ChildProcess | undefined;
let inProcess: RunningApp | undefined;
afterEach(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  child = undefined;
  await inProcess?.stop();
  inProcess = undefined;
  await tg?.close();
  tg = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * Whether a bot message answers the update's message (quotes it). These processes run on the wall clock with
 * bot.config.json's digests: started within a digest's catch-up time (19:30 in Shanghai, 11:30 UTC), the bot posts
 * that digest first, so the answer is told apart from it rather than taken to be the first message.
 */
function answerTo(update: Update): (m: ChatMessage) => boolean {
  const asked = update.message?.message_id;
  return (m) => asked !== undefined && m.reply_to_message_id === asked;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mutual-aid-proc-'));
  dirs.push(dir);
  return dir;
}

/**
 * Runs `src/main.ts` with tsx (as `npm run dev` does), or the compiled build as `npm start` does, with only the given
 * environment.
 */
function startMain(
  env: Record<string, string>,
  how: 'source' | 'compiled' = 'source',
): {
  proc: ChildProcess;
  exit: Promise<{ code: number | null; stderr: string }>;
  /** Resolves once stderr has a line matching `pattern` (rejects if the process exits first). */
  stderrLine: (pattern: RegExp) => Promise<string>;
} {
  const entry = how === 'source' ? ['--import', 'tsx', 'src/main.ts'] : ['dist/main.js'];
  const proc = spawn(process.execPath, entry, {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  proc.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<{ code: number | null; stderr: string }>((resolve) =>
    proc.on('exit', (code) => resolve({ code, stderr })),
  );
  const stderrLine = (pattern: RegExp) =>
    new Promise<string>((resolve, reject) => {
      const look = () => {
        const line = stderr.split('\n').find((l) => pattern.test(l));
        if (line === undefined) return;
        proc.stderr?.off('data', look);
        resolve(line);
      };
      proc.stderr?.on('data', look);
      look();
      void exit.then(() => reject(new Error(`exited without a line matching ${pattern}; stderr: ${stderr}`)));
    });
  return { proc, exit, stderrLine };
}

/** stderr's lines, the empty one after the last newline left out. */
function linesOf(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line !== '');
}

/** A port nothing listens on: connecting to it is refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
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
    const help = answerTo(tg.sendText(world.b7.chatId, world.alice.id, '/help'));
    const reply = await tg.waitForBotMessage(world.b7.chatId, help, 15_000);
    expect(reply.text).toContain('/home');
    await tg.waitForPolling(5_000);
    child.kill('SIGTERM');
    const { code } = await started.exit;
    expect(code).toBe(0);
  });

  it('runs compiled (npm run build, then node dist/main.js): answers, and exits 0 on SIGTERM', async () => {
    execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'pipe' });
    tg = await startLocalBotApi();
    tg.addChat({ id: world.b7.chatId, type: 'supergroup', title: 'Building 7' });
    tg.addUser(world.alice);
    tg.setMember(world.b7.chatId, world.alice.id, 'member');
    const started = startMain(
      {
        BOT_TOKEN: tg.token,
        TELEGRAM_API_ROOT: tg.apiRoot,
        DB_PATH: join(tempDir(), 'data', 'bot.db'),
        BOT_CONFIG: 'bot.config.json',
      },
      'compiled',
    );
    child = started.proc;
    const help = answerTo(tg.sendText(world.b7.chatId, world.alice.id, '/help'));
    // the compiled code finds the locales and the migrations beside dist/ as the source finds them beside src/
    const reply = await tg.waitForBotMessage(world.b7.chatId, help, 15_000);
    expect(reply.text).toContain('/home');
    await tg.waitForPolling(5_000);
    child.kill('SIGTERM');
    const { code } = await started.exit;
    expect(code).toBe(0);
  }, 60_000);

  it('refuses a malformed BOT_TOKEN before any call, naming the expected shape but not the token', async () => {
    tg = await startLocalBotApi();
    const token = '123456789:AAHdqTcvCH1vGWJx/fSeofSAs0K5PALDsaw';
    const { exit } = startMain({ BOT_TOKEN: token, TELEGRAM_API_ROOT: tg.apiRoot, DB_PATH: join(tempDir(), 'bot.db') });
    const { code, stderr } = await exit;
    expect(code).toBe(1);
    expect(linesOf(stderr)).toEqual([
      'environment: 1 error',
      '  BOT_TOKEN: expected the shape 123456789:AA… that @BotFather gives ' +
        '(digits, a colon, then letters, digits, _ or -)',
    ]);
    expect(tg.calls).toEqual([]);
  });

  it('exits 1 with one line when Telegram refuses the token (401), never printing it', async () => {
    tg = await startLocalBotApi();
    const token = '987654321:AAwrongWRONGwrongWRONGwrong';
    const { exit } = startMain({ BOT_TOKEN: token, TELEGRAM_API_ROOT: tg.apiRoot, DB_PATH: join(tempDir(), 'bot.db') });
    const { code, stderr } = await exit;
    expect(code).toBe(1);
    expect(linesOf(stderr)).toEqual([
      'BOT_TOKEN was refused by Telegram (401 Unauthorized): it is wrong or was revoked; ' +
        'copy it again from @BotFather (/mybots, your bot, API Token)',
    ]);
  });

  it('exits 1 with one line naming DB_PATH when it is a directory', async () => {
    tg = await startLocalBotApi();
    const dir = tempDir();
    const { exit } = startMain({ BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.apiRoot, DB_PATH: dir });
    const { code, stderr } = await exit;
    expect(code).toBe(1);
    expect(linesOf(stderr)).toEqual([`${dir}: is a directory, not a database file`]);
  });

  it('exits 1 with one line naming DB_PATH when it is not an SQLite database', async () => {
    tg = await startLocalBotApi();
    const path = join(tempDir(), 'bot.db');
    writeFileSync(path, 'unit,resident\n1502,Alice\n'.repeat(300));
    const { exit } = startMain({ BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.apiRoot, DB_PATH: path });
    const { code, stderr } = await exit;
    expect(code).toBe(1);
    expect(linesOf(stderr)).toEqual([`${path}: is not an SQLite database (file is not a database)`]);
  });

  it('keeps trying while Telegram is unreachable at start, logging each failure, and exits 0 on SIGTERM', async () => {
    const port = await closedPort();
    const started = startMain({
      BOT_TOKEN: '123456:TEST-TOKEN',
      TELEGRAM_API_ROOT: `http://127.0.0.1:${port}`,
      DB_PATH: join(tempDir(), 'bot.db'),
    });
    child = started.proc;
    const line = await started.stderrLine(/Telegram unreachable/);
    expect(JSON.parse(line)).toMatchObject({
      level: 40,
      msg: `Telegram unreachable: connect ECONNREFUSED 127.0.0.1:${port}, retrying in 1s`,
    });
    child.kill('SIGTERM');
    const { code, stderr } = await started.exit;
    expect(code).toBe(0);
    expect(stderr).not.toContain('TEST-TOKEN');
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('a second instance on the same token says another instance polls and exits 1; the first keeps running', {
    timeout: 30_000,
  }, async () => {
    tg = await startLocalBotApi();
    tg.addChat({ id: world.b7.chatId, type: 'supergroup', title: 'Building 7' });
    tg.addUser(world.alice);
    tg.setMember(world.b7.chatId, world.alice.id, 'member');
    const log: Array<{ level: number; msg: string }> = [];
    inProcess = await startApp({
      config: parseConfig(testConfigInput()).config,
      token: tg.token,
      apiRoot: tg.apiRoot,
      dbPath: join(tempDir(), 'first.db'),
      logger: pino({ level: 'info' }, { write: (line: string) => log.push(JSON.parse(line)) }),
      clock: new ManualClock(),
      pollTimeoutSeconds: 5,
      retryDelays: { conflict: { firstMs: 50, maxMs: 200 } },
    });
    // the first instance is running: it has answered a message
    tg.sendText(world.b7.chatId, world.alice.id, '/help');
    await tg.waitForBotMessage(world.b7.chatId, undefined, 5_000);
    await tg.waitForPolling(5_000);

    // no check-in units and no schedules: whatever the wall clock says, the newcomer has nothing of its own to send
    const quietConfig = join(tempDir(), 'bot.config.json');
    writeFileSync(quietConfig, JSON.stringify(testConfigInput()));
    const second = startMain({
      BOT_TOKEN: tg.token,
      TELEGRAM_API_ROOT: tg.apiRoot,
      DB_PATH: join(tempDir(), 'second.db'),
      BOT_CONFIG: quietConfig,
    });
    child = second.proc;
    const { code, stderr } = await second.exit;
    expect(code).toBe(1);
    expect(linesOf(stderr)).toEqual([
      'another instance is polling with this token (409 Conflict from getUpdates): ' +
        'stop it or give this bot a token of its own; exiting',
    ]);

    const answered = tg.lastBotMessage(world.b7.chatId)!.message_id;
    tg.sendText(world.b7.chatId, world.alice.id, '/help');
    await tg.waitForBotMessage(world.b7.chatId, (m) => m.message_id > answered, 5_000);
    expect(log.filter((l) => l.level >= 40).map((l) => l.msg)).toEqual([
      'another instance is polling with this token; waiting',
    ]);
    expect(log.filter((l) => /^polling resumed/.test(l.msg))).toHaveLength(1);
  });

  describe('SIGHUP', () => {
    async function startWithConfig(config: Record<string, unknown>) {
      const dir = tempDir();
      const configFile = join(dir, 'bot.config.json');
      writeFileSync(configFile, JSON.stringify(config));
      tg = await startLocalBotApi();
      tg.addChat({ id: world.b7.chatId, type: 'supergroup', title: 'Building 7' });
      tg.addUser(world.alice);
      tg.setMember(world.b7.chatId, world.alice.id, 'member');
      const dbPath = join(dir, 'bot.db');
      const started = startMain({
        BOT_TOKEN: tg.token,
        TELEGRAM_API_ROOT: tg.apiRoot,
        DB_PATH: dbPath,
        BOT_CONFIG: configFile,
        LOG_LEVEL: 'info',
      });
      child = started.proc;
      await tg.waitForPolling(15_000);
      return { ...started, configFile, dbPath };
    }

    /** Sends `text` as Alice in Building 7 and returns the bot's next message there. */
    async function aliceSays(text: string) {
      const before = new Set(tg!.botMessages(world.b7.chatId).map((m) => m.message_id));
      tg!.sendText(world.b7.chatId, world.alice.id, text);
      return tg!.waitForBotMessage(world.b7.chatId, (m) => !before.has(m.message_id), 15_000);
    }

    it('applies a valid file without a restart of the process, and records the reload in the audit log', async () => {
      const config = testConfigInput({ buildings: [world.b7] });
      const started = await startWithConfig(config);
      expect((await aliceSays('/notice Water at the gate at 8')).text).not.toContain('Water at the gate');

      writeFileSync(started.configFile, JSON.stringify({ ...config, admins: [world.admin.id, world.alice.id] }));
      started.proc.kill('SIGHUP');
      await started.stderrLine(/config reloaded/);
      await tg!.waitForPolling(15_000);
      expect((await aliceSays('/notice Water at the gate at 8')).text).toContain('Water at the gate');

      started.proc.kill('SIGTERM');
      expect((await started.exit).code).toBe(0);
      const db = new Database(started.dbPath, { readonly: true });
      try {
        expect(db.prepare("SELECT subject FROM audit_log WHERE action = 'config.reload'").pluck().all()).toEqual([
          'config:bot.config.json',
        ]);
      } finally {
        db.close();
      }
    }, 60_000);

    it('keeps running on the old config when the new file is invalid, logging each error with its path', async () => {
      const started = await startWithConfig(testConfigInput({ buildings: [world.b7] }));
      writeFileSync(started.configFile, JSON.stringify({ buildings: [{ id: 'b7', name: 'Building 7', chatId: 'x' }] }));
      started.proc.kill('SIGHUP');
      expect(await started.stderrLine(/config reload: /)).toMatch(/buildings\[0\]\.chatId: expected a number/);
      await started.stderrLine(/config reload refused/);
      expect((await aliceSays('/help')).text).toContain('/home');
      started.proc.kill('SIGTERM');
      expect((await started.exit).code).toBe(0);
    }, 60_000);
  });
});

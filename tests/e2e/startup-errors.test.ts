import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { type AppOptions, FatalError, type RunningApp, startApp } from '../../src/app.ts';
import { parseConfig } from '../../src/config/index.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { inboxUpdates, processedUpdates } from '../../src/db/schema.ts';
import { enqueueMessage } from '../../src/jobs/outbox.store.ts';
import { type LocalBotApi, startLocalBotApi } from '../../src/local-bot-api/index.ts';
import { testConfigInput, world } from './harness.ts';

/**
 * What the operator sees when Telegram or the disk misbehave: the bot started (in this process) against the local
 * Bot API, with its log read line by line at debug level. Retry waits are shortened through `startApp`'s options;
 * every wait in the test is for an event (a log line, an API call), bounded.
 */

type LogLine = { level: number; msg: string } & Record<string, unknown>;
const WARN = 40;
const ERROR = 50;
const INFO = 30;
const DEBUG = 20;

let tg: LocalBotApi | undefined;
let app: RunningApp | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await app?.stop();
  app = undefined;
  await tg?.close();
  tg = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The bot's log, with waits for a line to appear. */
function captureLog() {
  const lines: LogLine[] = [];
  const waiters = new Set<() => void>();
  const logger = pino(
    { level: 'debug' },
    {
      write: (line: string) => {
        lines.push(JSON.parse(line) as LogLine);
        for (const wake of [...waiters]) wake();
      },
    },
  );
  /** Resolves with the `count`-th line (1: the first) matching, once it is logged. */
  const waitFor = (match: (line: LogLine) => boolean, count = 1, timeoutMs = 5000): Promise<LogLine> =>
    new Promise((resolve, reject) => {
      const check = () => {
        const found = lines.filter(match);
        if (found.length < count) return false;
        clearTimeout(timer);
        waiters.delete(check);
        resolve(found[count - 1]!);
        return true;
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`no log line #${count} as expected within ${timeoutMs} ms; log: ${summary()}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  const summary = () => lines.map((l) => `[${l.level}] ${l.msg}`).join(' | ');
  const matching = (level: number, pattern: RegExp) => lines.filter((l) => l.level === level && pattern.test(l.msg));
  return { logger, lines, waitFor, matching };
}

type Log = ReturnType<typeof captureLog>;

function prepareWorld(server: LocalBotApi): void {
  server.addChat({ id: world.b7.chatId, type: 'supergroup', title: world.b7.name });
  server.addUser(world.alice);
  server.setMember(world.b7.chatId, world.alice.id, 'member');
}

/** Options for `startApp` as the e2e harness gives them, with short retry waits and a handled-update hook. */
function appOptions(log: Log, apiRoot: string, token: string, extra: Partial<AppOptions> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'mutual-aid-startup-'));
  dirs.push(dir);
  const handled: number[] = [];
  const waiters = new Set<() => void>();
  const options: AppOptions = {
    config: parseConfig(testConfigInput()).config,
    token,
    apiRoot,
    dbPath: join(dir, 'bot.db'),
    logger: log.logger,
    clock: new ManualClock(),
    pollTimeoutSeconds: 5,
    retryDelays: { transient: { firstMs: 10, maxMs: 40 }, conflict: { firstMs: 10, maxMs: 40 } },
    onUpdateHandled: (id) => {
      handled.push(id);
      for (const wake of [...waiters]) wake();
    },
    ...extra,
  };
  /** Resolves once the update was handled (or skipped as a repeat). */
  const waitHandled = (updateId: number, timeoutMs = 5000) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!handled.includes(updateId)) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`update ${updateId} not handled within ${timeoutMs} ms; log: ${log.lines.map((l) => l.msg)}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  return { options, handled, waitHandled };
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

function processedCount(running: RunningApp, updateId: number): number {
  return running.database.db.select().from(processedUpdates).where(eq(processedUpdates.updateId, updateId)).all()
    .length;
}

describe('a token Telegram refuses', () => {
  it('stops the start with "BOT_TOKEN was refused by Telegram (401)", without the token', async () => {
    tg = await startLocalBotApi();
    const log = captureLog();
    const wrong = '987654321:AAwrongWRONGwrongWRONGwrong';
    const { options } = appOptions(log, tg.apiRoot, wrong);
    const error = await startApp(options).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(FatalError);
    expect((error as Error).message).toMatch(/^BOT_TOKEN was refused by Telegram \(401 Unauthorized\): /);
    expect((error as Error).message).not.toContain(wrong);
    expect(JSON.stringify(log.lines)).not.toContain(wrong);
    // refused at once: one getMe, no retries
    expect(tg.calls.map((c) => [c.method, c.status])).toEqual([['getMe', 401]]);
  });
});

describe('Telegram unreachable at start', () => {
  it('logs each refused connection at warn, keeps trying, and starts once Telegram answers', async () => {
    const port = await closedPort();
    const log = captureLog();
    const { options, waitHandled } = appOptions(log, `http://127.0.0.1:${port}`, '123456:TEST-TOKEN');
    const starting = startApp(options);
    const unreachable = /^Telegram unreachable: connect ECONNREFUSED 127\.0\.0\.1:\d+, retrying in 0\.0[1-4]s$/;
    await log.waitFor((l) => l.level === WARN && unreachable.test(l.msg), 3);
    tg = await startLocalBotApi({ port });
    prepareWorld(tg);
    app = await starting;
    const update = tg.sendText(world.b7.chatId, world.alice.id, '/help');
    await waitHandled(update.update_id);
    expect(log.matching(WARN, unreachable).length).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(log.lines)).not.toContain('TEST-TOKEN');
  });

  it('gives up after giveUpUnreachableAfterMs when that is set, in one line', async () => {
    const port = await closedPort();
    const log = captureLog();
    const { options } = appOptions(log, `http://127.0.0.1:${port}`, '123456:TEST-TOKEN', {
      giveUpUnreachableAfterMs: 100,
    });
    const error = await startApp(options).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(FatalError);
    expect((error as Error).message).toMatch(
      new RegExp(`^Telegram unreachable at http://127\\.0\\.0\\.1:${port}: connect ECONNREFUSED .*; gave up after `),
    );
    // 10 + 20 + 40 waited, the next 40 would pass 100
    expect(log.matching(WARN, /^Telegram unreachable/).map((l) => l.retryInMs)).toEqual([10, 20, 40]);
  });

  it('stops waiting when its signal is aborted', async () => {
    const port = await closedPort();
    const log = captureLog();
    const stop = new AbortController();
    const { options } = appOptions(log, `http://127.0.0.1:${port}`, '123456:TEST-TOKEN', {
      signal: stop.signal,
      retryDelays: { transient: { firstMs: 60_000, maxMs: 60_000 } },
    });
    const starting = startApp(options).then(
      () => 'started',
      () => 'stopped',
    );
    await log.waitFor((l) => l.level === WARN && /^Telegram unreachable/.test(l.msg));
    stop.abort();
    expect(await starting).toBe('stopped');
  });
});

describe('Telegram unreachable while running', () => {
  it('logs the outage once at warn, keeps polling, and logs "reconnected" when it is back', async () => {
    tg = await startLocalBotApi();
    prepareWorld(tg);
    const log = captureLog();
    const { options, waitHandled } = appOptions(log, tg.apiRoot, tg.token);
    app = await startApp(options);
    await tg.waitForPolling();
    // the connection drops on the next four getUpdates calls, as when the network goes away
    tg.failNext('getUpdates', 4, 'drop');
    const first = tg.sendText(world.b7.chatId, world.alice.id, '/help');
    await waitHandled(first.update_id);
    await log.waitFor((l) => l.level === WARN && /^Telegram unreachable: /.test(l.msg));
    await tg.waitForPolling();
    const second = tg.sendText(world.b7.chatId, world.alice.id, '/help');
    await waitHandled(second.update_id);
    await log.waitFor((l) => l.level === INFO && l.msg === 'reconnected to Telegram');
    expect(tg.calls.filter((c) => c.method === 'getUpdates' && c.status === 0)).toHaveLength(4);
    expect(log.matching(WARN, /^Telegram unreachable/)).toHaveLength(1);
    expect(log.matching(DEBUG, /^Telegram unreachable/)).toHaveLength(3);
    expect(log.matching(INFO, /^reconnected to Telegram$/)).toHaveLength(1);
    expect([processedCount(app, first.update_id), processedCount(app, second.update_id)]).toEqual([1, 1]);
  });
});

describe('another instance polling with the same token', () => {
  /** Another process's getUpdates call: held until it is ended by ours (409) or its timeout. */
  async function otherInstancePolls(server: LocalBotApi): Promise<{ ok: boolean; error_code?: number }> {
    const response = await fetch(`${server.apiRoot}/bot${server.token}/getUpdates`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ timeout: 10 }),
    });
    return (await response.json()) as { ok: boolean; error_code?: number };
  }

  it('makes a running bot wait with a bounded, doubling backoff, say so once, keep sending, and resume', async () => {
    tg = await startLocalBotApi();
    prepareWorld(tg);
    const log = captureLog();
    const { options, waitHandled } = appOptions(log, tg.apiRoot, tg.token);
    app = await startApp(options);
    const before = tg.sendText(world.b7.chatId, world.alice.id, '/help');
    await waitHandled(before.update_id);
    await tg.waitForPolling();

    // four times the other instance polls; each time our next call (after the wait) ends its call with a 409
    for (let round = 0; round < 4; round++) expect((await otherInstancePolls(tg)).error_code).toBe(409);
    // meanwhile the outbox still sends what is queued
    const now = Date.now();
    app.database.db.transaction((tx) =>
      enqueueMessage(
        tx,
        { chatId: world.b7.chatId, payload: { text: 'sent during the conflict' }, kind: 'reply' },
        now,
      ),
    );
    app.outbox.wake();
    await tg.waitForBotMessage(world.b7.chatId, (m) => m.text === 'sent during the conflict');
    expect(log.matching(INFO, /^polling resumed/)).toHaveLength(0);

    const after = tg.sendText(world.b7.chatId, world.alice.id, '/help');
    await waitHandled(after.update_id);
    await log.waitFor((l) => l.level === INFO && /^polling resumed/.test(l.msg));
    const waiting = 'another instance is polling with this token; waiting';
    expect(log.matching(WARN, /another instance/).map((l) => [l.msg, l.retryInMs])).toEqual([[waiting, 10]]);
    expect(log.matching(DEBUG, /another instance/).map((l) => l.retryInMs)).toEqual([20, 40, 40]);
    expect(log.matching(INFO, /^polling resumed/)).toHaveLength(1);
    expect(log.lines.filter((l) => l.level >= ERROR)).toEqual([]);
    expect([processedCount(app, before.update_id), processedCount(app, after.update_id)]).toEqual([1, 1]);
    await app.outbox.idle(5000);
    expect(tg.botMessages(world.b7.chatId).filter((m) => m.text?.includes('/home 1502'))).toHaveLength(2);
  });

  it('handles once, after resuming, an update the other instance fetched but did not confirm', async () => {
    tg = await startLocalBotApi();
    prepareWorld(tg);
    const log = captureLog();
    const { options, waitHandled } = appOptions(log, tg.apiRoot, tg.token, {
      retryDelays: { conflict: { firstMs: 200, maxMs: 200 } },
    });
    app = await startApp(options);
    const before = tg.sendText(world.b7.chatId, world.alice.id, '/home 1502');
    await waitHandled(before.update_id);
    await tg.waitForPolling();

    const calls = tg.calls.length;
    const other = otherInstancePolls(tg);
    await tg.waitForCall((c) => c.method === 'getUpdates' && c.status === 409, 5000, calls);
    // our retry waits at the server while the other instance's call is answered with a new update
    tg.failNext('getUpdates', 1, 'hold');
    await tg.waitForHeldCalls(1);
    const during = tg.sendText(world.b7.chatId, world.alice.id, '/home 1503');
    const stolen = (await other) as { ok: boolean; result?: Array<{ update_id: number }> };
    expect(stolen.result?.map((u) => u.update_id)).toEqual([during.update_id]);
    tg.releaseHeldCalls();

    await waitHandled(during.update_id);
    await log.waitFor((l) => l.level === INFO && /^polling resumed/.test(l.msg));
    const after = tg.sendText(world.b7.chatId, world.alice.id, '/home 1504');
    await waitHandled(after.update_id);
    await app.outbox.idle(5000);
    for (const id of [before.update_id, during.update_id, after.update_id]) expect(processedCount(app, id)).toBe(1);
    // one answer each: registered in 1502, moved to 1503, moved to 1504
    const answers = tg.botMessages(world.b7.chatId).map((m) => m.text ?? '');
    expect(answers).toHaveLength(3);
    for (const [i, unit] of ['1502', '1503', '1504'].entries())
      expect(answers[i]).toMatch(new RegExp(`(in|to) unit ${unit} of Building 7`));
  });

  it('stops a bot that meets it before its first getUpdates was answered, in one line', async () => {
    tg = await startLocalBotApi();
    prepareWorld(tg);
    const log = captureLog();
    const { options } = appOptions(log, tg.apiRoot, tg.token);
    app = await startApp(options);
    await tg.waitForPolling();
    // the instance already polling: its next call ends ours
    const other = otherInstancePolls(tg);
    const fatal = await app.fatal;
    expect(fatal).toBeInstanceOf(FatalError);
    expect(fatal.message).toBe(
      'another instance is polling with this token (409 Conflict from getUpdates): ' +
        'stop it or give this bot a token of its own; exiting',
    );
    await app.stop();
    app = undefined;
    // the other instance's call is answered when the local Bot API closes
    void other.catch(() => undefined);
  });
});

describe('polling that cannot go on', () => {
  it('stops a bot whose token Telegram refuses while it runs (revoked), in one line', async () => {
    tg = await startLocalBotApi();
    prepareWorld(tg);
    const log = captureLog();
    const { options, waitHandled } = appOptions(log, tg.apiRoot, tg.token);
    app = await startApp(options);
    const first = tg.sendText(world.b7.chatId, world.alice.id, '/help');
    await waitHandled(first.update_id);
    // armed while a call is held: the call after it is refused
    await tg.waitForPolling();
    tg.failNext('getUpdates', 1, { error_code: 401, description: 'Unauthorized' });
    tg.sendText(world.b7.chatId, world.alice.id, '/help');
    const fatal = await app.fatal;
    expect(fatal).toBeInstanceOf(FatalError);
    expect(fatal.message).toMatch(/^BOT_TOKEN was refused by Telegram \(401 Unauthorized\): /);
  });

  it('stops a bot that finds a webhook set for it, saying how to remove it', async () => {
    tg = await startLocalBotApi();
    prepareWorld(tg);
    const set = await fetch(`${tg.apiRoot}/bot${tg.token}/setWebhook?url=https://example.org/hook`);
    expect(((await set.json()) as { ok: boolean }).ok).toBe(true);
    const log = captureLog();
    const { options } = appOptions(log, tg.apiRoot, tg.token);
    app = await startApp(options);
    const fatal = await app.fatal;
    expect(fatal).toBeInstanceOf(FatalError);
    expect(fatal.message).toBe(
      'a webhook is set for this bot (409 Conflict from getUpdates): ' +
        'remove it (deleteWebhook) for this bot to poll; exiting',
    );
  });
});

describe('a full disk while running', () => {
  /** From now on every insert into `table` needs a megabyte the database may not grow by: SQLITE_FULL. */
  function fillDiskOn(running: RunningApp, table: string): () => void {
    const { sqlite } = running.database;
    sqlite.exec('CREATE TABLE IF NOT EXISTS test_ballast (b BLOB)');
    sqlite.exec(`CREATE TRIGGER test_disk_full AFTER INSERT ON ${table} BEGIN
      INSERT INTO test_ballast VALUES (zeroblob(1000000)); END`);
    const pages = sqlite.pragma('page_count', { simple: true }) as number;
    sqlite.pragma(`max_page_count = ${pages + 64}`);
    return () => {
      sqlite.exec('DROP TRIGGER test_disk_full');
      sqlite.pragma('max_page_count = 1073741823');
    };
  }

  it('survives an inbox it cannot write: logged once, not confirmed, handled once space is back', async () => {
    tg = await startLocalBotApi();
    prepareWorld(tg);
    const log = captureLog();
    const { options, waitHandled } = appOptions(log, tg.apiRoot, tg.token);
    app = await startApp(options);
    const before = tg.sendText(world.b7.chatId, world.alice.id, '/home 1502');
    await waitHandled(before.update_id);
    await tg.waitForPolling();

    const freeSpace = fillDiskOn(app, 'inbox_updates');
    const calls = tg.calls.length;
    const update = tg.sendText(world.b7.chatId, world.alice.id, '/home 1503');
    const inboxFull = /^could not write fetched updates to the inbox \(database or disk is full\); retrying in /;
    await log.waitFor((l) => l.level === ERROR && inboxFull.test(l.msg));
    // it keeps fetching the batch again (three more times here) without confirming it, and says so once
    await tg.waitForCall(
      (c) => c.method === 'getUpdates' && tg!.calls.slice(calls).filter((d) => d.method === 'getUpdates').length >= 4,
      5000,
      calls,
    );
    expect(tg.pendingUpdateCount()).toBe(1);
    expect(
      app.database.db.select().from(inboxUpdates).where(eq(inboxUpdates.updateId, update.update_id)).all(),
    ).toEqual([]);

    freeSpace();
    await waitHandled(update.update_id);
    await log.waitFor((l) => l.level === INFO && /^the inbox is writable again/.test(l.msg));
    await app.outbox.idle(5000);
    expect(log.matching(ERROR, inboxFull)).toHaveLength(1);
    expect(log.lines.filter((l) => l.level >= ERROR)).toHaveLength(1);
    expect(processedCount(app, update.update_id)).toBe(1);
    expect(tg.botMessages(world.b7.chatId).filter((m) => m.text?.includes('1503'))).toHaveLength(1);
  });

  it('fails an update whose changes cannot be written, logs it once, and handles it at the next start', async () => {
    tg = await startLocalBotApi();
    prepareWorld(tg);
    const log = captureLog();
    const { options, waitHandled } = appOptions(log, tg.apiRoot, tg.token);
    app = await startApp(options);
    await tg.waitForPolling();

    const freeSpace = fillDiskOn(app, 'processed_updates');
    const update = tg.sendText(world.b7.chatId, world.alice.id, '/home 1503');
    await waitHandled(update.update_id);
    const failed = log.lines.filter((l) => l.level >= ERROR);
    expect(failed.map((l) => [l.msg, l.updateId, (l.err as { message?: string }).message])).toEqual([
      ['update failed', update.update_id, 'database or disk is full'],
    ]);
    expect(processedCount(app, update.update_id)).toBe(0);
    // still polling: the next update is fetched (and fails the same way while the disk is full)
    const next = tg.sendText(world.b7.chatId, world.alice.id, '/help');
    await waitHandled(next.update_id);

    freeSpace();
    await app.stop();
    app = await startApp(options);
    await app.outbox.idle(5000);
    expect(processedCount(app, update.update_id)).toBe(1);
    expect(tg.botMessages(world.b7.chatId).filter((m) => m.text?.includes('1503'))).toHaveLength(1);
  });
});

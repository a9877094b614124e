import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { type RunningApp, startApp } from '../../src/app.ts';
import { type BotConfig, parseConfig } from '../../src/config/index.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { type LocalBotApi, startLocalBotApi } from '../../src/local-bot-api/index.ts';

/** The world every end-to-end test starts from: two buildings (Chinese and English) and a few residents. */
export const world = {
  b3: { id: 'b3', name: '3号楼', chatId: -1001000000003 },
  b7: { id: 'b7', name: 'Building 7', chatId: -1001000000007 },
  admin: { id: 100000001, first_name: 'Ada', language_code: 'en' },
  alice: { id: 2001, first_name: 'Alice', last_name: 'Lee', language_code: 'en' },
  bob: { id: 2002, first_name: '王', last_name: '波', language_code: 'zh-hans' },
  carol: { id: 2003, first_name: 'Carol', language_code: 'fr' },
} as const;

export function testConfigInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    timezone: 'Asia/Shanghai',
    language: 'zh',
    admins: [world.admin.id],
    buildings: [
      { ...world.b3, language: 'zh' },
      { ...world.b7, language: 'en' },
    ],
    // cards re-render at once, so tests that press one button after another need not wait
    outbox: { editIntervalSeconds: 0 },
    ...overrides,
  };
}

export interface TestBot {
  tg: LocalBotApi;
  /** The running bot; replaced by `restart()`. */
  app: RunningApp;
  /** Stops the bot (as on SIGTERM) and starts it again on the same database, as after a redeploy. */
  restart(beforeStart?: () => void): Promise<void>;
  config: BotConfig;
  clock: ManualClock;
  /** The bot's log lines at warn level and above, parsed (pino JSON). */
  logs: Array<{ level: number; msg: string } & Record<string, unknown>>;
  /** A resident types `text`; resolves once the bot handled it and sent what it queued. */
  send(chatId: number, userId: number, text: string): Promise<void>;
  /** A resident presses a button (by its text, or forged data); resolves with the answer shown to them. */
  press(
    chatId: number,
    messageId: number,
    userId: number,
    button: string | { data: string },
  ): Promise<string | undefined>;
  /** Resolves once the bot has fully handled the update (or skipped it as a repeat) and sent what it queued. */
  handled(updateId: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Starts the local Bot API and the real bot (as `main.ts` does) against it, with a fresh database file. */
export async function startTestBot(
  options: {
    config?: Record<string, unknown>;
    /** Shapes the Telegram world before the bot starts (e.g. a basic group or a forum instead of a supergroup). */
    prepare?: (tg: LocalBotApi) => void;
    /** The bot's clock at start (default 2026-04-01 08:00 Shanghai). */
    startAt?: string;
    /** What `logs` collects (default warn and above; privacy tests read every line, at debug). */
    logLevel?: 'debug' | 'info' | 'warn';
    /** Serve `/healthz` and `/metrics` on a free port (`app.httpPort`). */
    http?: boolean;
    /** How long a department's webhook (config `webhooks`) may take to answer an event before it failed (10 s). */
    webhookTimeoutMs?: number;
  } = {},
): Promise<TestBot> {
  const tg = await startLocalBotApi({ webhook: { retryMs: 50 } });
  options.prepare?.(tg);
  for (const b of [world.b3, world.b7])
    if (!tg.chat(b.chatId)) tg.addChat({ id: b.chatId, type: 'supergroup', title: b.name });
  for (const u of [world.admin, world.alice, world.bob, world.carol]) {
    tg.addUser(u);
    for (const b of [world.b3, world.b7])
      tg.setMember(b.chatId, u.id, u.id === world.admin.id ? 'administrator' : 'member');
  }
  const dir = mkdtempSync(join(tmpdir(), 'mutual-aid-e2e-'));
  const clock = new ManualClock(options.startAt ? Date.parse(options.startAt) : undefined);
  const { config } = parseConfig(options.config ?? testConfigInput());
  // E2E_UPDATES=webhook (a project of vitest.config.ts): the same tests with updates delivered by webhook
  const byWebhook = process.env.E2E_UPDATES === 'webhook';
  const done = new Set<number>();
  const logs: TestBot['logs'] = [];
  const waiters = new Map<number, () => void>();
  const start = () =>
    startApp({
      config,
      token: tg.token,
      apiRoot: tg.apiRoot,
      dbPath: join(dir, 'bot.db'),
      logger: pino({ level: options.logLevel ?? 'warn' }, { write: (line: string) => logs.push(JSON.parse(line)) }),
      clock,
      pollTimeoutSeconds: 5,
      ...(options.http || byWebhook ? { http: { port: 0 } } : {}),
      ...(byWebhook ? { updatesByWebhook: {} } : {}),
      ...(options.webhookTimeoutMs !== undefined ? { webhookTimeoutMs: options.webhookTimeoutMs } : {}),
      onUpdateHandled: (id) => {
        done.add(id);
        waiters.get(id)?.();
      },
    });
  let app = await start();
  const bot: TestBot = {
    tg,
    logs,
    get app() {
      return app;
    },
    async restart(beforeStart) {
      await app.stop();
      beforeStart?.();
      app = await start();
    },
    config,
    clock,
    async send(chatId, userId, text) {
      await bot.handled(tg.sendText(chatId, userId, text).update_id);
    },
    async press(chatId, messageId, userId, button) {
      const from = tg.calls.length;
      const update = tg.pressButton(chatId, messageId, userId, button);
      await bot.handled(update.update_id);
      // the bot answers a press in the background (it does not hold up the chat): wait for the answer
      const id = update.callback_query!.id;
      await tg.waitForCall((c) => c.method === 'answerCallbackQuery' && c.params.callback_query_id === id, 5000, from);
      return tg.callbackAnswers.find((a) => a.callback_query_id === id)?.text;
    },
    async handled(updateId, timeoutMs = 5000) {
      if (!done.has(updateId)) await waitHandled(updateId, timeoutMs);
      await app.outbox.idle(timeoutMs);
    },
    async close() {
      await app.stop();
      await tg.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return bot;

  function waitHandled(updateId: number, timeoutMs: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`update ${updateId} not handled within ${timeoutMs} ms`)),
        timeoutMs,
      );
      waiters.set(updateId, () => {
        clearTimeout(timer);
        waiters.delete(updateId);
        resolve();
      });
    });
  }
}

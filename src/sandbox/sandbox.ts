import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { type RunningApp, startApp } from '../app.ts';
import type { BotConfig } from '../config/index.ts';
import { ManualClock } from '../core/clock.ts';
import { listHouseholdsOfUser } from '../features/households/households.store.ts';
import { type LocalBotApi, type SeedDescription, seedFromConfig, startLocalBotApi } from '../local-bot-api/index.ts';
import { DEFAULT_DRILL_TIME, NOT_A_TIME_OF_DAY, parseTimeOfDay, runDrill } from './drill.ts';
import { drillSeededAt, markDrillSeeded } from './sandbox.store.ts';

export interface SandboxOptions {
  config: BotConfig;
  logger: Logger;
  /** The page's port (default 8080; 0 picks a free one). */
  port?: number;
  host?: string;
  /** A database file to keep; default a temporary one, removed at the stop. */
  dbPath?: string;
  /** The bot's clock at start, in ms (default now); tests fix it so no scheduled job falls due during them. */
  startAt?: number;
}

export interface Sandbox {
  url: string;
  /** What the department receiver page got, newest first. */
  received: readonly ReceivedEvent[];
  tg: LocalBotApi;
  app: RunningApp;
  clock: ManualClock;
  people: SeedDescription;
  stop(): Promise<void>;
}

const page = fileURLToPath(new URL('./web/index.html', import.meta.url));
const favicon = fileURLToPath(new URL('./web/favicon.svg', import.meta.url));
const departmentPage = fileURLToPath(new URL('./web/department.html', import.meta.url));

/** An event the sandbox's department receiver got, with whether its signature checked out. */
export interface ReceivedEvent {
  receivedAt: number;
  signatureValid: boolean;
  event: { id?: string; type?: string; source?: string; subject?: string; data?: unknown } | null;
}

/**
 * The whole bot on one machine, no token and no internet: the local Bot API seeded from the config, the real bot
 * against it with a clock the page can move, and a chat-like web page to act as the seeded people.
 */
export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const tg = await startLocalBotApi({ control: true });
  const people = seedFromConfig(tg, options.config);
  const tempDir = options.dbPath ? undefined : mkdtempSync(join(tmpdir(), 'mutual-aid-sandbox-'));
  const clock = new ManualClock(options.startAt ?? Date.now());
  const handled = new Set<number>();
  const waiting = new Map<number, () => void>();
  // Telegram's 20 messages a minute per group would make a drill crawl; the local Bot API has no such limit
  const config: BotConfig = {
    ...options.config,
    outbox: { ...options.config.outbox, perGroupPerMinute: 600, perPrivatePerSecond: 20 },
  };
  const departmentSecret = randomBytes(24).toString('hex');
  const received: ReceivedEvent[] = [];
  const sse = new Set<ServerResponse>();
  // the handler needs the app, and the app's config needs the server's address: listen first
  let app!: RunningApp;
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) =>
      json(res, 500, { ok: false, error: err instanceof Error ? err.message : String(err) }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8080, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const url = `http://${options.host ?? '127.0.0.1'}:${port}`;
  // another department's server, played by this page: every event goes to it, signed
  config.webhooks = [
    ...config.webhooks,
    { url: `${url}/department/events`, secret: departmentSecret, events: ['*'], buildings: 'all' },
  ];
  app = await startApp({
    config,
    token: tg.token,
    apiRoot: tg.apiRoot,
    dbPath: options.dbPath ?? join(tempDir!, 'sandbox.db'),
    logger: options.logger,
    clock,
    pollTimeoutSeconds: 10,
    onUpdateHandled: (id) => {
      handled.add(id);
      waiting.get(id)?.();
    },
  });
  /** Resolves once the bot handled the update and sent what it queued (bounded: a lost update does not hang). */
  const settled = async (id: number): Promise<void> => {
    if (!handled.has(id)) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 10_000);
        waiting.set(id, () => {
          clearTimeout(timer);
          waiting.delete(id);
          resolve();
        });
      });
    }
    await app.outbox.idle(10_000).catch(() => undefined);
  };
  /** Types as a seeded person; resolves once the bot handled it and sent what it queued (bounded). */
  const typeAs = async (userId: number, chatId: number, text: string): Promise<void> => {
    await settled(tg.sendText(chatId, userId, text).update_id);
  };
  /** Presses as a seeded person the matching button of the bot's latest message that has one, as `/api/press` does. */
  const pressAs = async (userId: number, chatId: number, data: RegExp): Promise<void> => {
    for (const message of tg.botMessages(chatId).toReversed()) {
      const button = (message.reply_markup?.inline_keyboard ?? [])
        .flat()
        .find((b) => 'callback_data' in b && typeof b.callback_data === 'string' && data.test(b.callback_data));
      if (!button || !('callback_data' in button)) continue;
      const update = tg.pressButton(chatId, message.message_id, userId, { data: String(button.callback_data) });
      await settled(update.update_id);
      return;
    }
    throw new Error(`no button ${data} in chat ${chatId}`);
  };
  /** The drill under way: a second press waits for it, then finds every building seeded. */
  let drilling: Promise<unknown> = Promise.resolve();
  /** The seeded people, each with the households they registered (read from the bot's database). */
  const peopleWithHomes = () =>
    people.users.map((u) => ({
      ...u,
      homes: listHouseholdsOfUser(app.database.db, u.id).map((h) => ({ building: h.buildingName, unit: h.unit })),
    }));
  const unsubscribe = tg.subscribe((event) => {
    if (event.kind !== 'message') return;
    for (const res of sse) res.write(`data: ${JSON.stringify({ chatId: event.message.chat_id })}\n\n`);
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    if (req.method === 'POST' && url.pathname === '/department/events') {
      const raw = await readBody(req);
      const signatureValid = signatureMatches(raw, req.headers['x-signature-256'], departmentSecret);
      received.unshift({ receivedAt: Date.now(), signatureValid, event: parseEvent(raw) });
      received.length = Math.min(received.length, 500);
      for (const res of sse) res.write(`data: ${JSON.stringify({ department: true })}\n\n`);
      res.writeHead(signatureValid ? 200 : 401).end();
      return;
    }
    const body = req.method === 'POST' ? await readJson(req) : {};
    switch (`${req.method} ${url.pathname}`) {
      case 'GET /':
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(readFileSync(page));
        return;
      case 'GET /department':
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(readFileSync(departmentPage));
        return;
      case 'GET /api/department':
        return json(res, 200, { ok: true, received });
      // the page links the SVG; /favicon.ico is what browsers and tools ask for by default
      case 'GET /favicon.svg':
      case 'GET /favicon.ico':
        res.writeHead(200, { 'content-type': 'image/svg+xml', 'cache-control': 'max-age=86400' });
        res.end(readFileSync(favicon));
        return;
      case 'GET /api/world':
        return json(res, 200, {
          ok: true,
          chats: people.chats,
          users: peopleWithHomes(),
          now: clock.now(),
          timezone: options.config.timezone,
        });
      case 'GET /api/messages': {
        const chatId = Number(url.searchParams.get('chat'));
        const messages = tg.messages(chatId).map((m) => ({
          ...m,
          pinned: tg.pinned(chatId).includes(m.message_id),
          document: m.document ? { name: (m.document as { file_name?: string }).file_name } : undefined,
        }));
        return json(res, 200, { ok: true, messages });
      }
      case 'POST /api/send': {
        const update = tg.sendText(Number(body.chatId), Number(body.userId), String(body.text ?? ''));
        return json(res, 200, { ok: true, updateId: update.update_id });
      }
      case 'POST /api/press': {
        const update = tg.pressButton(Number(body.chatId), Number(body.messageId), Number(body.userId), {
          data: String(body.data),
        });
        const answer = await tg.waitForAnswer(update.callback_query!.id, 5000).catch(() => undefined);
        return json(res, 200, { ok: true, answer: answer?.text ?? null });
      }
      case 'POST /api/advance': {
        const minutes = Number(body.minutes);
        if (!Number.isFinite(minutes) || minutes <= 0 || minutes > 60 * 24 * 31)
          return json(res, 400, { ok: false, error: 'minutes must be between 1 and 44640' });
        // minute by minute, so every cron time passed on the way fires, as it would have in real time
        for (let i = 0; i < minutes; i++) {
          clock.advance(60_000);
          app.scheduler.tick();
        }
        app.outbox.wake();
        return json(res, 200, { ok: true, now: clock.now() });
      }
      case 'POST /api/drill': {
        const at = body.at ?? url.searchParams.get('at') ?? DEFAULT_DRILL_TIME;
        if (typeof at !== 'string' || parseTimeOfDay(at) === undefined)
          return json(res, 400, { ok: false, error: NOT_A_TIME_OF_DAY });
        const drill = drilling.then(() =>
          runDrill({
            say: typeAs,
            press: pressAs,
            people,
            config: options.config,
            clock,
            at,
            isSeeded: (id) => drillSeededAt(app.database.db, id) !== undefined,
            markSeeded: (id, now) => markDrillSeeded(app.database.db, id, now),
            clockSet: () => {
              app.scheduler.tick();
              app.outbox.wake();
            },
          }),
        );
        drilling = drill.catch(() => undefined);
        return json(res, 200, { ok: true, ...(await drill) });
      }
      case 'GET /api/events':
        res.writeHead(200, {
          'content-type': 'text/event-stream',
          'cache-control': 'no-cache',
          connection: 'keep-alive',
        });
        res.write(': connected\n\n');
        sse.add(res);
        res.once('close', () => sse.delete(res));
        return;
      case 'GET /api/document': {
        const chatId = Number(url.searchParams.get('chat'));
        const messageId = Number(url.searchParams.get('message'));
        const doc = tg.documents(chatId).find((d) => d.messageId === messageId);
        if (!doc) return json(res, 404, { ok: false, error: 'no such document' });
        res.writeHead(200, {
          'content-type': doc.mimeType ?? 'application/octet-stream',
          'content-disposition': `attachment; filename="${doc.filename}"`,
        });
        res.end(doc.content);
        return;
      }
      default:
        return json(res, 404, { ok: false, error: 'not found' });
    }
  }

  return {
    url,
    received,
    tg,
    app,
    clock,
    people,
    async stop() {
      unsubscribe();
      for (const res of sse) res.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.stop();
      await tg.close();
      if (tempDir) rmSync(tempDir, { recursive: true, force: true });
    },
  };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const text = (await readBody(req)).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

/** What a department's server does first: the HMAC-SHA256 of the exact body, keyed with the shared secret. */
function signatureMatches(body: Buffer, header: string | string[] | undefined, secret: string): boolean {
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
  const given = Buffer.from(typeof header === 'string' ? header : '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function parseEvent(body: Buffer): ReceivedEvent['event'] {
  try {
    return JSON.parse(body.toString('utf8')) as ReceivedEvent['event'];
  } catch {
    return null;
  }
}

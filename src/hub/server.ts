import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { signatureMatches } from '../features/events/events.ts';
import { recordAlert } from './alerts.store.ts';
import { AlertInputError, checkAlertInput } from './alerts.ts';
import type { HubConfig } from './config.ts';
import type { HubDb } from './db/open.ts';
import { parseIncomingEvent } from './intake.ts';
import type { IntakeQueue } from './intake-queue.ts';
import { readOverview } from './overview.store.ts';
import { buildOverview } from './overview.ts';
import { databaseAnswers } from './status.store.ts';

/** A district's event is small (an item in its export shape); anything larger is refused unread. */
const maxBodyBytes = 1024 * 1024;

export interface HubServer {
  port: number;
  close(): Promise<void>;
}

class TooLarge extends Error {}

/**
 * The command room's page (`GET /`) and its script: static files next to this module, read once. The page holds no
 * data; it asks for a viewer token and calls the API with it. Its own origin only, never in a frame (the alert form
 * must not be clickjacked).
 */
const pageFiles = {
  '/': { file: 'web/index.html', type: 'text/html; charset=utf-8' },
  '/command-room.js': { file: 'web/command-room.js', type: 'text/javascript; charset=utf-8' },
} as const;
const pageCache = new Map<string, Buffer>();
const pageHeaders = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'; img-src data:; " +
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};

function servePage(res: ServerResponse, path: keyof typeof pageFiles): void {
  const { file, type } = pageFiles[path];
  let body = pageCache.get(file);
  if (body === undefined) {
    body = readFileSync(new URL(file, import.meta.url));
    pageCache.set(file, body);
  }
  res.writeHead(200, { 'content-type': type, ...pageHeaders });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        reject(new TooLarge());
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** The viewer whose bearer token's sha256 is in `viewers[].tokenSha256`, or undefined. */
export function viewerOf(config: HubConfig, authorization: string | undefined): string | undefined {
  const token = authorization === undefined ? undefined : /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
  if (token === undefined) return undefined;
  const digest = createHash('sha256').update(token, 'utf8').digest();
  return config.viewers.find((v) => timingSafeEqual(digest, Buffer.from(v.tokenSha256, 'hex')))?.name;
}

/**
 * The hub's HTTP service (SPEC §7): `POST /v1/events/<district id>` (a district bot's webhook: signed with the
 * district's `eventsSecret`, stored once by id, 2xx only after the commit), `GET /v1/overview` and `POST /v1/alerts`
 * (viewers' bearer tokens), `GET /` (the command room's page, which calls those two), `GET /healthz`. Stateless: any number of them may run against one database.
 */
export async function startHubServer(options: {
  config: HubConfig;
  db: HubDb;
  /** Where the districts' events are committed, several requests' at once. */
  intake: IntakeQueue;
  logger: Logger;
  port: number;
  host?: string;
}): Promise<HubServer> {
  const { config, db, logger } = options;
  const districts = new Map(config.districts.map((d) => [d.id, d]));
  const known = config.districts.map((d) => d.id);

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]!;
    const intake = /^\/v1\/events\/([^/]+)$/.exec(path);
    if (intake) {
      if (req.method !== 'POST') return json(res, 405, { error: 'POST only' }, { allow: 'POST' });
      // ids are URL-safe by the config's rule: a segment with escapes names no district
      const district = districts.get(intake[1]!);
      if (!district) return json(res, 404, { error: 'unknown district' });
      const body = await readBody(req);
      const signature = req.headers['x-signature-256'];
      if (!signatureMatches(body, typeof signature === 'string' ? signature : undefined, district.eventsSecret)) {
        logger.warn({ district: district.id }, 'event refused: bad or missing X-Signature-256');
        return json(res, 401, { error: 'bad signature' });
      }
      const event = parseIncomingEvent(body);
      if (!event) return json(res, 400, { error: 'not a CloudEvent of a mutual-aid bot' });
      const outcome = await options.intake.store(district.id, event);
      return json(res, 200, { [outcome]: event.id });
    }
    if (path === '/v1/overview' || path === '/v1/alerts') {
      const viewer = viewerOf(config, req.headers.authorization);
      if (viewer === undefined)
        return json(res, 401, { error: 'a viewer token is required' }, { 'www-authenticate': 'Bearer' });
      if (path === '/v1/overview') {
        if (req.method !== 'GET') return json(res, 405, { error: 'GET only' }, { allow: 'GET' });
        return json(res, 200, buildOverview(config, await readOverview(db, { timezone: config.timezone })));
      }
      if (req.method !== 'POST') return json(res, 405, { error: 'POST only' }, { allow: 'POST' });
      let input: { level?: unknown; text?: unknown; districts?: unknown };
      try {
        input = JSON.parse((await readBody(req)).toString('utf8')) as typeof input;
      } catch (err) {
        if (err instanceof TooLarge) throw err;
        return json(res, 400, { error: 'expected JSON: { "level", "text", "districts"? }' });
      }
      let alert: ReturnType<typeof checkAlertInput>;
      try {
        alert = checkAlertInput(input ?? {}, known);
      } catch (err) {
        if (err instanceof AlertInputError) return json(res, 400, { error: err.message });
        throw err;
      }
      const id = await recordAlert(db, { ...alert, sentBy: viewer, city: config.city });
      logger.info(
        { alertId: id, level: alert.level, districts: alert.districts.length, viewer },
        'city alert recorded',
      );
      return json(res, 201, { id, districts: alert.districts });
    }
    if ((path === '/' || path === '/command-room.js') && (req.method === 'GET' || req.method === 'HEAD')) {
      return servePage(res, path);
    }
    if (path === '/healthz' && req.method === 'GET') {
      const ok = await databaseAnswers(db);
      return json(res, ok ? 200 : 503, { healthy: ok, database: ok ? 'answers' : 'unreachable' });
    }
    json(res, 404, {
      error:
        'not found: GET / (the command room), POST /v1/events/<district>, GET /v1/overview, POST /v1/alerts, GET /healthz',
    });
  }

  const server: Server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      if (err instanceof TooLarge) {
        if (!res.headersSent) json(res, 413, { error: `larger than ${maxBodyBytes} bytes` });
        return;
      }
      // not committed: the district retries, and nothing was half stored
      logger.error({ err: err instanceof Error ? err.message : String(err), url: req.url }, 'hub request failed');
      if (!res.headersSent) json(res, 503, { error: 'not stored, try again' });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { WebhookRoute } from './webhook-updates.ts';

/** What `/healthz` reports: healthy when the database takes writes and updates flow. */
export interface HealthStatus {
  healthy: boolean;
  [fact: string]: unknown;
}

export interface HttpServer {
  /** The port it listens on (useful with port 0). */
  port: number;
  close(): Promise<void>;
}

/**
 * The bot's HTTP server (SPEC §4): in webhook mode the path of `WEBHOOK_URL`, where Telegram POSTs updates; `GET /healthz` (200 with a JSON status, 503 when not healthy) and `GET /metrics`
 * (Prometheus text format). Listens on `host` (default 127.0.0.1: put a reverse proxy in front to expose it).
 */
export async function startHttpServer(options: {
  port: number;
  host?: string;
  health: () => HealthStatus;
  metrics: Registry;
  /** In webhook mode: where Telegram POSTs updates. */
  webhook?: WebhookRoute;
  /** With a hub (config `hub`): `POST /v1/alerts`, city alerts (SPEC §7). */
  cityAlerts?: { path: string; handle: (req: IncomingMessage, res: ServerResponse) => void };
}): Promise<HttpServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (options.webhook && path === options.webhook.path) {
      options.webhook.handle(req, res);
      return;
    }
    if (options.cityAlerts && path === options.cityAlerts.path) {
      options.cityAlerts.handle(req, res);
      return;
    }
    if (req.method === 'GET' && path === '/healthz') {
      const status = options.health();
      res.writeHead(status.healthy ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify(status));
      return;
    }
    if (req.method === 'GET' && path === '/metrics') {
      options.metrics
        .metrics()
        .then((text) => {
          res.writeHead(200, { 'content-type': options.metrics.contentType });
          res.end(text);
        })
        .catch((err: unknown) => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(err instanceof Error ? err.message : String(err));
        });
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found: GET /healthz or /metrics\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

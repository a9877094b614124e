// Scenario 6's other department: a node:http receiver in the bench process that checks each event's signature
// (`X-Signature-256: sha256=<hex HMAC-SHA256 of the body, keyed with the secret>`) and notes when it arrived.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An event the receiver accepted (answered 200). */
export interface Arrival {
  /** When its body was read: `Date.now()` (to compare with the local API's times) and `performance.now()`. */
  at: number;
  hr: number;
  id: string;
  type: string;
  /** The CloudEvent's `subject`: the need's id for `need.*` events. */
  subject: string;
  /** The signature header matched the body. */
  signed: boolean;
}

export class WebhookReceiver {
  readonly arrivals: Arrival[] = [];
  /** Requests answered 503 while down, and bodies that were no CloudEvent. */
  refused = 0;
  malformed = 0;
  /** Down: every request is answered 503 (a department's system that is not there), nothing is accepted. */
  down = false;
  private waiters: Array<{ count: number; resolve: () => void }> = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
    readonly secret: string,
  ) {}

  static async start(secret: string): Promise<WebhookReceiver> {
    let receiver: WebhookReceiver | undefined;
    const server = createServer((req, res) => receiver!.handle(req, res));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    receiver = new WebhookReceiver(server, `http://127.0.0.1:${port}/events`, secret);
    return receiver;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (this.down) {
        this.refused++;
        res.writeHead(503).end();
        return;
      }
      const at = Date.now();
      const hr = performance.now();
      const body = Buffer.concat(chunks);
      const expected = Buffer.from(`sha256=${createHmac('sha256', this.secret).update(body).digest('hex')}`, 'utf8');
      const given = Buffer.from(String(req.headers['x-signature-256'] ?? ''), 'utf8');
      const signed = given.length === expected.length && timingSafeEqual(given, expected);
      let event: { specversion?: string; id?: string; type?: string; subject?: string };
      try {
        event = JSON.parse(body.toString('utf8'));
      } catch {
        event = {};
      }
      if (event.specversion !== '1.0' || !event.id || !event.type) this.malformed++;
      this.arrivals.push({ at, hr, id: event.id ?? '', type: event.type ?? '', subject: event.subject ?? '', signed });
      res.writeHead(200).end();
      this.waiters = this.waiters.filter((w) => {
        if (this.arrivals.length < w.count) return true;
        w.resolve();
        return false;
      });
    });
  }

  /** Resolves once `count` events were accepted in all; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs = 120_000): Promise<void> {
    if (this.arrivals.length >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`webhook receiver: ${this.arrivals.length} of ${count} events after ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.push({
        count,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close').catch(() => undefined);
  }
}

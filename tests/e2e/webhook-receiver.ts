import { createHmac, timingSafeEqual } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What a department's receiver does with the n-th request (from 0): answer with a status (and headers, such as a
 * redirect's `location`), or never answer.
 */
export type ReceiverAnswer = number | { status: number; headers: Record<string, string> } | 'hang';

export interface ReceivedRequest {
  /** The exact bytes received, as text. */
  body: string;
  headers: IncomingHttpHeaders;
  /** What it was answered. */
  answer: ReceiverAnswer;
  /** Process time (performance.now) it arrived. */
  at: number;
  /** For a request left hanging: when the sender gave up on it (closed the connection). */
  abandonedAt?: number;
}

export interface WebhookReceiver {
  url: string;
  requests: ReceivedRequest[];
  /** Changes what the next requests are answered. */
  answerWith(answer: (n: number) => ReceiverAnswer): void;
  /** Resolves once `predicate` holds of the requests received so far (checked on each arrival and abandonment). */
  until(predicate: (requests: ReceivedRequest[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** A department's webhook receiver on a free local port, answering as told (200 by default). */
export async function startWebhookReceiver(
  answer: (n: number) => ReceiverAnswer = () => 200,
): Promise<WebhookReceiver> {
  let answerOf = answer;
  const requests: ReceivedRequest[] = [];
  const changed = new EventEmitter();
  changed.setMaxListeners(0);
  const hanging = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const reply = answerOf(requests.length);
      const received: ReceivedRequest = {
        body: Buffer.concat(chunks).toString('utf8'),
        headers: req.headers,
        answer: reply,
        at: performance.now(),
      };
      requests.push(received);
      if (reply === 'hang') {
        hanging.add(res);
        res.on('close', () => {
          hanging.delete(res);
          received.abandonedAt = performance.now();
          changed.emit('change');
        });
      } else if (typeof reply === 'number') res.writeHead(reply, { 'content-type': 'text/plain' }).end('ok');
      else res.writeHead(reply.status, reply.headers).end();
      changed.emit('change');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/mutual-aid`,
    requests,
    answerWith(next) {
      answerOf = next;
    },
    until(predicate, timeoutMs = 10_000) {
      if (predicate(requests)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!predicate(requests)) return;
          clearTimeout(timer);
          changed.off('change', check);
          resolve();
        };
        const timer = setTimeout(() => {
          changed.off('change', check);
          reject(new Error(`receiver: condition not met within ${timeoutMs} ms (${requests.length} requests)`));
        }, timeoutMs);
        changed.on('change', check);
      });
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Checks `X-Signature-256` as a department would: the HMAC of the exact body, compared in constant time. */
export function signatureValid(request: Pick<ReceivedRequest, 'body' | 'headers'>, secret: string): boolean {
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(request.body).digest('hex')}`);
  const given = Buffer.from(String(request.headers['x-signature-256'] ?? ''));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

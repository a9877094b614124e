import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { webhookSignature } from '../../src/features/events/events.ts';
import { type HubConfigInput, parseHubConfig } from '../../src/hub/config.ts';

export const VIEWER_TOKEN = 'command-room-token-1';

import { createHash } from 'node:crypto';
export const VIEWER_SHA = createHash('sha256').update(VIEWER_TOKEN).digest('hex');

/** A quiet logger (errors only, on stderr) for hubs under test. */
export const quietLogger = pino({ level: 'error' });

/** What a district's `POST /v1/alerts` received, in order. */
export interface Received {
  body: string;
  signature: string | undefined;
  id: string;
}

/**
 * A stand-in for a district bot's `POST /v1/alerts`: records each request; `answer` decides the status (a promise of
 * one holds the answer back).
 */
export interface DistrictReceiver {
  url: string;
  received: Received[];
  answer: (request: Received, index: number) => number | Promise<number>;
  /** Resolves once `n` requests have come (or rejects after `timeoutMs`). */
  waitFor(n: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startDistrictReceiver(): Promise<DistrictReceiver> {
  const waiters: Array<() => void> = [];
  const receiver: DistrictReceiver = {
    url: '',
    received: [],
    answer: () => 200,
    waitFor(n, timeoutMs = 10_000) {
      if (receiver.received.length >= n) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${receiver.received.length} of ${n} requests within ${timeoutMs} ms`)),
          timeoutMs,
        );
        const check = () => {
          if (receiver.received.length >= n) {
            clearTimeout(timer);
            resolve();
          } else waiters.push(check);
        };
        waiters.push(check);
      });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const signature = req.headers['x-signature-256'];
      const request: Received = {
        body,
        signature: typeof signature === 'string' ? signature : undefined,
        id: (JSON.parse(body) as { id: string }).id,
      };
      const index = receiver.received.length;
      receiver.received.push(request);
      void Promise.resolve(receiver.answer(request, index)).then((status) => res.writeHead(status).end());
      for (const wake of waiters.splice(0)) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/alerts`;
  server.keepAliveTimeout = 100;
  return receiver;
}

/** The hub's config for districts `d1`, `d2`… with secrets of their own, alerts to `alertUrls` in that order. */
export function hubConfig(alertUrls: string[], overrides: Partial<HubConfigInput> = {}) {
  const input: HubConfigInput = {
    city: 'Test city',
    districts: alertUrls.map((alertUrl, i) => ({
      id: `d${i + 1}`,
      name: `District ${i + 1}`,
      eventsSecret: `events-secret-of-d${i + 1}`,
      alertUrl,
      alertSecret: `alert-secret-of-d${i + 1}`,
    })),
    viewers: [{ name: 'command room', tokenSha256: VIEWER_SHA }],
    ...overrides,
  };
  return parseHubConfig(input).config;
}

/** A district bot's CloudEvent as its webhook sender POSTs it. */
export function districtEvent(event: {
  id: string;
  type: string;
  building: string;
  subject: string;
  time: string;
  data?: unknown;
}): string {
  return JSON.stringify({
    specversion: '1.0',
    id: event.id,
    source: `mutual-aid-bot/${event.building}`,
    type: `org.mutualaid.${event.type}`,
    time: event.time,
    datacontenttype: 'application/json',
    subject: event.subject,
    data: event.data ?? {},
  });
}

/** POSTs `body` signed with `secret` (or with the `signature` given, to forge one). */
export async function postSigned(
  url: string,
  body: string,
  secret: string,
  signature?: string,
): Promise<{ status: number; json: unknown }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/cloudevents+json',
      'x-signature-256': signature ?? webhookSignature(body, secret),
    },
    body,
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

/** Calls a hub API as the viewer (or with `token`). */
export async function asViewer(
  url: string,
  init: { method?: string; body?: unknown; token?: string | null } = {},
): Promise<{ status: number; json: unknown }> {
  const token = init.token === undefined ? VIEWER_TOKEN : init.token;
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers: {
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

/**
 * Polls `check` until it returns a value (not undefined) or `timeoutMs` passes: for what another process (a hub's
 * sender) does in its own time. Bounded; yields to the event loop between looks.
 */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

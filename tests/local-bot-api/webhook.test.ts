import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type LocalBotApi, startLocalBotApi } from '../../src/local-bot-api/index.ts';
import { api } from './helpers.ts';

const GROUP = -1001000000007;
const ALICE = { id: 2001, first_name: 'Alice' };

let tg: LocalBotApi | undefined;
let receiver: Server | undefined;
afterEach(async () => {
  await tg?.close();
  tg = undefined;
  await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
  receiver?.closeAllConnections();
  receiver = undefined;
});

interface Received {
  secret: string | undefined;
  update: { update_id: number; message?: { text?: string } };
}

/** A webhook receiver on this machine that answers with `statuses` in turn (then 200), recording every delivery. */
async function startReceiver(
  statuses: number[] = [],
): Promise<{ url: string; received: Received[]; next: () => Promise<Received> }> {
  const received: Received[] = [];
  const waiting: Array<(r: Received) => void> = [];
  receiver = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const delivery = {
        secret: req.headers['x-telegram-bot-api-secret-token'] as string | undefined,
        update: JSON.parse(body) as Received['update'],
      };
      received.push(delivery);
      waiting.shift()?.(delivery);
      res.writeHead(statuses.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => receiver!.listen(0, '127.0.0.1', resolve));
  const { port } = receiver.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    next: () => new Promise((resolve) => waiting.push(resolve)),
  };
}

async function startApi(): Promise<LocalBotApi> {
  tg = await startLocalBotApi({ webhook: { retryMs: 20, timeoutMs: 2_000 } });
  tg.addChat({ id: GROUP, type: 'supergroup', title: 'Building 7' });
  tg.addUser(ALICE);
  tg.setMember(GROUP, ALICE.id, 'member');
  return tg;
}

describe('webhook delivery', () => {
  it('posts each update with the secret token, in order, and retries one the receiver refused', async () => {
    const tg = await startApi();
    const hook = await startReceiver([500]);
    expect((await api(tg, 'setWebhook', { url: hook.url, secret_token: 'S3cret_token-1' })).body.ok).toBe(true);
    const first = tg.sendText(GROUP, ALICE.id, 'one');
    tg.sendText(GROUP, ALICE.id, 'two');
    await tg.waitForConfirmed(first.update_id + 1);

    expect(hook.received.map((r) => r.update.message?.text)).toEqual(['one', 'one', 'two']);
    expect(hook.received.every((r) => r.secret === 'S3cret_token-1')).toBe(true);
    const info = await api<{ url: string; pending_update_count: number; last_error_message?: string }>(
      tg,
      'getWebhookInfo',
    );
    expect(info.body.result).toMatchObject({ url: hook.url, pending_update_count: 0 });
    expect(info.body.result.last_error_message).toContain('500');
  });

  it('refuses getUpdates while a webhook is set, and polls again after deleteWebhook', async () => {
    const tg = await startApi();
    const hook = await startReceiver();
    await api(tg, 'setWebhook', { url: hook.url });
    expect((await api(tg, 'getUpdates')).status).toBe(409);
    await api(tg, 'deleteWebhook');
    tg.sendText(GROUP, ALICE.id, 'polled');
    const polled = await api<Array<{ message: { text: string } }>>(tg, 'getUpdates');
    expect(polled.body.result.map((u) => u.message.text)).toEqual(['polled']);
    expect(hook.received).toEqual([]);
  });

  it('refuses a plain-HTTP URL that is not on this machine', async () => {
    const tg = await startApi();
    const answer = await api(tg, 'setWebhook', { url: 'http://example.org/hook' });
    expect(answer.body.description).toContain('HTTPS URL must be provided');
  });
});

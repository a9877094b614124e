import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Api, type Bot, webhookCallback } from 'grammy';
import type { Update } from 'grammy/types';
import type { Logger } from 'pino';
import type { BotContext } from '../bot/context.ts';
import type { Clock } from '../core/clock.ts';
import type { DatabaseHandle } from '../db/open.ts';
import { storeInbox } from '../db/updates.ts';

/** A request handler for the bot's HTTP server: updates Telegram POSTs to the webhook's path. */
export interface WebhookRoute {
  path: string;
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** Resolves when every update received so far is handled (shutdown). */
  inHand(): Promise<void>;
}

/** A fresh secret for setWebhook's `secret_token`: Telegram sends it back on every delivery. */
export function newWebhookSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Registers the webhook with Telegram: its URL, the secret token and the update types the bot handles. */
export async function registerWebhook(
  api: Api,
  options: { url: string; secret: string; allowedUpdates: ReadonlyArray<Exclude<keyof Update, 'update_id'>> },
): Promise<void> {
  await api.setWebhook(options.url, {
    secret_token: options.secret,
    allowed_updates: options.allowedUpdates,
    max_connections: 40,
  });
}

/**
 * Updates by webhook, through grammY's adapter for Node's `http`: a request without the secret token is refused
 * (401); an update is written to the inbox, in a commit of its own, before it is handled and before Telegram gets
 * its 200, so the exactly-once promise is the one of long polling (a crash after the commit: the next start handles
 * it from the inbox, and Telegram's delivery again is recognised as handled). An update that takes longer than
 * `answerWithinMs` is answered 200 while its handling goes on: it is in the inbox already.
 */
export function webhookRoute(
  bot: Bot<BotContext>,
  options: {
    path: string;
    secret: string;
    database: DatabaseHandle;
    clock: Clock;
    logger: Logger;
    /** Each delivery received (for `/healthz`: updates flow). */
    onDelivery?: () => void;
    answerWithinMs?: number;
  },
): WebhookRoute {
  const { database, clock } = options;
  const handling = new Set<Promise<void>>();
  // grammY's adapter calls handleUpdate only once the secret token matched
  const receiving = Object.create(bot) as Bot<BotContext>;
  receiving.handleUpdate = (update: Update, replyEnvelope?: Parameters<Bot<BotContext>['handleUpdate']>[1]) => {
    options.onDelivery?.();
    database.group.flush();
    storeInbox(database.db, [update as unknown as { update_id: number } & Record<string, unknown>], clock.now());
    const task = bot.handleUpdate(update, replyEnvelope);
    handling.add(task);
    void task.finally(() => handling.delete(task)).catch(() => undefined);
    return task;
  };
  const callback = webhookCallback(receiving, 'http', {
    secretToken: options.secret,
    onTimeout: 'return',
    timeoutMilliseconds: options.answerWithinMs ?? 9_000,
  });
  return {
    path: options.path,
    handle: (req, res) => {
      if (req.method !== 'POST') {
        res.writeHead(405, { allow: 'POST' }).end();
        return;
      }
      callback(req, res).catch((err: unknown) => {
        // not stored, or stored and failed: Telegram delivers it again, and the inbox knows what was handled
        options.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'webhook update failed');
        if (!res.headersSent) res.writeHead(500).end();
      });
    },
    inHand: async () => {
      await Promise.allSettled([...handling]);
    },
  };
}

import { autoRetry } from '@grammyjs/auto-retry';
import type { I18n } from '@grammyjs/i18n';
import { limit } from '@grammyjs/ratelimiter';
import { sequentialize } from '@grammyjs/runner';
import { Bot, type Context, GrammyError, HttpError, type MiddlewareFn } from 'grammy';
import type { Update } from 'grammy/types';
import { cutText } from '../core/text.ts';
import { UsageError } from '../core/usage-error.ts';
import type { Tx } from '../db/open.ts';
import { HandledUpdates, type UpdateRecord } from '../db/updates.ts';
import { findBuildingByChat } from '../features/buildings/buildings.store.ts';
import { committeeOfGroup } from '../features/committees/committees.store.ts';
import type { CommandSpec, Feature } from '../features/feature.ts';
import { enqueueMessage, lanes, type OutgoingMessage } from '../jobs/outbox.store.ts';
import { FlatComposer } from './composer.ts';
import type { BotContext, BotDeps, SayOptions } from './context.ts';
import { type Locale, localeOfUser, translatorOf } from './i18n.ts';
import { telegramFetch } from './telegram-fetch.ts';

export interface CreateBotOptions extends BotDeps {
  token: string;
  /** The translations (`createI18n()`); shared with whatever renders messages outside updates. */
  i18n: I18n<BotContext>;
  /** Called after each update is fully handled (or skipped as a repeat); tests await it instead of sleeping. */
  onUpdateHandled?: (updateId: number) => void;
  /** Bot API root; tests and the sandbox point it at the local Bot API. */
  apiRoot?: string;
  /** The features, in the order their handlers run (`features` of `src/features/index.ts`). */
  features: readonly Feature[];
  /** Told how long each update took to handle, and whether it failed (the metrics). */
  observeUpdate?: (seconds: number, failed: boolean) => void;
}

/** The update kinds the bot asks Telegram for. */
export const allowedUpdates = ['message', 'edited_message', 'callback_query', 'my_chat_member'] as const;

/**
 * Builds the bot: middleware order, error boundary, exactly-once recording, i18n and the features.
 * Starting it (long polling) is the caller's business (`startApp`).
 */
export function createBot(options: CreateBotOptions): Bot<BotContext> {
  const { token, apiRoot, i18n, onUpdateHandled, observeUpdate, features, ...deps } = options;
  const commands = features.flatMap((f) => f.commands);
  const bot = new Bot<BotContext>(token, { client: { ...(apiRoot ? { apiRoot } : {}), fetch: telegramFetch() } });
  // direct answers survive a 429 (waiting retry_after) and passing 5xx errors
  bot.api.config.use(autoRetry({ maxRetryAttempts: 5, maxDelaySeconds: 300 }));
  // a press's answer (the toast its presser sees) does not hold up the chat's next update: what the press
  // changed is done by then, and under a burst of presses on one card the chat would otherwise wait for each
  // answer's round trip. The answer goes in the background (with the retries above); a failure is logged.
  bot.api.config.use((prev, method, payload, signal) => {
    if (method !== 'answerCallbackQuery') return prev(method, payload, signal);
    prev(method, payload, signal).catch((err: unknown) =>
      deps.logger.warn({ err: describeError(err) }, 'could not answer button press'),
    );
    // answerCallbackQuery's result is `true`
    return Promise.resolve({ ok: true, result: true } as Awaited<ReturnType<typeof prev<typeof method>>>);
  });

  const translate = translatorOf(i18n);

  // one flat list of everything (grammY's own chain wraps each `use` in another async function per update)
  const handlers = new FlatComposer<BotContext>();
  bot.use(handlers);
  // updates of one chat are handled one after another, in order; different chats run concurrently
  handlers.use(sequentialize(chatKey));
  if (onUpdateHandled) {
    handlers.use(async (ctx, next) => {
      try {
        await next();
      } finally {
        onUpdateHandled(ctx.update.update_id);
      }
    });
  }
  handlers.use(errorBoundary(deps, observeUpdate));
  handlers.use(exactlyOnce(deps, translate, commands));
  // the plugin's `t` takes any string; ours takes only the locale files' keys (BotContext), the same function
  handlers.use(i18n.middleware() as unknown as MiddlewareFn<BotContext>);
  handlers.use(usageErrorReplies);
  handlers.use(pressOfItsMessage);
  handlers.use(commandBudget(deps.config.floodControl.commandsPerMinute));
  for (const feature of features) if (feature.guard) handlers.use(feature.guard);
  for (const feature of features) if (feature.composer) handlers.use(feature.composer);
  for (const feature of features) if (feature.fallback) handlers.use(feature.fallback);
  // must be the last handler: a press no feature recognised (stale or forged data) still gets a reason
  handlers.on('callback_query', () => {
    throw new UsageError('button-invalid');
  });
  bot.catch((err) => {
    // reached only when the boundary itself failed
    deps.logger.error({ err: err.error, updateId: err.ctx.update.update_id }, 'unhandled error');
  });
  return bot;
}

function chatKey(ctx: Context): string | undefined {
  return ctx.chat?.id.toString() ?? ctx.from?.id.toString();
}

/**
 * Logs whatever a handler throws with the update id, tells the person something went wrong, and makes
 * sure every button press is answered (Telegram shows a spinner until it is).
 */
function errorBoundary(deps: BotDeps, observe?: (seconds: number, failed: boolean) => void): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const started = performance.now();
    let failed = false;
    let answered = false;
    ctx.api.config.use((prev, method, payload, signal) => {
      if (method === 'answerCallbackQuery') answered = true;
      return prev(method, payload, signal);
    });
    try {
      await next();
    } catch (err) {
      failed = true;
      deps.logger.error({ err: describeError(err), updateId: ctx.update.update_id }, 'update failed');
      const text = ctx.app ? ctx.app.translate(ctx.app.locale, 'error-unexpected') : undefined;
      if (text && ctx.callbackQuery && !answered) {
        await ctx.answerCallbackQuery({ text }).catch(() => undefined);
      } else if (text && ctx.message?.text?.startsWith('/')) {
        await ctx.reply(text).catch(() => undefined);
      }
    } finally {
      if (ctx.callbackQuery && !answered) {
        await ctx
          .answerCallbackQuery()
          .catch((err: unknown) => deps.logger.warn({ err: describeError(err) }, 'could not answer button press'));
      }
      observe?.((performance.now() - started) / 1000, failed);
    }
  };
}

/** Errors are logged without request payloads (which may hold private need texts). */
function describeError(err: unknown): Record<string, unknown> {
  if (err instanceof GrammyError)
    return { type: 'GrammyError', method: err.method, code: err.error_code, description: err.description };
  if (err instanceof HttpError) return { type: 'HttpError', message: err.message };
  if (err instanceof Error) return { type: err.name, message: err.message, stack: err.stack };
  return { type: typeof err, value: String(err) };
}

/**
 * Skips an update whose effects are already committed (Telegram delivered it again), prepares the
 * per-update scope, and records the update as handled: inside the transaction of its effects when the
 * handler changes state (`ctx.app.commit`), on its own afterwards otherwise.
 */
function exactlyOnce(
  deps: BotDeps,
  translate: UpdateScope['translate'],
  commands: readonly CommandSpec[],
): MiddlewareFn<BotContext> {
  const handled = new HandledUpdates(deps.db);
  return async (ctx, next) => {
    const { db, clock, config, logger } = deps;
    const update = ctx.update;
    if (handled.has(update.update_id)) {
      logger.info({ updateId: update.update_id }, 'update already handled, skipped');
      return;
    }
    const record = describeUpdate(update, ctx);
    const now = clock.now();
    const building = ctx.chat && ctx.chat.type !== 'private' ? findBuildingByChat(db, ctx.chat.id) : undefined;
    const committee = building ? undefined : committeeOfGroup(db, config.committees, ctx.chat);
    const fallback = config.language as Locale;
    // a group in its building's language, a committee's chat in the committee's (SPEC §1)
    const locale = building
      ? (building.language as Locale)
      : committee
        ? (committee.language ?? fallback)
        : localeOfUser(ctx.from?.language_code, fallback);
    let recorded = false;
    const unsaid: OutgoingMessage[] = [];
    // the sender's row first (what the change writes may refer to it), the answers last (said inside the change)
    const inTransaction = <T>(change: (tx: Tx) => T): T => {
      const transaction = (tx: Tx) => {
        handled.record(tx, record, now);
        const value = change(tx);
        for (const message of unsaid.splice(0)) enqueueMessage(tx, message, now);
        return value;
      };
      const result = deps.group ? deps.group.change(transaction) : db.transaction(transaction);
      recorded = true;
      deps.wakeOutbox();
      return result;
    };
    ctx.app = {
      deps,
      commands,
      building,
      committee,
      locale,
      now,
      translate,
      commit: inTransaction,
      say: (text, options = {}) => unsaid.push(answer(ctx, text, options)),
    };
    await next();
    if (!recorded || unsaid.length > 0) inTransaction(() => undefined);
  };
}

/** The outbox message of an answer: into the command's topic, quoting the command in groups. */
function answer(ctx: BotContext, text: string, options: SayOptions): OutgoingMessage {
  const chatId = options.chatId ?? ctx.chat?.id ?? ctx.from?.id;
  if (chatId === undefined) throw new Error('say() needs a chat');
  const sameChat = chatId === ctx.chat?.id;
  const msg = ctx.msg;
  const payload: Record<string, unknown> = { text };
  if (sameChat && msg?.is_topic_message && msg.message_thread_id !== undefined)
    payload.message_thread_id = msg.message_thread_id;
  if (sameChat && options.quote !== false && ctx.chat?.type !== 'private' && ctx.message) {
    payload.reply_parameters = { message_id: ctx.message.message_id, allow_sending_without_reply: true };
  }
  if (options.replyMarkup) payload.reply_markup = options.replyMarkup;
  if (options.entities && options.entities.length > 0) payload.entities = options.entities;
  return {
    chatId,
    payload,
    kind: 'reply',
    priority: lanes.answer,
    ...(ctx.from ? { forUser: ctx.from.id } : {}),
    ...(options.ref ? { ref: options.ref } : {}),
  };
}

type UpdateScope = BotContext['app'];

function describeUpdate(update: Update, ctx: Context): UpdateRecord {
  const kind = Object.keys(update).find((k) => k !== 'update_id') ?? 'unknown';
  return {
    updateId: update.update_id,
    chatId: ctx.chat?.id ?? null,
    kind,
    ...(ctx.from ? { from: ctx.from } : {}),
    isPrivateChat: ctx.chat?.type === 'private' && update.message !== undefined,
  };
}

/** A {@link UsageError} becomes the friendly reply (or button answer) it names; nothing was changed. */
const usageErrorReplies: MiddlewareFn<BotContext> = async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    const text = ctx.t(err.key, err.args);
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: cutText(text, 200), show_alert: text.length > 60 });
    else ctx.app.say(text);
  }
};

/**
 * A press acts only on a message of its own kind: callback data is the client's word, and pressed on another
 * message (`v1:needs:page:1` sent against a pinned alert) it would make a handler rewrite that message. The kind is
 * the data's `v1:<kind>` prefix, so a stale press on a card that changed meanwhile still gets its handler's reason
 * ("already claimed"). A message without buttons (a closed card) or too old for Telegram to show them is left to the
 * handlers' own checks.
 */
const pressOfItsMessage: MiddlewareFn<BotContext> = async (ctx, next) => {
  const press = ctx.callbackQuery;
  const message = press?.message;
  if (!press?.data || !message || message.date === 0) return next();
  const kind = kindOf(press.data);
  const buttons = 'reply_markup' in message ? (message.reply_markup?.inline_keyboard.flat() ?? []) : [];
  // a card whose buttons are gone (closed, answered) is its handler's to explain
  if (buttons.length > 0 && !buttons.some((b) => 'callback_data' in b && kindOf(b.callback_data) === kind)) {
    throw new UsageError('button-invalid');
  }
  return next();
};

/** `v1:need` of `v1:need:claim:42`. */
function kindOf(data: string): string {
  return data.split(':', 2).join(':');
}

/**
 * Each user's commands in a chat, at most `perMinute` a minute (grammY's rate limiter, in memory: a restart forgets
 * the budgets, which is fine for flood control). The rest are dropped with one notice a minute; they are still
 * recorded as handled, so a crash does not replay them.
 */
function commandBudget(perMinute: number): MiddlewareFn<BotContext> {
  return limit<BotContext, never>({
    timeFrame: 60_000,
    limit: perMinute,
    keyGenerator: (ctx) => {
      const isCommand = ctx.message?.entities?.some((e) => e.type === 'bot_command' && e.offset === 0);
      return isCommand && ctx.chat && ctx.from ? `${ctx.chat.id}:${ctx.from.id}` : undefined;
    },
    onLimitExceeded: (ctx) => ctx.app.say(ctx.t('flood-slow-down', { perMinute })),
  });
}

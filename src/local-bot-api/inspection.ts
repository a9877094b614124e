// Inspecting the local Bot API: what tests read (chat histories, pins, documents, commands, the call log) and
// event-driven waits for what the bot does, whose timeouts describe the chat and the recent calls.
import { DEFAULT_TIMEOUT_MS } from './core.ts';
import { describeMessage } from './describe.ts';
import { LocalBotApiDriver } from './driver.ts';
import { commandsKey } from './methods-bot.ts';
import type {
  BotCommand,
  BotCommandScope,
  CallbackAnswer,
  CallRecord,
  ChatMessage,
  DocumentRecord,
  FakeChatRecord,
  FakeUserRecord,
  Update,
} from './types.ts';
import { clone, type StoredMessage } from './world.ts';

export type SandboxEvent =
  | { kind: 'message'; message: ChatMessage; deleted: boolean }
  | { kind: 'update'; update: Update }
  | { kind: 'call'; call: CallRecord };

function describeCall(c: CallRecord): string {
  const err =
    c.status !== 200 && typeof c.response === 'object' && c.response !== null
      ? ` ${String((c.response as Record<string, unknown>).description ?? '')}`
      : '';
  const chat = c.params.chat_id !== undefined ? ` chat ${String(c.params.chat_id)}` : '';
  return `  ${c.method}${chat} -> ${c.status === 0 ? 'dropped' : c.status}${err}`;
}

/** LocalBotApi's reading and waiting methods (on top of the driver). */
export abstract class LocalBotApiInspection extends LocalBotApiDriver {
  // ================================================================== reading

  /** Callback query answers, in order. */
  get callbackAnswers(): CallbackAnswer[] {
    return this.world.callbackAnswers;
  }

  /** The chat as it is now: edits applied, deleted messages removed, in send order. */
  messages(chatId: number, opts: { threadId?: number } = {}): ChatMessage[] {
    return this.world
      .liveMessages(chatId)
      .filter((m) => opts.threadId === undefined || m.msg.message_thread_id === opts.threadId)
      .map((m) => this.world.view(m));
  }

  botMessages(chatId: number): ChatMessage[] {
    return this.messages(chatId).filter((m) => m.from_bot);
  }

  lastBotMessage(chatId: number): ChatMessage | undefined {
    return this.botMessages(chatId).at(-1);
  }

  /** Pinned message ids, oldest pin first. */
  pinned(chatId: number): number[] {
    return [...(this.world.pins.get(chatId) ?? [])];
  }

  /** Documents in the chat now, with their bytes. */
  documents(chatId: number): DocumentRecord[] {
    const out: DocumentRecord[] = [];
    for (const m of this.world.liveMessages(chatId)) {
      const doc = m.msg.document;
      if (!doc) continue;
      const file = this.world.files.get(doc.file_id);
      const rec: DocumentRecord = {
        messageId: m.messageId,
        filename: doc.file_name ?? '',
        content: Buffer.from(file?.content ?? Buffer.alloc(0)),
      };
      if (doc.mime_type !== undefined) rec.mimeType = doc.mime_type;
      if (m.msg.caption !== undefined) rec.caption = m.msg.caption;
      out.push(rec);
    }
    return out;
  }

  /** What setMyCommands stored for exactly this scope and language ([] if nothing). */
  myCommands(scope?: BotCommandScope, language_code?: string): BotCommand[] {
    return clone(this.world.commands.get(commandsKey(this.world, scope, language_code ?? '')) ?? []);
  }

  /** Updates enqueued but not yet confirmed by getUpdates. */
  pendingUpdateCount(): number {
    return this.updates.count();
  }

  /** Whether the world knows this user; the record (live, mutable). */
  user(id: number): FakeUserRecord | undefined {
    return this.world.users.get(id);
  }

  /** The chat record (live, mutable), if any. */
  chat(id: number): FakeChatRecord | undefined {
    return this.world.chats.get(id);
  }

  /** Listens to what happens (for the browser sandbox); returns an unsubscribe function. */
  subscribe(listener: (e: SandboxEvent) => void): () => void {
    const onMessage = (s: StoredMessage): void =>
      listener({ kind: 'message', message: this.world.view(s), deleted: s.deleted });
    const onUpdate = (u: Update): void => listener({ kind: 'update', update: clone(u) });
    const onCall = (c: CallRecord): void => listener({ kind: 'call', call: c });
    this.world.events.on('message', onMessage);
    this.world.events.on('update', onUpdate);
    this.world.events.on('call', onCall);
    return () => {
      this.world.events.off('message', onMessage);
      this.world.events.off('update', onUpdate);
      this.world.events.off('call', onCall);
    };
  }

  // ================================================================== waiting

  /**
   * Resolves with the first defined result of `check`: now, or after one of `events` (check receives the
   * event's payload, so it can look at just what changed). Rejects after timeoutMs or on close().
   */
  protected waitFor<T>(
    events: string[],
    check: (payload?: unknown) => T | undefined,
    timeoutMs: number,
    describe: () => string,
  ): Promise<T> {
    const first = check();
    if (first !== undefined) return Promise.resolve(first);
    if (this.closed) return Promise.reject(new Error(`LocalBotApi is closed; ${describe()}`));
    return new Promise<T>((resolve, reject) => {
      const emitter = this.world.events;
      const cleanup = (): void => {
        clearTimeout(timer);
        for (const e of events) emitter.off(e, onEvent);
        emitter.off('close', onClose);
      };
      const onEvent = (payload?: unknown): void => {
        const v = check(payload);
        if (v !== undefined) {
          cleanup();
          resolve(v);
        }
      };
      const onClose = (): void => {
        cleanup();
        reject(new Error(`LocalBotApi was closed while waiting; ${describe()}`));
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out after ${timeoutMs} ms: ${describe()}`));
      }, timeoutMs);
      for (const e of events) emitter.on(e, onEvent);
      emitter.once('close', onClose);
    });
  }

  private chatDump(chatId: number): string {
    const msgs = this.messages(chatId);
    const shown = msgs.slice(-20).map((m) => describeMessage(m));
    const failed = this.calls
      .filter((c) => c.status !== 200)
      .slice(-5)
      .map(describeCall);
    return [
      `chat ${chatId} holds ${msgs.length} message(s)${msgs.length > 20 ? ' (last 20 shown)' : ''}:`,
      ...(shown.length > 0 ? shown : ['  (none)']),
      ...(failed.length > 0 ? ['recent failed API calls:', ...failed] : []),
    ].join('\n');
  }

  /**
   * Resolves with the first bot message in the chat (already there, newly sent, or edited into a matching
   * state) for which `predicate` holds. A predicate that throws counts as not matching.
   */
  waitForBotMessage(
    chatId: number,
    predicate: (m: ChatMessage) => boolean = () => true,
    timeoutMs: number = DEFAULT_TIMEOUT_MS,
  ): Promise<ChatMessage> {
    const matches = (m: ChatMessage): boolean => {
      try {
        return predicate(m);
      } catch {
        return false;
      }
    };
    return this.waitFor(
      ['message'],
      (payload) => {
        if (payload === undefined) return this.botMessages(chatId).find(matches);
        // after the first scan only the message that just changed can start matching
        const s = payload as StoredMessage;
        if (s.chatId !== chatId || !s.fromBot || s.deleted) return undefined;
        const view = this.world.view(s);
        return matches(view) ? view : undefined;
      },
      timeoutMs,
      () =>
        `waitForBotMessage(${chatId}, ${predicate.toString().slice(0, 200)}) found no matching bot message; ${this.chatDump(chatId)}`,
    );
  }

  /** Resolves with the first answered API call (from `fromIndex` in `calls`, default 0) matching the predicate. */
  waitForCall(
    predicate: (c: CallRecord) => boolean,
    timeoutMs: number = DEFAULT_TIMEOUT_MS,
    fromIndex = 0,
  ): Promise<CallRecord> {
    return this.waitFor(
      ['call'],
      () => this.calls.slice(fromIndex).find(predicate),
      timeoutMs,
      () =>
        `waitForCall(${predicate.toString().slice(0, 200)}) saw no matching call; last calls:\n${
          this.calls.slice(-10).map(describeCall).join('\n') || '  (none)'
        }`,
    );
  }

  /** The offset confirmed so far: every update below it was confirmed (by getUpdates, or a webhook's 2xx). */
  get confirmedOffset(): number {
    return this.updates.confirmedOffset;
  }

  /** Resolves once getUpdates was called with an offset above updateId (the update is confirmed). */
  waitForConfirmed(updateId: number, timeoutMs: number = DEFAULT_TIMEOUT_MS): Promise<void> {
    return this.waitFor(
      ['confirmed'],
      () => (this.updates.confirmedOffset > updateId ? true : undefined),
      timeoutMs,
      () =>
        `update ${updateId} was not confirmed: highest offset seen ${this.updates.confirmedOffset}, ${this.updates.count()} update(s) pending, ${
          this.updates.polling ? 'a getUpdates request is being held' : 'no getUpdates request is being held'
        }`,
    ).then(() => undefined);
  }

  /** Resolves with the answer to a callback query. */
  waitForAnswer(callbackQueryId: string, timeoutMs: number = DEFAULT_TIMEOUT_MS): Promise<CallbackAnswer> {
    return this.waitFor(
      ['answer'],
      () => this.world.callbackAnswers.find((a) => a.callback_query_id === callbackQueryId),
      timeoutMs,
      () => `callback query ${callbackQueryId} was not answered; answers so far: ${this.world.callbackAnswers.length}`,
    );
  }

  /** Resolves once a getUpdates request is being held (the bot is idle and polling). */
  waitForPolling(timeoutMs: number = DEFAULT_TIMEOUT_MS): Promise<void> {
    return this.waitFor(
      ['held'],
      () => (this.updates.polling ? true : undefined),
      timeoutMs,
      () => `no getUpdates request was held; ${this.updates.count()} update(s) pending`,
    ).then(() => undefined);
  }
}

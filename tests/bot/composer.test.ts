import { Api, Composer, Context } from 'grammy';
import type { Update, UserFromGetMe } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import { FlatComposer } from '../../src/bot/composer.ts';

// grammY reads the bot's username of it, for a command addressed to the bot; the other fields of getMe are not read
const me = { id: 42, is_bot: true, first_name: 'Desk', username: 'desk_bot' } as UserFromGetMe;
const api = new Api('0:test');

function message(text: string, chatType: 'private' | 'supergroup', groupId = -100): Update {
  const chat =
    chatType === 'private' ? { id: 7, type: chatType, first_name: 'Li' } : { id: groupId, type: chatType, title: 'B1' };
  const entities = text.startsWith('/')
    ? [{ type: 'bot_command' as const, offset: 0, length: text.split(' ')[0]!.length }]
    : [];
  return {
    update_id: 1,
    message: { message_id: 1, date: 0, chat, from: { id: 7, is_bot: false, first_name: 'Li' }, text, entities },
  } as Update;
}

function press(data: string): Update {
  return {
    update_id: 2,
    callback_query: { id: 'q', chat_instance: 'c', data, from: { id: 7, is_bot: false, first_name: 'Li' } },
  } as Update;
}

type Trace = string[];

/**
 * Registers one bot's worth of handlers, shaped as the features register theirs (nested filters, commands on a
 * chat-type branch, async predicates, a handler added after the branch was installed, a fallback), on `root`.
 */
function register(root: Composer<Context>, trace: Trace): void {
  root.use(async (_ctx, next) => {
    trace.push('outer:before');
    await next();
    trace.push('outer:after');
  });
  const feature = root.use();
  const groups = feature.chatType(['group', 'supergroup']).filter(async (ctx) => ctx.chat?.id === -100);
  groups.command('need', (ctx) => {
    trace.push(`need:${ctx.match}`);
  });
  feature.chatType('private').command(['start', 'help'], async (_ctx, next) => {
    trace.push('help');
    await next();
  });
  feature.callbackQuery(/^v1:claim:/, (ctx) => {
    trace.push(`claim:${ctx.callbackQuery.data}`);
  });
  feature.branch(
    (ctx) => ctx.message?.text === 'yes',
    (_ctx, next) => {
      trace.push('branch:true');
      return next();
    },
    [
      (_ctx, next) => {
        trace.push('branch:false:1');
        return next();
      },
      (_ctx, next) => {
        trace.push('branch:false:2');
        return next();
      },
    ],
  );
  // registered after the branch above went in: still runs, in its place
  groups.command('needs', () => {
    trace.push('needs');
  });
  // a composer given as middleware, its handler registered after it was given
  const given = new (root.constructor as new () => Composer<Context>)();
  root.use(given);
  given.on('message:text', (_ctx, next) => {
    trace.push('given:text');
    return next();
  });
  root.use(() => {
    trace.push('fallback');
  });
}

async function traceOf(root: Composer<Context>, update: Update): Promise<Trace> {
  const trace: Trace = [];
  register(root, trace);
  await root.middleware()(new Context(update, api, me), () => {
    trace.push('end');
    return Promise.resolve();
  });
  return trace;
}

const updates: Array<[string, Update]> = [
  ['a group command', message('/need rice', 'supergroup')],
  ['a command registered late', message('/needs', 'supergroup')],
  ['a group command in private', message('/need rice', 'private')],
  ['a group command in a group the async filter refuses', message('/need rice', 'supergroup', -200)],
  ['a private command that goes on', message('/help', 'private')],
  ['a text the true branch takes', message('yes', 'private')],
  ['a text no handler takes', message('hello', 'supergroup')],
  ['a press', press('v1:claim:5')],
  ['a press no handler takes', press('v1:other')],
];

describe('FlatComposer', () => {
  it.each(updates)('runs %s through the same handlers, in the same order, as grammY', async (_name, update) => {
    const flat = await traceOf(new FlatComposer<Context>(), update);
    expect(flat).toEqual(await traceOf(new Composer<Context>(), update));
    expect(flat[0]).toBe('outer:before');
  });

  it('goes on to the next function only when every handler called next', async () => {
    expect(await traceOf(new FlatComposer<Context>(), message('hello', 'supergroup'))).toEqual([
      'outer:before',
      'branch:false:1',
      'branch:false:2',
      'given:text',
      'fallback',
      'outer:after',
    ]);
    const ended: string[] = [];
    const composer = new FlatComposer<Context>((_ctx, next) => next());
    await composer.middleware()(new Context(message('x', 'private'), api, me), () => {
      ended.push('end');
      return Promise.resolve();
    });
    expect(ended).toEqual(['end']);
  });

  it('rejects when next is called twice, or a handler throws (even without returning a promise)', async () => {
    const twice = new FlatComposer<Context>(async (_ctx, next) => {
      await next();
      await next();
    });
    const ctx = new Context(message('x', 'private'), api, me);
    await expect(twice.middleware()(ctx, () => Promise.resolve())).rejects.toThrow('`next` already called before!');

    const throwing = new FlatComposer<Context>();
    throwing.use((_ctx, next) => next());
    throwing.use(() => {
      throw new Error('broken');
    });
    const result = throwing.middleware()(ctx, () => Promise.resolve());
    expect(result).toBeInstanceOf(Promise);
    await expect(result).rejects.toThrow('broken');
  });

  it('builds its filters (command, chatType, on, …) as FlatComposers, so nested handlers stay flat', () => {
    const composer = new FlatComposer<Context>();
    expect(composer.chatType('supergroup').command('need')).toBeInstanceOf(FlatComposer);
    expect(composer.on('message:text')).toBeInstanceOf(FlatComposer);
    expect(composer.use()).toBeInstanceOf(FlatComposer);
  });
});

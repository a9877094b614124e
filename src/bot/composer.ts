import { Composer, type Context, type Middleware, type MiddlewareFn, type NextFunction } from 'grammy';

type MaybePromise<T> = T | Promise<T>;

/**
 * grammY's `Composer`, cheaper per update for a bot of many handlers; every feature's handlers and the bot's own
 * middleware are registered on one (`createBot`). grammY wraps each `use` around the ones before it in an async
 * function, and runs each filter (`command`, `on`, `chatType`, `callbackQuery`, …) through `lazy`, which builds a
 * new composer for every update that passes by: with this bot's hundred-odd handlers that made about 95 KB of
 * garbage per update before any handler ran (a sampling allocation profile of the throughput bench: 234 KB an update
 * in all, 139 KB with this class). Here a composer runs its middleware from a list, and the filters an update fails
 * are passed over in a loop, at the cost of their predicates alone. The order, the branches and `next` are grammY's: a
 * middleware that does not call `next` ends the chain, `next` returns a promise of the rest, calling it twice rejects,
 * and a throw rejects.
 *
 * Only `use`, `filter` and `branch` (which every other registration of grammY goes through) are replaced:
 * `lazy`, `fork`, `route` and `errorBoundary` still build grammY's own composers, slower but the same.
 */
export class FlatComposer<C extends Context> extends Composer<C> {
  private readonly steps: Step<C>[];
  private readonly run: MiddlewareFn<C>;

  constructor(...middleware: Array<Middleware<C>>) {
    super();
    this.steps = middleware.map(asFunction);
    this.run = inOrder(this.steps);
  }

  override middleware(): MiddlewareFn<C> {
    return this.run;
  }

  override use(...middleware: Array<Middleware<C>>): FlatComposer<C> {
    const composer = new FlatComposer(...middleware);
    // the list is read on every update: what is registered on `composer` later runs here too
    this.steps.push(composer.middleware());
    return composer;
  }

  override filter<D extends C>(predicate: (ctx: C) => ctx is D, ...middleware: Array<Middleware<D>>): FlatComposer<D>;
  override filter(predicate: (ctx: C) => MaybePromise<boolean>, ...middleware: Array<Middleware<C>>): FlatComposer<C>;
  override filter(predicate: (ctx: C) => MaybePromise<boolean>, ...middleware: Array<Middleware<C>>): FlatComposer<C> {
    const composer = new FlatComposer(...middleware);
    this.steps.push({ predicate, onMatch: composer.middleware() });
    return composer;
  }

  override branch(
    predicate: (ctx: C) => MaybePromise<boolean>,
    trueMiddleware: Middleware<C> | Array<Middleware<C>>,
    falseMiddleware: Middleware<C> | Array<Middleware<C>>,
  ): FlatComposer<C> {
    const onTrue = asOneFunction(trueMiddleware);
    const onFalse = asOneFunction(falseMiddleware);
    return this.use((ctx, next) => {
      const chosen = predicate(ctx);
      if (chosen instanceof Promise) return chosen.then((yes) => (yes ? onTrue : onFalse)(ctx, next));
      return (chosen ? onTrue : onFalse)(ctx, next);
    });
  }
}

function asFunction<C extends Context>(middleware: Middleware<C>): MiddlewareFn<C> {
  return typeof middleware === 'function' ? middleware : (ctx, next) => middleware.middleware()(ctx, next);
}

function asOneFunction<C extends Context>(middleware: Middleware<C> | Array<Middleware<C>>): MiddlewareFn<C> {
  return Array.isArray(middleware) ? new FlatComposer(...middleware).middleware() : asFunction(middleware);
}

/**
 * A filter's step: `onMatch` runs when `predicate` holds, else the steps after it. Kept apart from the functions so that
 * the filters an update fails (nearly all of them, for any update) are passed over in a loop, not through a `next`.
 */
interface Filter<C extends Context> {
  predicate: (ctx: C) => MaybePromise<boolean>;
  onMatch: MiddlewareFn<C>;
}

type Step<C extends Context> = MiddlewareFn<C> | Filter<C>;

/** Runs `steps` one after another, each given a `next` that runs the rest (the list is read as it is then). */
function inOrder<C extends Context>(steps: Step<C>[]): MiddlewareFn<C> {
  return (ctx, last) => {
    const from = (first: number): Promise<void> => {
      try {
        for (let i = first; i < steps.length; i++) {
          const step = steps[i]!;
          if (typeof step === 'function') return Promise.resolve(step(ctx, nextAfter(i))) as Promise<void>;
          const chosen = step.predicate(ctx);
          if (!chosen) continue;
          const next = nextAfter(i);
          if (!(chosen instanceof Promise)) return Promise.resolve(step.onMatch(ctx, next)) as Promise<void>;
          return chosen.then((yes) => (yes ? step.onMatch(ctx, next) : next())) as Promise<void>;
        }
      } catch (err) {
        return Promise.reject(err);
      }
      return last();
    };
    // what a middleware returns is not looked at, only when it is done
    const nextAfter = (i: number): NextFunction => {
      let called = false;
      return () => {
        if (called) return Promise.reject(new Error('`next` already called before!'));
        called = true;
        return from(i + 1);
      };
    };
    return from(0);
  };
}

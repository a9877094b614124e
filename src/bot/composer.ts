import { Composer, type Context, type Middleware, type MiddlewareFn, type NextFunction } from 'grammy';

type MaybePromise<T> = T | Promise<T>;

/**
 * grammY's `Composer`, cheaper per update for a bot of many handlers; every feature's handlers and the bot's own
 * middleware are registered on one (`createBot`). grammY wraps each `use` around the ones before it in an async
 * function, and runs each filter (`command`, `on`, `chatType`, `callbackQuery`, …) through `lazy`, which builds a
 * new composer for every update that passes by: with this bot's hundred-odd handlers that made about 95 KB of
 * garbage per update before any handler ran (a sampling allocation profile of the throughput bench: 234 KB an update
 * in all, 139 KB with this class). Here a composer is a list of steps, the composers registered on it (`use`,
 * `filter`) lists inside it, and one loop walks the whole tree: a filter an update fails costs its predicate alone,
 * entering a composer costs nothing, and only a middleware function gets a `next`. The order, the branches and `next`
 * are grammY's: a middleware that does not call `next` ends the chain, `next` returns a promise of the rest, calling it
 * twice rejects, and a throw rejects.
 *
 * Only `use`, `filter` and `branch` (which every other registration of grammY goes through) are replaced:
 * `lazy`, `fork`, `route` and `errorBoundary` still build grammY's own composers, slower but the same.
 */
export class FlatComposer<C extends Context> extends Composer<C> {
  /** Read on every update: what is registered on this composer (or one inside it) later runs too. */
  private readonly steps: Step<C>[];

  constructor(...middleware: Array<Middleware<C>>) {
    super();
    this.steps = middleware.map(FlatComposer.stepOf);
  }

  /** A FlatComposer given as middleware is walked into; any other middleware is called. */
  private static stepOf<C extends Context>(middleware: Middleware<C>): Step<C> {
    if (middleware instanceof FlatComposer) return (middleware as FlatComposer<C>).steps;
    return typeof middleware === 'function' ? middleware : (ctx, next) => middleware.middleware()(ctx, next);
  }

  override middleware(): MiddlewareFn<C> {
    return (ctx, next) => walk(ctx, { steps: this.steps, index: 0, outer: undefined }, next);
  }

  override use(...middleware: Array<Middleware<C>>): FlatComposer<C> {
    const composer = new FlatComposer(...middleware);
    this.steps.push(composer.steps);
    return composer;
  }

  override filter<D extends C>(predicate: (ctx: C) => ctx is D, ...middleware: Array<Middleware<D>>): FlatComposer<D>;
  override filter(predicate: (ctx: C) => MaybePromise<boolean>, ...middleware: Array<Middleware<C>>): FlatComposer<C>;
  override filter(predicate: (ctx: C) => MaybePromise<boolean>, ...middleware: Array<Middleware<C>>): FlatComposer<C> {
    const composer = new FlatComposer(...middleware);
    this.steps.push({ predicate, onMatch: composer.steps });
    return composer;
  }

  override branch(
    predicate: (ctx: C) => MaybePromise<boolean>,
    trueMiddleware: Middleware<C> | Array<Middleware<C>>,
    falseMiddleware: Middleware<C> | Array<Middleware<C>>,
  ): FlatComposer<C> {
    const onTrue = new FlatComposer(...[trueMiddleware].flat()).middleware();
    const onFalse = new FlatComposer(...[falseMiddleware].flat()).middleware();
    return this.use((ctx, next) => {
      const chosen = predicate(ctx);
      if (chosen instanceof Promise) return chosen.then((yes) => (yes ? onTrue : onFalse)(ctx, next));
      return (chosen ? onTrue : onFalse)(ctx, next);
    });
  }
}

/**
 * A step of a composer: a middleware function, the steps of a composer registered on it, or a filter (`onMatch`, the
 * steps of its composer, run when `predicate` holds; else the steps after it).
 */
type Step<C extends Context> = MiddlewareFn<C> | Step<C>[] | Filter<C>;

interface Filter<C extends Context> {
  predicate: (ctx: C) => MaybePromise<boolean>;
  onMatch: Step<C>[];
}

/** Where a walk is: the step `index` of `steps`, and where to go on when they are done. */
interface Position<C extends Context> {
  steps: Step<C>[];
  index: number;
  outer: Position<C> | undefined;
}

/** Runs the steps from `at` on, then `last`; a middleware function gets a `next` that walks on from after it. */
function walk<C extends Context>(ctx: C, at: Position<C> | undefined, last: NextFunction): Promise<void> {
  try {
    let here = at;
    while (here !== undefined) {
      const { steps, index, outer } = here;
      // when these steps are done, the walk goes on after the composer they belong to
      here = outer;
      for (let i = index; i < steps.length; i++) {
        const step = steps[i]!;
        if (typeof step === 'function') {
          // what a middleware returns is not looked at, only when it is done
          return Promise.resolve(step(ctx, nextFrom(ctx, { steps, index: i + 1, outer }, last))) as Promise<void>;
        }
        if (Array.isArray(step)) {
          here = { steps: step, index: 0, outer: { steps, index: i + 1, outer } };
          break;
        }
        const chosen = step.predicate(ctx);
        if (!chosen) continue;
        const after: Position<C> = { steps, index: i + 1, outer };
        const inside: Position<C> = { steps: step.onMatch, index: 0, outer: after };
        if (chosen instanceof Promise) return chosen.then((yes) => walk(ctx, yes ? inside : after, last));
        here = inside;
        break;
      }
    }
  } catch (err) {
    return Promise.reject(err);
  }
  return last();
}

function nextFrom<C extends Context>(ctx: C, after: Position<C>, last: NextFunction): NextFunction {
  let called = false;
  return () => {
    if (called) return Promise.reject(new Error('`next` already called before!'));
    called = true;
    return walk(ctx, after, last);
  };
}

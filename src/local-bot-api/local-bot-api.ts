// LocalBotApi: a local Bot API server plus a driver for tests, benchmarks and the browser sandbox. This file is
// the HTTP server (the Bot API under /bot{token}/, files under /file/, the control endpoints under /sandbox/) and
// fault injection; the driver and inspection methods come from driver.ts and inspection.ts.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleControl } from './control.ts';
import { DEFAULT_TIMEOUT_MS } from './core.ts';
import { ApiError } from './errors.ts';
import { BodyError, collectParams, describeParams, type Params, readBody } from './http-body.ts';
import { LocalBotApiInspection } from './inspection.ts';
import { METHODS, UNIMPLEMENTED } from './methods.ts';
import type { CallRecord, FailureSpec, LocalBotApiOptions } from './types.ts';

const METHOD_NAMES = new Map<string, string>(Object.keys(METHODS).map((m) => [m.toLowerCase(), m]));
/** The signal of a call answered at once: its client going away changes nothing while it runs. */
const stillWanted = new AbortController().signal;
const UNIMPLEMENTED_NAMES = new Map<string, string>(UNIMPLEMENTED.map((m) => [m.toLowerCase(), m]));

export class LocalBotApi extends LocalBotApiInspection {
  private readonly server: Server;
  private readonly host: string;
  private readonly port: number;
  private readonly faults = new Map<string, Array<{ remaining: number; failure: FailureSpec }>>();
  /** Calls kept waiting by a 'hold' fault. */
  private readonly heldCalls: Array<() => void> = [];
  private readonly inflight = new Set<Promise<void>>();
  private readonly control: boolean;
  private listening = false;

  constructor(opts: LocalBotApiOptions = {}) {
    super(opts);
    this.host = opts.host ?? '127.0.0.1';
    this.port = opts.port ?? 0;
    this.control = opts.control ?? false;
    this.server = createServer({ keepAliveTimeout: 60_000, headersTimeout: 65_000 }, (req, res) => {
      const done = this.handle(req, res).catch(() => {
        if (!res.headersSent && !res.destroyed) res.destroy();
      });
      this.inflight.add(done);
      void done.finally(() => this.inflight.delete(done));
    });
  }

  /** Starts listening; startLocalBotApi() calls this. */
  async listen(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.port, this.host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.listening = true;
    return this;
  }

  /** 'http://127.0.0.1:PORT' — give it to grammY as `client.apiRoot`. */
  get apiRoot(): string {
    const addr = this.server.address() as AddressInfo | null;
    if (!addr) throw new Error('LocalBotApi is not listening');
    const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
    return `http://${host}:${addr.port}`;
  }

  /** Ends held long polls (answering []), and closes the server including keep-alive sockets. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.webhook.close();
    this.updates.releaseHeld();
    this.releaseHeldCalls();
    this.world.events.emit('close');
    // let answered long polls flush, but never wait long
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.inflight]),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, 250);
      }),
    ]);
    clearTimeout(timer);
    if (!this.listening) return;
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  // ================================================================== HTTP

  /** Answers `body` as JSON; returns the JSON (also when the client is gone and nothing was written). */
  private respond(res: ServerResponse, status: number, body: unknown): string {
    const json = JSON.stringify(body);
    if (res.destroyed || res.writableEnded) return json;
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
    res.end(json);
    return json;
  }

  /**
   * Logs an answered call. Its `response` is the JSON answered, read back only when someone looks: a method's result
   * may be the world's own object (a sent message, edited later), and the log keeps it as it was answered.
   */
  private record(call: Omit<CallRecord, 'response'>, answered?: string): void {
    if (answered !== undefined) {
      let response: unknown;
      Object.defineProperty(call, 'response', {
        enumerable: true,
        get: () => {
          response ??= JSON.parse(answered);
          return response;
        },
      });
    }
    this.calls.push(call);
    this.world.events.emit('call', call);
  }

  private takeFault(method: string): FailureSpec | undefined {
    const list = this.faults.get(method.toLowerCase());
    const first = list?.[0];
    if (!list || !first) return undefined;
    first.remaining -= 1;
    if (first.remaining <= 0) list.shift();
    return first.failure;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake.telegram');
    const notFound = { ok: false, error_code: 404, description: 'Not Found' };

    if (this.control && /^\/sandbox(\/|$)/.test(url.pathname)) {
      return handleControl({ tg: this, world: this.world, isClosed: () => this.closed }, req, res, url);
    }

    const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (file) {
      const stored =
        file[1] === this.token ? [...this.world.files.values()].find((f) => f.path === file[2]) : undefined;
      if (!stored) {
        this.respond(res, 404, notFound);
        return;
      }
      res.writeHead(200, { 'content-type': stored.mimeType, 'content-length': stored.content.length });
      res.end(stored.content);
      return;
    }

    const m = /^\/bot([^/]*)\/([^/]*)$/.exec(url.pathname);
    if (!m) {
      this.respond(res, 404, notFound);
      return;
    }
    const at = this.world.now();
    const given = decodeURIComponent(m[2] ?? '');
    let params: Params = {};
    const finish = (method: string, status: number, body: unknown): void => {
      const answered = this.respond(res, status, body);
      this.record({ method, params: describeParams(params), at, status }, answered);
    };
    try {
      params = collectParams(url, await readBody(req), req.headers['content-type']);
    } catch (err) {
      if (err instanceof BodyError) {
        return finish(given, err.status, { ok: false, error_code: err.status, description: err.message });
      }
      throw err;
    }
    if (m[1] !== this.token) return finish(given, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const method = METHOD_NAMES.get(given.toLowerCase());
    const fn = method === undefined ? undefined : METHODS[method];
    if (method === undefined || fn === undefined) {
      const missing = UNIMPLEMENTED_NAMES.get(given.toLowerCase());
      if (missing !== undefined) {
        return finish(missing, 501, {
          ok: false,
          error_code: 501,
          description: `Not Implemented: the fake Telegram server does not implement ${missing}`,
        });
      }
      return finish(given, 404, notFound);
    }

    const fault = this.takeFault(method);
    if (fault === 'hold') {
      await new Promise<void>((resolve) => {
        this.heldCalls.push(resolve);
        this.world.events.emit('call-held');
      });
    }
    if (fault === 'drop') {
      res.destroy();
      this.record({ method, params: describeParams(params), at, status: 0 });
      return;
    }
    if (fault !== undefined && fault !== 'drop-after' && fault !== 'hold') {
      const parameters: Record<string, number> = {};
      if (fault.retry_after !== undefined) parameters.retry_after = fault.retry_after;
      if (fault.migrate_to_chat_id !== undefined) parameters.migrate_to_chat_id = fault.migrate_to_chat_id;
      const body: Record<string, unknown> = { ok: false, error_code: fault.error_code, description: fault.description };
      if (Object.keys(parameters).length > 0) body.parameters = parameters;
      return finish(method, fault.error_code, body);
    }

    // a long poll ends when its client goes away; the other methods answer at once (and a controller a call costs)
    const abort = method === 'getUpdates' ? new AbortController() : undefined;
    if (abort) {
      const clientGone = () => {
        if (!res.writableFinished) abort.abort();
      };
      if (res.destroyed) clientGone();
      else res.once('close', clientGone);
    }
    let status: number;
    let body: unknown;
    try {
      const result = await fn(this.env, params, abort?.signal ?? stillWanted);
      status = 200;
      body = { ok: true, result };
    } catch (err) {
      if (err instanceof ApiError) {
        status = err.status;
        body = err.toJSON();
      } else {
        status = 500;
        const message = err instanceof Error ? err.message : String(err);
        body = { ok: false, error_code: 500, description: `Internal Server Error: ${message}` };
      }
    }
    if (fault === 'drop-after' || (res.destroyed && !res.writableFinished)) {
      res.destroy();
      this.record({ method, params: describeParams(params), at, status: 0 });
      return;
    }
    finish(method, status, body);
  }

  // ================================================================== faults

  /**
   * The next `count` calls of `method` fail: with an error answer (not performed), 'drop' (socket destroyed,
   * not performed) or 'drop-after' (performed, then the socket destroyed: the ambiguous case); or, with
   * 'hold', wait unanswered until `releaseHeldCalls()` and are then performed.
   */
  failNext(method: string, count: number, failure: FailureSpec): void {
    if (!Number.isInteger(count) || count < 1)
      throw new Error('LocalBotApi: failNext count must be a positive integer');
    const key = method.toLowerCase();
    const list = this.faults.get(key) ?? [];
    list.push({ remaining: count, failure: typeof failure === 'string' ? failure : { ...failure } });
    this.faults.set(key, list);
  }

  /** Resolves once `count` calls are being held by a 'hold' fault. */
  waitForHeldCalls(count: number, timeoutMs: number = DEFAULT_TIMEOUT_MS): Promise<void> {
    return this.waitFor(
      ['call-held'],
      () => (this.heldCalls.length >= count ? true : undefined),
      timeoutMs,
      () => `${this.heldCalls.length} of ${count} calls held`,
    ).then(() => undefined);
  }

  /** Lets every held call go on (performed and answered). Returns how many there were. */
  releaseHeldCalls(): number {
    const held = this.heldCalls.splice(0);
    for (const release of held) release();
    return held.length;
  }

  setRateLimits(limits: LocalBotApiOptions['rateLimits']): void {
    this.limiter.configure(limits);
  }
}

export async function startLocalBotApi(opts?: LocalBotApiOptions): Promise<LocalBotApi> {
  return new LocalBotApi(opts).listen();
}

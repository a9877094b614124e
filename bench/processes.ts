// Starting the local Bot API and the bots as processes of their own, and talking to them.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, createWriteStream, openSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MemoryReport } from './ipc.ts';

export const root = fileURLToPath(new URL('..', import.meta.url));

/** The processes started and not yet exited: what {@link stopAll} ends when a run fails half-way. */
const running = new Set<ChildProcess>();

/**
 * Stops every process this run started that is still running (after a failure, so none is left behind), `last`
 * after the others (the local API, which the bots talk to while they stop).
 */
export async function stopAll(last?: ChildProcess): Promise<void> {
  await Promise.all([...running].filter((child) => child !== last).map((child) => stopProcess(child)));
  if (last) await stopProcess(last);
}

/**
 * How the bots run: `compiled`, as `npm start` runs the bot (JavaScript from `tsc`, `dist-bench/`, built by
 * {@link buildCompiled}), or `tsx`, as `npm run dev` does (TypeScript through tsx's loader). Both bots alike.
 */
export type Runtime = 'compiled' | 'tsx';
let botRuntime: Runtime = 'tsx';

export function useRuntime(runtime: Runtime): void {
  botRuntime = runtime;
}

/** How the bots started now run. */
export function runtimeInUse(): Runtime {
  return botRuntime;
}

const compiledDir = 'dist-bench';

/**
 * Compiles the bot, the hub and the two bench bots (`tsconfig.bench.json`) into `dist-bench/`, where the compiled
 * code finds the migrations, the messages and the hub's page as `dist/` does (links to the project's own).
 */
export async function buildCompiled(logFile: string): Promise<void> {
  rmSync(join(root, compiledDir), { recursive: true, force: true });
  await compileBench(root, logFile);
}

/** {@link buildCompiled} for the checkout of this project at `dir`: its code, migrations and messages. */
async function compileBench(dir: string, logFile: string): Promise<void> {
  const tsc = spawn(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.bench.json'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createWriteStream(logFile, { flags: 'a' });
  tsc.stdout?.pipe(log);
  tsc.stderr?.pipe(log);
  const code = await exited(tsc);
  if (code !== 0) throw new Error(`tsc -p tsconfig.bench.json in ${dir} exited with ${code}; see ${logFile}`);
  for (const linked of ['migrations', 'migrations-hub', 'locales', 'src/hub/web'])
    symlinkSync(join(dir, linked), join(dir, compiledDir, linked), 'dir');
}

/** This bot as it was at a git revision, compiled: what `--against` runs in place of the bare bot. */
export interface BotAtRevision {
  /** The commit the revision names. */
  commit: string;
  /** Its compiled bench bot process (an absolute path, for {@link BotProcess.start}). */
  entry: string;
  /** Removes its worktree. */
  remove(): void;
}

/**
 * Checks this project out at `revision` in a git worktree under `work` (using this checkout's node_modules: the
 * revision's dependencies must be the same) and compiles it as {@link buildCompiled} compiles the working tree, so
 * that the two bots, before and after a change, can be measured side by side in one run.
 */
export async function buildRevision(revision: string, work: string, logFile: string): Promise<BotAtRevision> {
  const git = (...args: string[]): string =>
    execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  const commit = git('rev-parse', '--verify', `${revision}^{commit}`);
  const dir = join(work, `at-${commit.slice(0, 12)}`);
  git('worktree', 'add', '--detach', '--quiet', dir, commit);
  const remove = (): void => {
    rmSync(dir, { recursive: true, force: true });
    git('worktree', 'prune');
  };
  try {
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
    await compileBench(dir, logFile);
  } catch (err) {
    remove();
    throw err;
  }
  return { commit, entry: join(dir, compiledDir, 'bench', 'bot-process.js'), remove };
}

/**
 * A TypeScript entry point run by node (with tsx's loader, or its compiled JavaScript for a bot under the compiled
 * runtime): one process, so its pid and memory are its own.
 */
function spawnTs(
  file: string,
  args: string[],
  env: Record<string, string>,
  logFile: string,
  options: { nodeFlags?: string[]; compiled?: boolean; readStdout?: boolean } = {},
): ChildProcess {
  const entry = options.compiled
    ? [isAbsolute(file) ? file : join(compiledDir, file.replace(/\.ts$/, '.js'))]
    : ['--import', 'tsx', file];
  // the output goes to the log file itself, not through this process: during a run this process serves the local
  // Bot APIs, and relaying twenty bots' logs cost it CPU (and a thread of its pool) when they all log at once
  const log = openSync(logFile, 'a');
  try {
    const child = spawn(process.execPath, ['--expose-gc', ...(options.nodeFlags ?? []), ...entry, ...args], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', options.readStdout ? 'pipe' : log, log, 'ipc'],
    });
    running.add(child);
    child.once('exit', () => running.delete(child));
    child.stdout?.pipe(createWriteStream(logFile, { flags: 'a' }));
    return child;
  } finally {
    // the child holds its own copy
    closeSync(log);
  }
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return once(child, 'exit').then(([code]) => code as number | null);
}

/** Stops a process with SIGTERM (SIGKILL after `graceMs`) and waits for it to exit. */
export async function stopProcess(child: ChildProcess, graceMs = 15_000): Promise<number | null> {
  const done = exited(child);
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  try {
    return await done;
  } finally {
    clearTimeout(timer);
  }
}

/** Runs a TypeScript script to its end (logging to `logFile`); rejects when it fails. */
export async function runTs(file: string, args: string[], logFile: string): Promise<void> {
  const code = await exited(spawnTs(file, args, {}, logFile));
  if (code !== 0) throw new Error(`${file} exited with ${code}; see ${logFile}`);
}

export interface LocalApi {
  apiRoot: string;
  token: string;
  child: ChildProcess;
}

/** `npm run local-api` (quiet) in its own process, seeded from `config`; resolves once it listens. */
export async function startLocalApi(config: string, logFile: string): Promise<LocalApi> {
  const child = spawnTs('src/local-bot-api/cli.ts', ['--port', '0', '--config', config, '--quiet'], {}, logFile, {
    readStdout: true,
  });
  let seen = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the local Bot API did not start in 60 s; see ${logFile}`)),
      60_000,
    );
    child.once('exit', (code) => reject(new Error(`the local Bot API exited with ${code}; see ${logFile}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      const apiRoot = /apiRoot\s+(\S+)/.exec(seen)?.[1];
      const token = /token\s+(\S+)/.exec(seen)?.[1];
      if (apiRoot && token) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve({ apiRoot, token, child });
      }
    });
  });
}

/** A bot process: asked for its memory (and, for this bot, to move its clock) over IPC. */
export class BotProcess {
  private nextId = 1;
  private readonly waiting = new Map<number, (body: unknown) => void>();
  readonly ready: Promise<void>;
  readonly startedAt = Date.now();

  private constructor(readonly child: ChildProcess) {
    let onReady: () => void = () => undefined;
    this.ready = new Promise((resolve, reject) => {
      onReady = resolve;
      child.once('exit', (code) => reject(new Error(`bot process exited with ${code} before it was ready`)));
    });
    child.on('message', (raw) => {
      const { id, body } = raw as { id: number; body: unknown };
      if (id === 0) onReady();
      this.waiting.get(id)?.(body);
      this.waiting.delete(id);
    });
  }

  /** `profileDir`: write a V8 CPU profile there when the process exits (`npm run bench -- --profile DIR`). */
  static start(file: string, env: Record<string, string>, logFile: string, profileDir?: string): BotProcess {
    return new BotProcess(
      spawnTs(file, [], env, logFile, {
        ...(profileDir ? { nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] } : {}),
        compiled: botRuntime === 'compiled',
      }),
    );
  }

  request<T>(message: Record<string, unknown>): Promise<T> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, (body) => {
        if (typeof body === 'object' && body !== null && 'error' in body) reject(new Error(String(body.error)));
        else resolve(body as T);
      });
      this.child.send({ id, ...message });
    });
  }

  memory(): Promise<MemoryReport> {
    return this.request({ type: 'memory' });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** The CPU time the process used so far, µs (user and system). */
  async cpuMicros(): Promise<number> {
    return (await this.request<{ micros: number }>({ type: 'cpu' })).micros;
  }

  stop(): Promise<number | null> {
    return stopProcess(this.child);
  }
}

/** CPU time and time waiting for a core of process `pid`'s main thread, ms (undefined where /proc cannot tell). */
export function mainThreadTimes(pid: number | undefined): { cpuMs: number; waitedMs: number } | undefined {
  if (pid === undefined) return undefined;
  try {
    const [cpuNs, waitNs] = readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ').map(Number);
    return cpuNs === undefined || waitNs === undefined ? undefined : { cpuMs: cpuNs / 1e6, waitedMs: waitNs / 1e6 };
  } catch {
    return undefined;
  }
}

// The benchmark's few words with the bot processes it starts (over Node's IPC channel).

import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

export type ParentRequest =
  | { id: number; type: 'memory' }
  /** The CPU time the process used so far (user and system), µs: what its work cost, however busy the machine. */
  | { id: number; type: 'cpu' }
  /** Starts V8's CPU profiler in the process (sampling every ms, as `--cpu-prof` does), for the requests between. */
  | { id: number; type: 'profile-start' }
  /** Stops it and writes the profile to `path` (a `.cpuprofile` file, as `--cpu-prof` writes). */
  | { id: number; type: 'profile-stop'; path: string }
  | { id: number; type: 'set-clock'; at: number }
  /** Moves the clock on by `ms` without a scheduler tick, and wakes the webhook sender (a retry falls due). */
  | { id: number; type: 'advance-clock'; ms: number };

export interface MemoryReport {
  /** Resident set size now, bytes. */
  rss: number;
  /** The most the process was resident, bytes. */
  maxRss: number;
  heapUsed: number;
  /** What V8 holds for its heap (used or not), and memory outside it (SQLite's caches, buffers), bytes. */
  heapTotal: number;
  external: number;
}

/** In a child: answers the parent's requests; `memory` for every process, the rest by `handle`. */
export function answerParent(handle: (request: ParentRequest) => Promise<unknown>): void {
  if (!process.send) return;
  let profiler: Session | undefined;
  process.on('message', (raw) => {
    const request = raw as ParentRequest;
    const reply = (body: unknown): void => void process.send?.({ id: request.id, body });
    const failed = (err: unknown): void => reply({ error: String(err) });
    if (request.type === 'profile-start') {
      profiler = new Session();
      profiler.connect();
      const started = profiler;
      void (async () => {
        await started.post('Profiler.enable');
        await started.post('Profiler.setSamplingInterval', { interval: 1000 });
        await started.post('Profiler.start');
      })().then(() => reply({}), failed);
      return;
    }
    if (request.type === 'profile-stop') {
      const running = profiler;
      profiler = undefined;
      if (!running) return failed(new Error('no profile started'));
      void running
        .post('Profiler.stop')
        .then(({ profile }) => {
          writeFileSync(request.path, JSON.stringify(profile));
          running.disconnect();
        })
        .then(() => reply({}), failed);
      return;
    }
    if (request.type === 'memory') {
      global.gc?.();
      const usage = process.memoryUsage();
      const report: MemoryReport = {
        rss: usage.rss,
        maxRss: process.resourceUsage().maxRSS * 1024,
        heapUsed: usage.heapUsed,
        heapTotal: usage.heapTotal,
        external: usage.external,
      };
      reply(report);
      return;
    }
    if (request.type === 'cpu') {
      const { user, system } = process.cpuUsage();
      reply({ micros: user + system });
      return;
    }
    handle(request).then(reply, failed);
  });
  process.send({ id: 0, body: 'ready' });
}

// The benchmark's few words with the bot processes it starts (over Node's IPC channel).

export type ParentRequest =
  | { id: number; type: 'memory' }
  /** The CPU time the process used so far (user and system), µs: what its work cost, however busy the machine. */
  | { id: number; type: 'cpu' }
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
  process.on('message', (raw) => {
    const request = raw as ParentRequest;
    const reply = (body: unknown): void => void process.send?.({ id: request.id, body });
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
    handle(request).then(reply, (err: unknown) => reply({ error: String(err) }));
  });
  process.send({ id: 0, body: 'ready' });
}

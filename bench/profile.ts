// Where a bot's CPU goes (`npm run bench -- --profile DIR`): the V8 CPU profile a bot process wrote when it exited,
// cut to the stretch where it handled the commands, and summed by function (self time: the time spent in the function
// itself, not in what it called).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  /** `function (package or file)`: where the time was spent. */
  where: string;
  /** Share of the busy time in that stretch, in percent. */
  percent: number;
}

export interface ProfileSummary {
  /** The stretch summed: from the first sample inside the handlers to the last, ms; and how much of it was busy. */
  windowMs: number;
  busyMs: number;
  top: SelfTime[];
}

/** The main thread's profile of process `pid` in `dir` (node names it `CPU.<date>.<time>.<pid>.0.<seq>.cpuprofile`). */
export function profileOf(dir: string, pid: number): string | undefined {
  const file = readdirSync(dir).find((name) => name.includes(`.${pid}.0.`) && name.endsWith('.cpuprofile'));
  return file === undefined ? undefined : join(dir, file);
}

/**
 * `node_modules/better-sqlite3/lib/methods/wrappers.js` → `better-sqlite3`; `src/features/needs/x.ts` → `needs/x.ts`;
 * the profiler's own entries (`(garbage collector)`, `(program)`) → `V8`; a function of no JavaScript file (C++ called
 * from JavaScript: better-sqlite3's `run`, a socket's `writev`; or a V8 builtin: `runMicrotasks`) → `native`.
 */
function placeOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? 'V8' : 'native';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (modules) return modules[1]!;
  if (url.startsWith('node:')) return url;
  return url.split('/').slice(-2).join('/');
}

/**
 * The top `count` functions by self time in the part of the profile where the stack passes through a file whose path
 * contains `marker` (the command handlers: the time before, starting, and after, stopping, is left out).
 */
export function summariseProfile(path: string, marker: string, count = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const inHandlers = new Map<number, boolean>();
  const passesMarker = (id: number): boolean => {
    const known = inHandlers.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id)!;
    const parent = parentOf.get(id);
    const result = node.callFrame.url.includes(marker) || (parent !== undefined && passesMarker(parent));
    inHandlers.set(id, result);
    return result;
  };
  const first = profile.samples.findIndex(passesMarker);
  const last = profile.samples.findLastIndex(passesMarker);
  const self = new Map<string, number>();
  let windowUs = 0;
  let busyUs = 0;
  for (let i = Math.max(first, 0); i <= last; i++) {
    const delta = profile.timeDeltas[i] ?? 0;
    windowUs += delta;
    const { functionName, url } = byId.get(profile.samples[i]!)!.callFrame;
    if (functionName === '(idle)') continue;
    busyUs += delta;
    const where = `${functionName || '(anonymous)'} (${placeOf(url, functionName)})`;
    self.set(where, (self.get(where) ?? 0) + delta);
  }
  const top = [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([where, us]) => ({ where, percent: busyUs === 0 ? 0 : (100 * us) / busyUs }));
  return { windowMs: windowUs / 1000, busyMs: busyUs / 1000, top };
}

/** The two summaries side by side as a Markdown table: rank, then each bot's function and share. */
export function profileTable(bare: ProfileSummary, bot: ProfileSummary): string[] {
  const rows = Math.max(bare.top.length, bot.top.length);
  const cell = (entry: SelfTime | undefined) =>
    entry ? `\`${entry.where.replaceAll('|', '\\|')}\` | ${entry.percent.toFixed(1)}%` : ' | ';
  return [
    '| # | bare grammY + runner: function (where) | self | this bot: function (where) | self |',
    '| --- | --- | --- | --- | --- |',
    ...Array.from({ length: rows }, (_, i) => `| ${i + 1} | ${cell(bare.top[i])} | ${cell(bot.top[i])} |`),
  ];
}

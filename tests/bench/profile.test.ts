import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { profileOf, profileTable, summariseProfile } from '../../bench/profile.ts';

const dir = mkdtempSync(join(tmpdir(), 'profile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 0 });

/**
 * root → start (loader) ; root → handle (needs.bot.ts) → get (drizzle) → run (native) ; root → (idle) ; root → gc.
 * Samples: 2 × start (before the handlers: left out), then handle, get, run, idle, gc, get, then start again (after).
 */
const profile = {
  nodes: [
    { id: 1, callFrame: frame('(root)', ''), children: [2, 3, 5, 6] },
    { id: 2, callFrame: frame('start', 'file:///work/src/app.ts') },
    { id: 3, callFrame: frame('handle', 'file:///work/src/features/needs/needs.bot.ts'), children: [4] },
    {
      id: 4,
      callFrame: frame('get', 'file:///work/node_modules/drizzle-orm/better-sqlite3/session.js'),
      children: [7],
    },
    { id: 5, callFrame: frame('(idle)', '') },
    { id: 6, callFrame: frame('(garbage collector)', '') },
    { id: 7, callFrame: frame('run', '') },
  ],
  samples: [2, 2, 3, 4, 7, 5, 6, 4, 2],
  timeDeltas: [1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000],
};

describe('profile summaries', () => {
  it('sum self time only between the first and the last sample inside the handlers, idle left out', () => {
    const path = join(dir, 'CPU.20261202.010000.4242.0.001.cpuprofile');
    writeFileSync(path, JSON.stringify(profile));
    expect(profileOf(dir, 4242)).toBe(path);
    expect(profileOf(dir, 4243)).toBeUndefined();
    const summary = summariseProfile(path, 'needs.bot');
    expect(summary.windowMs).toBe(6);
    expect(summary.busyMs).toBe(5);
    // C++ called from JavaScript (a function of no file) is told apart from V8's own entries
    expect(summary.top).toEqual([
      { where: 'get (drizzle-orm)', percent: 40 },
      { where: 'handle (needs/needs.bot.ts)', percent: 20 },
      { where: 'run (native)', percent: 20 },
      { where: '(garbage collector) (V8)', percent: 20 },
    ]);
    const table = profileTable(summary, { ...summary, top: summary.top.slice(0, 1) });
    expect(table).toHaveLength(6);
    expect(table[2]).toBe('| 1 | `get (drizzle-orm)` | 40.0% | `get (drizzle-orm)` | 40.0% |');
    expect(table[5]).toBe('| 4 | `(garbage collector) (V8)` | 20.0% |  |  |');
  });
});

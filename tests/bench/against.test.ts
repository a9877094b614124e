import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildRevision, root } from '../../bench/processes.ts';

const work = mkdtempSync(join(tmpdir(), 'against-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const git = (...args: string[]): string => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
/** The worktrees git knows of, as their folders. */
const worktrees = (): string[] =>
  git('worktree', 'list', '--porcelain')
    .split('\n')
    .filter((line) => line.startsWith('worktree '))
    .map((line) => line.slice('worktree '.length));

// `npm run bench -- --only throughput --against REV`: the bot before a change, compiled, beside the bot after it
describe('the bot at another revision (bench --against)', () => {
  it('is checked out in a worktree of its own, compiled, and removed after', { timeout: 120_000 }, async () => {
    const bot = await buildRevision('HEAD', work, join(work, 'build.log'));
    expect(bot.commit).toBe(git('rev-parse', 'HEAD'));
    expect(existsSync(bot.entry)).toBe(true);
    // it finds the migrations of its own revision, as the compiled bot finds dist's
    expect(existsSync(join(bot.entry, '..', '..', 'migrations', 'meta', '_journal.json'))).toBe(true);
    const folder = join(bot.entry, '..', '..', '..');
    expect(worktrees()).toContain(folder);

    bot.remove();
    expect(existsSync(folder)).toBe(false);
    expect(worktrees()).not.toContain(folder);
  });

  it('refuses a revision git does not know, leaving no worktree', async () => {
    const before = worktrees();
    await expect(buildRevision('no-such-revision', work, join(work, 'build.log'))).rejects.toThrow(/no-such-revision/);
    expect(worktrees()).toEqual(before);
  });
});

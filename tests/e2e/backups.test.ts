import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { jobRuns } from '../../src/db/schema.ts';
import { startTestBot, type TestBot, testConfigInput, world } from './harness.ts';

let t: TestBot | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await t?.close();
  t = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mutual-aid-backups-'));
  dirs.push(dir);
  return dir;
}

/** Ticks the scheduler at `at` and waits for the backup it may have started. */
async function tickAt(at: string): Promise<void> {
  t!.clock.set(Date.parse(at));
  t!.app.scheduler.tick();
  await t!.app.scheduler.backgroundSettled();
}

describe('scheduled backups', () => {
  it('writes an integrity-checked copy at each run and keeps only the newest `keep`', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'notes.txt'), 'not a backup: left alone');
    t = await startTestBot({
      config: testConfigInput({ backup: { cron: '0 3 * * *', dir, keep: 2 } }),
      startAt: '2026-04-01T02:00:00+08:00',
    });
    await t.send(world.b7.chatId, world.alice.id, '/home 1502');
    for (const day of ['01', '02', '03']) await tickAt(`2026-04-${day}T03:00:30+08:00`);

    const backups = readdirSync(dir).filter((name) => name.endsWith('.db'));
    expect(backups).toEqual(['mutual-aid-bot-20260401T190000Z.db', 'mutual-aid-bot-20260402T190000Z.db']);
    expect(readdirSync(dir)).toContain('notes.txt');
    const copy = new Database(join(dir, backups[1]!), { readonly: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(copy.prepare('SELECT unit FROM households').pluck().all()).toEqual(['1502']);
    } finally {
      copy.close();
    }
  });

  it('makes a run that failed again after a pause, and records it only once it succeeded', async () => {
    const parent = tempDir();
    const dir = join(parent, 'backups');
    writeFileSync(dir, 'a file where the directory should be');
    t = await startTestBot({
      config: testConfigInput({ backup: { cron: '0 3 * * *', dir, keep: 7 } }),
      startAt: '2026-04-01T02:00:00+08:00',
    });
    await tickAt('2026-04-01T03:00:30+08:00');
    expect(t.logs.some((l) => l.msg.includes('scheduled job failed'))).toBe(true);
    const runs = () =>
      t!.app.database.db
        .select()
        .from(jobRuns)
        .all()
        .filter((r) => r.job === 'backup');
    expect(runs()).toHaveLength(0);

    rmSync(dir);
    await tickAt('2026-04-01T03:02:00+08:00'); // within the pause: not tried again yet
    expect(existsSync(dir)).toBe(false);
    await tickAt('2026-04-01T03:06:00+08:00');
    expect(readdirSync(dir)).toEqual(['mutual-aid-bot-20260331T190000Z.db']);
    expect(runs()).toHaveLength(1);

    await tickAt('2026-04-01T03:30:00+08:00'); // made once: not again
    expect(readdirSync(dir)).toHaveLength(1);
  });
});

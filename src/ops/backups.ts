import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import type { BotConfig } from '../config/index.ts';
import { rotateBackups, scheduledBackupName, writeBackup } from '../db/backup.ts';
import type { BackgroundJob } from '../jobs/scheduler.ts';

/**
 * The config's scheduled backup (`backup: { cron, dir, keep }`): an online, integrity-checked copy named by the time
 * it was due, then all but the newest `keep` removed. A run cut short (a crash, a full disk) is made again.
 */
export function scheduledBackup(
  backup: NonNullable<BotConfig['backup']>,
  sqlite: Database.Database,
  logger: Logger,
): BackgroundJob {
  return {
    name: 'backup',
    cron: backup.cron,
    run: async (dueAt) => {
      const file = join(backup.dir, scheduledBackupName(dueAt));
      await writeBackup(sqlite, file);
      const removed = rotateBackups(backup.dir, backup.keep);
      logger.info({ file, removed: removed.length }, 'backup written, integrity check ok');
    },
  };
}

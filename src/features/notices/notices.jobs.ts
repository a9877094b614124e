import { createHash } from 'node:crypto';
import type { Translate } from '../../bot/i18n.ts';
import type { BotConfig } from '../../config/index.ts';
import { afterQuietHours } from '../../core/quiet-hours.ts';
import type { CronJob } from '../../jobs/scheduler.ts';
import { publishNotice } from './notices.messages.ts';

/**
 * The config's scheduled notices as cron jobs: each run publishes the notice (with its *Got it* button) to
 * its buildings, held until the end of quiet hours unless marked urgent.
 */
export function scheduledNoticeJobs(config: BotConfig, translate: Translate): CronJob[] {
  return config.notices.map((notice) => {
    // named by content, so editing a notice in the config makes it a new job rather than inheriting runs
    const name = `notice:${createHash('sha256').update(`${notice.cron}\n${notice.text}`).digest('hex').slice(0, 12)}`;
    const buildingIds = notice.buildings === 'all' ? config.buildings.map((b) => b.id) : [...notice.buildings];
    return {
      name,
      cron: notice.cron,
      run(tx, dueAt) {
        const held = notice.urgent ? dueAt : afterQuietHours(dueAt, config.quietHours, config.timezone);
        publishNotice(
          tx,
          translate,
          config,
          {
            buildingIds,
            level: 'info',
            text: notice.text,
            authorId: null,
            pin: notice.pin,
            notBefore: held === dueAt ? null : held,
          },
          dueAt,
        );
      },
    };
  });
}

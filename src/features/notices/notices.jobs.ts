import { createHash } from 'node:crypto';
import type { Locale, Translate } from '../../bot/i18n.ts';
import type { BotConfig } from '../../config/index.ts';
import { afterQuietHours } from '../../core/quiet-hours.ts';
import { appendAudit } from '../../db/audit.ts';
import { enqueueMessage } from '../../jobs/outbox.store.ts';
import type { CronJob } from '../../jobs/scheduler.ts';
import { findBuilding } from '../buildings/buildings.store.ts';

/**
 * The config's scheduled notices as cron jobs: each run queues the notice for its buildings (in the
 * building's topic when set), held until the end of quiet hours unless marked urgent.
 */
export function scheduledNoticeJobs(config: BotConfig, translate: Translate): CronJob[] {
  return config.notices.map((notice) => {
    // named by content, so editing a notice in the config makes it a new job rather than inheriting runs
    const name = `notice:${createHash('sha256').update(`${notice.cron}\n${notice.text}`).digest('hex').slice(0, 12)}`;
    const targets = notice.buildings === 'all' ? config.buildings : config.buildings.filter((b) => notice.buildings.includes(b.id));
    return {
      name,
      cron: notice.cron,
      run(tx, dueAt) {
        const notBefore = notice.urgent ? null : afterQuietHours(dueAt, config.quietHours, config.timezone);
        for (const target of targets) {
          const building = findBuilding(tx, target.id);
          if (!building?.active) continue;
          const text = translate(building.language as Locale, 'notice-scheduled', { text: notice.text });
          const payload: Record<string, unknown> = { text };
          if (target.topicId != null) payload.message_thread_id = target.topicId;
          enqueueMessage(tx, { chatId: building.chatId, payload, kind: 'notice', notBefore: notBefore === dueAt ? null : notBefore }, dueAt);
          appendAudit(tx, { at: dueAt, actor: null, buildingId: building.id, action: 'notice.scheduled', subject: name, details: { held: notBefore !== dueAt } });
        }
      },
    };
  });
}

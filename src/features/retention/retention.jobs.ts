import type { BotConfig } from '../../config/index.ts';
import { appendAudit } from '../../db/audit.ts';
import { purgeOldInbox } from '../../db/updates.ts';
import { purgeDeliveredMessages } from '../../jobs/outbox.store.ts';
import type { FeatureJobs } from '../feature.ts';

/**
 * Retention (SPEC §6): every hour, the copies of messages older than `retentionDays` go — the outbox's delivered
 * messages (a private need's details sent to volunteers and claimers among them) and the inbox's raw updates. The
 * needs' own private texts and the check-in answers are purged by their features.
 */
export function retentionJobs(config: BotConfig): FeatureJobs {
  return {
    cron: [
      {
        name: 'retention:messages',
        cron: '17 * * * *',
        run(tx, dueAt) {
          const before = dueAt - config.retentionDays * 86_400_000;
          const outbox = purgeDeliveredMessages(tx, before);
          const inbox = purgeOldInbox(tx, before);
          if (outbox + inbox === 0) return;
          appendAudit(tx, {
            at: dueAt,
            actor: null,
            action: 'retention.purge',
            subject: 'messages',
            details: { outbox, inbox },
          });
        },
      },
    ],
  };
}

import type { BotConfig } from '../../config/index.ts';
import { afterQuietHours } from '../../core/quiet-hours.ts';
import type { Translate } from '../../core/translate.ts';
import { enqueueMessage } from '../../jobs/outbox.store.ts';
import type { CronJob } from '../../jobs/scheduler.ts';
import { findBuilding } from '../buildings/buildings.store.ts';
import { topicOf } from '../needs/needs.messages.ts';
import { composeDigest } from './digests.messages.ts';

/** Each building's digest at its cron time, held until the end of quiet hours. */
export function digestJobs(config: BotConfig, translate: Translate): CronJob[] {
  return config.buildings.flatMap((entry) =>
    entry.digest
      ? [
          {
            name: `digest:${entry.id}`,
            cron: entry.digest,
            run(tx, dueAt) {
              const building = findBuilding(tx, entry.id);
              if (!building?.active) return;
              const { text, replyMarkup } = composeDigest(tx, translate, config, building, dueAt);
              const notBefore = afterQuietHours(dueAt, config.quietHours, config.timezone);
              enqueueMessage(
                tx,
                {
                  chatId: building.chatId,
                  payload: { text, reply_markup: replyMarkup, ...topicOf(config, entry.id) },
                  kind: 'digest',
                  notBefore: notBefore === dueAt ? null : notBefore,
                },
                dueAt,
              );
            },
          },
        ]
      : [],
  );
}

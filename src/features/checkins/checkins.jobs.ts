import type { BotConfig } from '../../config/index.ts';
import { inLanguage, type Translate } from '../../core/translate.ts';
import { appendAudit } from '../../db/audit.ts';
import type { Tx } from '../../db/open.ts';
import { enqueueMessage } from '../../jobs/outbox.store.ts';
import { type BuildingRow, findBuilding } from '../buildings/buildings.store.ts';
import type { FeatureJobs } from '../feature.ts';
import { notifyVolunteers, topicOf } from '../needs/needs.messages.ts';
import { hasAnswered, optedInHouseholds, purgeCheckinAnswers } from './checkins.store.ts';
import { dailyCron, localDay, okData } from './checkins.ts';

/**
 * The daily check (SPEC §2.5): at `checkin.at` each opted-in household gets an *I'm OK* button, by DM to
 * members who opened one with the bot, else in the group; at `checkin.deadline` the volunteers are told,
 * once, which units did not answer. Answers older than `retentionDays` are purged.
 */
export function checkinJobs(config: BotConfig, translate: Translate): FeatureJobs {
  const t = (building: BuildingRow) => inLanguage(translate, building.language);
  const eachBuilding = (tx: Tx, run: (building: BuildingRow) => void) => {
    for (const entry of config.buildings) {
      const building = findBuilding(tx, entry.id);
      if (building?.active) run(building);
    }
  };
  const optedIn = (tx: Tx, building: BuildingRow, now: number) =>
    optedInHouseholds(tx, building.id, config.buildings.find((b) => b.id === building.id)?.checkins ?? [], now);
  return {
    cron: [
      {
        name: 'checkin:ask',
        cron: dailyCron(config.checkin.at),
        run(tx, dueAt) {
          const day = localDay(dueAt, config.timezone);
          eachBuilding(tx, (building) => {
            for (const home of optedIn(tx, building, dueAt)) {
              const button = {
                inline_keyboard: [
                  [{ text: t(building)('checkin-btn-ok'), callback_data: okData(home.householdId, day) }],
                ],
              };
              const reachable = home.members.filter((m) => m.startedAt !== null && m.blockedAt === null);
              for (const member of reachable) {
                enqueueMessage(
                  tx,
                  {
                    chatId: member.id,
                    payload: {
                      text: t(building)('checkin-ask-dm', { name: member.firstName, unit: home.unit }),
                      reply_markup: button,
                    },
                    kind: 'checkin',
                  },
                  dueAt,
                );
              }
              if (reachable.length === 0) {
                const names = home.members.map((m) => m.firstName).join(', ');
                enqueueMessage(
                  tx,
                  {
                    chatId: building.chatId,
                    payload: {
                      text: t(building)('checkin-ask-group', { unit: home.unit, names: names || home.unit }),
                      reply_markup: button,
                      ...topicOf(config, building.id),
                    },
                    kind: 'checkin',
                  },
                  dueAt,
                );
              }
            }
          });
        },
      },
      {
        name: 'checkin:report',
        cron: dailyCron(config.checkin.deadline),
        run(tx, dueAt) {
          const day = localDay(dueAt, config.timezone);
          eachBuilding(tx, (building) => {
            const missing = optedIn(tx, building, dueAt)
              .filter((home) => !hasAnswered(tx, home.householdId, day))
              .map((home) => home.unit)
              .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
            if (missing.length === 0) return;
            notifyVolunteers(
              tx,
              config,
              building,
              t(building)('checkin-missing', {
                units: missing.join(', '),
                count: missing.length,
                deadline: config.checkin.deadline,
              }),
              'checkin-missing',
              dueAt,
            );
            appendAudit(tx, {
              at: dueAt,
              actor: null,
              buildingId: building.id,
              action: 'checkin.missing',
              subject: `checkin:${day}`,
              details: { units: missing.length },
            });
          });
        },
      },
    ],
    due: [
      {
        name: 'checkin:purge',
        run(tx, now) {
          purgeCheckinAnswers(tx, now - config.retentionDays * 86_400_000);
        },
      },
    ],
  };
}

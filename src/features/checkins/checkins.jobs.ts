import type { BotConfig } from '../../config/index.ts';
import { inLanguage, type Translate } from '../../core/translate.ts';
import { appendAudit } from '../../db/audit.ts';
import type { Tx } from '../../db/open.ts';
import { enqueueMessage } from '../../jobs/outbox.store.ts';
import { type BuildingRow, findBuilding } from '../buildings/buildings.store.ts';
import { byFloorThenUnit } from '../buys/buys.ts';
import { recordEvent } from '../events/events.store.ts';
import type { FeatureJobs } from '../feature.ts';
import { notifyVolunteers } from '../needs/needs.messages.ts';
import { type CheckinHousehold, hasAnswered, optedInHouseholds, purgeCheckinAnswers } from './checkins.store.ts';
import { dailyCron, localDay, okData } from './checkins.ts';

/**
 * The daily check (SPEC §2.5): at `checkin.at` each opted-in household gets an *I'm OK* button, by DM to
 * members who opened one with the bot, else in the group; at `checkin.deadline` the volunteers are told,
 * once, which units did not answer (a `checkin.missed` event carries only how many). Answers older than
 * `retentionDays` are purged.
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
              // by DM only: nothing in the group may say which unit lives alone (SPEC §2.5); a household the bot
              // cannot write to is on the volunteers' knock list at the deadline instead
              for (const member of home.members.filter((m) => m.startedAt !== null && m.blockedAt === null)) {
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
            const silent = optedIn(tx, building, dueAt).filter((home) => !hasAnswered(tx, home.householdId, day));
            const unreachable = (home: CheckinHousehold) =>
              !home.members.some((m) => m.startedAt !== null && m.blockedAt === null);
            const missing = silent.filter((home) => !unreachable(home)).map((home) => home.unit);
            const knock = silent.filter(unreachable).map((home) => home.unit);
            if (silent.length === 0) return;
            const lines = [];
            if (missing.length > 0) {
              lines.push(
                t(building)('checkin-missing', {
                  units: missing.sort(byFloorThenUnit).join(', '),
                  count: missing.length,
                  deadline: config.checkin.deadline,
                }),
              );
            }
            if (knock.length > 0)
              lines.push(t(building)('checkin-knock', { units: knock.sort(byFloorThenUnit).join(', ') }));
            notifyVolunteers(tx, config, building, lines.join('\n'), 'checkin-missing', dueAt);
            appendAudit(tx, {
              at: dueAt,
              actor: null,
              buildingId: building.id,
              action: 'checkin.missing',
              subject: `checkin:${day}`,
              details: { units: silent.length },
            });
            // counts only: no unit is named as living alone outside the building's volunteers (SPEC §6)
            recordEvent(tx, config, {
              type: 'checkin.missed',
              buildingId: building.id,
              subject: day,
              data: { building: building.id, day, missed: silent.length },
              at: dueAt,
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

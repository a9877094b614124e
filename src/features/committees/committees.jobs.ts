import type { BotConfig } from '../../config/index.ts';
import { afterQuietHours } from '../../core/quiet-hours.ts';
import { inLanguage, type Translate } from '../../core/translate.ts';
import { enqueueMessage } from '../../jobs/outbox.store.ts';
import type { CronJob } from '../../jobs/scheduler.ts';
import { findBuilding } from '../buildings/buildings.store.ts';
import { dailyCron, localDay } from '../checkins/checkins.ts';
import { recordEvent } from '../events/events.store.ts';
import { needForExport } from '../export/export.view.ts';
import type { FeatureJobs } from '../feature.ts';
import { getNeed } from '../needs/needs.store.ts';
import { buildingsOfCommittee, committeeLanguage, overviewPage, postEscalation } from './committees.messages.ts';
import {
  committeeChatId,
  markCommitteeEscalated,
  missedCheckinsByBuilding,
  needsForCommittees,
} from './committees.store.ts';
import { buildingsOf, committeesOfBuilding, dueForCommittee } from './committees.ts';
import { renderRollup } from './committees.view.ts';

/**
 * The committees' time-driven work (SPEC §2.8): the escalation ladder's last step (an urgent need still open
 * `escalateAfterMinutes` after it was posted, a high one twice that, goes to its building's committee with *We'll
 * handle it*, once), each committee's digest (its overview, at its cron time, after quiet hours), and at the
 * check-in deadline one roll-up per committee of the check-ins its buildings did not get an answer to.
 */
export function committeeJobs(config: BotConfig, translate: Translate): FeatureJobs {
  const committees = config.committees;
  if (committees.length === 0) return {};
  const allIds = config.buildings.map((b) => b.id);
  const covered = [...new Set(committees.flatMap((c) => buildingsOf(c, allIds)))];
  const shortest = Math.min(...committees.map((c) => c.escalateAfterMinutes));
  const digests: CronJob[] = committees.flatMap((committee) =>
    committee.digest
      ? [
          {
            name: `committee-digest:${committee.id}`,
            cron: committee.digest,
            run(tx, dueAt) {
              const language = committeeLanguage(config, committee);
              const page = overviewPage(tx, translate, config, committee, dueAt, language, 1);
              const notBefore = afterQuietHours(dueAt, config.quietHours, config.timezone);
              enqueueMessage(
                tx,
                {
                  chatId: committeeChatId(tx, committee),
                  payload: { text: page.text, reply_markup: page.replyMarkup },
                  kind: 'committee-digest',
                  notBefore: notBefore === dueAt ? null : notBefore,
                },
                dueAt,
              );
            },
          },
        ]
      : [],
  );
  return {
    due: [
      {
        name: 'committees:escalate',
        run(tx, now) {
          for (const need of needsForCommittees(tx, now, shortest, covered)) {
            const reached = committeesOfBuilding(committees, need.buildingId);
            // the shortest delay of all committees selected it: its own committees' may not have passed yet
            if (!dueForCommittee(need, reached, now)) continue;
            markCommitteeEscalated(
              tx,
              need,
              reached.map((c) => c.id),
              now,
            );
            const building = findBuilding(tx, need.buildingId);
            if (!building?.active) continue;
            const row = getNeed(tx, need.id)!;
            for (const committee of reached) {
              postEscalation(tx, translate, config, committee, need, building, now);
              // the committee's step of the ladder, as its own event (source: the committee)
              recordEvent(tx, config, {
                type: 'need.escalated',
                buildingId: null,
                committeeId: committee.id,
                buildingIds: [building.id],
                subject: String(need.id),
                data: needForExport(row, config.timezone),
                at: now,
              });
            }
          }
        },
      },
    ],
    cron: [
      ...digests,
      {
        name: 'committees:checkin-rollup',
        cron: dailyCron(config.checkin.deadline),
        run(tx, dueAt) {
          const day = localDay(dueAt, config.timezone);
          for (const committee of committees) {
            const buildings = buildingsOfCommittee(tx, config, committee);
            const missed = missedCheckinsByBuilding(
              tx,
              buildings.map((b) => b.id),
              day,
            );
            if (missed.size === 0) continue;
            const t = inLanguage(translate, committeeLanguage(config, committee));
            const texts = renderRollup(t, {
              deadline: config.checkin.deadline,
              buildings: buildings.flatMap((b) => {
                const count = missed.get(b.id);
                return count === undefined ? [] : [{ id: b.id, name: b.name, count }];
              }),
            });
            for (const text of texts)
              enqueueMessage(
                tx,
                { chatId: committeeChatId(tx, committee), payload: { text }, kind: 'committee-checkins' },
                dueAt,
              );
          }
        },
      },
    ],
  };
}

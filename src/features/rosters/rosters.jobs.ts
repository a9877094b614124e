import type { BotConfig } from '../../config/index.ts';
import { inLanguage, type Translate } from '../../core/translate.ts';
import { enqueueMessage } from '../../jobs/outbox.store.ts';
import { findBuilding } from '../buildings/buildings.store.ts';
import type { FeatureJobs } from '../feature.ts';
import { notifyVolunteers } from '../needs/needs.messages.ts';
import { callNextWave, endCall } from './rosters.messages.ts';
import { callsDue, markReminded, markShiftWarned, remindersDue, shiftsToCheck, wavesOf } from './rosters.store.ts';
import { waveFloors } from './rosters.ts';
import { shiftWhen } from './rosters.view.ts';

/**
 * The time-driven side of rosters and calls (SPEC §2.13), each a due check made idempotent by what it records in
 * the same transaction: DM reminders `rosters.remindBeforeMinutes` before a shift (`reminded_at`), a warning to the
 * volunteers for a shift still short `rosters.warnBeforeHours` before (`warned_at`, with a `shift.unfilled`
 * event), and the waves of automatic calls (a wave's key: after a restart the missed wave is called once, late,
 * and the next a whole beat later; none twice, none skipped).
 */
export function rosterJobs(config: BotConfig, translate: Translate): FeatureJobs {
  const { remindBeforeMinutes, warnBeforeHours } = config.rosters;
  return {
    due: [
      {
        name: 'rosters:remind',
        run(tx, now) {
          for (const due of remindersDue(tx, now, remindBeforeMinutes * 60_000)) {
            markReminded(tx, due.shiftId, due.userId, now);
            const building = findBuilding(tx, due.buildingId);
            if (!building?.active) continue;
            const t = inLanguage(translate, building.language);
            const when = shiftWhen(due, config.timezone, building.language as 'en' | 'zh');
            enqueueMessage(
              tx,
              {
                chatId: due.userId,
                payload: { text: t('shift-reminder', { task: due.task, when, building: building.name }) },
                kind: 'shift-reminder',
              },
              now,
            );
          }
        },
      },
      {
        name: 'rosters:warn',
        run(tx, now) {
          for (const shift of shiftsToCheck(tx, now, warnBeforeHours * 3_600_000)) {
            if (shift.volunteers.length >= shift.needed) continue;
            const building = findBuilding(tx, shift.buildingId);
            if (!building?.active || !markShiftWarned(tx, shift, config, now)) continue;
            const t = inLanguage(translate, building.language);
            const text = t('shift-short', {
              task: shift.task,
              when: shiftWhen(shift, config.timezone, building.language as 'en' | 'zh'),
              filled: shift.volunteers.length,
              needed: shift.needed,
              building: building.name,
            });
            notifyVolunteers(tx, config, building, text, 'shift-short', now);
          }
        },
      },
      {
        name: 'calls:waves',
        run(tx, now) {
          for (const call of callsDue(tx, now)) {
            const building = findBuilding(tx, call.buildingId);
            if (!building) continue;
            const t = inLanguage(translate, building.language);
            const dueAt = call.nextAt ?? now;
            if (waveFloors(call, wavesOf(tx, call.id).length) !== undefined) {
              callNextWave(tx, t, config, call, building, null, now, dueAt);
            } else {
              // the last floors had their beat too: then the call ends on its own
              endCall(tx, t, config, call, building, null, now);
            }
          }
        },
      },
    ],
  };
}

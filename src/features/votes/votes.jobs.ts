import type { Translate } from '../../bot/i18n.ts';
import type { BotConfig } from '../../config/index.ts';
import { inLanguage } from '../../core/translate.ts';
import type { DueCheck } from '../../jobs/scheduler.ts';
import { findBuilding } from '../buildings/buildings.store.ts';
import { closeVote } from './votes.messages.ts';
import { votesDue } from './votes.store.ts';

/** Votes whose deadline has come are closed and their results posted. */
export function voteDueChecks(config: BotConfig, translate: Translate): DueCheck[] {
  return [
    {
      name: 'votes:close',
      run(tx, now) {
        for (const vote of votesDue(tx, now)) {
          const building = findBuilding(tx, vote.buildingId);
          if (!building) continue;
          closeVote(tx, inLanguage(translate, building.language), config, vote, building, null, now);
        }
      },
    },
  ];
}

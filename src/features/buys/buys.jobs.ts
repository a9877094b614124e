import type { Translate } from '../../bot/i18n.ts';
import type { BotConfig } from '../../config/index.ts';
import { inLanguage } from '../../core/translate.ts';
import type { DueCheck } from '../../jobs/scheduler.ts';
import { findBuilding } from '../buildings/buildings.store.ts';
import { finishBuy } from './buys.messages.ts';
import { buysDue } from './buys.store.ts';

/** Group buys whose deadline has come are confirmed or cancelled. */
export function buyDueChecks(config: BotConfig, translate: Translate): DueCheck[] {
  return [
    {
      name: 'buys:close',
      run(tx, now) {
        for (const buy of buysDue(tx, now)) {
          const building = findBuilding(tx, buy.buildingId);
          if (!building) continue;
          finishBuy(tx, inLanguage(translate, building.language), config, buy, building, null, now);
        }
      },
    },
  ];
}

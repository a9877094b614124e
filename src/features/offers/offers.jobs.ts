import type { BotConfig } from '../../config/index.ts';
import { inLanguage, type Translate } from '../../core/translate.ts';
import type { DueCheck } from '../../jobs/scheduler.ts';
import { findBuilding } from '../buildings/buildings.store.ts';
import { editOfferCard } from './offers.messages.ts';
import { closeOffer, getOffer, offersToExpire } from './offers.store.ts';

/**
 * Offers still open `offers.expireAfterDays` after they were posted expire (SPEC §2.11): closed (audited), their card
 * edited without its buttons. Idempotent: an offer expires once, as only open ones are closed.
 */
export function offerDueChecks(config: BotConfig, translate: Translate): DueCheck[] {
  return [
    {
      name: 'offers:expire',
      run(tx, now) {
        for (const offer of offersToExpire(tx, now, config.offers.expireAfterDays)) {
          if (!closeOffer(tx, offer, 'expired', { actorId: null }, now, config)) continue;
          const building = findBuilding(tx, offer.buildingId);
          if (!building?.active) continue;
          editOfferCard(tx, inLanguage(translate, building.language), config, getOffer(tx, offer.id)!, building, now);
        }
      },
    },
  ];
}

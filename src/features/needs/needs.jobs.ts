import type { Translate } from '../../bot/i18n.ts';
import type { BotConfig } from '../../config/index.ts';
import { inLanguage } from '../../core/translate.ts';
import { enqueueMessage } from '../../jobs/outbox.store.ts';
import type { DueCheck } from '../../jobs/scheduler.ts';
import { findBuilding } from '../buildings/buildings.store.ts';
import { tellAskers } from './needs.household.ts';
import { editCard, escalateNeed, postCard, topicOf } from './needs.messages.ts';
import {
  claimsToExpire,
  expireClaim,
  getNeed,
  markEscalated,
  needsToEscalate,
  purgePrivateTexts,
} from './needs.store.ts';

/**
 * The time-driven rules of needs: an urgent need still open after `escalateAfterMinutes` is raised once more
 * in the group and to the volunteers; a claim without progress for `claimExpiresAfterHours` goes back to open,
 * its card says so, it is re-posted, the claimer is told why, and the asker and their household that it is open again.
 */
export function needDueChecks(config: BotConfig, translate: Translate): DueCheck[] {
  return [
    {
      name: 'needs:escalate',
      run(tx, now) {
        const minutes = config.needs.escalateAfterMinutes;
        for (const need of needsToEscalate(tx, now, minutes)) {
          markEscalated(tx, need, now, config);
          const building = need.buildingId ? findBuilding(tx, need.buildingId) : undefined;
          if (!building?.active) continue;
          const waited = need.priority === 'urgent' ? minutes : 2 * minutes;
          escalateNeed(tx, inLanguage(translate, building.language), config, need, building, waited, now);
        }
      },
    },
    {
      name: 'needs:expire-claims',
      run(tx, now) {
        const hours = config.needs.claimExpiresAfterHours;
        for (const need of claimsToExpire(tx, now, hours)) {
          const claimer = need.claimedBy;
          if (!expireClaim(tx, need, now, config)) continue;
          const building = need.buildingId ? findBuilding(tx, need.buildingId) : undefined;
          if (!building?.active) continue;
          const t = inLanguage(translate, building.language);
          const reopened = getNeed(tx, need.id)!;
          // the old card loses its buttons' meaning: it shows the lapse; the re-posted card takes the presses
          editCard(tx, t, config, reopened, building, now);
          enqueueMessage(
            tx,
            {
              chatId: building.chatId,
              payload: { text: t('need-reposted', { id: need.id }), ...topicOf(config, building.id) },
              kind: 'need-repost',
            },
            now,
          );
          postCard(tx, t, config, reopened, building, now);
          // closes the loop (SPEC §2.1): a lapsed claim is a release; the asker and their household hear of it
          tellAskers(tx, {
            translate,
            config,
            now,
            need: reopened,
            event: 'release',
            name: need.claimerName ?? '?',
            actorId: null,
          });
          if (claimer !== null)
            enqueueMessage(
              tx,
              {
                chatId: claimer,
                payload: { text: t('need-claim-expired-claimer', { id: need.id, hours }) },
                kind: 'need-claim-expired',
              },
              now,
            );
        }
      },
    },
    {
      name: 'needs:purge-private-texts',
      run(tx, now) {
        purgePrivateTexts(tx, now, config.retentionDays);
      },
    },
  ];
}

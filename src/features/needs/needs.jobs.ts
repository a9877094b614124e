import type { Translate } from '../../bot/i18n.ts';
import { localeOfUser } from '../../bot/i18n.ts';
import type { BotConfig } from '../../config/index.ts';
import { afterQuietHours } from '../../core/quiet-hours.ts';
import { inLanguage, type Locale } from '../../core/translate.ts';
import type { Tx } from '../../db/open.ts';
import { dmRecipient } from '../../db/users.ts';
import { enqueueMessage } from '../../jobs/outbox.store.ts';
import type { DueCheck } from '../../jobs/scheduler.ts';
import { findBuilding } from '../buildings/buildings.store.ts';
import { reopenEscalation } from '../committees/committees.messages.ts';
import { proposeOffersForNeed } from '../offers/offers.messages.ts';
import { tellAskers } from './needs.household.ts';
import {
  claimButton,
  editCard,
  escalateNeed,
  notifyVolunteers,
  postCard,
  privateNeedDetails,
  topicOf,
} from './needs.messages.ts';
import {
  claimsToExpire,
  expireClaim,
  getNeed,
  markEscalated,
  type NeedView,
  needsToEscalate,
  openNextOfSeries,
  purgePrivateTexts,
  recurringDue,
} from './needs.store.ts';
import { rhythmLabel } from './needs.view.ts';
import { rhythmOf } from './recurring.ts';

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
          // taken for a committee: its chat is asked again rather than left saying who took it (SPEC §2.8)
          if (need.claimedForCommittee !== null)
            reopenEscalation(tx, translate, config, need.claimedForCommittee, reopened, building, now);
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
      // SPEC §2.11: a recurring need done opens again on its rhythm; one due while the bot was down opens once, now
      name: 'needs:reopen-recurring',
      run(tx, now) {
        for (const done of recurringDue(tx, now)) {
          const id = openNextOfSeries(tx, done, now, config);
          if (id !== undefined) announceReopened(tx, config, translate, done, getNeed(tx, id)!, now);
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

/**
 * The next need of a series is open: its card in the group (after quiet hours), a private one's details to the
 * volunteers, the done one's card without its "next" date, a DM to its asker, and the open offers of its category.
 */
function announceReopened(
  tx: Tx,
  config: BotConfig,
  translate: Translate,
  done: NeedView,
  need: NeedView,
  now: number,
): void {
  const building = need.buildingId ? findBuilding(tx, need.buildingId) : undefined;
  if (!building?.active) return;
  const t = inLanguage(translate, building.language);
  editCard(tx, t, config, getNeed(tx, done.id)!, building, now);
  const notBefore = afterQuietHours(now, config.quietHours, config.timezone);
  postCard(tx, t, config, need, building, now, notBefore);
  if (need.private)
    notifyVolunteers(
      tx,
      config,
      building,
      privateNeedDetails(t, config, need, building),
      'need-private',
      now,
      claimButton(t, need.id),
    );
  const asker = need.requesterId ?? need.enteredBy;
  const person = dmRecipient(tx, asker);
  const rhythm = rhythmOf(need.repeat ?? '');
  if (person && rhythm) {
    const locale = localeOfUser(person.languageCode ?? undefined, config.language as Locale);
    const text = translate(locale, 'need-reopened-asker', {
      id: need.id,
      previous: done.id,
      rhythm: rhythmLabel(inLanguage(translate, locale), rhythm, locale),
    });
    enqueueMessage(tx, { chatId: asker, payload: { text }, kind: 'need-reopened', notBefore }, now);
  }
  proposeOffersForNeed(tx, { translate, config, now }, need);
}

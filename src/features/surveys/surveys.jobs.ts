import type { BotConfig } from '../../config/index.ts';
import { dropIdleFlows } from '../../db/dm-flows.ts';
import type { FeatureJobs } from '../feature.ts';
import { purgeSurveyTexts } from './surveys.store.ts';

/** A conversation nobody touched for this long is abandoned: dropped, nothing of it saved. */
export const abandonedAfterMs = 24 * 3_600_000;

/**
 * The survey's due checks: the typed medicine of surveys older than `retentionDays` is purged (the choices stay, for
 * the counts), and guided conversations idle for a day are dropped (the survey, the guided need: SPEC §2.10).
 */
export function surveyJobs(config: BotConfig): FeatureJobs {
  return {
    due: [
      {
        name: 'surveys:purge-texts',
        run(tx, now) {
          purgeSurveyTexts(tx, now - config.retentionDays * 86_400_000);
        },
      },
      {
        name: 'dm-flows:drop-abandoned',
        run(tx, now) {
          dropIdleFlows(tx, now - abandonedAfterMs);
        },
      },
    ],
  };
}

import { boardFeature } from './board/board.feature.ts';
import { buildingsFeature } from './buildings/buildings.feature.ts';
import { buysFeature } from './buys/buys.feature.ts';
import { checkinsFeature } from './checkins/checkins.feature.ts';
import { committeesFeature } from './committees/committees.feature.ts';
import { digestsFeature } from './digests/digests.feature.ts';
import { educationFeature } from './education/education.feature.ts';
import type { Feature } from './feature.ts';
import { helpFeature } from './help/help.feature.ts';
import { householdsFeature } from './households/households.feature.ts';
import { mineFeature } from './mine/mine.feature.ts';
import { needsFeature } from './needs/needs.feature.ts';
import { noticesFeature } from './notices/notices.feature.ts';
import { offersFeature } from './offers/offers.feature.ts';
import { retentionFeature } from './retention/retention.feature.ts';
import { rostersFeature } from './rosters/rosters.feature.ts';
import { surveysFeature } from './surveys/surveys.feature.ts';
import { volunteersFeature } from './volunteers/volunteers.feature.ts';
import { votesFeature } from './votes/votes.feature.ts';

/**
 * Every feature of the bot, in the order their handlers run: the one place a feature is registered. The bot, the
 * scheduler, the command menus and `/help` are all built from this list.
 */
export const features: readonly Feature[] = [
  buildingsFeature,
  // before help: in a committee's chat, /help is about the committee's commands
  committeesFeature,
  // before help: /start survey-<building> is the survey card's deep link; before needs: text typed in a survey
  surveysFeature,
  helpFeature,
  householdsFeature,
  needsFeature,
  offersFeature,
  volunteersFeature,
  votesFeature,
  buysFeature,
  noticesFeature,
  educationFeature,
  digestsFeature,
  checkinsFeature,
  mineFeature,
  retentionFeature,
  rostersFeature,
  boardFeature,
];

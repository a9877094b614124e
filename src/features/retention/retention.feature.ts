import type { Feature } from '../feature.ts';
import { retentionJobs } from './retention.jobs.ts';

/** Retention of the copies of messages (SPEC §6): no commands, an hourly purge. */
export const retentionFeature: Feature = {
  name: 'retention',
  commands: [],
  jobs: retentionJobs,
};

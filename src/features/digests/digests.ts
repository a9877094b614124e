import type { AlertLevel } from '../notices/notices.ts';
import { alertLevels } from '../notices/notices.ts';

/** What a digest's guidance is chosen from: the config's texts per stage of risk, in the building's language. */
export type GuidanceTexts = (stage: AlertLevel | 'none' | 'recovery') => readonly string[];

/**
 * One guidance text for the stage of risk in force, a different one each digest (`rotation`); after an alert was
 * lowered (an earlier alert was higher than the one in force), the recovery guidance instead, when there is any.
 */
export function chooseGuidance(
  alertsSent: readonly AlertLevel[],
  texts: GuidanceTexts,
  rotation: number,
): string | undefined {
  const stage = alertsSent.at(-1) ?? 'none';
  const rank = (level: AlertLevel | 'none') => (level === 'none' ? -1 : alertLevels.indexOf(level));
  const lowered = alertsSent.length > 1 && alertsSent.some((level) => rank(level) > rank(stage));
  const recovery = texts('recovery');
  const chosen = lowered && recovery.length > 0 ? recovery : texts(stage);
  return chosen.length === 0 ? undefined : chosen[rotation % chosen.length];
}

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
  const { texts: chosen } = guidanceInForce(alertsSent, texts);
  return chosen.length === 0 ? undefined : chosen[rotation % chosen.length];
}

/**
 * The guidance in force and its stage: the stage of the alert in force, or `recovery` after an alert was lowered
 * when there is recovery guidance. The digest and `/learn` show the same.
 */
export function guidanceInForce(
  alertsSent: readonly AlertLevel[],
  texts: GuidanceTexts,
): { stage: AlertLevel | 'none' | 'recovery'; texts: readonly string[] } {
  const stage = alertsSent.at(-1) ?? 'none';
  const rank = (level: AlertLevel | 'none') => (level === 'none' ? -1 : alertLevels.indexOf(level));
  const lowered = alertsSent.length > 1 && alertsSent.some((level) => rank(level) > rank(stage));
  const recovery = texts('recovery');
  return lowered && recovery.length > 0 ? { stage: 'recovery', texts: recovery } : { stage, texts: texts(stage) };
}

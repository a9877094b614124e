import { and, eq, lt } from 'drizzle-orm';
import type { Translate } from '../../bot/i18n.ts';
import type { BotConfig } from '../../config/index.ts';
import { isoWithOffset } from '../../core/iso-time.ts';
import { minutesOfDay } from '../../core/quiet-hours.ts';
import { inLanguage } from '../../core/translate.ts';
import { appendAudit } from '../../db/audit.ts';
import type { Tx } from '../../db/open.ts';
import { checkinAnswers, checkins, householdMembers, households, users } from '../../db/schema.ts';
import { enqueueMessage } from '../../jobs/outbox.store.ts';
import type { CronJob, DueCheck } from '../../jobs/scheduler.ts';
import { type BuildingRow, findBuilding } from '../buildings/buildings.store.ts';
import { ensureHousehold } from '../households/households.store.ts';
import { notifyVolunteers, topicOf } from '../needs/needs.messages.ts';

/** The local date of `at` (`2026-04-01`): one check-in a day, by the building's calendar. */
export function localDay(at: number, timezone: string): string {
  return isoWithOffset(at, timezone).slice(0, 10);
}

/** `HH:MM` as a daily cron expression. */
export function dailyCron(hhmm: string): string {
  const minutes = minutesOfDay(hhmm);
  return `${minutes % 60} ${Math.floor(minutes / 60)} * * *`;
}

export function okData(householdId: number, day: string): string {
  return `v1:ok:${householdId}:${day.replace(/-/g, '')}`;
}

export function parseOkData(data: string): { householdId: number; day: string } | undefined {
  const match = /^v1:ok:([1-9][0-9]{0,12}):([0-9]{4})([0-9]{2})([0-9]{2})$/.exec(data);
  return match ? { householdId: Number(match[1]), day: `${match[2]}-${match[3]}-${match[4]}` } : undefined;
}

export function setCheckin(
  tx: Tx,
  input: { buildingId: string; householdId: number; on: boolean; userId: number | null; now: number },
): void {
  tx.insert(checkins)
    .values({ buildingId: input.buildingId, householdId: input.householdId, active: input.on, since: input.now })
    .onConflictDoUpdate({ target: [checkins.buildingId, checkins.householdId], set: { active: input.on } })
    .run();
  appendAudit(tx, {
    at: input.now,
    actor: input.userId,
    buildingId: input.buildingId,
    action: input.on ? 'checkin.on' : 'checkin.off',
    subject: `household:${input.householdId}`,
  });
}

/** Records "I'm OK" for the household today; false when it was given already. */
export function answerCheckin(
  tx: Tx,
  input: { householdId: number; day: string; userId: number; now: number },
): boolean {
  return (
    tx
      .insert(checkinAnswers)
      .values({ householdId: input.householdId, day: input.day, answeredBy: input.userId, at: input.now })
      .onConflictDoNothing()
      .run().changes > 0
  );
}

/** The building's opted-in households (the config's units included) with the members who can be asked. */
function optedIn(tx: Tx, config: BotConfig, building: BuildingRow, now: number) {
  const fromConfig = config.buildings.find((b) => b.id === building.id)?.checkins ?? [];
  for (const unit of fromConfig) {
    const householdId = ensureHousehold(tx, building.id, unit, now);
    tx.insert(checkins)
      .values({ buildingId: building.id, householdId, active: true, since: now })
      .onConflictDoNothing()
      .run();
  }
  const rows = tx
    .select({ householdId: checkins.householdId, unit: households.unit })
    .from(checkins)
    .innerJoin(households, eq(households.id, checkins.householdId))
    .where(and(eq(checkins.buildingId, building.id), eq(checkins.active, true)))
    .all();
  return rows.map((row) => ({
    ...row,
    members: tx
      .select({ id: users.id, firstName: users.firstName, startedAt: users.startedAt, blockedAt: users.blockedAt })
      .from(householdMembers)
      .innerJoin(users, eq(users.id, householdMembers.userId))
      .where(eq(householdMembers.householdId, row.householdId))
      .all(),
  }));
}

/**
 * The daily check (SPEC §2.5): at `checkin.at` each opted-in household gets an *I'm OK* button, by DM to
 * members who opened one with the bot, else in the group; at `checkin.deadline` the volunteers are told,
 * once, which units did not answer. Answers older than `retentionDays` are purged.
 */
export function checkinJobs(config: BotConfig, translate: Translate): { cron: CronJob[]; due: DueCheck[] } {
  const t = (building: BuildingRow) => inLanguage(translate, building.language);
  const eachBuilding = (tx: Tx, run: (building: BuildingRow) => void) => {
    for (const entry of config.buildings) {
      const building = findBuilding(tx, entry.id);
      if (building?.active) run(building);
    }
  };
  return {
    cron: [
      {
        name: 'checkin:ask',
        cron: dailyCron(config.checkin.at),
        run(tx, dueAt) {
          const day = localDay(dueAt, config.timezone);
          eachBuilding(tx, (building) => {
            for (const home of optedIn(tx, config, building, dueAt)) {
              const button = {
                inline_keyboard: [
                  [{ text: t(building)('checkin-btn-ok'), callback_data: okData(home.householdId, day) }],
                ],
              };
              const reachable = home.members.filter((m) => m.startedAt !== null && m.blockedAt === null);
              for (const member of reachable) {
                enqueueMessage(
                  tx,
                  {
                    chatId: member.id,
                    payload: {
                      text: t(building)('checkin-ask-dm', { name: member.firstName, unit: home.unit }),
                      reply_markup: button,
                    },
                    kind: 'checkin',
                  },
                  dueAt,
                );
              }
              if (reachable.length === 0) {
                const names = home.members.map((m) => m.firstName).join(', ');
                enqueueMessage(
                  tx,
                  {
                    chatId: building.chatId,
                    payload: {
                      text: t(building)('checkin-ask-group', { unit: home.unit, names: names || home.unit }),
                      reply_markup: button,
                      ...topicOf(config, building.id),
                    },
                    kind: 'checkin',
                  },
                  dueAt,
                );
              }
            }
          });
        },
      },
      {
        name: 'checkin:report',
        cron: dailyCron(config.checkin.deadline),
        run(tx, dueAt) {
          const day = localDay(dueAt, config.timezone);
          eachBuilding(tx, (building) => {
            const missing = optedIn(tx, config, building, dueAt)
              .filter(
                (home) =>
                  !tx
                    .select({ d: checkinAnswers.day })
                    .from(checkinAnswers)
                    .where(and(eq(checkinAnswers.householdId, home.householdId), eq(checkinAnswers.day, day)))
                    .get(),
              )
              .map((home) => home.unit)
              .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
            if (missing.length === 0) return;
            notifyVolunteers(
              tx,
              config,
              building,
              t(building)('checkin-missing', {
                units: missing.join(', '),
                count: missing.length,
                deadline: config.checkin.deadline,
              }),
              'checkin-missing',
              dueAt,
            );
            appendAudit(tx, {
              at: dueAt,
              actor: null,
              buildingId: building.id,
              action: 'checkin.missing',
              subject: `checkin:${day}`,
              details: { units: missing.length },
            });
          });
        },
      },
    ],
    due: [
      {
        name: 'checkin:purge',
        run(tx, now) {
          tx.delete(checkinAnswers)
            .where(lt(checkinAnswers.at, now - config.retentionDays * 86_400_000))
            .run();
        },
      },
    ],
  };
}

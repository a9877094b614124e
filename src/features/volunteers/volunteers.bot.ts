import { FlatComposer } from '../../bot/composer.ts';
import type { BotContext } from '../../bot/context.ts';
import { displayName, isAnonymousAdmin } from '../../bot/people.ts';
import { commandArgs } from '../../bot/reply.ts';
import { splitIntoMessages } from '../../core/text.ts';
import { UsageError } from '../../core/usage-error.ts';
import { actorIn, buildingConfig, buildingGroups, chooseStaffBuilding, pickedBuilding } from '../access/access.bot.ts';
import type { BuildingRow } from '../buildings/buildings.store.ts';
import { needsOfUser } from '../needs/needs.store.ts';
import { joinVolunteers, leaveVolunteers, listVolunteers } from './volunteers.store.ts';

const feature = new FlatComposer<BotContext>();
const group = buildingGroups(feature);

group.command('volunteer', (ctx) => {
  const building = ctx.app.building;
  if (isAnonymousAdmin(ctx)) throw new UsageError('volunteer-anonymous');
  const args = commandArgs(ctx);
  const name = displayName(ctx.from);
  ctx.app.commit((tx) => {
    const input = { buildingId: building.id, userId: ctx.from.id, now: ctx.app.now };
    if (/^(off|leave|stop|退出)$/i.test(args)) {
      const left = leaveVolunteers(tx, input);
      ctx.app.say(ctx.t(left ? 'volunteer-left' : 'volunteer-not', { name, building: building.name }));
      return;
    }
    // skills are free text (`driver`, `nurse`, `会开车`): kept as typed, capped to stay readable in lists
    const skills = [...args].slice(0, 200).join('');
    joinVolunteers(tx, { ...input, skills });
    ctx.app.say(
      ctx.t('volunteer-joined', {
        name,
        building: building.name,
        skills: skills ? ctx.t('volunteer-skills', { skills }) : '',
      }),
    );
  });
});

group.command('volunteers', async (ctx) => {
  const building = ctx.app.building;
  if (!(await actorIn(ctx, building)).isAdmin) throw new UsageError('volunteers-admin-only');
  for (const message of volunteersList(ctx, building)) ctx.app.say(message);
});

/** The building's volunteers, their skills and what each has claimed there: one message, or several when long. */
function volunteersList(ctx: BotContext, building: BuildingRow): string[] {
  const db = ctx.app.deps.db;
  const list = listVolunteers(db, building.id, buildingConfig(ctx, building.id)?.volunteers ?? []);
  if (list.length === 0) return [ctx.t('volunteers-none', { building: building.name })];
  const lines = [ctx.t('volunteers-title', { building: building.name })];
  for (const v of list) {
    const claims = needsOfUser(db, v.userId).claimed.filter((n) => n.buildingId === building.id);
    lines.push(
      ctx.t('volunteers-line', {
        name: v.name,
        skills: v.skills ? ctx.t('volunteers-line-skills', { skills: v.skills }) : '',
        claims: claims.length,
        list: claims.map((n) => `#${n.id}`).join(', '),
      }),
    );
  }
  return splitIntoMessages(lines);
}

// privately, for the building's volunteers and admins (SPEC §1)
feature.chatType('private').command('volunteers', async (ctx) => {
  const building = await chooseStaffBuilding(ctx, 'volunteers', commandArgs(ctx));
  if (building) for (const message of volunteersList(ctx, building)) ctx.app.say(message);
});

feature.callbackQuery(/^v1:dm:volunteers:/, async (ctx) => {
  for (const message of volunteersList(ctx, await pickedBuilding(ctx, 'volunteers'))) ctx.app.say(message);
  await ctx.answerCallbackQuery();
});

export const volunteersComposer = feature;

import { FlatComposer } from '../../bot/composer.ts';
import type { BotContext } from '../../bot/context.ts';
import { commandArgs } from '../../bot/reply.ts';
import { buildingGroups, chooseStaffBuilding, pickedBuilding } from '../access/access.bot.ts';
import type { BuildingRow } from '../buildings/buildings.store.ts';
import { composeDigest } from './digests.messages.ts';

/** `/digest`: the building's digest now, in its group. */
const feature = new FlatComposer<BotContext>();

buildingGroups(feature).command('digest', (ctx) => {
  const building = ctx.app.building;
  ctx.app.commit((tx) => {
    const digest = composeDigest(tx, ctx.app.translate, ctx.app.deps.config, building, ctx.app.now);
    ctx.app.say(digest.text, { quote: false, replyMarkup: digest.replyMarkup });
  });
});

/** A building's digest for one of its volunteers or admins, privately; the group's digests are not affected. */
function sayPrivately(ctx: BotContext, building: BuildingRow): void {
  const { translate, deps, now } = ctx.app;
  // the text alone: *Start a group buy* is pressed in the group
  ctx.app.commit((tx) => ctx.app.say(composeDigest(tx, translate, deps.config, building, now, { record: false }).text));
}

feature.chatType('private').command('digest', async (ctx) => {
  const building = await chooseStaffBuilding(ctx, 'digest', commandArgs(ctx));
  if (building) sayPrivately(ctx, building);
});

feature.callbackQuery(/^v1:dm:digest:/, async (ctx) => {
  sayPrivately(ctx, await pickedBuilding(ctx, 'digest'));
  await ctx.answerCallbackQuery();
});

export const digestsComposer = feature;

import { FlatComposer } from '../../bot/composer.ts';
import type { BotContext } from '../../bot/context.ts';
import { UsageError } from '../../core/usage-error.ts';
import { actorIn, buildingGroups } from '../access/access.bot.ts';
import { postBoard } from './board.messages.ts';

const feature = new FlatComposer<BotContext>();
const group = buildingGroups(feature);

// admins re-post and re-pin the building's board; later edits go to the new message
group.command('board', async (ctx) => {
  const building = ctx.app.building;
  if (!(await actorIn(ctx, building)).isAdmin) throw new UsageError('board-admins-only');
  ctx.app.commit((tx) =>
    postBoard(tx, ctx.app.translate, ctx.app.deps.config, building, ctx.from?.id ?? null, ctx.app.now),
  );
});

export const boardComposer = feature;

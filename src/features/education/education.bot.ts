import { FlatComposer } from '../../bot/composer.ts';
import type { BotContext } from '../../bot/context.ts';
import { educationTexts } from '../../config/index.ts';
import { guidanceInForce } from '../digests/digests.ts';
import { alertLevelsSent } from '../notices/notices.store.ts';

/** `/learn`: the guidance for the current stage of risk; `/support`: the help lines (DM too). */
const feature = new FlatComposer<BotContext>();

feature.command('learn', (ctx) => {
  const { config, db } = ctx.app.deps;
  const { stage, texts } = guidanceInForce(alertLevelsSent(db), (s) => educationTexts(config, s, ctx.app.locale));
  if (texts.length === 0) {
    ctx.app.say(ctx.t('learn-none'));
    return;
  }
  ctx.app.say(
    [ctx.t('learn-title', { stage: ctx.t(`stage-${stage}`) }), ...texts.map((text) => `• ${text}`)].join('\n'),
  );
});

feature.command('support', (ctx) => {
  const lines = ctx.app.deps.config.support.map(
    (line) => `• ${[line.name, line.phone, line.hours, line.url].filter(Boolean).join(' · ')}`,
  );
  ctx.app.say(lines.length === 0 ? ctx.t('support-none') : [ctx.t('support-title'), ...lines].join('\n'));
});

export const educationComposer = feature;

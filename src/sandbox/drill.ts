import type { BotConfig } from '../config/index.ts';
import type { SeedDescription } from '../local-bot-api/index.ts';

/** Types a message as a seeded person and resolves once the bot has answered it. */
export type TypeAs = (userId: number, chatId: number, text: string) => Promise<void>;

/**
 * A realistic morning in the first building, typed by its seeded people: households registered, a dozen needs
 * of every priority and category (one private), a vote and a group buy. Each line waits for the bot's answer.
 */
export async function seedDrill(say: TypeAs, people: SeedDescription, config: BotConfig): Promise<void> {
  const building = config.buildings[0];
  const group = people.chats.find((c) => c.kind === 'building' && c.building === building?.id);
  if (!building || !group) return;
  const residents = people.users.filter((u) => u.chats.includes(group.id) && u.role === 'resident');
  const volunteer = people.users.find((u) => u.chats.includes(group.id) && u.role === 'volunteer');
  const zh = (building.language ?? config.language) === 'zh';
  const units = ['302', '605', '1102', '1502'];
  for (const [i, r] of residents.entries()) await say(r.id, group.id, `/home ${units[i % units.length]}`);
  if (volunteer) await say(volunteer.id, group.id, zh ? '/volunteer 会开车' : '/volunteer driver');
  const needs = zh
    ? [
        '!! #药 父亲的胰岛素只剩一天',
        '! #老人 独居老人需要每天送饭',
        '#食物 大米和鸡蛋',
        '#食物 新鲜蔬菜',
        '#消杀 楼道需要消毒',
        '!! #就医 孕妇需要去医院产检',
        '#食物 婴儿奶粉',
        '! #药 退烧药',
        '#其他 手机充电宝',
        '#食物 食用油',
      ]
    : [
        '!! #medicine insulin for my father, one day left',
        '! #elderly meals for a neighbour living alone',
        '#food rice and eggs',
        '#food fresh vegetables',
        '#disinfection the stairwell needs spraying',
        '!! #medical a pregnant neighbour needs a check-up',
        '#food baby formula',
        '! #medicine fever medicine',
        '#other a power bank',
        '#food cooking oil',
      ];
  for (const [i, text] of needs.entries()) await say(residents[i % residents.length]!.id, group.id, `/need ${text}`);
  const first = residents[0];
  if (first) {
    await say(
      first.id,
      first.id,
      zh ? '/need 需要抑郁症药物，请私下联系' : '/need antidepressants, please contact me privately',
    );
    await say(
      first.id,
      group.id,
      zh
        ? '/vote 6h 按户 是否开放后门收快递？ | 同意 | 不同意'
        : '/vote 6h household Open the back gate for deliveries? | Yes | No',
    );
    await say(
      first.id,
      group.id,
      zh
        ? '/buy 蔬菜箱 | 45 | 最少 5 | 最多 60 | 限购 2 | 截止 18:00'
        : '/buy Vegetable box | 45 | min 5 | max 60 | limit 2 | until 18:00',
    );
  }
}

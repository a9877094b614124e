import type { BotConfig } from '../config/index.ts';
import type { ManualClock } from '../core/clock.ts';
import { localMinutes } from '../core/quiet-hours.ts';
import { formatDateTime } from '../core/time-format.ts';
import type { SeedDescription } from '../local-bot-api/index.ts';

/** Types a message as a seeded person and resolves once the bot has answered it. */
export type TypeAs = (userId: number, chatId: number, text: string) => Promise<void>;

/**
 * Presses, as a seeded person, the button whose callback data matches `data` on the bot's latest message in the chat
 * that has one (as a person taps what the bot just showed them), and resolves once the bot has answered the press.
 * Rejects when no message there has such a button.
 */
export type PressAs = (userId: number, chatId: number, data: RegExp) => Promise<void>;

type Building = BotConfig['buildings'][number];

/** When a drill starts if the page does not say: a weekday morning, after quiet hours, before the 09:00 check-in. */
export const DEFAULT_DRILL_TIME = '08:30';

/** What a drill answers to a time it cannot read. */
export const NOT_A_TIME_OF_DAY = 'at must be a time of day, HH:MM (e.g. 08:30)';

/** Minutes after midnight of a time of day written `HH:MM` (or `H:MM`), or undefined when it is not one. */
export function parseTimeOfDay(text: string): number | undefined {
  const match = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

/**
 * The instant the local clock of `timezone` reads `minutes` after midnight on the local date of `now`. The offset
 * is corrected once at the target, so a time on the day daylight saving starts or ends still lands on it.
 */
export function timeOnSameDay(now: number, minutes: number, timezone: string): number {
  const day = 24 * 60;
  const startOfMinute = now - (now % 60_000);
  let at = startOfMinute + (minutes - localMinutes(now, timezone)) * 60_000;
  const drift = ((minutes - localMinutes(at, timezone) + day + day / 2) % day) - day / 2;
  at += drift * 60_000;
  return at;
}

export interface DrillOptions {
  say: TypeAs;
  press: PressAs;
  people: SeedDescription;
  config: BotConfig;
  clock: ManualClock;
  /** Local time of day the drill's morning starts, `HH:MM` in the config's time zone; default 08:30. */
  at?: string | undefined;
  /** Whether an earlier drill seeded the building (then it is left alone). */
  isSeeded(buildingId: string): boolean;
  /** Called once a building is seeded, with the bot's clock at the time. */
  markSeeded(buildingId: string, at: number): void;
  /** Called after the clock was set, before anyone types: the scheduler catches up to the new time. */
  clockSet(): void;
}

export interface DrillResult {
  /** Buildings this drill seeded (config ids, in config order). */
  seeded: string[];
  /** Buildings an earlier drill had seeded: nothing was typed there. */
  alreadySeeded: string[];
  /** The bot's clock afterwards. */
  now: number;
  /** What happened, for the page's toast. */
  message: string;
}

/**
 * A realistic morning in every building of the config not seeded before: the bot's clock is set to the chosen
 * time on its current date, then each building's seeded people register their households, a volunteer signs up,
 * a dozen needs of every priority and category are posted (one privately), a vote and a group buy are opened, and
 * three households answer the household survey in their private chat, button by button, and an admin posts the
 * survey's card in the group, with its response rate, a week of gate shifts and a floor call for testing.
 * When every building was seeded before, nothing changes (the clock included) and the result says so.
 * @throws RangeError when `at` is not a time of day
 */
export async function runDrill(options: DrillOptions): Promise<DrillResult> {
  const { config, clock } = options;
  const minutes = parseTimeOfDay(options.at ?? DEFAULT_DRILL_TIME);
  if (minutes === undefined) throw new RangeError(NOT_A_TIME_OF_DAY);
  const alreadySeeded = config.buildings.filter((b) => options.isSeeded(b.id));
  const todo = config.buildings.filter((b) => !alreadySeeded.includes(b));
  const names = (list: Building[]) => list.map((b) => b.name).join(', ');
  if (todo.length === 0) {
    return {
      seeded: [],
      alreadySeeded: alreadySeeded.map((b) => b.id),
      now: clock.now(),
      message: `Already seeded (${names(alreadySeeded)}): nothing changed`,
    };
  }
  clock.set(timeOnSameDay(clock.now(), minutes, config.timezone));
  options.clockSet();
  const seeded: Building[] = [];
  for (const building of todo) {
    if (await seedBuilding(options, building)) {
      options.markSeeded(building.id, clock.now());
      seeded.push(building);
    }
  }
  const when = `${formatDateTime(clock.now(), config.timezone, 'en')} (${config.timezone})`;
  const skipped = alreadySeeded.length > 0 ? `; already seeded before: ${names(alreadySeeded)}` : '';
  return {
    seeded: seeded.map((b) => b.id),
    alreadySeeded: alreadySeeded.map((b) => b.id),
    now: clock.now(),
    message: `Drill seeded ${names(seeded)} at ${when}${skipped}`,
  };
}

/** The drill's morning in one building, typed by its seeded people; false when the building has no seeded group. */
async function seedBuilding(options: DrillOptions, building: Building): Promise<boolean> {
  const { say, people, config } = options;
  const group = people.chats.find((c) => c.kind === 'building' && c.building === building.id);
  if (!group) return false;
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
  if (residents.length > 0) {
    for (const [i, text] of needs.entries()) await say(residents[i % residents.length]!.id, group.id, `/need ${text}`);
  }
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
      // a buy of three items, as buildings ran them (SPEC §2.12)
      zh
        ? '/buy 周三蔬菜团 | 截止 18:00 | 最少 ¥300\n白菜 3 斤 | 15 | 限购 2\n鸡蛋 30 个一托 | 30 | 最多 60\n豆腐 | 4.5'
        : '/buy Wednesday vegetables | until 18:00 | min ¥300\nCabbage 3 kg | 15 | limit 2\nEggs, tray of 30 | 30 | max 60\nTofu | 4.5',
    );
  }
  for (const [i, answers] of surveyAnswers(zh).entries()) {
    const resident = residents[i];
    if (resident) await answerSurvey(options, resident.id, answers);
  }
  // the card after the answers: it is posted with the response rate they make (an edit of an earlier card would wait
  // for the card's edit interval on the sandbox's clock, which stands still until the page moves it)
  const admin = people.users.find(
    (u) => u.chats.includes(group.id) && (u.role === 'admin' || u.role === 'building admin'),
  );
  if (admin) {
    await say(admin.id, group.id, '/survey');
    // a week of gate shifts for the volunteers, and the building called down for testing, three floors at a time
    await say(
      admin.id,
      group.id,
      zh ? '/shift 门口消杀 | 每天 09:00-11:00 | 2' : '/shift Parcel disinfection at the gate | daily 09:00-11:00 | 2',
    );
    await say(
      admin.id,
      group.id,
      zh ? '/call 核酸检测 | 楼层 1-18 | 3 | 每 10' : '/call Testing | floors 1-18 | 3 | every 10',
    );
  }
  return true;
}

/**
 * What three households answer, question by question: a button's value (`skip` is "prefer not to say"), or for the
 * medicine the text they type. The first is someone 70+ living alone on regular medicine (the bot offers the check-in
 * and a need for the medicine), the second a young family, the third one with dialysis who keeps some answers back.
 */
function surveyAnswers(zh: boolean): string[][] {
  return [
    [
      '1',
      'elderly-alone',
      'yes',
      zh ? '降压药，每天一片' : 'blood pressure tablets, one a day',
      'no',
      'limited',
      'no',
      'no',
      'skip',
      'yes',
    ],
    ['4', 'no', 'no', 'no', 'no', 'yes', 'yes', 'yes', 'no'],
    ['2', 'elderly', 'skip', 'yes', 'bedridden', 'skip', 'no', 'no', 'skip'],
  ];
}

/**
 * One household's survey in the resident's private chat, as the resident would answer it: `/survey`, then each
 * question's button (the typed medicine as a message), then *Save*.
 */
async function answerSurvey(options: DrillOptions, userId: number, answers: readonly string[]): Promise<void> {
  await options.say(userId, userId, '/survey');
  for (const [i, answer] of answers.entries()) {
    // "regular medicine: yes" is followed by which medicine, typed: the one question without buttons
    if (i === 3 && answers[2] === 'yes') await options.say(userId, userId, answer);
    else await options.press(userId, userId, new RegExp(`^v1:sv:[0-9a-z]+:a:${answer.replace('+', '\\+')}$`));
  }
  await options.press(userId, userId, /^v1:sv:[0-9a-z]+:save$/);
}

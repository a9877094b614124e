import cron from 'node-cron';
import { z } from 'zod';

/*
 * The schema of bot.config.json (SPEC §3). Every field has a default except `buildings`.
 * Keys the schema does not know are stripped here and reported as warnings by `parseConfig`.
 */

/** The languages the bot speaks; anything else falls back to the config's `language`. */
export const LANGUAGES = ['en', 'zh'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The need categories used when the config names none (SPEC §2.1), with a label in each language. */
export const DEFAULT_NEED_CATEGORIES: readonly {
  readonly id: string;
  readonly aliases: readonly string[];
  readonly label: { readonly en: string; readonly zh: string };
}[] = [
  { id: 'medicine', aliases: ['药'], label: { en: 'medicine', zh: '药' } },
  { id: 'food', aliases: ['食物'], label: { en: 'food', zh: '食物' } },
  { id: 'medical', aliases: ['就医'], label: { en: 'medical', zh: '就医' } },
  { id: 'elderly', aliases: ['老人'], label: { en: 'elderly', zh: '老人' } },
  { id: 'disinfection', aliases: ['消杀'], label: { en: 'disinfection', zh: '消杀' } },
  { id: 'other', aliases: ['其他'], label: { en: 'other', zh: '其他' } },
];

/**
 * A safe integer. Not `z.int()`: its issue aborts every later check of the whole file, so the
 * cross-field checks would go unreported next to a single `1.5`.
 */
const wholeNumber = () => z.number().refine(Number.isSafeInteger, 'expected a whole number');

const language = z.enum(LANGUAGES);
const nonEmptyText = z.string().trim().min(1);
const userId = wholeNumber().positive('must be a Telegram user id (a positive number)');
const groupChatId = wholeNumber().negative(
  'must be negative: Telegram group ids are negative (send /chatid in the group to see its id)',
);
const clockTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time "HH:MM" on a 24-hour clock, e.g. "07:00"');
const duration = z.string().regex(/^[1-9]\d*[mhd]$/, 'expected a duration such as "30m", "6h" or "2d"');

const timeZone = z.string().transform((name, ctx) => {
  try {
    // resolvedOptions() also gives the canonical spelling ("asia/shanghai" → "Asia/Shanghai")
    return new Intl.DateTimeFormat(undefined, { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    ctx.addIssue({
      code: 'custom',
      input: name,
      message: `unknown time zone "${name}" (use an IANA name such as "Asia/Shanghai")`,
    });
    return z.NEVER;
  }
});

const CRON_FIELDS: Partial<Record<string, string>> = {
  second: 'second',
  minute: 'minute',
  hour: 'hour',
  dayOfMonth: 'day-of-month',
  month: 'month',
  dayOfWeek: 'day-of-week',
};

/** Why node-cron refuses `expression`, or undefined when it accepts it. */
function cronProblem(expression: string): string | undefined {
  if (cron.validate(expression)) return undefined;
  let why = '';
  try {
    const first = cron.validateDetailed(expression).errors[0];
    if (first !== undefined) {
      why =
        first.field === 'expression'
          ? `: ${first.message}`
          : `: bad ${CRON_FIELDS[first.field] ?? first.field} field "${first.value ?? ''}"`;
    }
  } catch {
    // validate() already said no; the detail is a nicety
  }
  return `not a valid cron expression "${expression}"${why} (5 fields: minute hour day-of-month month day-of-week, e.g. "0 20 * * *")`;
}

const cronExpression = z.string().superRefine((expression, ctx) => {
  const problem = cronProblem(expression);
  if (problem !== undefined) ctx.addIssue({ code: 'custom', input: expression, message: problem });
});

const categoryId = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,31}$/, 'expected a lowercase id such as "medicine" (a-z, 0-9, "-", "_"; at most 32)');

const categories = z
  .array(
    z.object({
      id: categoryId,
      aliases: z.array(nonEmptyText).default([]),
      // what the bot shows in each language; without one for a language, the id
      label: z.object({ en: nonEmptyText.optional(), zh: nonEmptyText.optional() }).default({}),
    }),
  )
  .min(1, 'must name at least one category')
  .superRefine((list, ctx) => {
    // `#name` must point at exactly one category (a label may be typed too)
    const owner = new Map<string, string>();
    list.forEach((category, i) => {
      const names: [string, PropertyKey[]][] = [
        [category.id, [i, 'id']],
        ...category.aliases.map((alias, j): [string, PropertyKey[]] => [alias, [i, 'aliases', j]]),
        ...Object.entries(category.label)
          .filter(([, label]) => label !== undefined && !category.aliases.includes(label) && label !== category.id)
          .map(([language, label]): [string, PropertyKey[]] => [label!, [i, 'label', language]]),
      ];
      for (const [name, path] of names) {
        const key = name.toLowerCase();
        const first = owner.get(key);
        if (first === undefined) owner.set(key, category.id);
        else if (first !== category.id)
          ctx.addIssue({
            code: 'custom',
            path,
            input: name,
            message: `"${name}" already names the category "${first}"`,
          });
      }
    });
  })
  .default(() => DEFAULT_NEED_CATEGORIES.map((c) => ({ id: c.id, aliases: [...c.aliases], label: { ...c.label } })));

const needs = z
  .object({
    categories,
    escalateAfterMinutes: wholeNumber().positive().default(30),
    claimExpiresAfterHours: z.number().positive().default(12),
    suggestBuyAt: wholeNumber().positive().default(5),
    volunteersOnly: z.boolean().default(false),
  })
  .prefault({});

/** Compare two times only once both are "HH:MM": a malformed one is its own, single error. */
const bothTimesValid = (payload: z.core.ParsePayload) => payload.issues.length === 0;

const quietHours = z
  .object({ from: clockTime.default('22:00'), to: clockTime.default('07:00') })
  .refine((q) => q.from !== q.to, {
    path: ['to'],
    message: 'must differ from "from" (set quietHours to null to turn quiet hours off)',
    when: bothTimesValid,
  })
  .nullable()
  .prefault({});

const checkin = z
  .object({ at: clockTime.default('09:00'), deadline: clockTime.default('12:00') })
  .superRefine(
    (c, ctx) => {
      // "HH:MM" strings compare like the times they name
      if (c.deadline <= c.at) {
        ctx.addIssue({
          code: 'custom',
          path: ['deadline'],
          input: c.deadline,
          message: `must be after checkin.at (${c.at}) on the same day`,
        });
      }
    },
    { when: bothTimesValid },
  )
  .prefault({});

const buildingSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'expected 1 to 32 letters, digits, "-" or "_" (such as "b3")'),
  name: nonEmptyText,
  chatId: groupChatId,
  volunteersChatId: groupChatId.nullable().default(null),
  admins: z.array(userId).default([]),
  volunteers: z.array(userId).default([]),
  /** When the building's digest is posted; null: no digest. */
  digest: cronExpression.nullable().default(null),
  /** Falls back to the top-level language: read it with `buildingLanguage()`. */
  language: language.optional(),
  /** The forum topic for scheduled posts; null: General. */
  topicId: wholeNumber().positive().nullable().default(null),
  /** Units opted in to the daily check-in by the config (full-width digits read as ASCII). */
  checkins: z.array(nonEmptyText.transform((unit) => unit.normalize('NFKC'))).default([]),
});

/** "all" or a list of building ids (checked against the buildings by `checkAcrossFields`). */
const buildingChoice = z
  .union([z.literal('all'), z.array(z.string()).min(1)], { error: 'expected "all" or a list of building ids' })
  .default('all');

const noticeSchema = z.object({
  cron: cronExpression,
  buildings: buildingChoice,
  text: nonEmptyText,
  pin: z.boolean().default(false),
  urgent: z.boolean().default(false),
});

const committeeSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'expected 1 to 32 letters, digits, "-" or "_" (such as "c1")'),
  name: nonEmptyText,
  /** The committee's group chat: `/overview`, escalations and roll-ups arrive there. */
  chatId: groupChatId,
  buildings: buildingChoice,
  /** Committee admins: `/overview` in a DM, `/notice` and `/alert` from the committee chat. */
  admins: z.array(userId).default([]),
  /** When the committee's digest (the overview) is posted; null: none. */
  digest: cronExpression.nullable().default(null),
  /** An urgent need still open this long after it was posted reaches the committee (a high one: twice as long). */
  escalateAfterMinutes: wholeNumber().positive().default(60),
  language: language.optional(),
});

/** The event types of SPEC §2.9 (without the `org.mutualaid.` prefix). */
export const EVENT_TYPES = [
  'need.created',
  'need.claimed',
  'need.released',
  'need.done',
  'need.cancelled',
  'need.escalated',
  'offer.created',
  'offer.given',
  'offer.withdrawn',
  'vote.opened',
  'vote.closed',
  'buy.opened',
  'buy.closed',
  'buy.settled',
  'notice.sent',
  /** A "Got it" changed how many of a building's households acknowledged a notice: the building's counts only. */
  'notice.acknowledged',
  'alert.issued',
  'alert.lowered',
  /** A city alert from the hub (SPEC §7) was issued to the district's buildings: how many it reached. */
  'alert.delivered',
  'checkin.missed',
  'survey.updated',
  'shift.unfilled',
  'call.finished',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** `need.created`, `need.*` or `*`. */
const eventPattern = z.string().superRefine((pattern, ctx) => {
  const known =
    pattern === '*' ||
    (EVENT_TYPES as readonly string[]).includes(pattern) ||
    EVENT_TYPES.some((type) => pattern.endsWith('.*') && type.startsWith(pattern.slice(0, -1)));
  if (!known)
    ctx.addIssue({
      code: 'custom',
      input: pattern,
      message: `unknown event "${pattern}" (use a type such as "need.created", a group such as "need.*", or "*")`,
    });
});

/** A secret written in the file, or `env:NAME` to read it from the environment at load. */
const webhookSecret = z.string().transform((written, ctx) => {
  const name = /^env:([A-Za-z_][A-Za-z0-9_]*)$/.exec(written)?.[1];
  const secret = name === undefined ? written : process.env[name];
  if (secret === undefined || secret === '') {
    ctx.addIssue({ code: 'custom', input: written, message: `environment variable ${name} is not set` });
    return z.NEVER;
  }
  if ([...secret].length < 16) {
    ctx.addIssue({
      code: 'custom',
      input: name === undefined ? '(hidden)' : written,
      message: `too short: a webhook secret has at least 16 characters${name === undefined ? '' : ` (in ${name})`}`,
    });
    return z.NEVER;
  }
  return secret;
});

const webhookSchema = z.object({
  url: z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }),
  secret: webhookSecret,
  /** Which events it receives: types, groups (`need.*`) or `*`. */
  events: z.array(eventPattern).min(1).default(['*']),
  buildings: buildingChoice,
});

/** Texts for one stage: one list for every language, or one list per language. */
const stageTexts = z
  .union(
    [z.array(nonEmptyText), z.object({ en: z.array(nonEmptyText).default([]), zh: z.array(nonEmptyText).default([]) })],
    {
      error: 'expected a list of texts, or { "en": [...], "zh": [...] }',
    },
  )
  .default([]);

/** Guidance per stage of risk: no alert, the four alert levels, and after an alert is lowered. */
const education = z
  .object({
    none: stageTexts,
    blue: stageTexts,
    yellow: stageTexts,
    orange: stageTexts,
    red: stageTexts,
    recovery: stageTexts,
  })
  .prefault({});

const supportLine = z
  .object({
    name: nonEmptyText,
    phone: nonEmptyText.optional(),
    url: z.url().optional(),
    hours: nonEmptyText.optional(),
  })
  .refine((line) => line.phone !== undefined || line.url !== undefined, 'needs a "phone" or a "url"');

/**
 * The whole of bot.config.json. Prefer `parseConfig()`/`loadConfig()`, which add plain-English
 * messages and unknown-key warnings; parse with this directly only where those do not matter.
 */
export const botConfigSchema = z
  .object({
    timezone: timeZone.default('Asia/Shanghai'),
    language: language.default('zh'),
    currency: nonEmptyText.default('¥'),
    admins: z.array(userId).default([]),
    /** Whether the group's own Telegram admins count as the bot's admins in that building. */
    trustChatAdmins: z.boolean().default(true),
    /** Non-urgent scheduled messages wait for the end of quiet hours; null: no quiet hours. */
    quietHours,
    needs,
    checkin,
    votes: z.object({ defaultDuration: duration.default('24h') }).prefault({}),
    buys: z.object({ defaultDuration: duration.default('24h') }).prefault({}),
    buildings: z
      .array(buildingSchema, {
        error: (issue) => (issue.input === undefined ? 'required: declare at least one building' : undefined),
      })
      .min(1, 'declare at least one building'),
    notices: z.array(noticeSchema).default([]),
    /** Neighbourhood committees: a chat across several buildings (SPEC §2.8). */
    committees: z.array(committeeSchema).default([]),
    /** Where events go (SPEC §2.9). */
    webhooks: z.array(webhookSchema).default([]),
    /**
     * The city's hub (SPEC §7): the secret its alerts to `POST /v1/alerts` are signed with (the hub config's
     * `alertSecret` for this district; `env:NAME` accepted). Null (the default): the bot takes no city alerts.
     */
    hub: z.object({ alertSecret: webhookSecret }).nullable().default(null),
    offers: z.object({ expireAfterDays: wholeNumber().positive().default(7) }).prefault({}),
    rosters: z
      .object({
        remindBeforeMinutes: wholeNumber().positive().default(60),
        warnBeforeHours: wholeNumber().positive().default(12),
      })
      .prefault({}),
    /** Scheduled online backups; null: none (the `backup` CLI command still works). */
    backup: z
      .object({
        cron: cronExpression.default('0 3 * * *'),
        dir: nonEmptyText.default('data/backups'),
        keep: wholeNumber().positive().default(7),
      })
      .nullable()
      .default(null),
    education,
    support: z.array(supportLine).default([]),
    /** Days after which private texts and check-in answers are purged. */
    retentionDays: wholeNumber().positive().default(30),
    /** SQLite `synchronous`: NORMAL loses nothing when the process dies, FULL also survives power loss, slower. */
    database: z.object({ synchronous: z.enum(['NORMAL', 'FULL']).default('NORMAL') }).prefault({}),
    /**
     * Send rates: Telegram's limits (30/s overall, 1/s per private chat; each send counted until a window after its
     * answer, so no margin is needed), a little under for groups (20/min).
     */
    outbox: z
      .object({
        perSecond: z.number().positive().default(30),
        perGroupPerMinute: z.number().positive().default(18),
        perPrivatePerSecond: z.number().positive().default(1),
        /** A card (vote, group buy) is re-rendered at most this often under a burst of presses; the last state always shows. */
        editIntervalSeconds: z.number().min(0).default(3),
      })
      .prefault({}),
    /**
     * Flood control: a user's commands in one chat beyond this many a minute are dropped, with one notice, so one
     * account cannot bury a chat's answers (and a red alert) under its own.
     */
    floodControl: z.object({ commandsPerMinute: wholeNumber().positive().default(12) }).prefault({}),
    /** Jobs missed while the bot was down run on start if they are at most this old. */
    scheduler: z.object({ catchUpGraceHours: z.number().min(0).default(6) }).prefault({}),
  })
  // runs even when other parts of the file are invalid, so every problem is reported at once
  .superRefine(checkAcrossFields, { when: () => true });

/** bot.config.json after validation, defaults applied. */
export type BotConfig = z.output<typeof botConfigSchema>;
/** bot.config.json as written: what tests and tools may pass to `parseConfig`. */
export type BotConfigInput = z.input<typeof botConfigSchema>;
/** One building: its group chat, volunteers, digest time. Its language: `buildingLanguage()`. */
export type BuildingConfig = BotConfig['buildings'][number];
/** A scheduled notice; `buildings` is "all" or ids that exist. */
export type NoticeConfig = BotConfig['notices'][number];
/** A neighbourhood committee; `buildings` is "all" or ids that exist. */
export type CommitteeConfig = BotConfig['committees'][number];
/** A department's webhook; `secret` is resolved (never `env:NAME`). */
export type WebhookConfig = BotConfig['webhooks'][number];
/** A need category and the aliases `#name` may use. */
export type NeedCategory = BotConfig['needs']['categories'][number];
/** A help line shown by `/support`. */
export type SupportLine = BotConfig['support'][number];
/** A stage of risk with its own guidance; read the texts with `educationTexts()`. */
export type EducationStage = keyof BotConfig['education'];

/**
 * Checks between buildings and notices. It reads the value loosely because it also runs when
 * parts of the file failed their own checks (an invalid building still has an id to compare).
 */
function checkAcrossFields(config: unknown, ctx: z.core.$RefinementCtx): void {
  const problem = (path: PropertyKey[], input: unknown, message: string) =>
    ctx.addIssue({ code: 'custom', path, input, message });

  const buildings = listAt(config, 'buildings');
  const buildingIndex = new Map<string, number>();
  const chatOwner = new Map<number, string>();
  buildings.forEach((building, i) => {
    const id = fieldOf(building, 'id');
    const label = typeof id === 'string' ? `buildings[${i}] (${id})` : `buildings[${i}]`;
    if (typeof id === 'string') {
      const first = buildingIndex.get(id);
      if (first === undefined) buildingIndex.set(id, i);
      else problem(['buildings', i, 'id'], id, `duplicate building id "${id}" (also buildings[${first}])`);
    }
    const chatId = fieldOf(building, 'chatId');
    if (typeof chatId === 'number') {
      const first = chatOwner.get(chatId);
      if (first === undefined) chatOwner.set(chatId, label);
      else
        problem(
          ['buildings', i, 'chatId'],
          chatId,
          `duplicate chat id ${chatId}: already the chat of ${first}; each building has its own group`,
        );
    }
  });

  buildings.forEach((building, i) => {
    const volunteersChatId = fieldOf(building, 'volunteersChatId');
    const owner = typeof volunteersChatId === 'number' ? chatOwner.get(volunteersChatId) : undefined;
    if (owner !== undefined) {
      problem(
        ['buildings', i, 'volunteersChatId'],
        volunteersChatId,
        `duplicate chat id ${String(volunteersChatId)}: already the chat of ${owner}; volunteers need a group of their own`,
      );
    }
  });

  const committeeIds = new Map<string, number>();
  listAt(config, 'committees').forEach((committee, i) => {
    const id = fieldOf(committee, 'id');
    if (typeof id === 'string') {
      const first = committeeIds.get(id);
      if (first === undefined) committeeIds.set(id, i);
      else problem(['committees', i, 'id'], id, `duplicate committee id "${id}" (also committees[${first}])`);
    }
    const chatId = fieldOf(committee, 'chatId');
    if (typeof chatId !== 'number') return;
    const owner =
      chatOwner.get(chatId) ??
      buildings
        .map((b, j) => (fieldOf(b, 'volunteersChatId') === chatId ? `buildings[${j}] (its volunteers)` : undefined))
        .find((label) => label !== undefined);
    if (owner === undefined)
      chatOwner.set(chatId, typeof id === 'string' ? `committees[${i}] (${id})` : `committees[${i}]`);
    else
      problem(
        ['committees', i, 'chatId'],
        chatId,
        `duplicate chat id ${chatId}: already the chat of ${owner}; a committee needs a group of its own`,
      );
  });

  const known = [...buildingIndex.keys()].join(', ');
  for (const list of ['notices', 'committees', 'webhooks']) {
    listAt(config, list).forEach((item, i) => {
      const targets = fieldOf(item, 'buildings');
      if (!Array.isArray(targets)) return;
      targets.forEach((target: unknown, j) => {
        if (typeof target === 'string' && !buildingIndex.has(target)) {
          problem([list, i, 'buildings', j], target, `unknown building "${target}" (known: ${known || 'none'})`);
        }
      });
    });
  }
}

function fieldOf(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

function listAt(value: unknown, key: string): unknown[] {
  const list = fieldOf(value, key);
  return Array.isArray(list) ? list : [];
}

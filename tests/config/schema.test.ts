import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_NEED_CATEGORIES, parseConfig } from '../../src/config/index.ts';

const b3 = { id: 'b3', name: '3号楼', chatId: -1001000000003 };
const b7 = { id: 'b7', name: 'Building 7', chatId: -1001000000007 };

/** The problems parseConfig reports for `raw`; fails the test if it accepts it. */
function problemsOf(raw: unknown): readonly string[] {
  try {
    parseConfig(raw);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the config to be rejected');
}

describe('defaults', () => {
  it('fills every field of a config that declares only its buildings', () => {
    const { config, warnings } = parseConfig({ buildings: [b3] });
    expect(warnings).toEqual([]);
    expect(config).toMatchObject({
      timezone: 'Asia/Shanghai',
      language: 'zh',
      currency: '¥',
      admins: [],
      trustChatAdmins: true,
      quietHours: { from: '22:00', to: '07:00' },
      needs: { escalateAfterMinutes: 30, claimExpiresAfterHours: 12, suggestBuyAt: 5, volunteersOnly: false },
      checkin: { at: '09:00', deadline: '12:00' },
      votes: { defaultDuration: '24h' },
      buys: { defaultDuration: '24h' },
      notices: [],
      education: { none: [], blue: [], yellow: [], orange: [], red: [], recovery: [] },
      support: [],
      retentionDays: 30,
      database: { synchronous: 'NORMAL' },
      outbox: { perSecond: 30, perGroupPerMinute: 18, perPrivatePerSecond: 1 },
      scheduler: { catchUpGraceHours: 6 },
    });
    expect(config.needs.categories).toEqual(DEFAULT_NEED_CATEGORIES);
  });

  it('fills the optional fields of a building and leaves its language to the config', () => {
    const { config } = parseConfig({ buildings: [b3] });
    expect(config.buildings[0]).toEqual({
      ...b3,
      volunteersChatId: null,
      admins: [],
      volunteers: [],
      digest: null,
      topicId: null,
      checkins: [],
    });
  });

  it('fills the missing half of a partly written section', () => {
    const { config } = parseConfig({ buildings: [b3], quietHours: { from: '23:00' }, needs: { volunteersOnly: true } });
    expect(config.quietHours).toEqual({ from: '23:00', to: '07:00' });
    expect(config.needs.volunteersOnly).toBe(true);
    expect(config.needs.escalateAfterMinutes).toBe(30);
  });

  it('gives each parse its own copy of the default categories', () => {
    const first = parseConfig({ buildings: [b3] }).config;
    first.needs.categories[0]?.aliases.push('meds');
    expect(parseConfig({ buildings: [b3] }).config.needs.categories[0]?.aliases).toEqual(['药']);
  });

  it('turns quiet hours off with null', () => {
    expect(parseConfig({ buildings: [b3], quietHours: null }).config.quietHours).toBeNull();
  });

  it('requires at least one building', () => {
    expect(problemsOf({})).toEqual(['buildings: required: declare at least one building']);
    expect(problemsOf({ buildings: [] })).toEqual(['buildings: declare at least one building']);
  });
});

describe('single fields', () => {
  it('rejects an unknown time zone and spells a known one canonically', () => {
    expect(problemsOf({ buildings: [b3], timezone: 'Asia/Shangai' })).toEqual([
      'timezone: unknown time zone "Asia/Shangai" (use an IANA name such as "Asia/Shanghai")',
    ]);
    expect(parseConfig({ buildings: [b3], timezone: 'europe/berlin' }).config.timezone).toBe('Europe/Berlin');
  });

  it('says which type a field expected and which it got', () => {
    expect(problemsOf({ buildings: [{ ...b3, chatId: '-1001000000003' }] })).toEqual([
      'buildings[0].chatId: expected a number, got string',
    ]);
  });

  it('rejects a positive chat id, since Telegram group ids are negative', () => {
    expect(problemsOf({ buildings: [{ ...b3, chatId: 1001000000003 }] })[0]).toMatch(
      /^buildings\[0\]\.chatId: must be negative/,
    );
  });

  it('rejects a building id with spaces', () => {
    expect(problemsOf({ buildings: [{ ...b3, id: 'b 3' }] })[0]).toMatch(
      /^buildings\[0\]\.id: expected 1 to 32 letters/,
    );
  });

  it('rejects a bad cron expression in a building digest, naming the bad field', () => {
    expect(problemsOf({ buildings: [{ ...b3, digest: '0 25 * * *' }] })).toEqual([
      expect.stringMatching(
        /^buildings\[0\]\.digest: not a valid cron expression "0 25 \* \* \*": bad hour field "25"/,
      ),
    ]);
  });

  it('rejects a bad cron expression in a notice', () => {
    expect(problemsOf({ buildings: [b3], notices: [{ cron: 'every day', text: 'Hi' }] })).toEqual([
      expect.stringMatching(/^notices\[0\]\.cron: not a valid cron expression "every day"/),
    ]);
  });

  it('accepts no digest at all', () => {
    expect(parseConfig({ buildings: [{ ...b3, digest: null }] }).config.buildings[0]?.digest).toBeNull();
  });

  it('wants times as HH:MM and durations as 30m, 6h or 2d, and compares no malformed time', () => {
    expect(problemsOf({ buildings: [b3], checkin: { at: '9:00' }, votes: { defaultDuration: '1 day' } })).toEqual([
      'checkin.at: expected a time "HH:MM" on a 24-hour clock, e.g. "07:00"',
      'votes.defaultDuration: expected a duration such as "30m", "6h" or "2d"',
    ]);
  });

  it('rejects a check-in deadline that is not after the check-in time', () => {
    expect(problemsOf({ buildings: [b3], checkin: { at: '12:00', deadline: '12:00' } })).toEqual([
      'checkin.deadline: must be after checkin.at (12:00) on the same day',
    ]);
  });

  it('rejects quiet hours that start when they end', () => {
    expect(problemsOf({ buildings: [b3], quietHours: { from: '07:00', to: '07:00' } })[0]).toMatch(
      /^quietHours\.to: must differ/,
    );
  });

  it('rejects a category name that would point at two categories', () => {
    const categories = [
      { id: 'food', aliases: ['食物', 'Food'] },
      { id: 'water', aliases: ['食物'] },
    ];
    expect(problemsOf({ buildings: [b3], needs: { categories } })).toEqual([
      'needs.categories[1].aliases[0]: "食物" already names the category "food"',
    ]);
  });

  it('requires a phone or a url for a support line', () => {
    expect(problemsOf({ buildings: [b3], support: [{ name: 'Hotline' }] })).toEqual([
      'support[0]: needs a "phone" or a "url"',
    ]);
  });

  it('reads full-width digits in check-in units as ASCII', () => {
    expect(parseConfig({ buildings: [{ ...b3, checkins: ['１５０２'] }] }).config.buildings[0]?.checkins).toEqual([
      '1502',
    ]);
  });

  it('accepts education texts as one list or per language, and reports a wrong text inside either', () => {
    const { config } = parseConfig({
      buildings: [b3],
      education: { none: ['Keep water.'], red: { en: ['Stay in.'] } },
    });
    expect(config.education.none).toEqual(['Keep water.']);
    expect(config.education.red).toEqual({ en: ['Stay in.'], zh: [] });
    expect(problemsOf({ buildings: [b3], education: { red: { en: [3] }, none: 'Keep water.' } })).toEqual([
      'education.none: expected a list of texts, or { "en": [...], "zh": [...] }',
      'education.red.en[0]: expected a string, got number',
    ]);
  });
});

describe('checks across fields', () => {
  it('rejects two buildings with the same id', () => {
    expect(problemsOf({ buildings: [b3, { ...b7, id: 'b3' }] })).toEqual([
      'buildings[1].id: duplicate building id "b3" (also buildings[0])',
    ]);
  });

  it('rejects two buildings in the same chat', () => {
    expect(problemsOf({ buildings: [b3, { ...b7, chatId: b3.chatId }] })).toEqual([
      'buildings[1].chatId: duplicate chat id -1001000000003: already the chat of buildings[0] (b3); each building has its own group',
    ]);
  });

  it("rejects a volunteers' chat that is a building's own group", () => {
    expect(problemsOf({ buildings: [b3, { ...b7, volunteersChatId: b3.chatId }] })).toEqual([
      'buildings[1].volunteersChatId: duplicate chat id -1001000000003: already the chat of buildings[0] (b3); volunteers need a group of their own',
    ]);
    expect(problemsOf({ buildings: [{ ...b3, volunteersChatId: b3.chatId }] })).toHaveLength(1);
  });

  it("lets two buildings share one volunteers' chat", () => {
    const volunteersChatId = -1001000000100;
    expect(() =>
      parseConfig({
        buildings: [
          { ...b3, volunteersChatId },
          { ...b7, volunteersChatId },
        ],
      }),
    ).not.toThrow();
  });

  it('rejects a notice naming an unknown building and lists the known ones', () => {
    expect(
      problemsOf({ buildings: [b3, b7], notices: [{ cron: '0 8 * * *', buildings: ['b3', 'b9'], text: 'Hi' }] }),
    ).toEqual(['notices[0].buildings[1]: unknown building "b9" (known: b3, b7)']);
  });

  it('sends a notice to every building by default', () => {
    const { config } = parseConfig({ buildings: [b3], notices: [{ cron: '0 8 * * *', text: 'Hi' }] });
    expect(config.notices[0]).toEqual({ cron: '0 8 * * *', buildings: 'all', text: 'Hi', pin: false, urgent: false });
  });

  it('still finds duplicates when the same file has other errors, even a fractional number', () => {
    const problems = problemsOf({
      timezone: 'Nowhere/City',
      buildings: [
        { ...b3, topicId: 1.5 },
        { ...b7, id: 'b3' },
      ],
    });
    expect(problems).toEqual([
      expect.stringMatching(/^timezone: unknown time zone/),
      'buildings[0].topicId: expected a whole number',
      'buildings[1].id: duplicate building id "b3" (also buildings[0])',
    ]);
  });
});

describe('webhooks', () => {
  const hook = { url: 'https://dept.example.org/hooks/mutual-aid', secret: 'at-least-16-chars' };

  it('takes a webhook with its defaults: every event, every building', () => {
    expect(parseConfig({ buildings: [b3], webhooks: [hook] }).config.webhooks).toEqual([
      { ...hook, events: ['*'], buildings: 'all' },
    ]);
  });

  it('rejects a secret under 16 characters without printing it', () => {
    const problems = problemsOf({ buildings: [b3], webhooks: [{ ...hook, secret: 'short-secret' }] });
    expect(problems).toEqual([expect.stringMatching(/^webhooks\[0\]\.secret: too short: .*at least 16 characters/)]);
    expect(problems.join('\n')).not.toContain('short-secret');
  });

  it('reads an env: secret from the environment, and names the variable when it is not set', () => {
    const name = 'MUTUAL_AID_TEST_WEBHOOK_SECRET';
    process.env[name] = 'from-the-environment-1';
    try {
      const { config } = parseConfig({ buildings: [b3], webhooks: [{ ...hook, secret: `env:${name}` }] });
      expect(config.webhooks[0]!.secret).toBe('from-the-environment-1');
      process.env[name] = 'too-short';
      expect(problemsOf({ buildings: [b3], webhooks: [{ ...hook, secret: `env:${name}` }] })).toEqual([
        expect.stringMatching(new RegExp(`^webhooks\\[0\\]\\.secret: too short: .*\\(in ${name}\\)`)),
      ]);
    } finally {
      delete process.env[name];
    }
    expect(problemsOf({ buildings: [b3], webhooks: [{ ...hook, secret: `env:${name}` }] })).toEqual([
      expect.stringMatching(new RegExp(`^webhooks\\[0\\]\\.secret: environment variable ${name} is not set`)),
    ]);
  });

  it('rejects a URL that is not http or https', () => {
    for (const url of ['ftp://dept.example.org/in', 'file:///etc/passwd', 'dept.example.org/hooks'])
      expect(problemsOf({ buildings: [b3], webhooks: [{ ...hook, url }] })).toEqual([
        expect.stringMatching(/^webhooks\[0\]\.url: expected an http:\/\/ or https:\/\/ URL/),
      ]);
    expect(() =>
      parseConfig({ buildings: [b3], webhooks: [{ ...hook, url: 'http://10.0.0.5:8080/in' }] }),
    ).not.toThrow();
  });

  it('rejects an event that does not exist, and takes types, groups and *', () => {
    expect(
      problemsOf({ buildings: [b3], webhooks: [{ ...hook, events: ['need.created', 'needs.*', 'alert.raised'] }] }),
    ).toEqual([
      expect.stringMatching(/^webhooks\[0\]\.events\[1\]: unknown event "needs\.\*"/),
      expect.stringMatching(/^webhooks\[0\]\.events\[2\]: unknown event "alert\.raised"/),
    ]);
    const events = ['need.*', 'alert.lowered', 'checkin.missed', 'notice.acknowledged', '*'];
    expect(parseConfig({ buildings: [b3], webhooks: [{ ...hook, events }] }).config.webhooks[0]!.events).toEqual(
      events,
    );
  });

  it('rejects a webhook naming an unknown building', () => {
    expect(problemsOf({ buildings: [b3, b7], webhooks: [{ ...hook, buildings: ['b7', 'b9'] }] })).toEqual([
      'webhooks[0].buildings[1]: unknown building "b9" (known: b3, b7)',
    ]);
  });
});

describe('committees', () => {
  const committee = { id: 'c1', name: 'Riverside committee', chatId: -1001000000500 };

  it('takes a committee with its defaults: every building, no admins, no digest, 60 minutes', () => {
    expect(parseConfig({ buildings: [b3, b7], committees: [committee] }).config.committees).toEqual([
      { ...committee, buildings: 'all', admins: [], digest: null, escalateAfterMinutes: 60 },
    ]);
  });

  it('rejects a committee naming an unknown building and lists the known ones', () => {
    expect(problemsOf({ buildings: [b3, b7], committees: [{ ...committee, buildings: ['b7', 'b9'] }] })).toEqual([
      'committees[0].buildings[1]: unknown building "b9" (known: b3, b7)',
    ]);
  });

  it("rejects a committee chat that is a building's group, a volunteers' chat or another committee's", () => {
    expect(problemsOf({ buildings: [b3, b7], committees: [{ ...committee, chatId: b7.chatId }] })).toEqual([
      'committees[0].chatId: duplicate chat id -1001000000007: already the chat of buildings[1] (b7); a committee needs a group of its own',
    ]);
    const volunteersChatId = -1001000000100;
    expect(
      problemsOf({
        buildings: [{ ...b3, volunteersChatId }],
        committees: [{ ...committee, chatId: volunteersChatId }],
      }),
    ).toEqual([
      'committees[0].chatId: duplicate chat id -1001000000100: already the chat of buildings[0] (its volunteers); a committee needs a group of its own',
    ]);
    expect(problemsOf({ buildings: [b3], committees: [committee, { ...committee, id: 'c2' }] })).toEqual([
      'committees[1].chatId: duplicate chat id -1001000000500: already the chat of committees[0] (c1); a committee needs a group of its own',
    ]);
  });

  it('rejects two committees with the same id, a positive chat id and a delay that is not a positive whole number', () => {
    const problems = problemsOf({
      buildings: [b3],
      committees: [
        { ...committee, escalateAfterMinutes: 0 },
        { ...committee, chatId: 5, escalateAfterMinutes: 1.5 },
      ],
    });
    expect(problems).toEqual([
      expect.stringMatching(/^committees\[0\]\.escalateAfterMinutes: /),
      expect.stringMatching(/^committees\[1\]\.chatId: must be negative/),
      'committees[1].escalateAfterMinutes: expected a whole number',
      'committees[1].id: duplicate committee id "c1" (also committees[0])',
    ]);
  });

  it('accepts a one-minute delay (drills and tests use short ones) and a digest cron', () => {
    const { config } = parseConfig({
      buildings: [b3],
      committees: [{ ...committee, escalateAfterMinutes: 1, digest: '0 21 * * *', language: 'en' }],
    });
    expect(config.committees[0]).toMatchObject({ escalateAfterMinutes: 1, digest: '0 21 * * *', language: 'en' });
    expect(problemsOf({ buildings: [b3], committees: [{ ...committee, digest: 'every night' }] })).toEqual([
      expect.stringMatching(/^committees\[0\]\.digest: not a valid cron expression "every night"/),
    ]);
  });
});

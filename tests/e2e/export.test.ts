import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { z } from 'zod';
import { runCli } from '../../src/cli.ts';
import { isoWithOffset } from '../../src/core/iso-time.ts';
import { buildExport } from '../../src/features/export/export.store.ts';
import { startTestBot, type TestBot, world } from './harness.ts';

/** SPEC §5, field for field: strict objects, so an added or renamed field fails here first. */
const iso = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
const exportSchema = z.strictObject({
  exportedAt: iso,
  buildings: z.array(z.strictObject({ id: z.string(), name: z.string(), chatId: z.number().int() })),
  committees: z.array(z.strictObject({ id: z.string(), name: z.string(), buildings: z.array(z.string()) })),
  households: z.array(z.strictObject({ building: z.string(), unit: z.string(), members: z.array(z.number().int()) })),
  needs: z.array(
    z.strictObject({
      id: z.number().int(),
      building: z.string(),
      status: z.enum(['open', 'claimed', 'done', 'cancelled']),
      priority: z.enum(['urgent', 'high', 'normal']),
      category: z.string(),
      text: z.string().nullable(),
      private: z.boolean(),
      requester: z.number().int().nullable(),
      unit: z.string().nullable(),
      claimedBy: z.number().int().nullable(),
      createdAt: iso,
      claimedAt: iso.nullable(),
      doneAt: iso.nullable(),
      repeat: z.string().nullable(),
      offer: z.number().int().nullable(),
    }),
  ),
  offers: z.array(
    z.strictObject({
      id: z.number().int(),
      building: z.string(),
      category: z.string(),
      text: z.string(),
      status: z.enum(['open', 'given', 'withdrawn', 'expired']),
      offeredBy: z.number().int(),
      unit: z.string().nullable(),
      need: z.number().int().nullable(),
      createdAt: iso,
    }),
  ),
  votes: z.array(
    z.strictObject({
      id: z.number().int(),
      building: z.string(),
      question: z.string(),
      status: z.enum(['open', 'closed']),
      perHousehold: z.boolean(),
      anonymous: z.boolean(),
      quorum: z.union([
        z.null(),
        z.strictObject({ count: z.number().int() }),
        z.strictObject({ percent: z.number().int() }),
      ]),
      closesAt: iso,
      options: z.array(z.strictObject({ text: z.string(), count: z.number().int() })),
      ballots: z
        .array(
          z.strictObject({ voter: z.number().int().nullable(), unit: z.string().nullable(), option: z.number().int() }),
        )
        .optional(),
    }),
  ),
  buys: z.array(
    z.strictObject({
      id: z.number().int(),
      building: z.string(),
      item: z.string(),
      price: z.string().regex(/^\d+\.\d{2}$/),
      status: z.enum(['open', 'confirmed', 'cancelled']),
      min: z.number().int().nullable(),
      max: z.number().int().nullable(),
      limit: z.number().int().nullable(),
      closesAt: iso,
      orders: z.array(
        z.strictObject({
          unit: z.string(),
          quantity: z.number().int(),
          paid: z.boolean(),
          delivered: z.boolean(),
          item: z.number().int(),
          amount: z.string().regex(/^-?\d+\.\d{2}$/),
        }),
      ),
      items: z.array(
        z.strictObject({
          name: z.string(),
          price: z.string().regex(/^-?\d+\.\d{2}$/),
          max: z.number().int().nullable(),
          limit: z.number().int().nullable(),
        }),
      ),
      minAmount: z
        .string()
        .regex(/^-?\d+\.\d{2}$/)
        .nullable(),
      paymentInfo: z.string().nullable(),
      cost: z
        .string()
        .regex(/^-?\d+\.\d{2}$/)
        .nullable(),
      settledAt: iso.nullable(),
      accounts: z.array(
        z.strictObject({
          unit: z.string(),
          due: z.string().regex(/^-?\d+\.\d{2}$/),
          paid: z.string().regex(/^-?\d+\.\d{2}$/),
        }),
      ),
    }),
  ),
  notices: z.array(
    z.strictObject({
      id: z.number().int(),
      buildings: z.array(z.string()),
      level: z.enum(['info', 'blue', 'yellow', 'orange', 'red']),
      text: z.string(),
      sentAt: iso,
      acknowledged: z.number().int(),
    }),
  ),
  // SPEC §5: each building's survey as counts only
  surveys: z.array(
    z.strictObject({
      building: z.string(),
      households: z.number().int(),
      answered: z.number().int(),
      counts: z.strictObject(
        Object.fromEntries(
          [
            'elderlyAlone',
            'regularMedicine',
            'hospitalTreatment',
            'limitedMobility',
            'pregnant',
            'infants',
            'pets',
            'phoneHelp',
          ].map((k) => [k, z.number().int()]),
        ),
      ),
    }),
  ),
  shifts: z.array(
    z.strictObject({
      id: z.number().int(),
      building: z.string(),
      task: z.string(),
      start: iso,
      end: iso,
      needed: z.number().int(),
      volunteers: z.array(z.number().int()),
    }),
  ),
  calls: z.array(
    z.strictObject({
      id: z.number().int(),
      building: z.string(),
      task: z.string(),
      status: z.enum(['open', 'paused', 'ended']),
      waves: z.array(z.strictObject({ floors: z.tuple([z.number().int(), z.number().int()]), at: iso })),
      answered: z.array(z.string()),
      homeVisits: z.array(z.string()),
    }),
  ),
  audit: z.array(
    z.strictObject({ at: iso, actor: z.number().int().nullable(), action: z.string(), subject: z.string() }),
  ),
});

let t: TestBot;
afterEach(async () => {
  await t?.close();
});

it('exports what happened as SPEC §5 says, without private texts or anonymous ballots', async () => {
  t = await startTestBot();
  const b7 = world.b7.chatId;
  await t.send(b7, world.alice.id, '/home 1502');
  await t.send(b7, world.bob.id, '/home 301');
  await t.send(b7, world.alice.id, '/need !! #medicine insulin');
  await t.send(world.bob.id, world.bob.id, '/need 私密内容 SECRET-TEXT');
  await t.send(b7, world.alice.id, '/vote household Gate? | Yes | No');
  await t.send(b7, world.alice.id, '/vote anonymous Lunch? | Noodles | Rice');
  const vote1 = t.tg.botMessages(b7).find((m) => m.text?.startsWith('🗳 Vote #1'))!;
  const vote2 = t.tg.botMessages(b7).find((m) => m.text?.startsWith('🗳 Vote #2'))!;
  await t.handled(t.tg.pressButton(b7, vote1.message_id, world.bob.id, 'No').update_id);
  await t.handled(t.tg.pressButton(b7, vote2.message_id, world.bob.id, 'Rice').update_id);
  await t.send(b7, world.alice.id, '/buy Eggs | 12.30 | limit 3');
  await t.send(b7, world.bob.id, '/order 1 2');
  await t.send(world.admin.id, world.admin.id, '/notice all Water is off at 14:00');
  const notice = t.tg.botMessages(b7).find((m) => m.text?.startsWith('📢 Notice #1'))!;
  await t.handled(t.tg.pressButton(b7, notice.message_id, world.alice.id, 'Got it').update_id);
  await t.send(b7, world.alice.id, '/offer #food 5 kg rice');

  const doc = exportSchema.parse(buildExport(t.app.database.db, { timezone: 'Asia/Shanghai', now: t.clock.now() }));
  expect(doc.exportedAt).toBe(isoWithOffset(t.clock.now(), 'Asia/Shanghai'));
  expect(doc.exportedAt.endsWith('+08:00')).toBe(true);
  expect(doc.households).toContainEqual({ building: 'b7', unit: '1502', members: [world.alice.id] });
  expect(doc.needs.map((n) => [n.id, n.private, n.text])).toEqual([
    [1, false, 'insulin'],
    [2, true, null],
  ]);
  expect(doc.needs.map((n) => [n.repeat, n.offer])).toEqual([
    [null, null],
    [null, null],
  ]);
  expect(doc.offers).toEqual([
    {
      id: 1,
      building: 'b7',
      category: 'food',
      text: '5 kg rice',
      status: 'open',
      offeredBy: world.alice.id,
      unit: '1502',
      need: null,
      createdAt: expect.stringMatching(/\+08:00$/),
    },
  ]);
  expect(doc.votes[0]).toMatchObject({
    perHousehold: true,
    options: [
      { text: 'Yes', count: 0 },
      { text: 'No', count: 1 },
    ],
    ballots: [{ voter: world.bob.id, unit: '301', option: 1 }],
  });
  expect(doc.votes[1]!.anonymous).toBe(true);
  expect(doc.votes[1]).not.toHaveProperty('ballots');
  expect(doc.votes[1]!.options).toEqual([
    { text: 'Noodles', count: 0 },
    { text: 'Rice', count: 1 },
  ]);
  expect(doc.audit.map((a) => a.action)).toEqual(
    expect.arrayContaining(['household.join', 'need.open', 'vote.open', 'vote.ballot']),
  );
  expect(doc.buys).toEqual([
    expect.objectContaining({
      item: 'Eggs',
      price: '12.30',
      status: 'open',
      limit: 3,
      orders: [{ unit: '301', quantity: 2, paid: false, delivered: false, item: 0, amount: '24.60' }],
      items: [{ name: 'Eggs', price: '12.30', max: null, limit: 3 }],
      accounts: [{ unit: '301', due: '24.60', paid: '0.00' }],
    }),
  ]);
  expect(doc.notices).toEqual([
    expect.objectContaining({ id: 1, buildings: ['b3', 'b7'], level: 'info', acknowledged: 1 }),
  ]);
  expect(JSON.stringify(doc)).not.toContain('SECRET-TEXT');

  // the command line writes the same document, for one building
  const dbPath = t.app.database.sqlite.name;
  const dir = join(dbPath, '..');
  await t.app.stop();
  const out = join(dir, 'export.json');
  const lines: string[] = [];
  expect(
    await runCli(
      ['export', '--building', 'b7', '--out', out],
      { DB_PATH: dbPath, BOT_CONFIG: 'bot.config.json' },
      (l) => lines.push(l),
      (l) => lines.push(l),
    ),
  ).toBe(0);
  const file = exportSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
  expect(file.buildings.map((b) => b.id)).toEqual(['b7']);
  expect(file.needs).toHaveLength(2);
  expect(
    await runCli(
      ['export', '--building', 'nope'],
      { DB_PATH: dbPath, BOT_CONFIG: 'bot.config.json' },
      () => undefined,
      () => undefined,
    ),
  ).toBe(1);

  // the CSV export: one file per entity, with a byte order mark
  const folder = join(dir, 'csv');
  expect(
    await runCli(
      ['export', '--format', 'csv', '--out', folder],
      { DB_PATH: dbPath, BOT_CONFIG: 'bot.config.json' },
      (l) => lines.push(l),
      (l) => lines.push(l),
    ),
  ).toBe(0);
  const needsCsv = readFileSync(join(folder, 'needs.csv'), 'utf8');
  expect(needsCsv.startsWith('\uFEFFid,building,status,priority,category,text,private')).toBe(true);
  expect(needsCsv).not.toContain('SECRET-TEXT');
  expect(readFileSync(join(folder, 'ballots.csv'), 'utf8').split('\r\n').filter(Boolean)).toHaveLength(2);
  expect(readFileSync(join(folder, 'orders.csv'), 'utf8')).toContain('1,301,2,false,false');

  // an online backup that opens on its own and holds the same data
  const copy = join(dir, 'copy.db');
  expect(
    await runCli(
      ['backup', copy],
      { DB_PATH: dbPath },
      (l) => lines.push(l),
      (l) => lines.push(l),
    ),
  ).toBe(0);
  expect(lines.at(-1)).toContain('integrity check ok');
  const restored = new Database(copy, { readonly: true });
  expect((restored.prepare('select count(*) as n from needs').get() as { n: number }).n).toBe(2);
  restored.close();
  const stats: string[] = [];
  expect(
    await runCli(
      ['stats'],
      { DB_PATH: copy },
      (l) => stats.push(l),
      (l) => stats.push(l),
    ),
  ).toBe(0);
  expect(stats.find((l) => l.startsWith('b7'))).toContain('needs: open 2');
});

import { spawn } from 'node:child_process';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';
import { isoWithOffset } from '../../src/core/iso-time.ts';
import { calls, households, needs, rosters, surveys } from '../../src/db/schema.ts';
import { DEFAULT_DRILL_TIME, parseTimeOfDay, timeOnSameDay } from '../../src/sandbox/drill.ts';
import { type Sandbox, startSandbox } from '../../src/sandbox/sandbox.ts';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({
    config: loadConfig('bot.config.json').config,
    logger: pino({ level: 'silent' }),
    port: 0,
    // a fixed morning before the check-in deadline: no scheduled job falls due while a test snapshots the chats
    startAt: Date.parse('2026-04-01T08:00:00+08:00'),
  });
});
afterAll(async () => {
  await sandbox?.stop();
});

const post = (path: string, body: unknown) =>
  fetch(`${sandbox.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }).then((r) => r.json() as Promise<Record<string, unknown>>);

const drill = (body: unknown, target: Sandbox = sandbox) =>
  fetch(`${target.url}/api/drill`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));

/**
 * What a drill may change: every need, every household and its survey, every message of every seeded chat, the bot's
 * clock.
 */
const snapshot = (target: Sandbox) => ({
  needs: target.app.database.db.select().from(needs).all(),
  surveys: target.app.database.db.select().from(surveys).all(),
  households: target.app.database.db.select().from(households).all(),
  messages: target.people.chats.map((c) => target.tg.messages(c.id).length),
  privateMessages: target.people.users.map((u) => target.tg.messages(u.id).length),
  now: target.clock.now(),
});

it('refuses a drill at a time that is not a time of day, and changes nothing', async () => {
  const before = snapshot(sandbox);
  for (const at of ['25:00', '8h30', 830]) {
    const { status, body } = await drill({ at });
    expect(status, String(at)).toBe(400);
    expect(body).toMatchObject({ ok: false, error: expect.stringContaining('HH:MM') });
  }
  expect(snapshot(sandbox)).toEqual(before);
});

it('seeds every building once, at the chosen morning time; a second drill changes nothing and says so', {
  timeout: 90_000,
}, async () => {
  const config = loadConfig('bot.config.json').config;
  const all = config.buildings.map((b) => b.id);
  const dayBefore = isoWithOffset(sandbox.clock.now(), config.timezone).slice(0, 10);
  const first = await drill({ at: '07:45' });
  expect(first.status).toBe(200);
  expect(first.body).toMatchObject({ ok: true, seeded: all, alreadySeeded: [] });
  // the bot's clock stands at the chosen time, on the date it had, in the config's time zone
  expect(isoWithOffset(sandbox.clock.now(), config.timezone)).toBe(`${dayBefore}T07:45:00+08:00`);
  expect(first.body.now).toBe(sandbox.clock.now());

  const seeded = snapshot(sandbox);
  for (const building of config.buildings) {
    const own = seeded.needs.filter((n) => n.buildingId === building.id);
    const group = sandbox.tg.botMessages(building.chatId).map((m) => m.text ?? '');
    const [vote, buy] = building.language === 'zh' ? ['🗳 投票 #', '🛒 团购 #'] : ['🗳 Vote #', '🛒 Group buy #'];
    const found = {
      needs: own.length,
      privateNeeds: own.filter((n) => n.private).length,
      priorities: [...new Set(own.map((n) => n.priority))].sort(),
      // typed at the drill's morning, not at the wall clock's time
      typedAt: [...new Set(own.map((n) => n.createdAt))],
      households: seeded.households.filter((h) => h.buildingId === building.id).length,
      votes: group.filter((t) => t.startsWith(vote)).length,
      buys: group.filter((t) => t.startsWith(buy)).length,
      // three households answered the survey by its buttons; its card in the group shows the response rate
      surveys: seeded.surveys.filter((s) => s.buildingId === building.id).length,
      surveyCard: group.some((t) => /(Answered: 3 of 4 households|已回答：4 户中的 3 户)/.test(t)),
      typedMedicine: seeded.surveys.filter((s) => s.buildingId === building.id && s.medicineText).length,
    };
    expect(found, building.id).toEqual({
      needs: 11,
      privateNeeds: 1,
      priorities: ['high', 'normal', 'urgent'],
      typedAt: [sandbox.clock.now()],
      households: 4,
      votes: 1,
      buys: 1,
      surveys: 3,
      surveyCard: true,
      typedMedicine: 1,
    });
  }
  expect(seeded.needs).toHaveLength(11 * config.buildings.length);
  // and a week of gate shifts and a floor call for testing in each building
  const db = sandbox.app.database.db;
  expect(
    db
      .select()
      .from(rosters)
      .all()
      .map((r) => r.buildingId)
      .sort(),
  ).toEqual([...all].sort());
  expect(
    db
      .select()
      .from(calls)
      .all()
      .map((c) => c.buildingId)
      .sort(),
  ).toEqual([...all].sort());

  const second = await drill({ at: '10:00' });
  expect(second.status).toBe(200);
  expect(second.body).toMatchObject({
    ok: true,
    seeded: [],
    alreadySeeded: all,
    message: expect.stringMatching(/^Already seeded .*nothing changed/),
  });
  expect(snapshot(sandbox)).toEqual(seeded);
});

it("starts a drill at 08:30 on the bot clock's date when no time is chosen", { timeout: 60_000 }, async () => {
  const config = loadConfig('bot.config.json').config;
  const one = await startSandbox({
    config: { ...config, buildings: config.buildings.filter((b) => b.id === 'b7') },
    logger: pino({ level: 'silent' }),
    port: 0,
    startAt: Date.parse('2026-04-01T08:00:00+08:00'),
  });
  try {
    // late in the evening: the drill's morning is earlier the same day
    one.clock.set(Date.parse('2026-04-01T23:10:00+08:00'));
    const { status, body } = await drill({}, one);
    expect(status).toBe(200);
    expect(body).toMatchObject({ ok: true, seeded: ['b7'], alreadySeeded: [] });
    expect(isoWithOffset(one.clock.now(), config.timezone)).toBe('2026-04-01T08:30:00+08:00');
  } finally {
    await one.stop();
  }
});

it("puts a time of day on the bot clock's local date, across a daylight saving change too", () => {
  expect(DEFAULT_DRILL_TIME).toBe('08:30');
  expect(parseTimeOfDay('08:30')).toBe(510);
  expect(parseTimeOfDay('7:05')).toBe(425);
  for (const wrong of ['24:00', '08:60', '0830', '', '08:30pm']) expect(parseTimeOfDay(wrong), wrong).toBeUndefined();
  const shanghai = (iso: string) => Date.parse(iso);
  expect(timeOnSameDay(shanghai('2026-04-01T00:05:00+08:00'), 510, 'Asia/Shanghai')).toBe(
    shanghai('2026-04-01T08:30:00+08:00'),
  );
  expect(timeOnSameDay(shanghai('2026-04-01T23:59:30+08:00'), 510, 'Asia/Shanghai')).toBe(
    shanghai('2026-04-01T08:30:00+08:00'),
  );
  // Berlin moves from +01:00 to +02:00 at 02:00 on 29 March 2026
  expect(timeOnSameDay(Date.parse('2026-03-29T00:30:00+01:00'), 510, 'Europe/Berlin')).toBe(
    Date.parse('2026-03-29T08:30:00+02:00'),
  );
  expect(timeOnSameDay(Date.parse('2026-03-29T20:00:00+02:00'), 30, 'Europe/Berlin')).toBe(
    Date.parse('2026-03-29T00:30:00+01:00'),
  );
});

it('serves its icon, so a browser finds no missing /favicon.ico', async () => {
  for (const path of ['/favicon.ico', '/favicon.svg']) {
    const response = await fetch(`${sandbox.url}${path}`);
    expect(response.status, path).toBe(200);
    expect(response.headers.get('content-type'), path).toBe('image/svg+xml');
    expect(await response.text(), path).toContain('<svg');
  }
});

it('moves the bot clock on request, and refuses a nonsense amount', async () => {
  const before = sandbox.clock.now();
  expect(await post('/api/advance', { minutes: 90 })).toMatchObject({ ok: true, now: before + 90 * 60_000 });
  expect(await post('/api/advance', { minutes: -5 })).toMatchObject({ ok: false });
});

it('starts from the command line and stops cleanly on Ctrl-C (SIGINT)', { timeout: 30_000 }, async () => {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/sandbox/main.ts', '--port', '0'], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const ready = await new Promise<string>((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('open http')) resolve(out);
    });
    proc.once('exit', (code) => reject(new Error(`exited ${code} before it was ready: ${out}`)));
  });
  const url = /open (http:\/\/\S+)/.exec(ready)![1]!;
  expect((await fetch(url)).status).toBe(200);
  const exit = new Promise<number | null>((resolve) => proc.once('exit', resolve));
  proc.kill('SIGINT');
  expect(await exit).toBe(0);
});

it("shows another department's receiver the bot's events as they arrive, each signature checked, a private need without its text", async () => {
  const b7 = sandbox.people.chats.find((c) => c.kind === 'building' && c.building === 'b7')!;
  const resident = sandbox.people.users.find((u) => u.role === 'resident' && u.chats.includes(b7.id))!;
  await post('/api/send', { chatId: b7.id, userId: resident.id, text: '/home 1201' });
  await post('/api/send', {
    chatId: resident.id,
    userId: resident.id,
    text: '/need #medicine insulin pens, secret-text-for-the-test',
  });
  const received = async () =>
    ((await fetch(`${sandbox.url}/api/department`).then((r) => r.json())) as { received: Sandbox['received'] })
      .received;
  await expect
    .poll(async () => (await received()).map((r) => r.event?.type), { timeout: 10_000 })
    .toContain('org.mutualaid.need.created');
  const events = await received();
  expect(events.every((r) => r.signatureValid)).toBe(true);
  expect(JSON.stringify(events)).not.toContain('secret-text-for-the-test');
  const page = await fetch(`${sandbox.url}/department`).then((r) => r.text());
  expect(page).toContain('X-Signature-256');
});

it("seeds the config's committee chat, where /overview answers", async () => {
  const committee = sandbox.people.chats.find((c) => c.kind === 'committee');
  expect(committee).toMatchObject({ building: 'c1', title: '新江湾居委 Xinjiangwan committee' });
  const admin = sandbox.people.users.find((u) => u.role === 'committee admin' && u.chats.includes(committee!.id));
  expect(admin).toBeDefined();
  const before = sandbox.tg.botMessages(committee!.id).length;
  await post('/api/send', { chatId: committee!.id, userId: admin!.id, text: '/overview' });
  await expect.poll(() => sandbox.tg.botMessages(committee!.id).length, { timeout: 10_000 }).toBeGreaterThan(before);
  expect(sandbox.tg.botMessages(committee!.id).at(-1)?.text).toContain('Building 7');
});

// The household survey across a SIGKILL (issue #17): its state is in the database, written with each answer in the
// transaction that records the update as handled, so a killed bot continues where it was and never answers twice.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { buttonTexts, type ChatMessage, type LocalBotApi, startLocalBotApi } from '../../src/local-bot-api/index.ts';
import { testConfigInput, world } from './harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'mutual-aid-survey-kill-'));
let tg: LocalBotApi | undefined;
let child: ChildProcess | undefined;
afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await tg?.close();
  rmSync(dir, { recursive: true, force: true });
});

const b7 = world.b7.chatId;
const alice = world.alice.id;

function startBot(env: Record<string, string>): { proc: ChildProcess; exited: Promise<unknown> } {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  return { proc, exited: new Promise((resolve) => proc.on('exit', resolve)) };
}

/** Resolves with Alice's survey message once it shows `question` (it is edited in place or sent anew). */
function showing(question: string): Promise<ChatMessage> {
  return tg!.waitForBotMessage(alice, (m) => m.text?.includes(question) === true, 20_000);
}

it('continues a survey where it was after a SIGKILL, and answers no question twice', { timeout: 120_000 }, async () => {
  tg = await startLocalBotApi();
  tg.addChat({ id: b7, type: 'supergroup', title: 'Building 7' });
  tg.addUser(world.alice);
  tg.setMember(b7, alice, 'member');
  const configFile = join(dir, 'bot.config.json');
  writeFileSync(
    configFile,
    JSON.stringify(
      testConfigInput({ buildings: [world.b7], outbox: { editIntervalSeconds: 0, perPrivatePerSecond: 1000 } }),
    ),
  );
  const dbPath = join(dir, 'bot.db');
  const env = { BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.apiRoot, DB_PATH: dbPath, BOT_CONFIG: configFile };
  let bot = startBot(env);
  child = bot.proc;

  tg.sendText(b7, alice, '/home 1502');
  tg.sendText(alice, alice, '/start');
  tg.sendText(alice, alice, '/survey');
  let message = await showing('Question 1 of 9');
  const answer = (button: string) => tg!.pressButton(alice, message.message_id, alice, button);
  answer('1');
  message = await showing('Question 2 of 9');
  answer('No');
  message = await showing('Question 3 of 9');
  answer('No');
  message = await showing('Question 4 of 9');

  // killed the instant the press on question 4 is fetched: handled or not, it is answered once after the restart
  const fourth = answer('Yes');
  await tg.waitForConfirmed(fourth.update_id, 20_000);
  bot.proc.kill('SIGKILL');
  await bot.exited;
  bot = startBot(env);
  child = bot.proc;
  message = await showing('Question 5 of 9');
  // the same press delivered again (Telegram may, after a crash) changes nothing
  tg.injectUpdate(structuredClone(fourth) as unknown as Record<string, unknown>);
  for (const question of [6, 7, 8, 9]) {
    answer('No');
    message = await showing(`Question ${question} of 9`);
  }
  answer('No');
  message = await tg.waitForBotMessage(alice, (m) => buttonTexts(m).includes('✅ Save'), 20_000);
  const save = answer('✅ Save');
  await tg.waitForAnswer(save.callback_query!.id, 20_000);
  bot.proc.kill('SIGTERM');
  await bot.exited;

  const db = new Database(dbPath, { readonly: true });
  try {
    const saved = db.prepare('SELECT answers FROM surveys').pluck().all() as string[];
    expect(saved).toHaveLength(1);
    expect(JSON.parse(saved[0]!)).toMatchObject({ hospital: 'yes', mobility: 'no' });
    // saved once, and no conversation left behind
    expect(db.prepare('SELECT count(*) FROM dm_flows').pluck().get()).toBe(0);
  } finally {
    db.close();
  }
});

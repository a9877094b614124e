// The wave's features under load (issue #22): the household survey answered by many households at once, and the
// command throughput with SQLite's `synchronous` at NORMAL (the default) and at FULL. Like the other scenarios, the
// bot runs in its own process against the local Bot API in another; this bot only (the bare bot has no survey and no
// database setting to compare).

import { existsSync, mkdirSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { parseSurveyData, questions, skip, textQuestion } from '../src/features/surveys/surveys.ts';
import type { ControlRequest, LocalApiClient, SandboxMessage } from './local-api-client.ts';
import type { BotProcess } from './processes.ts';
import { pick, seededRandom } from './random.ts';
import { type Bench, commandThroughput, type LatencyResult, startBot } from './scenarios.ts';
import { buildingChatId, householdUnit, LIFTED_OUTBOX, writeBenchConfig } from './workload.ts';

// ------------------------------------------------------------------ the survey's workload

/** The survey's residents: user ids of their own, added to the local API by {@link surveyAnswers} if missing. */
export const SURVEY_USER_BASE = 700_000_000;
/** Households per building: a thousand households live in 20 buildings, each building group with 50 `/home`s. */
export const SURVEY_HOUSEHOLDS_PER_BUILDING = 50;

const MEDICINES = ['insulin', 'metformin', 'amlodipine', 'levothyroxine', 'warfarin', 'salbutamol inhaler'];

export interface SurveyHousehold {
  userId: number;
  /** The building (index from 0, as {@link buildingChatId} takes it), its group and the household's unit there. */
  building: number;
  chatId: number;
  unit: string;
}

/** Household h of the survey: its one resident, who answers for it, in building h / 50. */
export function surveyHousehold(h: number): SurveyHousehold {
  const building = Math.floor(h / SURVEY_HOUSEHOLDS_PER_BUILDING);
  return {
    userId: SURVEY_USER_BASE + h,
    building,
    chatId: buildingChatId(building),
    unit: householdUnit(h % SURVEY_HOUSEHOLDS_PER_BUILDING),
  };
}

/** One answer of a household, in order: a button pressed (a choice or "prefer not to say"), a typed text, Save. */
export type SurveyStep = { kind: 'press'; value: string } | { kind: 'type'; text: string } | { kind: 'save' };

/**
 * Household h's answers, the same on every run: each question of `questions` (the survey's own list) answered
 * with one of its choices, or "prefer not to say" one time in ten; a household taking medicine regularly types
 * which (or, one time in five, prefers not to say); then Save.
 */
export function surveyPlan(h: number): SurveyStep[] {
  const random = seededRandom(h + 1);
  const steps: SurveyStep[] = [];
  let medicine = '';
  for (const q of questions) {
    if (q.id === textQuestion) {
      if (medicine !== 'yes') continue;
      steps.push(
        random() < 0.2 ? { kind: 'press', value: skip } : { kind: 'type', text: `${pick(random, MEDICINES)} (${h})` },
      );
      continue;
    }
    const value = random() < 0.1 ? skip : pick(random, q.choices);
    if (q.id === 'medicine') medicine = value;
    steps.push({ kind: 'press', value });
  }
  steps.push({ kind: 'save' });
  return steps;
}

/**
 * What the plan's survey saves, walked as the survey asks (which medicine only after a "yes" to taking some): the
 * choices by question (as `savedAnswers` splits them), and the medicine typed (null: not asked, or "prefer not to say").
 */
export function plannedSurvey(plan: readonly SurveyStep[]): {
  choices: Record<string, string>;
  medicineText: string | null;
} {
  const choices: Record<string, string> = {};
  let medicineText: string | null = null;
  const steps = plan.filter((s) => s.kind !== 'save');
  let i = 0;
  for (const q of questions) {
    if (q.id === textQuestion && choices.medicine !== 'yes') continue;
    const step = steps[i++];
    if (step === undefined) throw new Error(`survey plan: ${q.id} unanswered: ${JSON.stringify(plan)}`);
    if (q.id === textQuestion) medicineText = step.kind === 'type' ? step.text : null;
    else if (step.kind === 'press') choices[q.id] = step.value;
    else throw new Error(`survey plan: ${q.id} typed: ${JSON.stringify(plan)}`);
  }
  if (i !== steps.length || plan.at(-1)?.kind !== 'save')
    throw new Error(`survey plan: not one answer a question and Save: ${JSON.stringify(plan)}`);
  return { choices, medicineText };
}

/** The turn the survey's buttons on a message carry; undefined for a message without them. */
export function surveyTurn(message: Pick<SandboxMessage, 'reply_markup'>): number | undefined {
  for (const button of message.reply_markup?.inline_keyboard.flat() ?? []) {
    const press = button.callback_data === undefined ? undefined : parseSurveyData(button.callback_data);
    if (press) return press.turn;
  }
  return undefined;
}

/** The callback data of the button that takes the step (a choice, or Save) on the survey's message. */
export function surveyButton(message: Pick<SandboxMessage, 'reply_markup'>, step: SurveyStep): string {
  const data = (message.reply_markup?.inline_keyboard.flat() ?? []).flatMap((b) => b.callback_data ?? []);
  const found = data.find((d) => {
    const press = parseSurveyData(d);
    if (step.kind === 'save') return press?.action === 'save';
    return step.kind === 'press' && press?.action === 'answer' && press.value === step.value;
  });
  if (found === undefined)
    throw new Error(`survey: no button for ${JSON.stringify(step)} among ${JSON.stringify(data)}`);
  return found;
}

// ------------------------------------------------------------------ driving many private chats at once

/**
 * Requests to the local API, coalesced: those made while a batch is on its way go in the next one (in the order
 * made). A thousand households each pressing a button then cost the local API a few HTTP requests, not a thousand:
 * the machine's cores go to the bot, not to the harness.
 */
class ControlQueue {
  private queued: Array<{ request: ControlRequest; resolve: () => void; reject: (err: unknown) => void }> = [];
  private sending = false;

  constructor(private readonly client: LocalApiClient) {}

  send(request: ControlRequest): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queued.push({ request, resolve, reject });
      if (this.sending) return;
      this.sending = true;
      setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    while (this.queued.length > 0) {
      const batch = this.queued.splice(0);
      try {
        await this.client.batch(batch.map((b) => b.request));
        for (const b of batch) b.resolve();
      } catch (err) {
        for (const b of batch) b.reject(err);
      }
    }
    this.sending = false;
  }
}

/**
 * The bot's messages in private chats as the local API's event stream shows them (sent or edited): a household
 * waits here for the bot's answer to its last step, without polling.
 */
class PrivateChats {
  private readonly waiting = new Map<
    number,
    { answered: (m: SandboxMessage) => boolean; resolve: (m: SandboxMessage) => void; fail: (err: Error) => void }
  >();
  /** The last message the bot sent or edited in each chat: what a household saw when its wait timed out. */
  private readonly last = new Map<number, SandboxMessage>();

  seen(message: SandboxMessage): void {
    if (!message.from_bot || message.chat_id < 0) return;
    this.last.set(message.chat_id, message);
    const waiter = this.waiting.get(message.chat_id);
    if (waiter?.answered(message)) waiter.resolve(message);
  }

  /** The bot's next message in `chatId` that `answered` accepts (asked before the step it answers is sent). */
  next(chatId: number, answered: (m: SandboxMessage) => boolean, what: string, timeoutMs = 120_000) {
    if (this.waiting.has(chatId)) throw new Error(`survey: chat ${chatId} is waiting already`);
    return new Promise<SandboxMessage>((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiting.delete(chatId);
      };
      const timer = setTimeout(() => {
        done();
        reject(
          new Error(
            `survey: no answer to ${what} in chat ${chatId} in ${timeoutMs} ms; the bot's last message there: ${JSON.stringify(this.last.get(chatId))}`,
          ),
        );
      }, timeoutMs);
      this.waiting.set(chatId, {
        answered,
        resolve: (m) => {
          done();
          resolve(m);
        },
        fail: (err) => {
          done();
          reject(err);
        },
      });
    });
  }

  /** Ends every wait (a household failed: the others need not time out one by one). */
  close(reason: Error): void {
    for (const waiter of [...this.waiting.values()]) waiter.fail(reason);
  }
}

/** The users who are not in the local API yet (a second run in the same local API adds none). */
async function addSurveyUsers(client: LocalApiClient, households: number): Promise<void> {
  const known = new Set((await client.users()).map((u) => u.id));
  const missing = Array.from({ length: households }, (_, h) => surveyHousehold(h)).filter((s) => !known.has(s.userId));
  if (missing.length === 0) return;
  await client.batch(
    missing.map((s) => ({
      path: '/sandbox/users' as const,
      body: { id: s.userId, firstName: `Resident ${s.building + 1}-${s.unit}`, language: 'en' },
    })),
  );
}

// ------------------------------------------------------------------ the survey

export interface SurveyResult {
  households: number;
  /** Every press and typed answer, Save included (the `/survey` that starts each is not one). */
  answers: number;
  /** Of them, the medicines typed. */
  typedAnswers: number;
  /** Answers per second, from the local API taking the first `/survey` to its taking the last Save's answer. */
  answersPerSecond: number;
  elapsedMs: number;
  /** The bot's CPU time per answer over the same span, µs (user and system; the `/survey`s and offers included). */
  cpuMicrosPerAnswer: number;
  /** From a household sending a step to its seeing the bot's answer, as the bench process sees it (harness included). */
  roundTrip: LatencyResult;
  /** Surveys in the database afterwards (each checked against the household's answers). */
  saved: number;
  /** Calls of the bot into the local API during the survey that were not answered 200. */
  failedCalls: number;
}

/**
 * The guided survey (SPEC §2.10) answered by `households` households at once, this bot only: there is no bare
 * equivalent (a bare bot has no conversation to keep). On a fresh database and `bench.unpacedConfig` (the outbox's
 * pacing lifted; a survey step edits its message by id, which `editIntervalSeconds` does not hold back), each
 * household's resident sends `/home <unit>` in their building's group and `/start` in private (not timed); then all
 * send `/survey` at once and each presses through its questions as in {@link surveyPlan}, typing the medicine where
 * asked, and presses Save. Households go concurrently, each step after the bot answered the one before (the survey
 * message edited to the next question, a new message after a typed answer, the message edited to "saved" after
 * Save), seen on the local API's event stream. At the end the database must hold exactly `households` surveys, each
 * with the answers its household gave.
 */
export async function surveyAnswers(bench: Bench, households: number): Promise<SurveyResult> {
  const { client } = bench;
  await addSurveyUsers(client, households);
  const all = Array.from({ length: households }, (_, h) => ({ ...surveyHousehold(h), plan: surveyPlan(h) }));
  const buildings = Math.ceil(households / SURVEY_HOUSEHOLDS_PER_BUILDING);
  // a fresh database, whatever ran in this folder before
  let db = join(bench.work, `survey-${households}.db`);
  for (let n = 2; existsSync(db); n++) db = join(bench.work, `survey-${households}-${n}.db`);
  const chats = new PrivateChats();
  const stream = await client.events(['message'], (e) => {
    if (e.kind === 'message' && !e.deleted) chats.seen(e.message);
  });
  // a stream that ends or breaks ends every wait at once, not each after its timeout
  void stream.ended.then(
    () => chats.close(new Error("the local API's event stream ended")),
    (err: unknown) => chats.close(err instanceof Error ? err : new Error(String(err))),
  );
  const queue = new ControlQueue(client);
  let proc: BotProcess | undefined;
  try {
    proc = (await startBot(bench, 'bot', db)).proc;
    // registered: a home in the building's group, then the private chat opened
    let since = await client.callCount();
    await client.batch(
      all.map((s) => ({
        path: '/sandbox/send',
        body: { chatId: s.chatId, userId: s.userId, text: `/home ${s.unit}` },
      })),
    );
    await Promise.all(
      Array.from({ length: buildings }, (_, b) => {
        const count = all.filter((s) => s.building === b).length;
        return client.waitFor('sendMessage', count, since, { chatId: buildingChatId(b) });
      }),
    );
    const started = all.map((s) => chats.next(s.userId, () => true, '/start'));
    await client.batch(
      all.map((s) => ({ path: '/sandbox/send', body: { chatId: s.userId, userId: s.userId, text: '/start' } })),
    );
    await Promise.all(started);

    // the survey: every household at once
    since = await client.callCount();
    const cpuBefore = await proc.cpuMicros();
    const opened = all.map((s) =>
      chats.next(s.userId, (m) => surveyTurn(m) !== undefined, '/survey (its first question)'),
    );
    const { at } = await client.batch(
      all.map((s) => ({ path: '/sandbox/send', body: { chatId: s.userId, userId: s.userId, text: '/survey' } })),
    );
    const roundTrips: number[] = [];
    const answer = async (s: (typeof all)[number], first: Promise<SandboxMessage>): Promise<void> => {
      let message = await first;
      for (const step of s.plan) {
        const turn = surveyTurn(message);
        if (turn === undefined) throw new Error(`survey: household ${s.unit} sees no question: ${message.text}`);
        const shown = message;
        // a press edits the survey's message to the next question, a typed answer brings a new one; Save edits
        // the message to "saved", without the survey's buttons
        const answered =
          step.kind === 'save'
            ? (m: SandboxMessage) => m.message_id === shown.message_id && surveyTurn(m) === undefined
            : (m: SandboxMessage) => (surveyTurn(m) ?? -1) > turn;
        const request: ControlRequest =
          step.kind === 'type'
            ? { path: '/sandbox/send', body: { chatId: s.userId, userId: s.userId, text: step.text } }
            : {
                path: '/sandbox/press',
                body: {
                  chatId: s.userId,
                  messageId: message.message_id,
                  userId: s.userId,
                  data: surveyButton(message, step),
                },
              };
        const sent = performance.now();
        const next = chats.next(s.userId, answered, `${JSON.stringify(step)} of ${s.unit} in building ${s.building}`);
        [message] = await Promise.all([next, queue.send(request)]);
        roundTrips.push(performance.now() - sent);
      }
    };
    await Promise.all(all.map((s, h) => answer(s, opened[h]!))).catch((err: unknown) => {
      chats.close(new Error('another household failed'));
      throw err;
    });
    const cpuMicros = (await proc.cpuMicros()) - cpuBefore;
    const stats = await client.stats(since);
    // every household's last edit is its Save's: the last edit of all is the last Save answered
    const elapsedMs = stats.methods.editMessageText!.lastAt - at;
    const failedCalls = Object.values(stats.methods).reduce((n, m) => n + m.count - (m.statuses['200'] ?? 0), 0);
    await proc.stop();

    const saved = checkSavedSurveys(db, all);
    const answers = all.reduce((n, s) => n + s.plan.length, 0);
    return {
      households,
      answers,
      typedAnswers: all.reduce((n, s) => n + s.plan.filter((p) => p.kind === 'type').length, 0),
      answersPerSecond: (answers * 1000) / elapsedMs,
      elapsedMs,
      cpuMicrosPerAnswer: cpuMicros / answers,
      roundTrip: latency(roundTrips),
      saved,
      failedCalls,
    };
  } finally {
    stream.stop();
    await stream.ended.catch(() => undefined);
    await proc?.stop();
  }
}

/** Checks the surveys the bot saved against the households' answers (exactly one each); returns how many. */
function checkSavedSurveys(db: string, households: ReadonlyArray<SurveyHousehold & { plan: SurveyStep[] }>): number {
  const sqlite = new Database(db, { readonly: true });
  try {
    const rows = sqlite
      .prepare(
        `SELECT s.answered_by AS userId, b.chat_id AS chatId, h.unit, s.answers, s.medicine_text AS medicineText
         FROM surveys s JOIN households h ON h.id = s.household_id JOIN buildings b ON b.id = s.building_id`,
      )
      .all() as Array<{ userId: number; chatId: number; unit: string; answers: string; medicineText: string | null }>;
    const flows = (sqlite.prepare('SELECT count(*) AS n FROM dm_flows').get() as { n: number }).n;
    const byUser = new Map(households.map((s) => [s.userId, s]));
    const wrong = rows.filter((row) => {
      const s = byUser.get(row.userId);
      if (!s || s.chatId !== row.chatId || s.unit !== row.unit) return true;
      const planned = plannedSurvey(s.plan);
      const stored = { choices: JSON.parse(row.answers) as Record<string, string>, medicineText: row.medicineText };
      return JSON.stringify(sortedKeys(stored)) !== JSON.stringify(sortedKeys(planned));
    });
    if (rows.length !== households.length || wrong.length > 0 || flows !== 0) {
      throw new Error(
        `survey: ${rows.length} surveys saved for ${households.length} households, ${wrong.length} not as answered` +
          ` (first: ${JSON.stringify(wrong[0])}), ${flows} conversations left open`,
      );
    }
    return rows.length;
  } finally {
    sqlite.close();
  }
}

function sortedKeys(survey: { choices: Record<string, string>; medicineText: string | null }) {
  return { choices: Object.fromEntries(Object.entries(survey.choices).sort()), medicineText: survey.medicineText };
}

/** p50, p99 and the worst of `times` (ms), to a tenth of a millisecond. */
function latency(times: number[]): LatencyResult {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return { p50: round(at(50)), p99: round(at(99)), max: round(sorted.at(-1) ?? 0), samples: sorted.length };
}

// ------------------------------------------------------------------ synchronous NORMAL and FULL

export type Synchronous = 'NORMAL' | 'FULL';

export interface SynchronousRun {
  synchronous: Synchronous;
  /** The run (from 0); within it NORMAL goes first in even runs, FULL in odd ones. */
  run: number;
  updatesPerSecond: number;
  elapsedMs: number;
  cpuMicrosPerUpdate: number;
}

/** The medians of one setting's runs. */
export interface SynchronousMedians {
  updatesPerSecond: number;
  cpuMicrosPerUpdate: number;
}

export interface SynchronousResult {
  runs: SynchronousRun[];
  normal: SynchronousMedians;
  full: SynchronousMedians;
  /** FULL's updates/s over NORMAL's (medians): what surviving a power loss costs in throughput. */
  fullOverNormal: number;
  /** The file system the databases were on (Linux; undefined elsewhere): FULL's fsyncs cost nothing on tmpfs. */
  filesystem: string | undefined;
}

/**
 * Scenario 1's command throughput (`commandThroughput`: `sizes.commands` `/need` commands from `sizes.users` users
 * in `sizes.groups` groups, unpaced) for this bot with `database.synchronous` NORMAL and FULL, one after the other,
 * alternating which goes first over the `runs` runs (the machine's load drifts); medians of each. Needs the users of
 * `addUsers`. Each setting's databases and logs go in a folder of its own under `bench.work`.
 */
export async function synchronousFullVsNormal(bench: Bench, runs = bench.sizes.runs): Promise<SynchronousResult> {
  const settings = (['NORMAL', 'FULL'] as const).map((synchronous) => {
    const work = join(bench.work, `synchronous-${synchronous.toLowerCase()}`);
    mkdirSync(work, { recursive: true });
    const config = writeBenchConfig(work, 'config.json', bench.sizes.buildings, LIFTED_OUTBOX, { synchronous });
    return { synchronous, bench: { ...bench, work, unpacedConfig: config } };
  });
  const results: SynchronousRun[] = [];
  for (let run = 0; run < runs; run++) {
    const order = run % 2 === 0 ? settings : [...settings].reverse();
    for (const { synchronous, bench: setting } of order) {
      const r = await commandThroughput(setting, 'bot', run);
      bench.log(
        `synchronous ${synchronous} run ${run + 1}: ${r.updatesPerSecond.toFixed(0)} updates/s, ${r.cpuMicrosPerUpdate.toFixed(0)} µs CPU/update`,
      );
      results.push({
        synchronous,
        run,
        updatesPerSecond: r.updatesPerSecond,
        elapsedMs: r.elapsedMs,
        cpuMicrosPerUpdate: r.cpuMicrosPerUpdate,
      });
    }
  }
  const medians = (synchronous: Synchronous): SynchronousMedians => {
    const of = results.filter((r) => r.synchronous === synchronous);
    return {
      updatesPerSecond: median(of.map((r) => r.updatesPerSecond)),
      cpuMicrosPerUpdate: median(of.map((r) => r.cpuMicrosPerUpdate)),
    };
  };
  const normal = medians('NORMAL');
  const full = medians('FULL');
  return {
    runs: results,
    normal,
    full,
    fullOverNormal: full.updatesPerSecond / normal.updatesPerSecond,
    filesystem: filesystemOf(bench.work),
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The type of the file system `path` is on, from /proc/self/mounts (undefined where there is none). */
export function filesystemOf(path: string): string | undefined {
  try {
    return mountOf(realpathSync(path), readFileSync('/proc/self/mounts', 'utf8'))?.type;
  } catch {
    return undefined;
  }
}

/** The mount `path` is under in a mounts table (`device mountpoint type options 0 0` a line): the deepest. */
export function mountOf(path: string, mounts: string): { point: string; type: string } | undefined {
  let best: { point: string; type: string } | undefined;
  for (const line of mounts.split('\n')) {
    const [, escaped, type] = line.split(' ');
    if (escaped === undefined || type === undefined) continue;
    // spaces and the like are octal escapes there (`\040`)
    const point = escaped.replace(/\\([0-7]{3})/g, (_, octal: string) =>
      String.fromCharCode(Number.parseInt(octal, 8)),
    );
    const under = point === '/' || path === point || path.startsWith(`${point}/`);
    if (under && (!best || point.length >= best.point.length)) best = { point, type };
  }
  return best;
}

// The bot under test: startApp() exactly as src/main.ts runs it (V8's heap growth, config and environment the same
// way), with two additions the benchmark needs and production does not: its clock starts at BENCH_CLOCK_START and
// runs in real time from there, and the parent moves it over IPC (to fire every building's digest at once, or to
// bring a webhook's retry due).
import { startApp } from '../src/app.ts';
import { loadConfig, loadEnv } from '../src/config/index.ts';
import type { Clock } from '../src/core/clock.ts';
import { createLogger } from '../src/logger.ts';
import { limitHeapGrowth } from '../src/ops/heap-growth.ts';
import { answerParent, type ParentRequest } from './ipc.ts';

limitHeapGrowth();
const env = loadEnv(process.env);
const { config } = loadConfig(env.BOT_CONFIG);
const start = Date.parse(process.env.BENCH_CLOCK_START ?? '');
let offset = Number.isFinite(start) ? start - Date.now() : 0;
const clock: Clock = { now: () => Date.now() + offset };

const app = await startApp({
  config,
  token: env.BOT_TOKEN ?? '',
  apiRoot: env.TELEGRAM_API_ROOT,
  dbPath: env.DB_PATH,
  logger: createLogger(env.LOG_LEVEL),
  clock,
});

answerParent(async (request: ParentRequest) => {
  if (request.type === 'set-clock') {
    offset = request.at - Date.now();
    // what node-cron would do at that minute: one tick of the scheduler, then the outbox sends what it queued
    const ran = await app.scheduler.tickInSlices();
    app.outbox.wake();
    return { ran };
  }
  if (request.type === 'advance-clock') {
    offset += request.ms;
    app.webhooks.wake();
    return {};
  }
  return undefined;
});

process.once('SIGTERM', () => {
  void app.stop().then(() => process.exit(0));
});

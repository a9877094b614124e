// `npm run bench:startup`: start time and memory of `npm start` as it was (node with tsx's loader running src/)
// beside the compiled build (`node dist/main.js`), against the local Bot API. Builds dist/ first.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalApiClient } from './local-api-client.ts';
import { root, startLocalApi, stopProcess } from './processes.ts';

const runs = 5;
const settleMs = 3_000;

const modes = {
  'tsx (src/main.ts)': ['--import', 'tsx', 'src/main.ts'],
  'compiled (dist/main.js)': ['dist/main.js'],
} as const;

function rssOf(child: ChildProcess): number {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN) * 1024;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  const work = mkdtempSync(join(tmpdir(), 'mutual-aid-startup-'));
  const config = join(root, 'bot.config.json');
  const api = await startLocalApi(config, join(work, 'local-api.log'));
  const client = new LocalApiClient(api.apiRoot);
  const results: string[] = [];
  try {
    for (const [mode, args] of Object.entries(modes)) {
      const startMs: number[] = [];
      const rss: number[] = [];
      for (let i = 0; i < runs; i++) {
        const polling = client.polling();
        const startedAt = Date.now();
        const child = spawn(process.execPath, [...args], {
          cwd: root,
          env: {
            ...process.env,
            BOT_TOKEN: api.token,
            TELEGRAM_API_ROOT: api.apiRoot,
            DB_PATH: join(work, `bot-${i}.db`),
            BOT_CONFIG: config,
            LOG_LEVEL: 'warn',
          },
          stdio: 'ignore',
        });
        let pollAt = await polling;
        if (pollAt < startedAt) pollAt = await client.polling();
        startMs.push(pollAt - startedAt);
        // memory once it is idle and polling: what it holds to run, not the start's garbage
        await new Promise((resolve) => setTimeout(resolve, settleMs));
        rss.push(rssOf(child));
        await stopProcess(child);
      }
      results.push(
        `| ${mode} | ${median(startMs)} ms | ${(median(rss) / 1024 / 1024).toFixed(0)} MB | ${startMs.join(', ')} |`,
      );
    }
  } finally {
    await stopProcess(api.child);
    rmSync(work, { recursive: true, force: true });
  }
  console.log(
    [
      `Start to first getUpdates and resident memory ${settleMs / 1000} s after, median of ${runs} starts each (fresh database):`,
      '',
      '| how it runs | start | memory (RSS) | starts (ms) |',
      '| --- | --- | --- | --- |',
      ...results,
    ].join('\n'),
  );
}

await main();

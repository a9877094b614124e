// `npm run bench:startup [-- --no-write] [-- --no-build]`: start time and memory of `npm start` as it was (node with
// tsx's loader running src/) beside the compiled build (`node dist/main.js`), against the local Bot API. Builds dist/
// first (unless --no-build: the dist/ there is measured). Prints its section and writes it into bench/RESULTS.md in
// place (unless --no-write); `npm run bench` keeps it there.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { LocalApiClient } from './local-api-client.ts';
import { root, startLocalApi, stopProcess } from './processes.ts';
import { STARTUP_HEADING, withStartupSection } from './startup-section.ts';

const { values } = parseArgs({ options: { 'no-write': { type: 'boolean' }, 'no-build': { type: 'boolean' } } });

const runs = 5;
const settleMs = 3_000;

const modes = {
  'tsx (`node --import tsx src/main.ts`, `npm start` before)': ['--import', 'tsx', 'src/main.ts'],
  'compiled (`node dist/main.js`, `npm start` now)': ['dist/main.js'],
} as const;

function rssOf(child: ChildProcess): number {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN) * 1024;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const loadBefore = loadavg()[0]!.toFixed(1);
  if (!values['no-build']) execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  const work = mkdtempSync(join(tmpdir(), 'mutual-aid-startup-'));
  const config = join(root, 'bot.config.json');
  const api = await startLocalApi(config, join(work, 'local-api.log'));
  const client = new LocalApiClient(api.apiRoot);
  const results: Array<{ mode: string; startMs: number[]; rss: number[] }> = [];
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
      results.push({ mode, startMs, rss });
    }
  } finally {
    await stopProcess(api.child);
    rmSync(work, { recursive: true, force: true });
  }
  const section = startupReport(results, loadBefore);
  console.log(section);
  const file = join(root, 'bench', 'RESULTS.md');
  if (!values['no-write']) {
    writeFileSync(file, withStartupSection(existsSync(file) ? readFileSync(file, 'utf8') : '', section));
    console.log(`\n(written into ${file})`);
  }
}

/** The RESULTS.md section: the table, and the compiled build's start and memory as a ratio of tsx's. */
function startupReport(results: Array<{ mode: string; startMs: number[]; rss: number[] }>, loadBefore: string): string {
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
  const [tsx, compiled] = results;
  const ratio = (of: (r: { startMs: number[]; rss: number[] }) => number[]) =>
    (median(of(compiled!)) / median(of(tsx!))).toFixed(2);
  return [
    STARTUP_HEADING,
    '',
    `\`npm run bench:startup\` (builds \`dist/\`, then starts each way ${runs} times on a fresh database against the local`,
    `Bot API; measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, load average`,
    `${loadBefore} at the start: the absolute numbers move with what else the machine does, the ratio is the result):`,
    '',
    `| how it runs | start to first getUpdates (median) | memory (RSS, ${settleMs / 1000} s after) | starts (ms) |`,
    '| --- | --- | --- | --- |',
    ...results.map((r) => `| ${r.mode} | ${median(r.startMs)} ms | ${mb(median(r.rss))} | ${r.startMs.join(', ')} |`),
    '',
    `Compiled: ${ratio((r) => r.startMs)}× the start time and ${ratio((r) => r.rss)}× the memory. The loader's hooks (\`waitForWorker\`,`,
    '`makeSyncRequest`) that the profile of issue "Performance" found at steady state are gone with it.',
  ].join('\n');
}

await main();

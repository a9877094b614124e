// `node --import tsx bench/export-xlsx-child.ts CONFIG DB OUT.xlsx RESULT.json`: `npm run cli -- export --format xlsx`
// in a process of its own, which then writes how long the export took and its own peak memory to RESULT.json.
import { writeFileSync } from 'node:fs';
import { runCli } from '../src/cli.ts';

const [configFile, dbPath, out, resultFile] = process.argv.slice(2);
if (!configFile || !dbPath || !out || !resultFile)
  throw new Error('usage: export-xlsx-child.ts CONFIG DB OUT.xlsx RESULT.json');
const lines: string[] = [];
const started = performance.now();
const code = await runCli(
  ['export', '--format', 'xlsx', '--out', out],
  { ...process.env, DB_PATH: dbPath, BOT_CONFIG: configFile },
  (line) => lines.push(line),
  (line) => lines.push(line),
);
const ms = Math.round(performance.now() - started);
// resourceUsage().maxRSS is in kilobytes: the process's peak resident memory, start to now
writeFileSync(resultFile, JSON.stringify({ code, ms, maxRssBytes: process.resourceUsage().maxRSS * 1024, lines }));

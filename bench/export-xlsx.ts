// The export's workbook of the large database (issue #24): `npm run cli -- export --format xlsx` in a process of its
// own, timed, with its peak memory. A row of `npm run bench`; alone: `npm run bench:xlsx [-- --quick] [-- --keep]`
// seeds the large database of the full (or quick) run and measures that one scenario.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runTs } from './processes.ts';
import { CLOCK_START, FULL, LIFTED_OUTBOX, QUICK, writeBenchConfig } from './workload.ts';

/** The goals of issue #24 for the workbook of 1,000 buildings and 1,000,000 needs. */
export const XLSX_GOALS = { ms: 60_000, rssBytes: 300 * 1024 * 1024 } as const;

export interface XlsxExportResult {
  /** The export alone (reading, writing, compressing), as the process measured it. */
  ms: number;
  /** The process's peak resident memory (node and tsx's loader included), start to end. */
  maxRssBytes: number;
  fileBytes: number;
  needs: number;
  /** What the command printed. */
  line: string;
}

/**
 * Exports the database at `dbPath` (of the config `configFile`) as a workbook in a child process and checks it
 * holds `expectedNeeds` needs: a wrong count fails the run, as the other scenarios' wrong results do.
 */
export async function exportWorkbookBench(options: {
  configFile: string;
  dbPath: string;
  work: string;
  expectedNeeds: number;
}): Promise<XlsxExportResult> {
  const out = join(options.work, 'export.xlsx');
  const resultFile = join(options.work, 'export-xlsx.json');
  await runTs(
    'bench/export-xlsx-child.ts',
    [options.configFile, options.dbPath, out, resultFile],
    join(options.work, 'export-xlsx.log'),
  );
  const result = JSON.parse(readFileSync(resultFile, 'utf8')) as {
    code: number;
    ms: number;
    maxRssBytes: number;
    lines: string[];
  };
  const line = result.lines.at(-1) ?? '';
  if (result.code !== 0) throw new Error(`export --format xlsx exited with ${result.code}: ${result.lines.join('\n')}`);
  const needs = Number(/ (\d+) needs/.exec(line)?.[1]);
  if (needs !== options.expectedNeeds)
    throw new Error(`the workbook holds ${needs} needs, not ${options.expectedNeeds}: ${line}`);
  return { ms: result.ms, maxRssBytes: result.maxRssBytes, fileBytes: statSync(out).size, needs, line };
}

/** The scenario's row of the results table: measure, bare bot (none), this bot, result, goal. */
export function xlsxRow(r: XlsxExportResult, buildings: number): string[] {
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
  const ok = r.ms < XLSX_GOALS.ms && r.maxRssBytes < XLSX_GOALS.rssBytes;
  return [
    `8. \`export --format xlsx\`, ${buildings.toLocaleString('en-US')} buildings / ${r.needs.toLocaleString('en-US')} needs: time and peak memory of the process`,
    '–',
    `${(r.ms / 1000).toFixed(1)} s, ${mb(r.maxRssBytes)}`,
    `a ${mb(r.fileBytes)} workbook, every need on its sheet (exceljs streaming, read a page at a time)`,
    `< 60 s and < 300 MB: ${ok ? 'met' : '**not met**'}`,
  ];
}

async function alone(): Promise<void> {
  const { values } = parseArgs({ options: { quick: { type: 'boolean' }, keep: { type: 'boolean' } } });
  const sizes = values.quick ? QUICK : FULL;
  const work = mkdtempSync(join(tmpdir(), 'mutual-aid-bench-xlsx-'));
  const log = (line: string) => void process.stderr.write(`${line}\n`);
  try {
    const configFile = writeBenchConfig(work, 'large.json', sizes.buildings, LIFTED_OUTBOX, { committee: true });
    const dbPath = join(work, 'large.db');
    const seedStarted = Date.now();
    await runTs(
      'bench/seed-large-db.ts',
      [configFile, dbPath, String(sizes.needsPerBuilding), CLOCK_START],
      join(work, 'seed.log'),
    );
    log(
      `large database seeded in ${Date.now() - seedStarted} ms (${(statSync(dbPath).size / 1024 / 1024).toFixed(0)} MB)`,
    );
    const result = await exportWorkbookBench({
      configFile,
      dbPath,
      work,
      expectedNeeds: sizes.buildings * sizes.needsPerBuilding,
    });
    log(result.line);
    const row = xlsxRow(result, sizes.buildings);
    process.stdout.write(`| ${row.join(' | ')} |\n`);
  } finally {
    if (values.keep) log(`kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await alone();

import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { promisify } from 'node:util';
import { parseCsvText } from './csv.ts';

const run = promisify(execFile);

/** How long one conversion may take (LibreOffice's first start on a fresh profile takes a few seconds). */
const CONVERSION_TIMEOUT_MS = 90_000;

/**
 * Converts `file` with LibreOffice (`soffice --headless --convert-to`), the program a clerk opens it with, into
 * `outDir`; returns the files written. Each run gets a fresh user profile (two runs never share one, and nothing of
 * this machine's profile leaks in) and a bounded time. Throws, saying how to install it, when soffice is missing:
 * `.ci/run` installs it, so a missing one is a broken setup, not a test to skip.
 */
export async function soffice(file: string, target: string, outDir: string): Promise<string[]> {
  const profile = mkdtempSync(join(tmpdir(), 'soffice-profile-'));
  try {
    await run(
      'soffice',
      [
        '--headless',
        '--norestore',
        '--nolockcheck',
        `-env:UserInstallation=file://${profile}`,
        '--convert-to',
        target,
        '--outdir',
        outDir,
        file,
      ],
      { timeout: CONVERSION_TIMEOUT_MS, killSignal: 'SIGKILL' },
    );
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      throw new Error(
        'LibreOffice (soffice) is not installed: apt-get install -y --no-install-recommends libreoffice-calc-nogui ' +
          'fonts-noto-cjk (as .ci/run does)',
      );
    throw err;
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
  const stem = basename(file, extname(file));
  const written = readdirSync(outDir).filter((name) => name.startsWith(stem));
  if (written.length === 0) throw new Error(`soffice wrote nothing for ${file} (target ${target})`);
  return written.map((name) => join(outDir, name));
}

/**
 * Every sheet of a workbook as LibreOffice shows it: converted to one CSV file per sheet (UTF-8, values as shown,
 * text cells quoted; LibreOffice 7.2 and later), keyed by sheet name: its rows, and its raw text (to tell a text
 * cell, quoted, from a number).
 */
export async function sheetsAsShown(
  workbook: string,
): Promise<{ sheets: Map<string, string[][]>; raw: Map<string, string> }> {
  const outDir = mkdtempSync(join(tmpdir(), 'soffice-csv-'));
  try {
    // 44 comma, 34 quote, 76 UTF-8, from line 1, 7: quote all text cells, 9: as shown, 12 (-1): each sheet a file
    const files = await soffice(
      workbook,
      'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,true,true,true,false,false,-1',
      outDir,
    );
    const stem = basename(workbook, extname(workbook));
    const raw = new Map(files.map((f) => [basename(f, '.csv').slice(stem.length + 1), readFileSync(f, 'utf8')]));
    return {
      raw,
      sheets: new Map([...raw].map(([name, text]) => [name, parseCsvText(text, '\n')])),
    };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

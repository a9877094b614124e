import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, formatConfigReport, loadConfig, parseConfig } from '../../src/config/index.ts';

const exampleFile = fileURLToPath(new URL('../../bot.config.json', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'mutual-aid-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let written = 0;
function fileWith(text: string): string {
  const file = join(dir, `config-${++written}.json`);
  writeFileSync(file, text);
  return file;
}

/** The ConfigError that `load` throws; fails the test if it throws nothing. */
function errorOf(load: () => unknown): ConfigError {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

const b3 = { id: 'b3', name: '3号楼', chatId: -1001000000003 };

describe('the example bot.config.json', () => {
  it('parses with no errors and no warnings', () => {
    const loaded = loadConfig(exampleFile);
    expect(loaded.warnings).toEqual([]);
    expect(loaded.config.buildings.map((b) => b.id)).toEqual(['b3', 'b7']);
    expect(loaded.config.timezone).toBe('Asia/Shanghai');
  });

  it('declares a Chinese and an English building, each with a digest', () => {
    const { config } = loadConfig(exampleFile);
    expect(config.buildings.map((b) => [b.language, b.digest])).toEqual([
      ['zh', '0 20 * * *'],
      ['en', '30 19 * * *'],
    ]);
  });

  it('is reported as OK with its number of buildings', () => {
    expect(formatConfigReport(loadConfig(exampleFile))).toBe(`${exampleFile}: OK (2 buildings)`);
  });
});

describe('reporting errors', () => {
  it('reports every error of a file at once, each with its path', () => {
    const file = fileWith(
      JSON.stringify({
        timezone: 'Mars/Olympus',
        language: 'fr',
        buildings: [b3, { id: 'b7', name: 'Building 7', chatId: 'minus one' }],
        notices: [{ cron: '0 8 * * *', buildings: ['b9'], text: 'Hi' }],
      }),
    );
    const error = errorOf(() => loadConfig(file));
    expect(error.file).toBe(file);
    expect(error.problems).toEqual([
      'timezone: unknown time zone "Mars/Olympus" (use an IANA name such as "Asia/Shanghai")',
      'language: expected "en" or "zh", got "fr"',
      'buildings[1].chatId: expected a number, got string',
      'notices[0].buildings[0]: unknown building "b9" (known: b3, b7)',
    ]);
    expect(error.message).toBe([`${file}: 4 errors`, ...error.problems.map((p) => `  ${p}`)].join('\n'));
  });

  it('prints the error count, then one indented line per error, then the warnings', () => {
    const error = errorOf(() => parseConfig({ buildings: [{ ...b3, chatId: 5 }], langauge: 'en' }, 'bot.config.json'));
    expect(formatConfigReport(error)).toBe(
      [
        'bot.config.json: 1 error',
        '  buildings[0].chatId: must be negative: Telegram group ids are negative (send /chatid in the group to see its id)',
        '  warning: langauge: unknown key (a typo?)',
      ].join('\n'),
    );
  });

  it('explains a document that is not an object', () => {
    expect(errorOf(() => parseConfig([])).problems).toEqual(['(top level): expected an object {...}, got a list']);
  });
});

describe('unknown keys', () => {
  it('are warnings with their path, not errors', () => {
    const { config, warnings } = parseConfig({
      buildings: [{ ...b3, chatID: -1001000000003 }],
      needs: { escalateAfter: 10 },
    });
    expect(warnings).toEqual([
      'buildings[0].chatID: unknown key (a typo?)',
      'needs.escalateAfter: unknown key (a typo?)',
    ]);
    expect(config.buildings[0]).not.toHaveProperty('chatID');
  });

  it('are found inside per-language education texts and list items, in the order of the file', () => {
    const { warnings } = parseConfig({
      buildings: [b3],
      education: { red: { en: ['Stay in.'], fr: ['Restez.'] } },
      support: [{ name: 'Hotline', phone: '12356', note: 'free' }],
      needs: { categories: [{ id: 'food', alias: ['食物'] }] },
    });
    expect(warnings).toEqual([
      'education.red.fr: unknown key (a typo?)',
      'support[0].note: unknown key (a typo?)',
      'needs.categories[0].alias: unknown key (a typo?)',
    ]);
  });

  it('quote a key that is not a plain name', () => {
    expect(parseConfig({ buildings: [b3], 'time zone': 'UTC' }).warnings).toEqual([
      '["time zone"]: unknown key (a typo?)',
    ]);
  });

  it('are shown under an OK report', () => {
    const loaded = parseConfig({ buildings: [b3], quietHour: null }, 'bot.config.json');
    expect(formatConfigReport(loaded)).toBe(
      'bot.config.json: OK (1 building)\n  warning: quietHour: unknown key (a typo?)',
    );
  });
});

describe('reading the file', () => {
  it('reports invalid JSON with its line and column', () => {
    const file = fileWith('{\n  "buildings": [\n    { "id": "b3", }\n  ]\n}\n');
    expect(errorOf(() => loadConfig(file)).problems).toEqual([
      'invalid JSON at line 3, column 19: a comma before "}" (JSON allows no trailing comma)',
    ]);
  });

  it('reports a missing comma where Node itself gives no position', () => {
    const file = fileWith('{\n  "language": "en"\n  "buildings": []\n}');
    expect(errorOf(() => loadConfig(file)).problems).toEqual([
      'invalid JSON at line 3, column 3: expected "," or "}" after a value, found "\\""',
    ]);
  });

  it('reports a missing file with the path it looked for', () => {
    const file = join(dir, 'absent.json');
    const error = errorOf(() => loadConfig(file));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toContain(`file not found (looked for ${file})`);
  });

  it('accepts a file saved with a byte order mark', () => {
    const file = fileWith(`\uFEFF${JSON.stringify({ buildings: [b3] })}`);
    expect(loadConfig(file).config.buildings).toHaveLength(1);
  });
});

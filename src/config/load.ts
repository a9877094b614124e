import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { z } from 'zod';
import { ConfigError, count } from './config-error.ts';
import { issueLines, plainEnglish, problemLine } from './issues.ts';
import { findJsonSyntaxError } from './json-syntax.ts';
import type { BotConfig } from './schema.ts';
import { botConfigSchema } from './schema.ts';
import { findUnknownKeys } from './unknown-keys.ts';

// Also importable from here, where the loading API lives.
export { ConfigError } from './config-error.ts';
export { buildingLanguage } from './lookup.ts';

/** A valid config, defaults applied, with the warnings found on the way (unknown keys). */
export interface LoadedConfig {
  /** The file it came from, for reports. */
  file: string;
  config: BotConfig;
  /** `path: message` lines; the config is usable, but an operator should see them. */
  warnings: string[];
}

/**
 * Validates an already-parsed config object. Use it in tests and wherever the object does not come
 * from a file; use `loadConfig` for the file.
 * @param file named in reports; defaults to "config"
 * @throws ConfigError with every problem at once, each as `buildings[1].chatId: expected a number, got string`
 */
export function parseConfig(raw: unknown, file = 'config'): LoadedConfig {
  return validateWith(botConfigSchema, raw, file);
}

/**
 * Validates `raw` with a config schema (the bot's, the hub's): the value with defaults applied and the unknown keys
 * as warnings, or a ConfigError with every problem at once, each with its JSON path.
 */
export function validateWith<S extends z.ZodType>(
  schema: S,
  raw: unknown,
  file: string,
): { file: string; config: z.output<S>; warnings: string[] } {
  const warnings = findUnknownKeys(schema, raw).map((path) => problemLine(path, 'unknown key (a typo?)'));
  const result = schema.safeParse(raw, { error: plainEnglish });
  if (!result.success) throw new ConfigError(file, issueLines(result.error.issues), warnings);
  return { file, config: result.data, warnings };
}

/**
 * Reads and validates the config file: at start, on reload and in `check-config`.
 * This is the only place that reads the config from disk.
 * @throws ConfigError when the file is missing or unreadable, is not JSON (with line and column),
 *   or fails validation (every problem at once)
 */
export function loadConfig(file: string): LoadedConfig {
  return parseConfig(readJsonFile(file, 'set BOT_CONFIG to its path, or start from the example bot.config.json'), file);
}

/**
 * Reads a JSON config file (the bot's, the hub's): a byte order mark is allowed, a syntax error is reported with
 * its line and column.
 * @param missing what to do when the file does not exist, after "file not found (looked for …); "
 * @throws ConfigError when the file is missing or unreadable, or is not JSON
 */
export function readJsonFile(file: string, missing: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(file, [readProblem(error, file, missing)]);
  }
  // editors on Windows may save a byte order mark, which JSON.parse refuses
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const where = findJsonSyntaxError(text);
    throw new ConfigError(file, [
      where === null
        ? `invalid JSON: ${error instanceof Error ? error.message : String(error)}`
        : `invalid JSON at line ${where.line}, column ${where.column}: ${where.message}`,
    ]);
  }
  return raw;
}

function readProblem(error: unknown, file: string, missing: string): string {
  const code = error instanceof Error && 'code' in error ? error.code : undefined;
  if (code === 'ENOENT') return `file not found (looked for ${resolve(file)}); ${missing}`;
  if (code === 'EISDIR') return 'is a directory, not a file';
  if (code === 'EACCES') return 'permission denied';
  return `cannot read: ${error instanceof Error ? error.message : String(error)}`;
}

/**
 * The report `check-config` prints, also fit for a log line at start:
 * `bot.config.json: OK (2 buildings)` or `bot.config.json: 3 errors`, then one indented
 * `path: message` line per error, then the warnings.
 */
export function formatConfigReport(result: LoadedConfig | ConfigError): string {
  const head =
    result instanceof ConfigError
      ? result.message
      : `${result.file}: OK (${count(result.config.buildings.length, 'building')})`;
  return [head, ...result.warnings.map((warning) => `  warning: ${warning}`)].join('\n');
}

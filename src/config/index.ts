/**
 * Configuration: bot.config.json (SPEC §3) and the environment (SPEC §4).
 * At start: `loadEnv(process.env)`, then `loadConfig(env.BOT_CONFIG)`; on ConfigError print
 * `formatConfigReport(error)` to stderr and exit 1. `check-config` prints `formatConfigReport` either way.
 */
export { ConfigError } from './config-error.ts';
export { envSchema, loadEnv, LOG_LEVELS } from './env.ts';
export type { Env, LogLevel } from './env.ts';
export { formatConfigReport, loadConfig, parseConfig } from './load.ts';
export type { LoadedConfig } from './load.ts';
export { buildingLanguage, educationTexts } from './lookup.ts';
export { botConfigSchema, DEFAULT_NEED_CATEGORIES, LANGUAGES } from './schema.ts';
export type {
  BotConfig,
  BotConfigInput,
  BuildingConfig,
  EducationStage,
  Language,
  NeedCategory,
  NoticeConfig,
  SupportLine,
} from './schema.ts';

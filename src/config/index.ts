/**
 * Configuration: bot.config.json (SPEC §3) and the environment (SPEC §4).
 * At start: `loadEnv(process.env)`, then `loadConfig(env.BOT_CONFIG)`; on ConfigError print
 * `formatConfigReport(error)` to stderr and exit 1. `check-config` prints `formatConfigReport` either way.
 */
export { ConfigError } from './config-error.ts';
export type { Env, LogLevel } from './env.ts';
export { envSchema, LOG_LEVELS, loadEnv } from './env.ts';
export type { LoadedConfig } from './load.ts';
export { formatConfigReport, loadConfig, parseConfig } from './load.ts';
export { buildingLanguage, educationTexts } from './lookup.ts';
export type {
  BotConfig,
  BotConfigInput,
  BuildingConfig,
  CommitteeConfig,
  EducationStage,
  Language,
  NeedCategory,
  NoticeConfig,
  SupportLine,
  WebhookConfig,
} from './schema.ts';
export { botConfigSchema, DEFAULT_NEED_CATEGORIES, EVENT_TYPES, type EventType, LANGUAGES } from './schema.ts';

// Public API of the local Bot API: what tests, benchmarks and the browser sandbox use.

export type { ControlEndpoint } from './control-endpoints.ts';
export { CONTROL_ENDPOINTS } from './control-endpoints.ts';
export { DEFAULT_TIMEOUT_MS, DEFAULT_TOKEN } from './core.ts';
export { buttonTexts } from './describe.ts';
export type { SendTextExtra } from './driver.ts';
export type { SandboxEvent } from './inspection.ts';
export { LocalBotApi, startLocalBotApi } from './local-bot-api.ts';
export type { SeedBuilding, SeedConfig, SeedDescription, SeededChat, SeededUser, SeedRole } from './seed.ts';
export { RESIDENTS_PER_BUILDING, residentId, seedFromConfig, toSeedConfig, volunteerId } from './seed.ts';
export type {
  BotCommand,
  BotCommandScope,
  CallbackAnswer,
  CallRecord,
  ChatMessage,
  ChatType,
  DocumentRecord,
  Failure,
  FailureSpec,
  FakeChatRecord,
  FakeUserRecord,
  InlineButton,
  InlineMarkup,
  LocalBotApiOptions,
  MemberStatus,
  RateLimitSettings,
  TgChat,
  TgDocument,
  TgEntity,
  TgMessage,
  TgUser,
  Update,
  UserFromGetMe,
} from './types.ts';
export { ANONYMOUS_ADMIN } from './world.ts';

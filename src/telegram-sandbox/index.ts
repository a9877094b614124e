// Public API of the fake Telegram Bot API server.
export { FakeTelegram, startFakeTelegram, buttonTexts, DEFAULT_TOKEN, DEFAULT_TIMEOUT_MS } from './fake-telegram.ts';
export type { SendTextExtra, SandboxEvent } from './fake-telegram.ts';
export { ANONYMOUS_ADMIN } from './world.ts';
export { CONTROL_ENDPOINTS } from './control.ts';
export type { ControlEndpoint } from './control.ts';
export { seedFromConfig, toSeedConfig, residentId, volunteerId, RESIDENTS_PER_BUILDING } from './seed.ts';
export type { SeedConfig, SeedBuilding, SeedDescription, SeededChat, SeededUser, SeedRole } from './seed.ts';
export type {
  FakeTelegramOptions,
  RateLimitSettings,
  ChatMessage,
  ChatType,
  MemberStatus,
  FakeUserRecord,
  FakeChatRecord,
  CallRecord,
  CallbackAnswer,
  DocumentRecord,
  Failure,
  FailureSpec,
  InlineButton,
  InlineMarkup,
  TgEntity,
  TgMessage,
  TgChat,
  TgUser,
  TgDocument,
  Update,
  UserFromGetMe,
  BotCommand,
  BotCommandScope,
} from './types.ts';

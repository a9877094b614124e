// Public API of the fake Telegram Bot API server.

export type { ControlEndpoint } from './control.ts';
export { CONTROL_ENDPOINTS } from './control.ts';
export type { SandboxEvent, SendTextExtra } from './fake-telegram.ts';
export { buttonTexts, DEFAULT_TIMEOUT_MS, DEFAULT_TOKEN, FakeTelegram, startFakeTelegram } from './fake-telegram.ts';
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
  FakeTelegramOptions,
  FakeUserRecord,
  InlineButton,
  InlineMarkup,
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

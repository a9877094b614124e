// The state every part of the local Bot API shares: the bot's own user, the world, the update queue, the flood
// limits and the call log. LocalBotApi builds on it: driver.ts, inspection.ts, then local-bot-api.ts (the server).
import type { MethodEnv } from './methods-params.ts';
import { RateLimiter } from './rate-limit.ts';
import type { CallRecord, LocalBotApiOptions, UserFromGetMe } from './types.ts';
import { UpdateQueue } from './updates.ts';
import { WebhookDelivery } from './webhook-delivery.ts';
import { World } from './world.ts';

export const DEFAULT_TOKEN = '123456:TEST-TOKEN';
export const DEFAULT_TIMEOUT_MS = 5000;

/** The state LocalBotApi's parts share; only LocalBotApi itself is made (and exported from index.ts). */
export abstract class LocalBotApiCore {
  readonly token: string;
  readonly botInfo: UserFromGetMe;
  /** Every API call in the order answered, with the HTTP status answered. */
  readonly calls: CallRecord[] = [];
  protected readonly world: World;
  protected readonly updates: UpdateQueue;
  protected readonly limiter: RateLimiter;
  /** Delivers updates by webhook once setWebhook named a URL. */
  protected readonly webhook: WebhookDelivery;
  protected readonly env: MethodEnv;
  protected closed = false;

  constructor(opts: LocalBotApiOptions = {}) {
    this.token = opts.token ?? DEFAULT_TOKEN;
    this.botInfo = {
      id: opts.bot?.id ?? 123456,
      is_bot: true,
      first_name: opts.bot?.first_name ?? 'Mutual Aid',
      username: opts.bot?.username ?? 'mutual_aid_test_bot',
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
      has_topics_enabled: false,
      allows_users_to_create_topics: false,
      can_manage_bots: false,
      supports_join_request_queries: false,
    };
    this.world = new World(this.botInfo, opts.now ?? Date.now);
    this.updates = new UpdateQueue(this.world.events);
    this.limiter = new RateLimiter(opts.rateLimits);
    this.webhook = new WebhookDelivery(this.updates, this.world.events, opts.webhook);
    this.env = { world: this.world, updates: this.updates, limiter: this.limiter, webhook: this.webhook };
  }
}

import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** Times are stored as epoch milliseconds (UTC); rendering applies the configured time zone. */
const createdAt = () => integer('created_at', { mode: 'number' }).notNull();

/** One row per building of the config, kept in step with it at start (see `syncBuildings`). */
export const buildings = sqliteTable('buildings', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** The chat the bot serves now: after a supergroup upgrade this is the new id, even before the config says so. */
  chatId: integer('chat_id', { mode: 'number' }).notNull().unique(),
  /** The id the config declared, kept so the upgrade is recognised when the config still names the old one. */
  configChatId: integer('config_chat_id', { mode: 'number' }).notNull(),
  language: text('language', { enum: ['en', 'zh'] }).notNull(),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  syncedAt: integer('synced_at', { mode: 'number' }).notNull(),
});

export const users = sqliteTable('users', {
  id: integer('id', { mode: 'number' }).primaryKey(),
  firstName: text('first_name').notNull(),
  lastName: text('last_name'),
  username: text('username'),
  languageCode: text('language_code'),
  /** Set once the user has written to the bot privately: only then can the bot DM them. */
  startedAt: integer('started_at', { mode: 'number' }),
  /** Set when a DM answered 403 (the user blocked the bot); cleared when they write again. */
  blockedAt: integer('blocked_at', { mode: 'number' }),
  updatedAt: integer('updated_at', { mode: 'number' }).notNull(),
});

export const households = sqliteTable(
  'households',
  {
    id: integer('id', { mode: 'number' }).primaryKey({ autoIncrement: true }),
    buildingId: text('building_id')
      .notNull()
      .references(() => buildings.id),
    unit: text('unit').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('households_building_unit').on(t.buildingId, t.unit)],
);

/** A resident belongs to at most one household per building. */
export const householdMembers = sqliteTable(
  'household_members',
  {
    buildingId: text('building_id')
      .notNull()
      .references(() => buildings.id),
    userId: integer('user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    householdId: integer('household_id', { mode: 'number' })
      .notNull()
      .references(() => households.id),
    joinedAt: integer('joined_at', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.buildingId, t.userId] }),
    index('household_members_household').on(t.householdId),
    // households registered per building (the overview, the survey's response rate) without reading the rows
    index('household_members_building_household').on(t.buildingId, t.householdId),
  ],
);

/** Every chat the bot has seen, and whether it may still write there. */
export const chats = sqliteTable('chats', {
  id: integer('id', { mode: 'number' }).primaryKey(),
  type: text('type').notNull(),
  title: text('title'),
  /** 'member' while the bot may post; 'left' / 'kicked' once removed; 'migrated' after a supergroup upgrade. */
  botStatus: text('bot_status').notNull().default('member'),
  migratedToChatId: integer('migrated_to_chat_id', { mode: 'number' }),
  /** When a group not in the config was told how to declare itself (once per chat). */
  undeclaredNoticeAt: integer('undeclared_notice_at', { mode: 'number' }),
  updatedAt: integer('updated_at', { mode: 'number' }).notNull(),
});

/** The update ids whose effects are committed: a re-delivered update is recognised here and skipped. */
export const processedUpdates = sqliteTable('processed_updates', {
  updateId: integer('update_id', { mode: 'number' }).primaryKey(),
  chatId: integer('chat_id', { mode: 'number' }),
  kind: text('kind').notNull(),
  processedAt: integer('processed_at', { mode: 'number' }).notNull(),
});

/** Append-only (triggers refuse UPDATE and DELETE): who did what, when. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id', { mode: 'number' }).primaryKey({ autoIncrement: true }),
    at: integer('at', { mode: 'number' }).notNull(),
    /** Telegram user id, or null for the bot itself (scheduler, config sync). */
    actor: integer('actor', { mode: 'number' }),
    buildingId: text('building_id'),
    action: text('action').notNull(),
    subject: text('subject').notNull(),
    details: text('details', { mode: 'json' }).$type<Record<string, unknown>>(),
  },
  (t) => [index('audit_log_at').on(t.at)],
);

/**
 * Every update Telegram handed over, written before the next getUpdates confirms it, so a kill at any
 * instant loses nothing; an update is done when `processed_updates` holds its id.
 */
export const inboxUpdates = sqliteTable('inbox_updates', {
  updateId: integer('update_id', { mode: 'number' }).primaryKey(),
  chatId: integer('chat_id', { mode: 'number' }),
  payload: text('payload', { mode: 'json' }).notNull().$type<Record<string, unknown>>(),
  receivedAt: integer('received_at', { mode: 'number' }).notNull(),
  /** Replays after a crash; an update that failed this often is given up (and logged), not retried forever. */
  attempts: integer('attempts', { mode: 'number' }).notNull().default(0),
});

/**
 * Messages to Telegram, written in the transaction of the change that caused them and delivered by the one
 * sender within Telegram's limits. `method` and `payload` are a Bot API call.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id', { mode: 'number' }).primaryKey({ autoIncrement: true }),
    chatId: integer('chat_id', { mode: 'number' }).notNull(),
    method: text('method').notNull(),
    payload: text('payload', { mode: 'json' }).notNull().$type<Record<string, unknown>>(),
    /** What the message is (`reply`, `notice`, `digest` ...), for logs and stats. */
    kind: text('kind').notNull(),
    /** Its lane, lower first: alerts and escalations, then answers to people, then bulk posts. */
    priority: integer('priority', { mode: 'number' }).notNull().default(1),
    /** For an answer, the user it answers: one user's flood of commands must not hold up another's answer. */
    forUser: integer('for_user', { mode: 'number' }),
    /**
     * How many answers to `for_user` in this chat were still waiting when it was queued: within a lane, first answers
     * go before a flooder's tenth, so each resident's answer comes in turn.
     */
    turn: integer('turn', { mode: 'number' }).notNull().default(0),
    /** A feature's handle on the message (`need:42:card`), to find its message id later. */
    ref: text('ref'),
    /** For an edit or pin: the `ref` of the message it acts on (also in the payload as `message_ref`). */
    targetRef: text('target_ref'),
    status: text('status', { enum: ['pending', 'sent', 'failed'] })
      .notNull()
      .default('pending'),
    /** Not before this time of the bot's clock (quiet hours); null: at once. */
    notBefore: integer('not_before', { mode: 'number' }),
    attempts: integer('attempts', { mode: 'number' }).notNull().default(0),
    /** Wall-clock ms of the next try after a failure (backoff, retry_after). */
    retryAt: integer('retry_at', { mode: 'number' }).notNull().default(0),
    /** A try ended in a network error: Telegram may have delivered it, so a retry may duplicate it. */
    ambiguous: integer('ambiguous', { mode: 'boolean' }).notNull().default(false),
    messageId: integer('message_id', { mode: 'number' }),
    error: text('error'),
    createdAt: createdAt(),
    sentAt: integer('sent_at', { mode: 'number' }),
  },
  (t) => [
    // partial indexes on what is still to send (the queries spell `status = 'pending'` as a literal, which SQLite
    // needs to use them): a message sent leaves them instead of moving within them, and most messages are sent at
    // once. The sender's look is answered from the index alone: in its order, with what it filters on and what it
    // chooses by (a look read each listed message's row for its method and target: half its time under a backlog)
    index('outbox_pending')
      .on(t.priority, t.turn, t.id, t.chatId, t.retryAt, t.notBefore, t.method, t.targetRef)
      .where(sql`${t.status} = 'pending'`),
    index('outbox_for_user').on(t.chatId, t.forUser).where(sql`${t.status} = 'pending'`),
    index('outbox_ref').on(t.ref),
    // only edits and pins name a target
    index('outbox_target').on(t.targetRef, t.status).where(sql`${t.targetRef} IS NOT NULL`),
  ],
);

/** Each run of a scheduled job, keyed by the time it was due: a run is made once, even across restarts. */
export const jobRuns = sqliteTable(
  'job_runs',
  {
    job: text('job').notNull(),
    dueAt: integer('due_at', { mode: 'number' }).notNull(),
    ranAt: integer('ran_at', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.job, t.dueAt] })],
);

/** A resident's need (SPEC §2.1). Private ones keep their text away from groups, digests, exports and logs. */
export const needs = sqliteTable(
  'needs',
  {
    id: integer('id', { mode: 'number' }).primaryKey({ autoIncrement: true }),
    /** Null only while a private need waits for its author to choose among several buildings. */
    buildingId: text('building_id').references(() => buildings.id),
    /** Who the need is for; null for a household without a phone (assisted mode). */
    requesterId: integer('requester_id', { mode: 'number' }).references(() => users.id),
    /** Who typed it: a volunteer or admin in assisted mode, otherwise the requester. */
    enteredBy: integer('entered_by', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    householdId: integer('household_id', { mode: 'number' }).references(() => households.id),
    unit: text('unit'),
    priority: text('priority', { enum: ['urgent', 'high', 'normal'] }).notNull(),
    category: text('category').notNull(),
    /** As typed; null once a private text was purged after the retention period. */
    text: text('text'),
    private: integer('private', { mode: 'boolean' }).notNull().default(false),
    status: text('status', { enum: ['draft', 'open', 'claimed', 'done', 'cancelled'] }).notNull(),
    claimedBy: integer('claimed_by', { mode: 'number' }).references(() => users.id),
    claimedAt: integer('claimed_at', { mode: 'number' }),
    doneAt: integer('done_at', { mode: 'number' }),
    doneBy: integer('done_by', { mode: 'number' }),
    cancelledAt: integer('cancelled_at', { mode: 'number' }),
    /** Set when an urgent need still open was raised again (once). */
    escalatedAt: integer('escalated_at', { mode: 'number' }),
    /** Set when an urgent or high need still open was posted in its building's committee chat (once). */
    committeeEscalatedAt: integer('committee_escalated_at', { mode: 'number' }),
    /** The committee whose member claimed it with *We'll handle it*; null otherwise. */
    claimedForCommittee: text('claimed_for_committee'),
    /** Set when a claim lapsed without progress and the need went back to open (the card says so). */
    claimExpiredAt: integer('claim_expired_at', { mode: 'number' }),
    /**
     * A recurring need's rhythm, normalised (`week`, `3d`, `mon,thu`, `day`; SPEC §2.11): once done, a new need of
     * the series opens on it. Null for a one-off need, and once `/stop` ended the series.
     */
    repeat: text('repeat'),
    /** The first need of a recurring series (null on that first one, and on one-off needs). */
    seriesId: integer('series_id', { mode: 'number' }),
    /** When the next need of the series opens: set when this one is done, cleared when it opened or was stopped. */
    nextAt: integer('next_at', { mode: 'number' }),
    /** The offer that served it (SPEC §2.11: a match), or null. */
    offerId: integer('offer_id', { mode: 'number' }),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'number' }).notNull(),
  },
  (t) => [
    // the scheduler's check of recurring needs to open again: only the few rows waiting for their date
    index('needs_next_at').on(t.nextAt).where(sql`${t.nextAt} IS NOT NULL`),
    // a new need has no series, no claimer and no claim yet: these leave it out, so its insert skips them
    index('needs_series').on(t.seriesId).where(sql`${t.seriesId} IS NOT NULL`),
    // a building's open needs; and (by done_at) the needs finished since its last digest
    index('needs_building_status').on(t.buildingId, t.status, t.doneAt),
    index('needs_claimed_by').on(t.claimedBy, t.status).where(sql`${t.claimedBy} IS NOT NULL`),
    // the scheduler's checks (escalation, claim expiry, retention) run every 15 s over all buildings: each
    // reads only the rows it may act on, however many needs are done
    index('needs_escalation').on(t.status, t.priority, t.escalatedAt, t.createdAt),
    index('needs_committee_escalation').on(t.status, t.priority, t.committeeEscalatedAt, t.createdAt),
    // the overview's oldest urgent need nobody has claimed, per building
    index('needs_urgent_waiting')
      .on(t.buildingId, t.createdAt)
      .where(sql`${t.status} = 'open' AND ${t.priority} = 'urgent'`),
    // the claims to expire (the query spells `status = 'claimed'` as a literal, which SQLite needs to use it; the
    // status column makes its equality plain to the planner, which would otherwise take another index)
    index('needs_claimed_at').on(t.status, t.claimedAt).where(sql`${t.status} = 'claimed'`),
    index('needs_private_texts').on(t.updatedAt).where(sql`${t.private} = 1 AND ${t.text} IS NOT NULL`),
  ],
);

/*
 * Tallies of the unfinished needs (open or claimed), kept by triggers on `needs` in the same statement as every
 * change (migration 0022), so they cannot drift from the rows: the committee's /overview over a thousand buildings
 * reads a few rows per building instead of every unfinished need. Written only by the triggers.
 */

/** Unfinished needs of a building by priority. */
export const unfinishedNeedCounts = sqliteTable(
  'unfinished_need_counts',
  {
    buildingId: text('building_id').notNull(),
    priority: text('priority', { enum: ['urgent', 'high', 'normal'] }).notNull(),
    n: integer('n', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.buildingId, t.priority] })],
);

/** Unfinished needs of one household (or, without one, one requester: `-user id`) in a category; no zero rows. */
export const unfinishedNeedsByHousehold = sqliteTable(
  'unfinished_needs_by_household',
  {
    buildingId: text('building_id').notNull(),
    category: text('category').notNull(),
    householdKey: integer('household_key', { mode: 'number' }).notNull(),
    n: integer('n', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.buildingId, t.category, t.householdKey] })],
);

/** Households of a building with an unfinished need of a category (rows of the table above); no zero rows. */
export const unfinishedCategoryHouseholds = sqliteTable(
  'unfinished_category_households',
  {
    buildingId: text('building_id').notNull(),
    category: text('category').notNull(),
    households: integer('households', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.buildingId, t.category] })],
);

/** Offers of help or goods (SPEC §2.11): `/offer`, matched to needs of their category. */
export const offers = sqliteTable(
  'offers',
  {
    id: integer('id', { mode: 'number' }).primaryKey({ autoIncrement: true }),
    buildingId: text('building_id')
      .notNull()
      .references(() => buildings.id),
    offeredBy: integer('offered_by', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    /** The author's household in the building when they offered, if registered. */
    householdId: integer('household_id', { mode: 'number' }).references(() => households.id),
    unit: text('unit'),
    category: text('category').notNull(),
    text: text('text').notNull(),
    status: text('status', { enum: ['open', 'given', 'withdrawn', 'expired'] }).notNull(),
    /** The need it went to (a match), or null (given outside the bot, withdrawn, expired, open). */
    needId: integer('need_id', { mode: 'number' }),
    createdAt: createdAt(),
    /** When it stopped being open (given, withdrawn, expired). */
    closedAt: integer('closed_at', { mode: 'number' }),
    updatedAt: integer('updated_at', { mode: 'number' }).notNull(),
  },
  (t) => [
    // a building's open offers of a category (matching, /offers, the digest); the expiry check by age
    index('offers_building_status').on(t.buildingId, t.status, t.category),
    index('offers_status_created').on(t.status, t.createdAt),
    index('offers_offered_by').on(t.offeredBy, t.status),
  ],
);

/** Residents who joined a building's volunteers with `/volunteer` (config volunteers need no row). */
export const volunteers = sqliteTable(
  'volunteers',
  {
    buildingId: text('building_id')
      .notNull()
      .references(() => buildings.id),
    userId: integer('user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    skills: text('skills').notNull().default(''),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    joinedAt: integer('joined_at', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.buildingId, t.userId] })],
);

/** Small facts of this installation (e.g. the sandbox's drill marks). Never a key of anonymous ballots. */
export const appSettings = sqliteTable('app_settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/** A building's vote (SPEC §2.2). Options are kept in order; ballots name them by index. */
export const votes = sqliteTable(
  'votes',
  {
    id: integer('id', { mode: 'number' }).primaryKey({ autoIncrement: true }),
    buildingId: text('building_id')
      .notNull()
      .references(() => buildings.id),
    organizerId: integer('organizer_id', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    question: text('question').notNull(),
    options: text('options', { mode: 'json' }).notNull().$type<string[]>(),
    perHousehold: integer('per_household', { mode: 'boolean' }).notNull(),
    anonymous: integer('anonymous', { mode: 'boolean' }).notNull(),
    hidden: integer('hidden', { mode: 'boolean' }).notNull(),
    quorumCount: integer('quorum_count', { mode: 'number' }),
    quorumPercent: integer('quorum_percent', { mode: 'number' }),
    /** Chat members when the vote opened (the electorate of a per-person vote); null if Telegram did not say. */
    memberCount: integer('member_count', { mode: 'number' }),
    closesAt: integer('closes_at', { mode: 'number' }).notNull(),
    status: text('status', { enum: ['open', 'closed'] }).notNull(),
    closedAt: integer('closed_at', { mode: 'number' }),
    closedBy: integer('closed_by', { mode: 'number' }),
    createdAt: createdAt(),
  },
  (t) => [index('votes_status_closes').on(t.status, t.closesAt), index('votes_building').on(t.buildingId, t.status)],
);

/**
 * One ballot per voter key: `u:<user>` for a per-person vote, `h:<household>` for a household vote (the
 * household's latest ballot counts). An anonymous vote's ballot has no user, household or time: while the vote is
 * open its key is `a:` and the HMAC of that identity under the vote's key ({@link anonymousVoteKeys}); at the close
 * the key is destroyed and every ballot gets a random key, stored in the order of those keys.
 */
export const ballots = sqliteTable(
  'ballots',
  {
    voteId: integer('vote_id', { mode: 'number' })
      .notNull()
      .references(() => votes.id),
    voterKey: text('voter_key').notNull(),
    /** Who cast it last; null for anonymous votes. */
    voterId: integer('voter_id', { mode: 'number' }).references(() => users.id),
    householdId: integer('household_id', { mode: 'number' }).references(() => households.id),
    option: integer('option', { mode: 'number' }).notNull(),
    /** When it was cast last; null for anonymous votes (a time would pair the ballot with what the voter did then). */
    castAt: integer('cast_at', { mode: 'number' }),
  },
  (t) => [primaryKey({ columns: [t.voteId, t.voterKey] })],
);

/**
 * The secret of an open anonymous vote: it turns a voter into their ballot's key, so they can change their ballot
 * and cannot cast a second one, across restarts. Made with the vote's first ballot, deleted when the vote closes.
 */
export const anonymousVoteKeys = sqliteTable('anonymous_vote_keys', {
  voteId: integer('vote_id', { mode: 'number' })
    .primaryKey()
    .references(() => votes.id),
  /** 32 random bytes, hex. */
  key: text('key').notNull(),
});

/**
 * A group buy (SPEC §2.3, §2.12). Money in integer cents. `item` is its name: the item of a one-line buy, the title
 * of one with several (`buy_items` holds them all); `price_cents` is its first item's price. `min`, `max` and
 * `limit_per_household` are the buy's own terms, over all its items (on a one-line buy, its item's).
 */
export const buys = sqliteTable(
  'buys',
  {
    id: integer('id', { mode: 'number' }).primaryKey({ autoIncrement: true }),
    buildingId: text('building_id')
      .notNull()
      .references(() => buildings.id),
    organizerId: integer('organizer_id', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    item: text('item').notNull(),
    priceCents: integer('price_cents', { mode: 'number' }).notNull(),
    min: integer('min', { mode: 'number' }),
    max: integer('max', { mode: 'number' }),
    limitPerHousehold: integer('limit_per_household', { mode: 'number' }),
    closesAt: integer('closes_at', { mode: 'number' }).notNull(),
    status: text('status', { enum: ['open', 'confirmed', 'cancelled'] }).notNull(),
    closedAt: integer('closed_at', { mode: 'number' }),
    closedBy: integer('closed_by', { mode: 'number' }),
    createdAt: createdAt(),
  },
  (t) => [index('buys_status_closes').on(t.status, t.closesAt), index('buys_building').on(t.buildingId, t.status)],
);

/**
 * A household's order in a group buy: `quantity` is the sum of its items (`order_items`), kept in step; the order
 * number is given when the buy is confirmed.
 */
export const orders = sqliteTable(
  'orders',
  {
    buyId: integer('buy_id', { mode: 'number' })
      .notNull()
      .references(() => buys.id),
    householdId: integer('household_id', { mode: 'number' })
      .notNull()
      .references(() => households.id),
    quantity: integer('quantity', { mode: 'number' }).notNull(),
    orderNumber: integer('order_number', { mode: 'number' }),
    paid: integer('paid', { mode: 'boolean' }).notNull().default(false),
    delivered: integer('delivered', { mode: 'boolean' }).notNull().default(false),
    updatedBy: integer('updated_by', { mode: 'number' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'number' }).notNull(),
    /**
     * Who set the quantity last: the resident, or a volunteer or admin ordering for a household without a phone
     * (the delivery sheet names them there). `updated_by` also follows the organizer's paid and delivered ticks.
     */
    enteredBy: integer('entered_by', { mode: 'number' }),
    /**
     * The household's place in the buy's numbered list (接龙): 1 for the first household that ordered, and so on;
     * kept when it withdraws and orders again. The card numbers the households still ordering in this order.
     */
    joinOrder: integer('join_order', { mode: 'number' }).notNull().default(0),
  },
  // the card's totals are summed on every press: the sum reads this index alone
  (t) => [primaryKey({ columns: [t.buyId, t.householdId] }), index('orders_buy_quantity').on(t.buyId, t.quantity)],
);

/**
 * A `/buy` held for its sender's confirmation because an open buy of the building has the same item: kept until
 * they press *Start anyway* (it becomes the buy `buy_id`) or *Cancel*, across restarts.
 */
export const buyDrafts = sqliteTable('buy_drafts', {
  id: integer('id', { mode: 'number' }).primaryKey({ autoIncrement: true }),
  buildingId: text('building_id')
    .notNull()
    .references(() => buildings.id),
  /** Who sent the /buy: the only one who may answer. */
  userId: integer('user_id', { mode: 'number' })
    .notNull()
    .references(() => users.id),
  /** The open buy it looked like. */
  duplicateOf: integer('duplicate_of', { mode: 'number' }).references(() => buys.id),
  item: text('item').notNull(),
  priceCents: integer('price_cents', { mode: 'number' }).notNull(),
  min: integer('min', { mode: 'number' }),
  max: integer('max', { mode: 'number' }),
  limitPerHousehold: integer('limit_per_household', { mode: 'number' }),
  closesAt: integer('closes_at', { mode: 'number' }).notNull(),
  /** The items of a `/buy` written on several lines (null for a one-line one, whose item is the columns above). */
  items: text('items', { mode: 'json' }).$type<
    Array<{ name: string; priceCents: number; max: number | null; limit: number | null }>
  >(),
  minAmountCents: integer('min_amount_cents', { mode: 'number' }),
  status: text('status', { enum: ['pending', 'started', 'dropped'] })
    .notNull()
    .default('pending'),
  buyId: integer('buy_id', { mode: 'number' }).references(() => buys.id),
  createdAt: createdAt(),
  answeredAt: integer('answered_at', { mode: 'number' }),
});

/** The items of a group buy (SPEC §2.12), numbered from 0 (the commands number them from 1); a one-line buy has one. */
export const buyItems = sqliteTable(
  'buy_items',
  {
    buyId: integer('buy_id', { mode: 'number' })
      .notNull()
      .references(() => buys.id),
    item: integer('item', { mode: 'number' }).notNull(),
    name: text('name').notNull(),
    priceCents: integer('price_cents', { mode: 'number' }).notNull(),
    /** This item's stock. */
    max: integer('max', { mode: 'number' }),
    /** At most this many of this item per household. */
    limitPerHousehold: integer('limit_per_household', { mode: 'number' }),
  },
  (t) => [primaryKey({ columns: [t.buyId, t.item] })],
);

/** What a household ordered of each item of a buy (0 once withdrawn); `orders` holds the household's whole order. */
export const orderItems = sqliteTable(
  'order_items',
  {
    buyId: integer('buy_id', { mode: 'number' })
      .notNull()
      .references(() => buys.id),
    householdId: integer('household_id', { mode: 'number' })
      .notNull()
      .references(() => households.id),
    item: integer('item', { mode: 'number' }).notNull(),
    quantity: integer('quantity', { mode: 'number' }).notNull(),
  },
  // an item's total is summed on every press: the sum reads this index alone
  (t) => [
    primaryKey({ columns: [t.buyId, t.householdId, t.item] }),
    index('order_items_buy_item').on(t.buyId, t.item, t.quantity),
  ],
);

/**
 * Money a household paid towards a buy, as its organizer or an admin recorded it (`/paid`): partial payments add
 * up, a negative amount corrects a mistake. Rows are only ever added.
 */
export const buyPayments = sqliteTable(
  'buy_payments',
  {
    id: integer('id', { mode: 'number' }).primaryKey({ autoIncrement: true }),
    buyId: integer('buy_id', { mode: 'number' })
      .notNull()
      .references(() => buys.id),
    householdId: integer('household_id', { mode: 'number' })
      .notNull()
      .references(() => households.id),
    amountCents: integer('amount_cents', { mode: 'number' }).notNull(),
    recordedBy: integer('recorded_by', { mode: 'number' }).notNull(),
    at: integer('at', { mode: 'number' }).notNull(),
  },
  (t) => [index('buy_payments_buy').on(t.buyId, t.householdId)],
);

/**
 * The money side of a group buy (SPEC §2.12), one row per buy: the amount it needs to go ahead (`min ¥300`), how to
 * pay (`/payinfo`), what was paid to the supplier (`/cost`) and when its account was last posted (`/settle`).
 */
export const buyMoney = sqliteTable('buy_money', {
  buyId: integer('buy_id', { mode: 'number' })
    .primaryKey()
    .references(() => buys.id),
  minAmountCents: integer('min_amount_cents', { mode: 'number' }),
  paymentInfo: text('payment_info'),
  costCents: integer('cost_cents', { mode: 'number' }),
  costNote: text('cost_note'),
  settledAt: integer('settled_at', { mode: 'number' }),
  settledBy: integer('settled_by', { mode: 'number' }),
});

/** A notice or a graded alert (SPEC §2.4), sent to one or more buildings. */
export const notices = sqliteTable('notices', {
  id: integer('id', { mode: 'number' }).primaryKey({ autoIncrement: true }),
  /** The config ids of the buildings it went to. */
  buildingIds: text('building_ids', { mode: 'json' }).notNull().$type<string[]>(),
  level: text('level', { enum: ['info', 'blue', 'yellow', 'orange', 'red'] }).notNull(),
  text: text('text').notNull(),
  /** Null when the scheduler sent it (a notice of the config). */
  authorId: integer('author_id', { mode: 'number' }),
  pinned: integer('pinned', { mode: 'boolean' }).notNull().default(false),
  sentAt: integer('sent_at', { mode: 'number' }).notNull(),
});

/** "Got it": one per household (or per resident without one), so volunteers know whose doors to knock on. */
export const acknowledgements = sqliteTable(
  'acknowledgements',
  {
    noticeId: integer('notice_id', { mode: 'number' })
      .notNull()
      .references(() => notices.id),
    /** `h:<household>` or `u:<user>` for a resident without a household. */
    ackKey: text('ack_key').notNull(),
    buildingId: text('building_id').notNull(),
    userId: integer('user_id', { mode: 'number' }).notNull(),
    householdId: integer('household_id', { mode: 'number' }),
    at: integer('at', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.noticeId, t.ackKey] }),
    index('acknowledgements_building').on(t.noticeId, t.buildingId),
  ],
);

/** When each building's digest went out: "finished since the last digest" counts from here. */
export const digests = sqliteTable(
  'digests',
  {
    id: integer('id', { mode: 'number' }).primaryKey({ autoIncrement: true }),
    buildingId: text('building_id')
      .notNull()
      .references(() => buildings.id),
    at: integer('at', { mode: 'number' }).notNull(),
  },
  (t) => [index('digests_building').on(t.buildingId, t.at)],
);

/** Households opted in to the daily "I'm OK" check (people living alone), with `/checkin on` or the config. */
export const checkins = sqliteTable(
  'checkins',
  {
    buildingId: text('building_id')
      .notNull()
      .references(() => buildings.id),
    householdId: integer('household_id', { mode: 'number' })
      .notNull()
      .references(() => households.id),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    since: integer('since', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.buildingId, t.householdId] })],
);

/** One "I'm OK" per household and day (local date); purged after the retention period. */
export const checkinAnswers = sqliteTable(
  'checkin_answers',
  {
    householdId: integer('household_id', { mode: 'number' })
      .notNull()
      .references(() => households.id),
    day: text('day').notNull(),
    answeredBy: integer('answered_by', { mode: 'number' }).notNull(),
    at: integer('at', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.householdId, t.day] })],
);

/**
 * Events for other departments (SPEC §2.9), appended in the transaction of the change that caused them. `body` is
 * the CloudEvent exactly as every webhook receives it (and as `events` prints it), so a retry sends the same bytes.
 */
export const events = sqliteTable(
  'events',
  {
    seq: integer('seq', { mode: 'number' }).primaryKey({ autoIncrement: true }),
    /** The CloudEvent's `id`: the same on every retry. */
    id: text('id').notNull().unique(),
    /** `need.created`, without the `org.mutualaid.` prefix. */
    type: text('type').notNull(),
    /** Null for a committee-wide event. */
    buildingId: text('building_id'),
    committeeId: text('committee_id'),
    subject: text('subject').notNull(),
    at: integer('at', { mode: 'number' }).notNull(),
    body: text('body').notNull(),
  },
  (t) => [index('events_at').on(t.at), index('events_type').on(t.type, t.seq)],
);

/**
 * One row per event and webhook it matched, created with the event: `pending` until the receiver accepts it
 * (then deleted), `dead` after 24 hours of failures. Each webhook is sent its pending rows in `event_seq` order.
 */
export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    /** The webhook's URL (its identity across config reloads). */
    webhook: text('webhook').notNull(),
    eventSeq: integer('event_seq', { mode: 'number' })
      .notNull()
      .references(() => events.seq),
    status: text('status', { enum: ['pending', 'dead'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts', { mode: 'number' }).notNull().default(0),
    /** The first failed attempt: 24 hours after it, the event is dead-lettered. */
    firstFailedAt: integer('first_failed_at', { mode: 'number' }),
    nextAt: integer('next_at', { mode: 'number' }).notNull(),
    lastError: text('last_error'),
  },
  (t) => [
    primaryKey({ columns: [t.webhook, t.eventSeq] }),
    index('webhook_deliveries_status').on(t.status, t.webhook, t.eventSeq),
  ],
);

/** Each building's pinned status board (SPEC §2.8): the message it lives in and what it shows now. */
export const statusBoards = sqliteTable('status_boards', {
  buildingId: text('building_id')
    .primaryKey()
    .references(() => buildings.id),
  /** The outbox `ref` of the board's message (edits and pins name it). */
  ref: text('ref').notNull(),
  /** The text last queued, to edit only when it changed. */
  text: text('text').notNull(),
  /** When the last edit was queued: at most one a minute. */
  editedAt: integer('edited_at', { mode: 'number' }).notNull(),
  /** Set once the admins were told the bot may not pin (told once). */
  pinRefusedAt: integer('pin_refused_at', { mode: 'number' }),
  createdAt: createdAt(),
});

/**
 * A guided conversation in a private chat (SPEC §2.10: the household survey, the guided need), one per user at a
 * time. Each answer writes the next state here in the transaction that records its update as handled, so a restart
 * continues where the person was and a re-delivered update answers nothing twice. Nothing of it is the household's
 * record until the person saves: a conversation abandoned is dropped after a day.
 */
export const dmFlows = sqliteTable('dm_flows', {
  userId: integer('user_id', { mode: 'number' }).primaryKey(),
  kind: text('kind', { enum: ['survey', 'need'] }).notNull(),
  /** Bumped by every step; each button carries it, so a press on an earlier question changes nothing. */
  turn: integer('turn', { mode: 'number' }).notNull(),
  /** The feature's own state (answers so far, the step), as its pure rules define it. */
  state: text('state', { mode: 'json' }).notNull().$type<Record<string, unknown>>(),
  startedAt: integer('started_at', { mode: 'number' }).notNull(),
  updatedAt: integer('updated_at', { mode: 'number' }).notNull(),
});

/**
 * Each household's survey answers (SPEC §2.10), one row per household: a later survey by any member replaces it.
 * `answers` holds choices only; the one free text (which regular medicine) is apart, purged after `retentionDays`.
 * Seen only by the building's volunteers and admins; everything else gets counts.
 */
export const surveys = sqliteTable(
  'surveys',
  {
    householdId: integer('household_id', { mode: 'number' })
      .primaryKey()
      .references(() => households.id),
    buildingId: text('building_id')
      .notNull()
      .references(() => buildings.id),
    answers: text('answers', { mode: 'json' }).notNull().$type<Record<string, string>>(),
    medicineText: text('medicine_text'),
    answeredBy: integer('answered_by', { mode: 'number' }).notNull(),
    answeredAt: integer('answered_at', { mode: 'number' }).notNull(),
  },
  (t) => [index('surveys_building').on(t.buildingId)],
);

/** The building's latest `/survey` card in its group (its outbox `ref`), edited as answers come in. */
export const surveyCards = sqliteTable('survey_cards', {
  buildingId: text('building_id')
    .primaryKey()
    .references(() => buildings.id),
  ref: text('ref').notNull(),
  postedAt: integer('posted_at', { mode: 'number' }).notNull(),
});

/** A duty roster (SPEC §2.13): one `/shift` command, its card in the group, and the shifts it made for a week. */
export const rosters = sqliteTable(
  'rosters',
  {
    id: integer('id', { mode: 'number' }).primaryKey({ autoIncrement: true }),
    buildingId: text('building_id')
      .notNull()
      .references(() => buildings.id),
    organizerId: integer('organizer_id', { mode: 'number' }).notNull(),
    task: text('task').notNull(),
    /** The days and time as typed, normalised (`daily 09:00-11:00`). */
    rhythm: text('rhythm').notNull(),
    needed: integer('needed', { mode: 'number' }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('rosters_building').on(t.buildingId)],
);

/** One shift of a roster: a day's slot with how many volunteers it needs. */
export const shifts = sqliteTable(
  'shifts',
  {
    id: integer('id', { mode: 'number' }).primaryKey({ autoIncrement: true }),
    rosterId: integer('roster_id', { mode: 'number' })
      .notNull()
      .references(() => rosters.id),
    buildingId: text('building_id')
      .notNull()
      .references(() => buildings.id),
    startAt: integer('start_at', { mode: 'number' }).notNull(),
    endAt: integer('end_at', { mode: 'number' }).notNull(),
    needed: integer('needed', { mode: 'number' }).notNull(),
    /** When the volunteers were told it is still short (`rosters.warnBeforeHours` before); null until then. */
    warnedAt: integer('warned_at', { mode: 'number' }),
  },
  (t) => [index('shifts_start').on(t.startAt), index('shifts_building').on(t.buildingId, t.startAt)],
);

/** A volunteer signed up for a shift; `remindedAt` once their DM reminder was queued. */
export const shiftSignups = sqliteTable(
  'shift_signups',
  {
    shiftId: integer('shift_id', { mode: 'number' })
      .notNull()
      .references(() => shifts.id),
    userId: integer('user_id', { mode: 'number' }).notNull(),
    at: integer('at', { mode: 'number' }).notNull(),
    remindedAt: integer('reminded_at', { mode: 'number' }),
  },
  (t) => [primaryKey({ columns: [t.shiftId, t.userId] })],
);

/** A floor call (SPEC §2.13): the building called down in waves of floors, by button or every N minutes. */
export const calls = sqliteTable(
  'calls',
  {
    id: integer('id', { mode: 'number' }).primaryKey({ autoIncrement: true }),
    buildingId: text('building_id')
      .notNull()
      .references(() => buildings.id),
    organizerId: integer('organizer_id', { mode: 'number' }).notNull(),
    task: text('task').notNull(),
    fromFloor: integer('from_floor', { mode: 'number' }).notNull(),
    toFloor: integer('to_floor', { mode: 'number' }).notNull(),
    perWave: integer('per_wave', { mode: 'number' }).notNull(),
    everyMinutes: integer('every_minutes', { mode: 'number' }),
    status: text('status', { enum: ['open', 'paused', 'ended'] }).notNull(),
    /** When the scheduler calls the next wave (or ends the call after the last); null when by button or paused. */
    nextAt: integer('next_at', { mode: 'number' }),
    createdAt: createdAt(),
    endedAt: integer('ended_at', { mode: 'number' }),
  },
  (t) => [index('calls_status_next').on(t.status, t.nextAt), index('calls_building').on(t.buildingId, t.status)],
);

/** The waves a call made, numbered from 0: the key makes calling one wave twice impossible. */
export const callWaves = sqliteTable(
  'call_waves',
  {
    callId: integer('call_id', { mode: 'number' })
      .notNull()
      .references(() => calls.id),
    wave: integer('wave', { mode: 'number' }).notNull(),
    fromFloor: integer('from_floor', { mode: 'number' }).notNull(),
    toFloor: integer('to_floor', { mode: 'number' }).notNull(),
    at: integer('at', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.callId, t.wave] })],
);

/** A household's answer to a call: down, or asking for a home visit (its latest answer counts). */
export const callAnswers = sqliteTable(
  'call_answers',
  {
    callId: integer('call_id', { mode: 'number' })
      .notNull()
      .references(() => calls.id),
    householdId: integer('household_id', { mode: 'number' })
      .notNull()
      .references(() => households.id),
    unit: text('unit').notNull(),
    answer: text('answer', { enum: ['down', 'visit'] }).notNull(),
    userId: integer('user_id', { mode: 'number' }).notNull(),
    at: integer('at', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.callId, t.householdId] })],
);

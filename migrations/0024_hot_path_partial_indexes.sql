DROP INDEX `needs_status_claimed_at`;--> statement-breakpoint
DROP INDEX `needs_series`;--> statement-breakpoint
DROP INDEX `needs_claimed_by`;--> statement-breakpoint
CREATE INDEX `needs_claimed_at` ON `needs` (`status`,`claimed_at`) WHERE "needs"."status" = 'claimed';--> statement-breakpoint
CREATE INDEX `needs_series` ON `needs` (`series_id`) WHERE "needs"."series_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `needs_claimed_by` ON `needs` (`claimed_by`,`status`) WHERE "needs"."claimed_by" IS NOT NULL;--> statement-breakpoint
DROP INDEX `outbox_target_pending`;--> statement-breakpoint
DROP INDEX `outbox_pending`;--> statement-breakpoint
DROP INDEX `outbox_for_user`;--> statement-breakpoint
CREATE INDEX `outbox_target` ON `outbox` (`target_ref`,`status`) WHERE "outbox"."target_ref" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `outbox_pending` ON `outbox` (`priority`,`turn`,`id`,`chat_id`,`retry_at`,`not_before`) WHERE "outbox"."status" = 'pending';--> statement-breakpoint
CREATE INDEX `outbox_for_user` ON `outbox` (`chat_id`,`for_user`) WHERE "outbox"."status" = 'pending';
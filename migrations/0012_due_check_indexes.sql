DROP INDEX `needs_status_priority_created`;--> statement-breakpoint
DROP INDEX `needs_building_status`;--> statement-breakpoint
CREATE INDEX `needs_escalation` ON `needs` (`status`,`priority`,`escalated_at`,`created_at`);--> statement-breakpoint
CREATE INDEX `needs_private_texts` ON `needs` (`updated_at`) WHERE "needs"."private" = 1 AND "needs"."text" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `needs_building_status` ON `needs` (`building_id`,`status`,`done_at`);
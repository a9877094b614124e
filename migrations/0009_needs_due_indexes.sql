CREATE INDEX `needs_status_priority_created` ON `needs` (`status`,`priority`,`created_at`);--> statement-breakpoint
CREATE INDEX `needs_status_claimed_at` ON `needs` (`status`,`claimed_at`);
CREATE TABLE `offers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`building_id` text NOT NULL,
	`offered_by` integer NOT NULL,
	`household_id` integer,
	`unit` text,
	`category` text NOT NULL,
	`text` text NOT NULL,
	`status` text NOT NULL,
	`need_id` integer,
	`created_at` integer NOT NULL,
	`closed_at` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`building_id`) REFERENCES `buildings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`offered_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `offers_building_status` ON `offers` (`building_id`,`status`,`category`);--> statement-breakpoint
CREATE INDEX `offers_status_created` ON `offers` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `offers_offered_by` ON `offers` (`offered_by`,`status`);--> statement-breakpoint
ALTER TABLE `needs` ADD `repeat` text;--> statement-breakpoint
ALTER TABLE `needs` ADD `series_id` integer;--> statement-breakpoint
ALTER TABLE `needs` ADD `next_at` integer;--> statement-breakpoint
ALTER TABLE `needs` ADD `offer_id` integer;--> statement-breakpoint
CREATE INDEX `needs_next_at` ON `needs` (`next_at`) WHERE "needs"."next_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `needs_series` ON `needs` (`series_id`);
CREATE TABLE `needs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`building_id` text,
	`requester_id` integer,
	`entered_by` integer NOT NULL,
	`household_id` integer,
	`unit` text,
	`priority` text NOT NULL,
	`category` text NOT NULL,
	`text` text,
	`private` integer DEFAULT false NOT NULL,
	`status` text NOT NULL,
	`claimed_by` integer,
	`claimed_at` integer,
	`done_at` integer,
	`done_by` integer,
	`cancelled_at` integer,
	`escalated_at` integer,
	`claim_expired_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`building_id`) REFERENCES `buildings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`requester_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`entered_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`claimed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `needs_building_status` ON `needs` (`building_id`,`status`,`priority`,`created_at`);--> statement-breakpoint
CREATE INDEX `needs_claimed_by` ON `needs` (`claimed_by`,`status`);--> statement-breakpoint
CREATE TABLE `volunteers` (
	`building_id` text NOT NULL,
	`user_id` integer NOT NULL,
	`skills` text DEFAULT '' NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`joined_at` integer NOT NULL,
	PRIMARY KEY(`building_id`, `user_id`),
	FOREIGN KEY (`building_id`) REFERENCES `buildings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);

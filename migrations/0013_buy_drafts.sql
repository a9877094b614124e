CREATE TABLE `buy_drafts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`building_id` text NOT NULL,
	`user_id` integer NOT NULL,
	`duplicate_of` integer,
	`item` text NOT NULL,
	`price_cents` integer NOT NULL,
	`min` integer,
	`max` integer,
	`limit_per_household` integer,
	`closes_at` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`buy_id` integer,
	`created_at` integer NOT NULL,
	`answered_at` integer,
	FOREIGN KEY (`building_id`) REFERENCES `buildings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`duplicate_of`) REFERENCES `buys`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`buy_id`) REFERENCES `buys`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `orders` ADD `entered_by` integer;
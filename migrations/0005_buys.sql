CREATE TABLE `buys` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`building_id` text NOT NULL,
	`organizer_id` integer NOT NULL,
	`item` text NOT NULL,
	`price_cents` integer NOT NULL,
	`min` integer,
	`max` integer,
	`limit_per_household` integer,
	`closes_at` integer NOT NULL,
	`status` text NOT NULL,
	`closed_at` integer,
	`closed_by` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`building_id`) REFERENCES `buildings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organizer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `buys_status_closes` ON `buys` (`status`,`closes_at`);--> statement-breakpoint
CREATE INDEX `buys_building` ON `buys` (`building_id`,`status`);--> statement-breakpoint
CREATE TABLE `orders` (
	`buy_id` integer NOT NULL,
	`household_id` integer NOT NULL,
	`quantity` integer NOT NULL,
	`order_number` integer,
	`paid` integer DEFAULT false NOT NULL,
	`delivered` integer DEFAULT false NOT NULL,
	`updated_by` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`buy_id`, `household_id`),
	FOREIGN KEY (`buy_id`) REFERENCES `buys`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON UPDATE no action ON DELETE no action
);

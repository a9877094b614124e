CREATE TABLE `app_settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `ballots` (
	`vote_id` integer NOT NULL,
	`voter_key` text NOT NULL,
	`voter_id` integer,
	`household_id` integer,
	`option` integer NOT NULL,
	`cast_at` integer NOT NULL,
	PRIMARY KEY(`vote_id`, `voter_key`),
	FOREIGN KEY (`vote_id`) REFERENCES `votes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`voter_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `votes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`building_id` text NOT NULL,
	`organizer_id` integer NOT NULL,
	`question` text NOT NULL,
	`options` text NOT NULL,
	`per_household` integer NOT NULL,
	`anonymous` integer NOT NULL,
	`hidden` integer NOT NULL,
	`quorum_count` integer,
	`quorum_percent` integer,
	`member_count` integer,
	`closes_at` integer NOT NULL,
	`status` text NOT NULL,
	`closed_at` integer,
	`closed_by` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`building_id`) REFERENCES `buildings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organizer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `votes_status_closes` ON `votes` (`status`,`closes_at`);--> statement-breakpoint
CREATE INDEX `votes_building` ON `votes` (`building_id`,`status`);
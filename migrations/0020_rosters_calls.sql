CREATE TABLE `call_answers` (
	`call_id` integer NOT NULL,
	`household_id` integer NOT NULL,
	`unit` text NOT NULL,
	`answer` text NOT NULL,
	`user_id` integer NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`call_id`, `household_id`),
	FOREIGN KEY (`call_id`) REFERENCES `calls`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `call_waves` (
	`call_id` integer NOT NULL,
	`wave` integer NOT NULL,
	`from_floor` integer NOT NULL,
	`to_floor` integer NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`call_id`, `wave`),
	FOREIGN KEY (`call_id`) REFERENCES `calls`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `calls` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`building_id` text NOT NULL,
	`organizer_id` integer NOT NULL,
	`task` text NOT NULL,
	`from_floor` integer NOT NULL,
	`to_floor` integer NOT NULL,
	`per_wave` integer NOT NULL,
	`every_minutes` integer,
	`status` text NOT NULL,
	`next_at` integer,
	`created_at` integer NOT NULL,
	`ended_at` integer,
	FOREIGN KEY (`building_id`) REFERENCES `buildings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `calls_status_next` ON `calls` (`status`,`next_at`);--> statement-breakpoint
CREATE INDEX `calls_building` ON `calls` (`building_id`,`status`);--> statement-breakpoint
CREATE TABLE `rosters` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`building_id` text NOT NULL,
	`organizer_id` integer NOT NULL,
	`task` text NOT NULL,
	`rhythm` text NOT NULL,
	`needed` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`building_id`) REFERENCES `buildings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `rosters_building` ON `rosters` (`building_id`);--> statement-breakpoint
CREATE TABLE `shift_signups` (
	`shift_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`at` integer NOT NULL,
	`reminded_at` integer,
	PRIMARY KEY(`shift_id`, `user_id`),
	FOREIGN KEY (`shift_id`) REFERENCES `shifts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `shifts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`roster_id` integer NOT NULL,
	`building_id` text NOT NULL,
	`start_at` integer NOT NULL,
	`end_at` integer NOT NULL,
	`needed` integer NOT NULL,
	`warned_at` integer,
	FOREIGN KEY (`roster_id`) REFERENCES `rosters`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`building_id`) REFERENCES `buildings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `shifts_start` ON `shifts` (`start_at`);--> statement-breakpoint
CREATE INDEX `shifts_building` ON `shifts` (`building_id`,`start_at`);
CREATE TABLE `acknowledgements` (
	`notice_id` integer NOT NULL,
	`ack_key` text NOT NULL,
	`building_id` text NOT NULL,
	`user_id` integer NOT NULL,
	`household_id` integer,
	`at` integer NOT NULL,
	PRIMARY KEY(`notice_id`, `ack_key`),
	FOREIGN KEY (`notice_id`) REFERENCES `notices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `acknowledgements_building` ON `acknowledgements` (`notice_id`,`building_id`);--> statement-breakpoint
CREATE TABLE `notices` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`building_ids` text NOT NULL,
	`level` text NOT NULL,
	`text` text NOT NULL,
	`author_id` integer,
	`pinned` integer DEFAULT false NOT NULL,
	`sent_at` integer NOT NULL
);

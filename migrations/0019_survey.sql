CREATE TABLE `dm_flows` (
	`user_id` integer PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`turn` integer NOT NULL,
	`state` text NOT NULL,
	`started_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `survey_cards` (
	`building_id` text PRIMARY KEY NOT NULL,
	`ref` text NOT NULL,
	`posted_at` integer NOT NULL,
	FOREIGN KEY (`building_id`) REFERENCES `buildings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `surveys` (
	`household_id` integer PRIMARY KEY NOT NULL,
	`building_id` text NOT NULL,
	`answers` text NOT NULL,
	`medicine_text` text,
	`answered_by` integer NOT NULL,
	`answered_at` integer NOT NULL,
	FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`building_id`) REFERENCES `buildings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `surveys_building` ON `surveys` (`building_id`);
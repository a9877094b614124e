CREATE TABLE `checkin_answers` (
	`household_id` integer NOT NULL,
	`day` text NOT NULL,
	`answered_by` integer NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`household_id`, `day`),
	FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `checkins` (
	`building_id` text NOT NULL,
	`household_id` integer NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`since` integer NOT NULL,
	PRIMARY KEY(`building_id`, `household_id`),
	FOREIGN KEY (`building_id`) REFERENCES `buildings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON UPDATE no action ON DELETE no action
);

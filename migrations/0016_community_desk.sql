CREATE TABLE `events` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`type` text NOT NULL,
	`building_id` text,
	`committee_id` text,
	`subject` text NOT NULL,
	`at` integer NOT NULL,
	`body` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `events_id_unique` ON `events` (`id`);--> statement-breakpoint
CREATE INDEX `events_at` ON `events` (`at`);--> statement-breakpoint
CREATE INDEX `events_type` ON `events` (`type`,`seq`);--> statement-breakpoint
CREATE TABLE `status_boards` (
	`building_id` text PRIMARY KEY NOT NULL,
	`ref` text NOT NULL,
	`text` text NOT NULL,
	`edited_at` integer NOT NULL,
	`pin_refused_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`building_id`) REFERENCES `buildings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `webhook_deliveries` (
	`webhook` text NOT NULL,
	`event_seq` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`first_failed_at` integer,
	`next_at` integer NOT NULL,
	`last_error` text,
	PRIMARY KEY(`webhook`, `event_seq`),
	FOREIGN KEY (`event_seq`) REFERENCES `events`(`seq`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `webhook_deliveries_status` ON `webhook_deliveries` (`status`,`webhook`,`event_seq`);--> statement-breakpoint
ALTER TABLE `needs` ADD `committee_escalated_at` integer;--> statement-breakpoint
ALTER TABLE `needs` ADD `claimed_for_committee` text;--> statement-breakpoint
CREATE INDEX `needs_committee_escalation` ON `needs` (`status`,`priority`,`committee_escalated_at`,`created_at`);
CREATE TABLE `inbox_updates` (
	`update_id` integer PRIMARY KEY NOT NULL,
	`chat_id` integer,
	`payload` text NOT NULL,
	`received_at` integer NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `job_runs` (
	`job` text NOT NULL,
	`due_at` integer NOT NULL,
	`ran_at` integer NOT NULL,
	PRIMARY KEY(`job`, `due_at`)
);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`chat_id` integer NOT NULL,
	`method` text NOT NULL,
	`payload` text NOT NULL,
	`kind` text NOT NULL,
	`priority` integer DEFAULT 1 NOT NULL,
	`ref` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`not_before` integer,
	`attempts` integer DEFAULT 0 NOT NULL,
	`retry_at` integer DEFAULT 0 NOT NULL,
	`ambiguous` integer DEFAULT false NOT NULL,
	`message_id` integer,
	`error` text,
	`created_at` integer NOT NULL,
	`sent_at` integer
);
--> statement-breakpoint
CREATE INDEX `outbox_pending` ON `outbox` (`status`,`priority`,`id`);--> statement-breakpoint
CREATE INDEX `outbox_ref` ON `outbox` (`ref`);
DROP INDEX `outbox_pending`;--> statement-breakpoint
ALTER TABLE `outbox` ADD `for_user` integer;--> statement-breakpoint
ALTER TABLE `outbox` ADD `turn` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `outbox_for_user` ON `outbox` (`chat_id`,`for_user`,`status`);--> statement-breakpoint
CREATE INDEX `outbox_pending` ON `outbox` (`status`,`priority`,`turn`,`id`);--> statement-breakpoint
-- the lanes were 0 (answers and alerts) and 1 (bulk); now 0 is alerts and escalations, 1 answers, 2 bulk: what was
-- still queued at the upgrade moves up a lane number, as an answer or a bulk post
UPDATE `outbox` SET `priority` = `priority` + 1 WHERE `status` = 'pending';

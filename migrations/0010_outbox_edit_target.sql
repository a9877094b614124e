ALTER TABLE `outbox` ADD `target_ref` text;--> statement-breakpoint
CREATE INDEX `outbox_target_pending` ON `outbox` (`target_ref`,`status`);--> statement-breakpoint
UPDATE `outbox` SET `target_ref` = json_extract(`payload`, '$.message_ref') WHERE `status` = 'pending' AND json_extract(`payload`, '$.message_ref') IS NOT NULL;

CREATE TABLE `buy_items` (
	`buy_id` integer NOT NULL,
	`item` integer NOT NULL,
	`name` text NOT NULL,
	`price_cents` integer NOT NULL,
	`max` integer,
	`limit_per_household` integer,
	PRIMARY KEY(`buy_id`, `item`),
	FOREIGN KEY (`buy_id`) REFERENCES `buys`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `buy_money` (
	`buy_id` integer PRIMARY KEY NOT NULL,
	`min_amount_cents` integer,
	`payment_info` text,
	`cost_cents` integer,
	`cost_note` text,
	`settled_at` integer,
	`settled_by` integer,
	FOREIGN KEY (`buy_id`) REFERENCES `buys`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `buy_payments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`buy_id` integer NOT NULL,
	`household_id` integer NOT NULL,
	`amount_cents` integer NOT NULL,
	`recorded_by` integer NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`buy_id`) REFERENCES `buys`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `buy_payments_buy` ON `buy_payments` (`buy_id`,`household_id`);--> statement-breakpoint
CREATE TABLE `order_items` (
	`buy_id` integer NOT NULL,
	`household_id` integer NOT NULL,
	`item` integer NOT NULL,
	`quantity` integer NOT NULL,
	PRIMARY KEY(`buy_id`, `household_id`, `item`),
	FOREIGN KEY (`buy_id`) REFERENCES `buys`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `order_items_buy_item` ON `order_items` (`buy_id`,`item`,`quantity`);--> statement-breakpoint
ALTER TABLE `buy_drafts` ADD `items` text;--> statement-breakpoint
ALTER TABLE `buy_drafts` ADD `min_amount_cents` integer;--> statement-breakpoint
ALTER TABLE `orders` ADD `join_order` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Buys made before items existed have one item: the buy's own item, price and terms.
INSERT INTO `buy_items` (`buy_id`, `item`, `name`, `price_cents`, `max`, `limit_per_household`)
  SELECT `id`, 0, `item`, `price_cents`, `max`, `limit_per_household` FROM `buys`;--> statement-breakpoint
INSERT INTO `order_items` (`buy_id`, `household_id`, `item`, `quantity`)
  SELECT `buy_id`, `household_id`, 0, `quantity` FROM `orders`;--> statement-breakpoint
INSERT INTO `buy_money` (`buy_id`) SELECT `id` FROM `buys`;--> statement-breakpoint
-- The numbered list follows the order in which households first ordered: the order their rows were written.
UPDATE `orders` SET `join_order` = (
  SELECT count(*) FROM `orders` AS `earlier`
  WHERE `earlier`.`buy_id` = `orders`.`buy_id` AND `earlier`.`rowid` <= `orders`.`rowid`
);--> statement-breakpoint
-- An order ticked paid was paid in full: a payment of its amount, by whoever last touched it, when.
INSERT INTO `buy_payments` (`buy_id`, `household_id`, `amount_cents`, `recorded_by`, `at`)
  SELECT `orders`.`buy_id`, `orders`.`household_id`, `orders`.`quantity` * `buys`.`price_cents`,
         `orders`.`updated_by`, `orders`.`updated_at`
  FROM `orders` JOIN `buys` ON `buys`.`id` = `orders`.`buy_id`
  WHERE `orders`.`paid` = 1 AND `orders`.`quantity` > 0
  ORDER BY `orders`.`updated_at`, `orders`.`buy_id`, `orders`.`household_id`;

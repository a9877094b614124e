CREATE TABLE `unfinished_category_households` (
	`building_id` text NOT NULL,
	`category` text NOT NULL,
	`households` integer NOT NULL,
	PRIMARY KEY(`building_id`, `category`)
);
--> statement-breakpoint
CREATE TABLE `unfinished_need_counts` (
	`building_id` text NOT NULL,
	`priority` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`building_id`, `priority`)
);
--> statement-breakpoint
CREATE TABLE `unfinished_needs_by_household` (
	`building_id` text NOT NULL,
	`category` text NOT NULL,
	`household_key` integer NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`building_id`, `category`, `household_key`)
);
--> statement-breakpoint
DROP INDEX `needs_unfinished`;--> statement-breakpoint
CREATE INDEX `needs_urgent_waiting` ON `needs` (`building_id`,`created_at`) WHERE "needs"."status" = 'open' AND "needs"."priority" = 'urgent';--> statement-breakpoint
-- Kept by triggers in the statement of every change to a need (see src/db/schema.ts): an unfinished need is one
-- that is open or claimed and has a building; its household key is its household, or minus its requester.
CREATE TRIGGER `needs_tally_insert` AFTER INSERT ON `needs`
WHEN NEW.status IN ('open', 'claimed') AND NEW.building_id IS NOT NULL
BEGIN
  INSERT INTO unfinished_need_counts (building_id, priority, n) VALUES (NEW.building_id, NEW.priority, 1)
    ON CONFLICT (building_id, priority) DO UPDATE SET n = n + 1;
  INSERT INTO unfinished_needs_by_household (building_id, category, household_key, n)
    SELECT NEW.building_id, NEW.category, coalesce(NEW.household_id, -NEW.requester_id), 1
    WHERE coalesce(NEW.household_id, -NEW.requester_id) IS NOT NULL
    ON CONFLICT (building_id, category, household_key) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `needs_tally_delete` AFTER DELETE ON `needs`
WHEN OLD.status IN ('open', 'claimed') AND OLD.building_id IS NOT NULL
BEGIN
  UPDATE unfinished_need_counts SET n = n - 1 WHERE building_id = OLD.building_id AND priority = OLD.priority;
  UPDATE unfinished_needs_by_household SET n = n - 1
    WHERE building_id = OLD.building_id AND category = OLD.category
      AND household_key = coalesce(OLD.household_id, -OLD.requester_id);
  DELETE FROM unfinished_needs_by_household
    WHERE building_id = OLD.building_id AND category = OLD.category
      AND household_key = coalesce(OLD.household_id, -OLD.requester_id) AND n = 0;
END;
--> statement-breakpoint
-- An update counts as the old row leaving and the new one arriving, unless it changed nothing the tallies key on
-- (a claim, a text edit): the two triggers below then do nothing.
CREATE TRIGGER `needs_tally_update_old` AFTER UPDATE OF status, building_id, priority, category, household_id, requester_id ON `needs`
WHEN OLD.status IN ('open', 'claimed') AND OLD.building_id IS NOT NULL
  AND NOT (NEW.status IN ('open', 'claimed') AND NEW.building_id IS OLD.building_id AND NEW.priority IS OLD.priority
           AND NEW.category IS OLD.category AND NEW.household_id IS OLD.household_id
           AND NEW.requester_id IS OLD.requester_id)
BEGIN
  UPDATE unfinished_need_counts SET n = n - 1 WHERE building_id = OLD.building_id AND priority = OLD.priority;
  UPDATE unfinished_needs_by_household SET n = n - 1
    WHERE building_id = OLD.building_id AND category = OLD.category
      AND household_key = coalesce(OLD.household_id, -OLD.requester_id);
  DELETE FROM unfinished_needs_by_household
    WHERE building_id = OLD.building_id AND category = OLD.category
      AND household_key = coalesce(OLD.household_id, -OLD.requester_id) AND n = 0;
END;
--> statement-breakpoint
CREATE TRIGGER `needs_tally_update_new` AFTER UPDATE OF status, building_id, priority, category, household_id, requester_id ON `needs`
WHEN NEW.status IN ('open', 'claimed') AND NEW.building_id IS NOT NULL
  AND NOT (OLD.status IN ('open', 'claimed') AND OLD.building_id IS NEW.building_id AND OLD.priority IS NEW.priority
           AND OLD.category IS NEW.category AND OLD.household_id IS NEW.household_id
           AND OLD.requester_id IS NEW.requester_id)
BEGIN
  INSERT INTO unfinished_need_counts (building_id, priority, n) VALUES (NEW.building_id, NEW.priority, 1)
    ON CONFLICT (building_id, priority) DO UPDATE SET n = n + 1;
  INSERT INTO unfinished_needs_by_household (building_id, category, household_key, n)
    SELECT NEW.building_id, NEW.category, coalesce(NEW.household_id, -NEW.requester_id), 1
    WHERE coalesce(NEW.household_id, -NEW.requester_id) IS NOT NULL
    ON CONFLICT (building_id, category, household_key) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `households_tally_insert` AFTER INSERT ON `unfinished_needs_by_household`
BEGIN
  INSERT INTO unfinished_category_households (building_id, category, households)
    VALUES (NEW.building_id, NEW.category, 1)
    ON CONFLICT (building_id, category) DO UPDATE SET households = households + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `households_tally_delete` AFTER DELETE ON `unfinished_needs_by_household`
BEGIN
  UPDATE unfinished_category_households SET households = households - 1
    WHERE building_id = OLD.building_id AND category = OLD.category;
  DELETE FROM unfinished_category_households
    WHERE building_id = OLD.building_id AND category = OLD.category AND households = 0;
END;
--> statement-breakpoint
INSERT INTO unfinished_need_counts (building_id, priority, n)
  SELECT building_id, priority, count(*) FROM needs
  WHERE status IN ('open', 'claimed') AND building_id IS NOT NULL GROUP BY building_id, priority;
--> statement-breakpoint
-- (its trigger fills unfinished_category_households)
INSERT INTO unfinished_needs_by_household (building_id, category, household_key, n)
  SELECT building_id, category, coalesce(household_id, -requester_id), count(*) FROM needs
  WHERE status IN ('open', 'claimed') AND building_id IS NOT NULL AND coalesce(household_id, -requester_id) IS NOT NULL
  GROUP BY building_id, category, coalesce(household_id, -requester_id);

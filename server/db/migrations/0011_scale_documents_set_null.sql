-- documents.cycle_id, created_by and last_edited_by were added by ALTER TABLE … ADD, which wrote
-- their references without the ON DELETE SET NULL that schema.ts declares (and PostgreSQL has).
-- SQLite cannot change a reference in place, so the table is rebuilt (its documented procedure:
-- new table, copy, drop, rename, then its indexes and triggers). The migrator runs this with
-- foreign keys off, so dropping the old table cascades nowhere, and checks every reference after.
CREATE TABLE `__new_documents` (
	`id` text PRIMARY KEY NOT NULL,
	`team_id` text NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`archived_at` integer,
	`created_by` text,
	`cycle_id` text,
	`round` integer,
	`tags` text DEFAULT '[]' NOT NULL,
	`derived_from` text,
	`last_edited_by` text,
	`search_text` text DEFAULT '' NOT NULL,
	`visibility` text DEFAULT 'team' NOT NULL,
	`meeting_url` text,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`cycle_id`) REFERENCES `cycles`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`last_edited_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
INSERT INTO `__new_documents` (`id`, `team_id`, `kind`, `title`, `created_at`, `updated_at`, `archived_at`, `created_by`, `cycle_id`, `round`, `tags`, `derived_from`, `last_edited_by`, `search_text`, `visibility`, `meeting_url`)
	SELECT `id`, `team_id`, `kind`, `title`, `created_at`, `updated_at`, `archived_at`, `created_by`, `cycle_id`, `round`, `tags`, `derived_from`, `last_edited_by`, `search_text`, `visibility`, `meeting_url` FROM `documents`;
--> statement-breakpoint
DROP TABLE `documents`;
--> statement-breakpoint
ALTER TABLE `__new_documents` RENAME TO `documents`;
--> statement-breakpoint
CREATE INDEX `documents_team_idx` ON `documents` (`team_id`,`updated_at`);
--> statement-breakpoint
CREATE INDEX `documents_cycle_idx` ON `documents` (`cycle_id`);
--> statement-breakpoint
-- The search index's triggers went with the old table; the rows they index are the same rows.
CREATE TRIGGER `documents_search_insert` AFTER INSERT ON `documents` BEGIN
	INSERT INTO `search_refs` (`kind`, `ref_id`, `team_id`) VALUES ('document', new.`id`, new.`team_id`);
	INSERT INTO `search_index` (`rowid`, `title`, `body`, `tags`)
		VALUES ((SELECT `rowid` FROM `search_refs` WHERE `kind` = 'document' AND `ref_id` = new.`id`), new.`title`, new.`search_text`, new.`tags`);
END;
--> statement-breakpoint
CREATE TRIGGER `documents_search_update` AFTER UPDATE OF `title`, `search_text`, `tags` ON `documents` BEGIN
	UPDATE `search_index` SET `title` = new.`title`, `body` = new.`search_text`, `tags` = new.`tags`
		WHERE `rowid` = (SELECT `rowid` FROM `search_refs` WHERE `kind` = 'document' AND `ref_id` = new.`id`);
END;
--> statement-breakpoint
CREATE TRIGGER `documents_search_delete` AFTER DELETE ON `documents` BEGIN
	DELETE FROM `search_index` WHERE `rowid` = (SELECT `rowid` FROM `search_refs` WHERE `kind` = 'document' AND `ref_id` = old.`id`);
	DELETE FROM `search_refs` WHERE `kind` = 'document' AND `ref_id` = old.`id`;
END;

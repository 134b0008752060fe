-- Full-text search (SQLite FTS5) over team documents, cycles and published copies, kept current by
-- triggers. unicode61 folds case for every letter (Ø→ø, Æ→æ, Å→å) and, with remove_diacritics 0,
-- keeps å, æ and ø letters of their own ("gå" is not "ga"). secure-delete removes a deleted row's
-- words from the index at once: deleted text leaves nothing behind (DESIGN §5).
-- search_refs gives each indexed thing a stable integer rowid (our ids are text, and a table's
-- implicit rowid may change on VACUUM), so an update or delete touches one index row.
CREATE TABLE `search_refs` (
	`rowid` integer PRIMARY KEY AUTOINCREMENT,
	`kind` text NOT NULL,
	`ref_id` text NOT NULL,
	`team_id` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `search_refs_ref_idx` ON `search_refs` (`kind`, `ref_id`);
--> statement-breakpoint
CREATE INDEX `search_refs_team_idx` ON `search_refs` (`team_id`);
--> statement-breakpoint
CREATE VIRTUAL TABLE `search_index` USING fts5(title, body, tags, tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3');
--> statement-breakpoint
INSERT INTO `search_index` (`search_index`, `rank`) VALUES ('secure-delete', 1);
--> statement-breakpoint
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
--> statement-breakpoint
CREATE TRIGGER `cycles_search_insert` AFTER INSERT ON `cycles` BEGIN
	INSERT INTO `search_refs` (`kind`, `ref_id`, `team_id`) VALUES ('cycle', new.`id`, new.`team_id`);
	INSERT INTO `search_index` (`rowid`, `title`, `body`, `tags`)
		VALUES ((SELECT `rowid` FROM `search_refs` WHERE `kind` = 'cycle' AND `ref_id` = new.`id`), new.`title`, new.`research_question`, new.`tags`);
END;
--> statement-breakpoint
CREATE TRIGGER `cycles_search_update` AFTER UPDATE OF `title`, `research_question`, `tags` ON `cycles` BEGIN
	UPDATE `search_index` SET `title` = new.`title`, `body` = new.`research_question`, `tags` = new.`tags`
		WHERE `rowid` = (SELECT `rowid` FROM `search_refs` WHERE `kind` = 'cycle' AND `ref_id` = new.`id`);
END;
--> statement-breakpoint
CREATE TRIGGER `cycles_search_delete` AFTER DELETE ON `cycles` BEGIN
	DELETE FROM `search_index` WHERE `rowid` = (SELECT `rowid` FROM `search_refs` WHERE `kind` = 'cycle' AND `ref_id` = old.`id`);
	DELETE FROM `search_refs` WHERE `kind` = 'cycle' AND `ref_id` = old.`id`;
END;
--> statement-breakpoint
-- A published copy is in the index while it is published; withdrawing it takes it out.
CREATE TRIGGER `published_search_insert` AFTER INSERT ON `published_documents` WHEN new.`withdrawn_at` IS NULL BEGIN
	INSERT INTO `search_refs` (`kind`, `ref_id`, `team_id`) VALUES ('published', new.`id`, new.`team_id`);
	INSERT INTO `search_index` (`rowid`, `title`, `body`, `tags`)
		VALUES ((SELECT `rowid` FROM `search_refs` WHERE `kind` = 'published' AND `ref_id` = new.`id`), new.`title`, new.`text`, new.`tags`);
END;
--> statement-breakpoint
CREATE TRIGGER `published_search_withdraw` AFTER UPDATE OF `withdrawn_at` ON `published_documents` WHEN new.`withdrawn_at` IS NOT NULL BEGIN
	DELETE FROM `search_index` WHERE `rowid` = (SELECT `rowid` FROM `search_refs` WHERE `kind` = 'published' AND `ref_id` = new.`id`);
	DELETE FROM `search_refs` WHERE `kind` = 'published' AND `ref_id` = new.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `published_search_delete` AFTER DELETE ON `published_documents` BEGIN
	DELETE FROM `search_index` WHERE `rowid` = (SELECT `rowid` FROM `search_refs` WHERE `kind` = 'published' AND `ref_id` = old.`id`);
	DELETE FROM `search_refs` WHERE `kind` = 'published' AND `ref_id` = old.`id`;
END;
--> statement-breakpoint
INSERT INTO `search_refs` (`kind`, `ref_id`, `team_id`) SELECT 'document', `id`, `team_id` FROM `documents`;
--> statement-breakpoint
INSERT INTO `search_refs` (`kind`, `ref_id`, `team_id`) SELECT 'cycle', `id`, `team_id` FROM `cycles`;
--> statement-breakpoint
INSERT INTO `search_index` (`rowid`, `title`, `body`, `tags`)
	SELECT r.`rowid`, d.`title`, d.`search_text`, d.`tags` FROM `documents` d JOIN `search_refs` r ON r.`kind` = 'document' AND r.`ref_id` = d.`id`;
--> statement-breakpoint
INSERT INTO `search_index` (`rowid`, `title`, `body`, `tags`)
	SELECT r.`rowid`, c.`title`, c.`research_question`, c.`tags` FROM `cycles` c JOIN `search_refs` r ON r.`kind` = 'cycle' AND r.`ref_id` = c.`id`;

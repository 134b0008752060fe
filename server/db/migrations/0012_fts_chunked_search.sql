-- Full-text search in pieces (issue 18). A document's text is indexed as chunks of a few hundred
-- characters (server/search/text-chunks.ts), so an edit rewrites only the chunks whose text changed:
-- with secure-delete, rewriting a 100 kB text took 50-60 ms of the one thread that also serves every
-- socket. No prefix indexes any more (0010 had prefix = '2 3'): secure-delete has to find and rewrite
-- every deleted word's entry in each of them, a third of the cost each, while a prefix query ("brø"*)
-- without them scans the words' range instead and stays within milliseconds (bench search-reindex).
-- Each indexed thing (search_refs.rowid = ref) owns the index rowids ref * 2^20 ... ref * 2^20 + 2^20 - 1:
-- row ref * 2^20 holds its title and tags (and, for cycles and published copies, its whole body), the rows
-- after it a document's text chunks, written by server/search/full-text.ts (storeSearchText) — chunking
-- and comparing texts is not something SQL does cheaply. The triggers keep titles and tags current, put a
-- new document's text in as one chunk (split at its first edit), and delete every chunk with the row.
DROP TRIGGER `documents_search_insert`;
--> statement-breakpoint
DROP TRIGGER `documents_search_update`;
--> statement-breakpoint
DROP TRIGGER `documents_search_delete`;
--> statement-breakpoint
DROP TRIGGER `cycles_search_insert`;
--> statement-breakpoint
DROP TRIGGER `cycles_search_update`;
--> statement-breakpoint
DROP TRIGGER `cycles_search_delete`;
--> statement-breakpoint
DROP TRIGGER `published_search_insert`;
--> statement-breakpoint
DROP TRIGGER `published_search_withdraw`;
--> statement-breakpoint
DROP TRIGGER `published_search_delete`;
--> statement-breakpoint
DROP TABLE `search_index`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `search_index` USING fts5(title, body, tags, tokenize = 'unicode61 remove_diacritics 0');
--> statement-breakpoint
INSERT INTO `search_index` (`search_index`, `rank`) VALUES ('secure-delete', 1);
--> statement-breakpoint
CREATE TRIGGER `documents_search_insert` AFTER INSERT ON `documents` BEGIN
	INSERT INTO `search_refs` (`kind`, `ref_id`, `team_id`) VALUES ('document', new.`id`, new.`team_id`);
	INSERT INTO `search_index` (`rowid`, `title`, `body`, `tags`)
		VALUES ((SELECT `rowid` FROM `search_refs` WHERE `kind` = 'document' AND `ref_id` = new.`id`) * 1048576, new.`title`, '', new.`tags`);
	INSERT INTO `search_index` (`rowid`, `title`, `body`, `tags`)
		SELECT `rowid` * 1048576 + 1, '', new.`search_text`, '' FROM `search_refs` WHERE `kind` = 'document' AND `ref_id` = new.`id` AND new.`search_text` <> '';
END;
--> statement-breakpoint
CREATE TRIGGER `documents_search_update` AFTER UPDATE OF `title`, `tags` ON `documents` BEGIN
	UPDATE `search_index` SET `title` = new.`title`, `tags` = new.`tags`
		WHERE `rowid` = (SELECT `rowid` FROM `search_refs` WHERE `kind` = 'document' AND `ref_id` = new.`id`) * 1048576;
END;
--> statement-breakpoint
CREATE TRIGGER `documents_search_delete` AFTER DELETE ON `documents` BEGIN
	DELETE FROM `search_index` WHERE `rowid` BETWEEN (SELECT `rowid` FROM `search_refs` WHERE `kind` = 'document' AND `ref_id` = old.`id`) * 1048576
		AND (SELECT `rowid` FROM `search_refs` WHERE `kind` = 'document' AND `ref_id` = old.`id`) * 1048576 + 1048575;
	DELETE FROM `search_refs` WHERE `kind` = 'document' AND `ref_id` = old.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `cycles_search_insert` AFTER INSERT ON `cycles` BEGIN
	INSERT INTO `search_refs` (`kind`, `ref_id`, `team_id`) VALUES ('cycle', new.`id`, new.`team_id`);
	INSERT INTO `search_index` (`rowid`, `title`, `body`, `tags`)
		VALUES ((SELECT `rowid` FROM `search_refs` WHERE `kind` = 'cycle' AND `ref_id` = new.`id`) * 1048576, new.`title`, new.`research_question`, new.`tags`);
END;
--> statement-breakpoint
CREATE TRIGGER `cycles_search_update` AFTER UPDATE OF `title`, `research_question`, `tags` ON `cycles` BEGIN
	UPDATE `search_index` SET `title` = new.`title`, `body` = new.`research_question`, `tags` = new.`tags`
		WHERE `rowid` = (SELECT `rowid` FROM `search_refs` WHERE `kind` = 'cycle' AND `ref_id` = new.`id`) * 1048576;
END;
--> statement-breakpoint
CREATE TRIGGER `cycles_search_delete` AFTER DELETE ON `cycles` BEGIN
	DELETE FROM `search_index` WHERE `rowid` = (SELECT `rowid` FROM `search_refs` WHERE `kind` = 'cycle' AND `ref_id` = old.`id`) * 1048576;
	DELETE FROM `search_refs` WHERE `kind` = 'cycle' AND `ref_id` = old.`id`;
END;
--> statement-breakpoint
-- A published copy is in the index while it is published; withdrawing it takes it out.
CREATE TRIGGER `published_search_insert` AFTER INSERT ON `published_documents` WHEN new.`withdrawn_at` IS NULL BEGIN
	INSERT INTO `search_refs` (`kind`, `ref_id`, `team_id`) VALUES ('published', new.`id`, new.`team_id`);
	INSERT INTO `search_index` (`rowid`, `title`, `body`, `tags`)
		VALUES ((SELECT `rowid` FROM `search_refs` WHERE `kind` = 'published' AND `ref_id` = new.`id`) * 1048576, new.`title`, new.`text`, new.`tags`);
END;
--> statement-breakpoint
CREATE TRIGGER `published_search_withdraw` AFTER UPDATE OF `withdrawn_at` ON `published_documents` WHEN new.`withdrawn_at` IS NOT NULL BEGIN
	DELETE FROM `search_index` WHERE `rowid` = (SELECT `rowid` FROM `search_refs` WHERE `kind` = 'published' AND `ref_id` = new.`id`) * 1048576;
	DELETE FROM `search_refs` WHERE `kind` = 'published' AND `ref_id` = new.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `published_search_delete` AFTER DELETE ON `published_documents` BEGIN
	DELETE FROM `search_index` WHERE `rowid` = (SELECT `rowid` FROM `search_refs` WHERE `kind` = 'published' AND `ref_id` = old.`id`) * 1048576;
	DELETE FROM `search_refs` WHERE `kind` = 'published' AND `ref_id` = old.`id`;
END;
--> statement-breakpoint
INSERT INTO `search_index` (`rowid`, `title`, `body`, `tags`)
	SELECT r.`rowid` * 1048576, d.`title`, '', d.`tags` FROM `documents` d JOIN `search_refs` r ON r.`kind` = 'document' AND r.`ref_id` = d.`id`;
--> statement-breakpoint
INSERT INTO `search_index` (`rowid`, `title`, `body`, `tags`)
	SELECT r.`rowid` * 1048576 + 1, '', d.`search_text`, '' FROM `documents` d JOIN `search_refs` r ON r.`kind` = 'document' AND r.`ref_id` = d.`id` WHERE d.`search_text` <> '';
--> statement-breakpoint
INSERT INTO `search_index` (`rowid`, `title`, `body`, `tags`)
	SELECT r.`rowid` * 1048576, c.`title`, c.`research_question`, c.`tags` FROM `cycles` c JOIN `search_refs` r ON r.`kind` = 'cycle' AND r.`ref_id` = c.`id`;
--> statement-breakpoint
INSERT INTO `search_index` (`rowid`, `title`, `body`, `tags`)
	SELECT r.`rowid` * 1048576, p.`title`, p.`text`, p.`tags` FROM `published_documents` p JOIN `search_refs` r ON r.`kind` = 'published' AND r.`ref_id` = p.`id`;

CREATE TABLE `network_invites` (
	`id` text PRIMARY KEY NOT NULL,
	`network_id` text NOT NULL,
	`token_hash` text NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`used_by_school` text,
	FOREIGN KEY (`network_id`) REFERENCES `networks`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`used_by_school`) REFERENCES `schools`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `network_invites_token_idx` ON `network_invites` (`token_hash`);--> statement-breakpoint
CREATE INDEX `network_invites_network_idx` ON `network_invites` (`network_id`);--> statement-breakpoint
CREATE TABLE `network_schools` (
	`network_id` text NOT NULL,
	`school_id` text NOT NULL,
	`joined_by` text,
	`joined_at` integer NOT NULL,
	PRIMARY KEY(`network_id`, `school_id`),
	FOREIGN KEY (`network_id`) REFERENCES `networks`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`school_id`) REFERENCES `schools`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`joined_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `network_schools_school_idx` ON `network_schools` (`school_id`);--> statement-breakpoint
CREATE TABLE `networks` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `published_documents` (
	`id` text PRIMARY KEY NOT NULL,
	`team_id` text NOT NULL,
	`school_id` text NOT NULL,
	`source_document_id` text,
	`scope` text NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`tags` text DEFAULT '[]' NOT NULL,
	`subject` text DEFAULT '' NOT NULL,
	`grade` text DEFAULT '' NOT NULL,
	`research_question` text DEFAULT '' NOT NULL,
	`content` blob,
	`text` text DEFAULT '' NOT NULL,
	`references_found` integer DEFAULT 0 NOT NULL,
	`published_by` text,
	`published_at` integer NOT NULL,
	`withdrawn_at` integer,
	`withdrawn_by` text,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`school_id`) REFERENCES `schools`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`source_document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`published_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`withdrawn_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `published_school_idx` ON `published_documents` (`school_id`,`published_at`);--> statement-breakpoint
CREATE INDEX `published_team_idx` ON `published_documents` (`team_id`);--> statement-breakpoint
CREATE INDEX `published_source_idx` ON `published_documents` (`source_document_id`);--> statement-breakpoint
ALTER TABLE `action_items` ADD `text` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `cycles` ADD `origin_published_id` text;--> statement-breakpoint
CREATE INDEX `cycles_origin_idx` ON `cycles` (`origin_published_id`);--> statement-breakpoint
ALTER TABLE `documents` ADD `meeting_url` text;--> statement-breakpoint
ALTER TABLE `school_admins` ADD `granted_by` text;
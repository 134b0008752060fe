CREATE TABLE `cycles` (
	`id` text PRIMARY KEY NOT NULL,
	`team_id` text NOT NULL,
	`title` text NOT NULL,
	`research_question` text DEFAULT '' NOT NULL,
	`tags` text DEFAULT '[]' NOT NULL,
	`phase` text DEFAULT 'plan' NOT NULL,
	`round` integer DEFAULT 1 NOT NULL,
	`planned_rounds` integer DEFAULT 3 NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`archived_at` integer,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `cycles_team_idx` ON `cycles` (`team_id`,`updated_at`);--> statement-breakpoint
CREATE TABLE `team_visits` (
	`team_id` text NOT NULL,
	`user_id` text NOT NULL,
	`visited_at` integer NOT NULL,
	PRIMARY KEY(`team_id`, `user_id`),
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `documents` ADD `cycle_id` text REFERENCES cycles(id);--> statement-breakpoint
ALTER TABLE `documents` ADD `round` integer;--> statement-breakpoint
ALTER TABLE `documents` ADD `tags` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `documents` ADD `derived_from` text;--> statement-breakpoint
ALTER TABLE `documents` ADD `last_edited_by` text REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `documents` ADD `search_text` text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX `documents_cycle_idx` ON `documents` (`cycle_id`);--> statement-breakpoint
ALTER TABLE `teams` ADD `focus` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `teams` ADD `focus_tags` text DEFAULT '[]' NOT NULL;
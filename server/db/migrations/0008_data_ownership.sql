CREATE TABLE `audit_events` (
	`id` text PRIMARY KEY NOT NULL,
	`team_id` text NOT NULL,
	`actor_id` text,
	`action` text NOT NULL,
	`target_type` text NOT NULL,
	`target_id` text,
	`detail` text DEFAULT '{}' NOT NULL,
	`address` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `audit_team_idx` ON `audit_events` (`team_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `audit_created_idx` ON `audit_events` (`created_at`);--> statement-breakpoint
ALTER TABLE `cycles` ADD `observation_retention_days` integer DEFAULT 30 NOT NULL;--> statement-breakpoint
ALTER TABLE `cycles` ADD `closed_at` integer;--> statement-breakpoint
ALTER TABLE `cycles` ADD `observations_deleted_at` integer;--> statement-breakpoint
ALTER TABLE `documents` ADD `visibility` text DEFAULT 'team' NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `deleted_at` integer;
CREATE TABLE `lesson_clocks` (
	`plan_id` text PRIMARY KEY NOT NULL,
	`started_at` integer NOT NULL,
	`started_by` text,
	FOREIGN KEY (`plan_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`started_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);

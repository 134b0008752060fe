CREATE TABLE `meetings` (
	`document_id` text PRIMARY KEY NOT NULL,
	`facilitator_id` text NOT NULL,
	`step` text NOT NULL,
	`step_started_at` integer NOT NULL,
	`started_at` integer NOT NULL,
	`ended_at` integer,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`facilitator_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);

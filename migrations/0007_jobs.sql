CREATE TABLE `jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`pipeline` text NOT NULL,
	`status` text NOT NULL,
	`progress` integer NOT NULL,
	`stage` text,
	`draft` text,
	`result` text,
	`quality` text NOT NULL,
	`routes` text NOT NULL,
	`usage` text NOT NULL,
	`error` text,
	`idempotency_key` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `jobs_user_created_idx` ON `jobs` (`user_id`,`created_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `jobs_user_idempotency_idx` ON `jobs` (`user_id`,`idempotency_key`);
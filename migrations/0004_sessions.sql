CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`title` text,
	`persona` text NOT NULL,
	`participants` text,
	`model` text,
	`context_tokens` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT "sessions_context_tokens_check" CHECK("sessions"."context_tokens" > 0)
);
--> statement-breakpoint
CREATE INDEX `sessions_user_updated_idx` ON `sessions` (`user_id`,`updated_at`);
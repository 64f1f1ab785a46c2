CREATE TABLE `build_drafts` (
	`id` text PRIMARY KEY NOT NULL,
	`submitted_by` text NOT NULL,
	`task_id` text NOT NULL,
	`route` text NOT NULL,
	`profile` text NOT NULL,
	`provider` text NOT NULL,
	`model` text NOT NULL,
	`prompt` text NOT NULL,
	`prompt_hash` text NOT NULL,
	`content` text NOT NULL,
	`response_hash` text NOT NULL,
	`status` text NOT NULL,
	`submitted_at` integer NOT NULL,
	`decided_by` text,
	`decided_at` integer,
	CONSTRAINT "build_drafts_status_check" CHECK("build_drafts"."status" IN ('pending', 'approved', 'rejected'))
);
--> statement-breakpoint
CREATE INDEX `build_drafts_status_submitted_idx` ON `build_drafts` (`status`,`submitted_at`);--> statement-breakpoint
CREATE INDEX `build_drafts_submitter_idx` ON `build_drafts` (`submitted_by`);
CREATE TABLE `answer_checks` (
	`request_id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`feature` text,
	`provider` text,
	`model` text,
	`status` integer NOT NULL,
	`guardrails` text,
	`violation` text,
	`structured` text,
	`error` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `answer_checks_user_created_idx` ON `answer_checks` (`user_id`,`created_at`);
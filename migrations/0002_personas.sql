CREATE TABLE `personas` (
	`id` text PRIMARY KEY NOT NULL,
	`owner_id` text,
	`key` text NOT NULL,
	`visibility` text DEFAULT 'private' NOT NULL,
	`workspace_id` text,
	`name` text NOT NULL,
	`role` text DEFAULT '' NOT NULL,
	`avatar` text,
	`system_prompt` text DEFAULT '' NOT NULL,
	`context` text DEFAULT '' NOT NULL,
	`voice` text DEFAULT '' NOT NULL,
	`knowledge` text DEFAULT '[]' NOT NULL,
	`constraints` text DEFAULT '[]' NOT NULL,
	`sample_queries` text DEFAULT '[]' NOT NULL,
	`tags` text DEFAULT '[]' NOT NULL,
	`tools` text DEFAULT '[]' NOT NULL,
	`profile` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT "personas_visibility_check" CHECK("personas"."visibility" in ('private', 'workspace')),
	CONSTRAINT "personas_workspace_check" CHECK(("personas"."visibility" = 'workspace') = ("personas"."workspace_id" is not null)),
	CONSTRAINT "personas_system_private_check" CHECK("personas"."owner_id" is not null or "personas"."visibility" = 'private')
);
--> statement-breakpoint
CREATE UNIQUE INDEX `personas_owner_key_idx` ON `personas` (`owner_id`,`key`);--> statement-breakpoint
CREATE UNIQUE INDEX `personas_system_key_idx` ON `personas` (`key`) WHERE owner_id is null;--> statement-breakpoint
CREATE INDEX `personas_workspace_idx` ON `personas` (`workspace_id`) WHERE workspace_id is not null;
CREATE TABLE `prompt_labels` (
	`name` text NOT NULL,
	`label` text NOT NULL,
	`target` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`name`, `label`)
);
--> statement-breakpoint
CREATE TABLE `prompt_versions` (
	`name` text NOT NULL,
	`version` integer NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`messages` text NOT NULL,
	`variables` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`name`, `version`),
	CONSTRAINT "prompt_versions_version_check" CHECK("prompt_versions"."version" >= 1)
);

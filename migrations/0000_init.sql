CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`name` text NOT NULL,
	`key_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`revoked_at` integer,
	`last_used_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_key_hash_unique` ON `api_keys` (`key_hash`);--> statement-breakpoint
CREATE INDEX `api_keys_user_id_idx` ON `api_keys` (`user_id`);--> statement-breakpoint
CREATE TABLE `own_provider_keys` (
	`user_id` text NOT NULL,
	`provider` text NOT NULL,
	`ciphertext` text NOT NULL,
	`iv` text NOT NULL,
	`key_version` integer NOT NULL,
	`last4` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `provider`),
	CONSTRAINT "own_provider_keys_key_version_check" CHECK("own_provider_keys"."key_version" >= 1)
);
--> statement-breakpoint
CREATE TABLE `usage_daily` (
	`user_id` text NOT NULL,
	`date` text NOT NULL,
	`provider` text NOT NULL,
	`model` text NOT NULL,
	`requests` integer DEFAULT 0 NOT NULL,
	`cached_requests` integer DEFAULT 0 NOT NULL,
	`tokens_in` integer DEFAULT 0 NOT NULL,
	`tokens_out` integer DEFAULT 0 NOT NULL,
	`cached_tokens` integer DEFAULT 0 NOT NULL,
	`cost_usd` real DEFAULT 0 NOT NULL,
	`estimated` integer DEFAULT false NOT NULL,
	PRIMARY KEY(`user_id`, `date`, `provider`, `model`)
);
--> statement-breakpoint
CREATE INDEX `usage_daily_date_idx` ON `usage_daily` (`date`);--> statement-breakpoint
CREATE TABLE `user_settings` (
	`user_id` text PRIMARY KEY NOT NULL,
	`preferred_model` text,
	`favorite_models` text DEFAULT '[]' NOT NULL,
	`ai_enabled` integer DEFAULT true NOT NULL,
	`usage_limit` integer,
	`usage_period` text DEFAULT 'monthly' NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT "user_settings_usage_period_check" CHECK("user_settings"."usage_period" in ('daily', 'monthly')),
	CONSTRAINT "user_settings_usage_limit_check" CHECK("user_settings"."usage_limit" is null or "user_settings"."usage_limit" >= 0)
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`plan` text DEFAULT 'free' NOT NULL,
	`email_verified` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT "users_plan_check" CHECK("users"."plan" in ('free', 'pro', 'premium'))
);

import { sql } from "drizzle-orm";
import { check, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** `GET/PUT /v1/settings`: one row per user, absent until the user first saves. */
export const userSettings = sqliteTable("user_settings", {
  userId: text("user_id").primaryKey(),
  /** A profile name or `provider/model`; null follows the resolution chain. */
  preferredModel: text("preferred_model"),
  favoriteModels: text("favorite_models", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
  aiEnabled: integer("ai_enabled", { mode: "boolean" }).notNull().default(true),
  /** Requests per `usagePeriod`; null means no personal limit. */
  usageLimit: integer("usage_limit"),
  usagePeriod: text("usage_period", { enum: ["daily", "monthly"] }).notNull().default("monthly"),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
}, (table) => [
  check("user_settings_usage_period_check", sql`${table.usagePeriod} in ('daily', 'monthly')`),
  check("user_settings_usage_limit_check", sql`${table.usageLimit} is null or ${table.usageLimit} >= 0`),
]);

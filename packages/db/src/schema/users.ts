import { sql } from "drizzle-orm";
import { check, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Users as last seen in a credential. JWTs carry the plan, API keys do not:
 * this row is where an API key's user finds its plan, and where admin usage
 * reports find plans.
 */
export const users = sqliteTable("users", {
  id: text("id").primaryKey(),
  plan: text("plan", { enum: ["free", "pro", "premium"] }).notNull().default("free"),
  emailVerified: integer("email_verified", { mode: "boolean" }).notNull().default(false),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
}, (table) => [
  check("users_plan_check", sql`${table.plan} in ('free', 'pro', 'premium')`),
]);

export type Plan = (typeof users.$inferSelect)["plan"];

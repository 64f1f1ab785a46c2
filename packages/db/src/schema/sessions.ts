import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * The caller's theatre-mode sessions (`/v1/sessions`): what a session is and
 * whose. The thread itself lives in the session's `SessionThread` Durable
 * Object (docs/storage.md).
 */
export const sessions = sqliteTable("sessions", {
  id: text("id").primaryKey(),
  userId: text("user_id").notNull(),
  title: text("title"),
  /** The default speaker's ref. */
  persona: text("persona").notNull(),
  /** JSON array of refs that may speak; null: any persona the user can see. */
  participants: text("participants", { mode: "json" }).$type<string[]>(),
  /** A profile name or `provider/model` for every turn; null follows the resolution chain. */
  model: text("model"),
  contextTokens: integer("context_tokens").notNull(),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  /** Moves with every change, and to the last message's time (written by the thread object's alarm): the list shows the latest first. */
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
}, (table) => [
  index("sessions_user_updated_idx").on(table.userId, table.updatedAt),
  check("sessions_context_tokens_check", sql`${table.contextTokens} > 0`),
]);

import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Server-to-server `ck_...` keys. Only the SHA-256 of the key is kept; the key is shown once. */
export const apiKeys = sqliteTable("api_keys", {
  id: text("id").primaryKey(),
  userId: text("user_id").notNull(),
  name: text("name").notNull(),
  /** Hex SHA-256 of the whole key: keys are 256 random bits, so a fast hash cannot be brute-forced. */
  keyHash: text("key_hash").notNull().unique(),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
  lastUsedAt: integer("last_used_at", { mode: "timestamp_ms" }),
}, (table) => [
  index("api_keys_user_id_idx").on(table.userId),
]);

import type { ProviderId } from "@chorus/core";
import { sql } from "drizzle-orm";
import { check, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * A user's own provider keys, AES-256-GCM encrypted (workers/gateway/src/crypto).
 * The plaintext never reaches this table; `last4` is all that may be shown.
 */
export const ownProviderKeys = sqliteTable("own_provider_keys", {
  userId: text("user_id").notNull(),
  provider: text("provider").$type<ProviderId>().notNull(),
  /** Base64 of the GCM output (ciphertext followed by the 16-byte tag). */
  ciphertext: text("ciphertext").notNull(),
  /** Base64 of the 12-byte IV, random per record. */
  iv: text("iv").notNull(),
  /** Which encryption key sealed it, so rotation can find the rows still on an old one. */
  keyVersion: integer("key_version").notNull(),
  last4: text("last4").notNull(),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
}, (table) => [
  primaryKey({ columns: [table.userId, table.provider] }),
  check("own_provider_keys_key_version_check", sql`${table.keyVersion} >= 1`),
]);

import type { ProviderId } from "@chorus/core";
import { index, integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Served requests per user, UTC day, provider and model. Written by
 * upsert-increment after each response, so concurrent writers add up.
 */
export const usageDaily = sqliteTable("usage_daily", {
  userId: text("user_id").notNull(),
  /** UTC day, `YYYY-MM-DD`. */
  date: text("date").notNull(),
  provider: text("provider").$type<ProviderId>().notNull(),
  model: text("model").notNull(),
  requests: integer("requests").notNull().default(0),
  /** Answered from the cache: counted as requests, with 0 tokens and 0 cost. */
  cachedRequests: integer("cached_requests").notNull().default(0),
  /** Served with the user's own provider key: tokens counted, cost 0 (the provider bills that key). */
  ownKeyRequests: integer("own_key_requests").notNull().default(0),
  /** Served after a fallback: a candidate before the one that served failed or was skipped (`x-chorus-fallback`). */
  fallbackRequests: integer("fallback_requests").notNull().default(0),
  tokensIn: integer("tokens_in").notNull().default(0),
  tokensOut: integer("tokens_out").notNull().default(0),
  /** Input tokens the provider served from its prompt cache (a part of `tokensIn`). */
  cachedTokens: integer("cached_tokens").notNull().default(0),
  costUsd: real("cost_usd").notNull().default(0),
  /** Some request in the row had no provider usage (token counts estimated) or no price. */
  estimated: integer("estimated", { mode: "boolean" }).notNull().default(false),
}, (table) => [
  // Leading user_id: the caller's own range query is a prefix scan of the key.
  primaryKey({ columns: [table.userId, table.date, table.provider, table.model] }),
  index("usage_daily_date_idx").on(table.date),
]);

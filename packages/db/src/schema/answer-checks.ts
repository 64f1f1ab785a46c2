import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * How each answer of a request with guardrails or structured output came
 * through them (CONTRACT.md "Guardrails and structured output"): one row per
 * request, the owner's, for the audit trail. Requests without checks write
 * nothing here.
 */
export const answerChecks = sqliteTable("answer_checks", {
  /** The request's id (`x-chorus-request-id`). */
  requestId: text("request_id").primaryKey(),
  userId: text("user_id").notNull(),
  /** `x-chorus-feature`; null for structured output without a feature. */
  feature: text("feature"),
  /** Who served the answer; null when none did (a block, a 422). */
  provider: text("provider"),
  model: text("model"),
  status: integer("status").notNull(),
  /** passed | redacted | retried | fallback; null when no rail ran. */
  guardrails: text("guardrails"),
  /** The rail a stream broke, or that made the fallback served. */
  violation: text("violation"),
  /** valid | repaired | fallback; null without `response_format: json_schema`. */
  structured: text("structured"),
  /** The error code the request ended with, if any (`guardrail_violation`, ...). */
  error: text("error"),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
}, (table) => [index("answer_checks_user_created_idx").on(table.userId, table.createdAt)]);

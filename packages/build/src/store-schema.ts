import { sql } from "drizzle-orm";
import { primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * The prompt store (`store/prompts.db`). One row per answer a model gave for
 * one task's request from one candidate, keyed by `key`: SHA-256 of the
 * canonical JSON of (template name and version, variables, rendered
 * messages, profile, provider, model, parameters). No timestamps: a rebuild
 * with nothing changed leaves the file byte for byte as it was.
 */
export const answers = sqliteTable("answers", {
  key: text("key").primaryKey(),
  taskId: text("task_id").notNull(),
  route: text("route").notNull(),
  profile: text("profile").notNull(),
  provider: text("provider").notNull(),
  model: text("model").notNull(),
  /** `name@version` of the template, or null for inline messages. */
  promptRef: text("prompt_ref"),
  /** The request as sent, less the model: canonical JSON of {messages, response_format?, parameters}. */
  prompt: text("prompt").notNull(),
  promptHash: text("prompt_hash").notNull(),
  /** The answer as served (after a `redact` rail). */
  response: text("response").notNull(),
  responseHash: text("response_hash").notNull(),
  /** Why this candidate served: the profile and the candidates given up on before it. */
  rationale: text("rationale").notNull(),
  guardrailStatus: text("guardrail_status", { enum: ["ok", "violated"] }).notNull(),
  /** The rail and what was wrong, for a violation (never the offending text). */
  guardrailDetail: text("guardrail_detail"),
  /** `none` for tasks without review; `pending` until `chorus-build approve`, then `approved`. */
  approval: text("approval", { enum: ["none", "pending", "approved"] }).notNull(),
});

/** A task served from its curated fallback: why, once per task and request. */
export const incidents = sqliteTable("incidents", {
  taskId: text("task_id").notNull(),
  promptHash: text("prompt_hash").notNull(),
  reason: text("reason").notNull(),
  fallbackPath: text("fallback_path"),
}, (table) => [primaryKey({ columns: [table.taskId, table.promptHash] })]);

export type AnswerRow = typeof answers.$inferSelect;
export type IncidentRow = typeof incidents.$inferSelect;

/**
 * The CLI creates its store when missing (a build tool has no migration
 * step): the same columns as the tables above, which the tests write and
 * read through drizzle.
 */
export const CREATE_TABLES = [
  sql`CREATE TABLE IF NOT EXISTS answers (
    key TEXT PRIMARY KEY NOT NULL,
    task_id TEXT NOT NULL,
    route TEXT NOT NULL,
    profile TEXT NOT NULL,
    provider TEXT NOT NULL,
    model TEXT NOT NULL,
    prompt_ref TEXT,
    prompt TEXT NOT NULL,
    prompt_hash TEXT NOT NULL,
    response TEXT NOT NULL,
    response_hash TEXT NOT NULL,
    rationale TEXT NOT NULL,
    guardrail_status TEXT NOT NULL CHECK (guardrail_status IN ('ok', 'violated')),
    guardrail_detail TEXT,
    approval TEXT NOT NULL CHECK (approval IN ('none', 'pending', 'approved'))
  )`,
  sql`CREATE INDEX IF NOT EXISTS answers_task ON answers (task_id)`,
  sql`CREATE TABLE IF NOT EXISTS incidents (
    task_id TEXT NOT NULL,
    prompt_hash TEXT NOT NULL,
    reason TEXT NOT NULL,
    fallback_path TEXT,
    PRIMARY KEY (task_id, prompt_hash)
  )`,
];

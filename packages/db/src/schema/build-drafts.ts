import { BUILD_DRAFT_STATUSES } from "@chorus/core";
import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * chorus-build's answers to `requiresApproval` tasks, submitted for review
 * (CONTRACT.md "Build-time generation for Next.js"). Keyed by the answer's
 * key in the build's prompt store; a row belongs to the user whose key
 * submitted it, and admins decide it.
 */
export const buildDrafts = sqliteTable("build_drafts", {
  id: text("id").primaryKey(),
  submittedBy: text("submitted_by").notNull(),
  taskId: text("task_id").notNull(),
  route: text("route").notNull(),
  profile: text("profile").notNull(),
  provider: text("provider").notNull(),
  model: text("model").notNull(),
  prompt: text("prompt").notNull(),
  promptHash: text("prompt_hash").notNull(),
  content: text("content").notNull(),
  responseHash: text("response_hash").notNull(),
  status: text("status", { enum: BUILD_DRAFT_STATUSES }).notNull(),
  /** When this content was first submitted: a resubmission of other content starts review again. */
  submittedAt: integer("submitted_at", { mode: "timestamp_ms" }).notNull(),
  decidedBy: text("decided_by"),
  decidedAt: integer("decided_at", { mode: "timestamp_ms" }),
}, (table) => [
  index("build_drafts_status_submitted_idx").on(table.status, table.submittedAt),
  index("build_drafts_submitter_idx").on(table.submittedBy),
  check("build_drafts_status_check", sql`${table.status} IN ('pending', 'approved', 'rejected')`),
]);

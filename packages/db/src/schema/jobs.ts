import type { JobQuality, JobRoute, JobStatus, JobUsage } from "@chorus/core";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/**
 * The caller's pipeline jobs (`/v1/jobs`): what each ran, how far it got and
 * what it made. The run itself is a Workflow instance of the same id; its
 * events are in the job's `JobLog` Durable Object (docs/storage.md).
 */
export const jobs = sqliteTable("jobs", {
  id: text("id").primaryKey(),
  userId: text("user_id").notNull(),
  pipeline: text("pipeline").notNull(),
  status: text("status").$type<JobStatus>().notNull(),
  progress: integer("progress").notNull(),
  stage: text("stage"),
  draft: text("draft", { mode: "json" }).$type<unknown>(),
  result: text("result", { mode: "json" }).$type<unknown>(),
  quality: text("quality", { mode: "json" }).$type<JobQuality>().notNull(),
  routes: text("routes", { mode: "json" }).$type<JobRoute[]>().notNull(),
  usage: text("usage", { mode: "json" }).$type<JobUsage>().notNull(),
  error: text("error", { mode: "json" }).$type<{ code: string; message: string }>(),
  idempotencyKey: text("idempotency_key"),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
}, (table) => [
  index("jobs_user_created_idx").on(table.userId, table.createdAt),
  uniqueIndex("jobs_user_idempotency_idx").on(table.userId, table.idempotencyKey),
]);

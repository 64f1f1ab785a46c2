import type { PromptMessage } from "@chorus/core";
import { sql } from "drizzle-orm";
import { check, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Prompt templates, one row per version (CONTRACT.md "Prompt templates").
 * A row is written once and never updated: versions are immutable.
 */
export const promptVersions = sqliteTable("prompt_versions", {
  name: text("name").notNull(),
  /** 1, 2, 3, ... per name, with no gaps. */
  version: integer("version").notNull(),
  description: text("description").notNull().default(""),
  messages: text("messages", { mode: "json" }).$type<PromptMessage[]>().notNull(),
  /** JSON Schema of the variables. */
  variables: text("variables", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
}, (table) => [
  primaryKey({ columns: [table.name, table.version] }),
  check("prompt_versions_version_check", sql`${table.version} >= 1`),
]);

import type { PromptLabelTarget } from "@chorus/core";
import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * A template's movable labels (`production`, any slug); `latest` is never
 * stored, it is always the newest version.
 */
export const promptLabels = sqliteTable("prompt_labels", {
  name: text("name").notNull(),
  label: text("label").notNull(),
  /** A version number, or a weighted split `{"3": 90, "4": 10}`. */
  target: text("target", { mode: "json" }).$type<PromptLabelTarget>().notNull(),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
}, (table) => [primaryKey({ columns: [table.name, table.label] })]);

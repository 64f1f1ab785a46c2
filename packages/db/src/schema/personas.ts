import { PERSONA_VISIBILITIES } from "@chorus/core";
import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

const list = (name: string) => text(name, { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`);

/**
 * Personas: the seeded system ones (`owner_id` NULL, managed by admins) and
 * users' own, private or shared with the owner's workspace. NULL rather than
 * a reserved owner id: no user id can ever equal NULL, whatever a JWT's `sub`
 * may be, so a user can never own or shadow a system persona.
 */
export const personas = sqliteTable("personas", {
  /** Random UUID (a seeded persona: `system-{key}`); a shared persona's ref is `ws:{id}`. */
  id: text("id").primaryKey(),
  /** The user it belongs to; NULL for a system persona. */
  ownerId: text("owner_id"),
  key: text("key").notNull(),
  visibility: text("visibility", { enum: PERSONA_VISIBILITIES }).notNull().default("private"),
  /** The owner's workspace when it was shared; NULL unless `visibility` is `workspace`. */
  workspaceId: text("workspace_id"),
  name: text("name").notNull(),
  role: text("role").notNull().default(""),
  avatar: text("avatar"),
  systemPrompt: text("system_prompt").notNull().default(""),
  context: text("context").notNull().default(""),
  voice: text("voice").notNull().default(""),
  knowledge: list("knowledge"),
  constraints: list("constraints"),
  sampleQueries: list("sample_queries"),
  tags: list("tags"),
  tools: list("tools"),
  profile: text("profile"),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
}, (table) => [
  // Leading owner_id: a user's own personas are a prefix scan, and their keys are unique.
  uniqueIndex("personas_owner_key_idx").on(table.ownerId, table.key),
  // SQLite treats NULLs as distinct in a unique index, so system keys need their own.
  uniqueIndex("personas_system_key_idx").on(table.key).where(sql`owner_id is null`),
  index("personas_workspace_idx").on(table.workspaceId).where(sql`workspace_id is not null`),
  check("personas_visibility_check", sql`${table.visibility} in ('private', 'workspace')`),
  check("personas_workspace_check", sql`(${table.visibility} = 'workspace') = (${table.workspaceId} is not null)`),
  check("personas_system_private_check", sql`${table.ownerId} is not null or ${table.visibility} = 'private'`),
]);

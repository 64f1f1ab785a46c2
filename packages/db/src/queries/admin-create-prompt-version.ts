import type { PromptMessage, PromptVersion } from "@chorus/core";
import { sql } from "drizzle-orm";
import type { ChorusDb } from "../create-db.ts";
import { promptVersions } from "../schema/prompt-versions.ts";
import { toPromptVersion } from "./prompt-rows.ts";

export interface NewPromptVersion {
  name: string;
  description: string;
  messages: PromptMessage[];
  variables: Record<string, unknown>;
}

/**
 * Writes the next version of `name` (1 for a new template). The number is
 * taken in the same statement as the insert, so two admins writing at once
 * get two versions, never one overwriting the other.
 */
export async function adminCreatePromptVersion(db: ChorusDb, input: NewPromptVersion, now: Date = new Date()): Promise<PromptVersion> {
  const next = sql<number>`(select coalesce(max(${promptVersions.version}), 0) + 1 from ${promptVersions} where ${promptVersions.name} = ${input.name})`;
  const row = await db.insert(promptVersions)
    .values({ ...input, version: next, createdAt: now })
    .returning()
    .get();
  return toPromptVersion(row);
}

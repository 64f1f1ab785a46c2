import type { PromptFile } from "@chorus/core";
import { inArray } from "drizzle-orm";
import type { ChorusDb } from "../create-db.ts";
import { promptLabels } from "../schema/prompt-labels.ts";
import { promptVersions } from "../schema/prompt-versions.ts";

/**
 * Writes the shipped versions D1 does not hold yet, with their labels; a
 * version already there (shipped before, or written by an admin) is left as
 * it is, and so are its labels, which an admin may have moved since. Returns
 * how many versions were written.
 */
export async function seedPromptVersions(db: ChorusDb, files: readonly PromptFile[], now: Date = new Date()): Promise<number> {
  if (files.length === 0) return 0;
  const names = [...new Set(files.map((file) => file.name))];
  const held = await db.select({ name: promptVersions.name, version: promptVersions.version }).from(promptVersions).where(inArray(promptVersions.name, names));
  const has = new Set(held.map((row) => `${row.name}@${row.version}`));
  const missing = files.filter((file) => !has.has(`${file.name}@${file.version}`));
  const statements = missing.flatMap((file) => [
    db.insert(promptVersions).values({ name: file.name, version: file.version, description: file.description, messages: file.messages, variables: file.variables, createdAt: now }).onConflictDoNothing(),
    ...(file.labels ?? []).filter((label) => label !== "latest").map((label) => db.insert(promptLabels).values({ name: file.name, label, target: file.version, updatedAt: now })
      .onConflictDoUpdate({ target: [promptLabels.name, promptLabels.label], set: { target: file.version, updatedAt: now } })),
  ]);
  const [first, ...rest] = statements;
  if (first) await db.batch([first, ...rest]);
  return missing.length;
}

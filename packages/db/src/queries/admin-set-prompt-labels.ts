import type { PromptLabelTarget } from "@chorus/core";
import { and, eq } from "drizzle-orm";
import type { ChorusDb } from "../create-db.ts";
import { promptLabels } from "../schema/prompt-labels.ts";

/** Moves each label to its target, or removes it (`null`), in one batch. The caller has checked the versions exist. */
export async function adminSetPromptLabels(db: ChorusDb, name: string, labels: Record<string, PromptLabelTarget | null>, now: Date = new Date()): Promise<void> {
  const statements = Object.entries(labels).map(([label, target]) => target === null
    ? db.delete(promptLabels).where(and(eq(promptLabels.name, name), eq(promptLabels.label, label)))
    : db.insert(promptLabels).values({ name, label, target, updatedAt: now })
      .onConflictDoUpdate({ target: [promptLabels.name, promptLabels.label], set: { target, updatedAt: now } }));
  const [first, ...rest] = statements;
  if (first) await db.batch([first, ...rest]);
}

import type { PromptTemplateRecord } from "@chorus/core";
import { eq } from "drizzle-orm";
import type { ChorusDb } from "../create-db.ts";
import { promptLabels } from "../schema/prompt-labels.ts";
import { promptVersions } from "../schema/prompt-versions.ts";
import { toPromptRecords } from "./prompt-rows.ts";

/** A template with all its versions and labels, in one round trip; undefined when it has no version. Templates are shared, not a user's data. */
export async function findPromptTemplate(db: ChorusDb, name: string): Promise<PromptTemplateRecord | undefined> {
  const [versions, labels] = await db.batch([
    db.select().from(promptVersions).where(eq(promptVersions.name, name)),
    db.select().from(promptLabels).where(eq(promptLabels.name, name)),
  ]);
  return toPromptRecords(versions, labels)[0];
}

import type { PromptTemplateRecord } from "@chorus/core";
import type { ChorusDb } from "../create-db.ts";
import { promptLabels } from "../schema/prompt-labels.ts";
import { promptVersions } from "../schema/prompt-versions.ts";
import { toPromptRecords } from "./prompt-rows.ts";

/** Every template with its versions and labels, by name: a catalogue of tens, read whole in one round trip. */
export async function listPromptTemplates(db: ChorusDb): Promise<PromptTemplateRecord[]> {
  const [versions, labels] = await db.batch([db.select().from(promptVersions), db.select().from(promptLabels)]);
  return toPromptRecords(versions, labels);
}

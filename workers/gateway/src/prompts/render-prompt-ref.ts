import { renderPrompt, resolvePromptVersion, type PromptRef, type RenderedPrompt } from "@chorus/core";
import { promptTemplate } from "./prompt-catalog.ts";

/** The version `ref` selects for `userId` (a split sticky per user), rendered with its variables. */
export async function renderPromptRef(d1: D1Database, userId: string, ref: PromptRef): Promise<RenderedPrompt> {
  const record = await promptTemplate(d1, ref.name);
  const version = resolvePromptVersion(record, ref, userId);
  return { name: record.name, version: version.version, messages: renderPrompt(version, ref.variables) };
}

import { promptNotFound, type PromptFile, type PromptTemplateRecord } from "@chorus/core";
import { createDb, findPromptTemplate, listPromptTemplates, seedPromptVersions } from "@chorus/db";
import { SHIPPED_PROMPTS } from "./shipped-prompts.ts";

/** Per D1 binding, per isolate: the shipped templates are written once, on the first use of any template. */
const seeded = new WeakMap<D1Database, Promise<unknown>>();

/** Makes sure the shipped templates are in D1; a failed seed is tried again by the next request. */
export function ensureShippedPrompts(d1: D1Database, files: readonly PromptFile[] = SHIPPED_PROMPTS): Promise<unknown> {
  let done = seeded.get(d1);
  if (!done) {
    done = seedPromptVersions(createDb(d1), files).catch((error: unknown) => {
      seeded.delete(d1);
      throw error;
    });
    seeded.set(d1, done);
  }
  return done;
}

/** A template by name, shipped ones included; 404 `prompt_not_found` when there is none. */
export async function promptTemplate(d1: D1Database, name: string): Promise<PromptTemplateRecord> {
  await ensureShippedPrompts(d1);
  const record = await findPromptTemplate(createDb(d1), name);
  if (!record) throw promptNotFound(name);
  return record;
}

/** Every template, shipped ones included. */
export async function promptTemplates(d1: D1Database): Promise<PromptTemplateRecord[]> {
  await ensureShippedPrompts(d1);
  return listPromptTemplates(createDb(d1));
}

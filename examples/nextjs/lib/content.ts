import { loadLLMFragment } from "@chorus/build";

export interface Trail {
  slug: string;
  name: string;
  region: string;
  summary: string;
}

/** The text of a longform or metadata task, as generated (or its curated fallback). */
export async function copy(id: string): Promise<string> {
  return (await loadLLMFragment<string>(id)).content;
}

/** The `trails` task: JSON checked against the task's schema before it was accepted. */
export async function trails(): Promise<Trail[]> {
  return (await loadLLMFragment<{ trails: Trail[] }>("trails")).content.trails;
}

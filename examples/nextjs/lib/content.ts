import { loadLLMFragment } from "@chorus/build";

export interface Trail {
  slug: string;
  name: string;
  region: string;
  summary: string;
}

/** The generated text of a task (longform copy, metadata). */
export async function copy(id: string): Promise<string> {
  const fragment = await loadLLMFragment(id);
  return String(fragment.content);
}

/** The `trails` task: a JSON answer checked against the task's schema at generation time. */
export async function trails(): Promise<Trail[]> {
  const fragment = await loadLLMFragment("trails");
  return (fragment.content as { trails: Trail[] }).trails;
}

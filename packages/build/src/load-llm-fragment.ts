import { readFile } from "node:fs/promises";
import { isAbsolute, join, resolve } from "node:path";
import type { BuildManifest, FragmentFile } from "./fragment-types.ts";

/** The default `--out` of `chorus-build generate`, relative to the app (the current directory of `next build`). */
export const DEFAULT_FRAGMENT_DIR = ".next/cache/llm";

export interface LoadLLMFragmentOptions {
  /** Where `generate` wrote (its `--out`); default `CHORUS_LLM_DIR`, else `.next/cache/llm`, relative to the current directory. */
  dir?: string;
}

function fragmentDir(options: LoadLLMFragmentOptions): string {
  const dir = options.dir ?? process.env.CHORUS_LLM_DIR ?? DEFAULT_FRAGMENT_DIR;
  // Read at build time only: without the hint, Next's file tracing (Turbopack) copies the whole project into the output.
  return isAbsolute(dir) ? dir : resolve(/* turbopackIgnore: true */ process.cwd(), dir);
}

async function readJson<T>(path: string, what: string): Promise<T> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    throw new Error(`loadLLMFragment: ${what} not found at ${path}; run chorus-build generate first`);
  }
  return JSON.parse(text) as T;
}

/**
 * A task's generated content and what produced it, for server components,
 * `generateStaticParams` and `generateMetadata`. Reads
 * `<dir>/manifest.json` for the current build, then that build's
 * `<id>.json` (see fragment-types.ts). Throws naming the id when the build has
 * no such task. Imports only Node's built-ins.
 *
 *   const { content } = await loadLLMFragment<string>("home-intro");
 */
export async function loadLLMFragment<Content = unknown>(id: string, options: LoadLLMFragmentOptions = {}): Promise<FragmentFile<Content>> {
  const dir = fragmentDir(options);
  const manifest = await readJson<BuildManifest>(join(dir, "manifest.json"), "no build manifest");
  const entry = manifest.tasks.find((task) => task.id === id);
  if (!entry) throw new Error(`loadLLMFragment: no task "${id}" in build ${manifest.buildId} (tasks: ${manifest.tasks.map((task) => task.id).join(", ")})`);
  return readJson<FragmentFile<Content>>(join(dir, manifest.buildId, entry.file), `fragment "${id}"`);
}

/**
 * `@chorus/build`: what a Next.js app imports. Only `loadLLMFragment` and its
 * types, which need nothing but Node's built-ins; the CLI lives in cli.ts.
 */
export { DEFAULT_FRAGMENT_DIR, loadLLMFragment, type LoadLLMFragmentOptions } from "./load-llm-fragment.ts";
export type { BuildManifest, FragmentFile, ManifestEntry } from "./fragment-types.ts";

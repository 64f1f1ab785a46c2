/**
 * The files `chorus-build generate` writes and `loadLLMFragment` reads.
 *
 *   <out>/manifest.json            the current build: a BuildManifest (written last, so a reader never sees half a build)
 *   <out>/<buildId>/manifest.json  the same manifest, kept with its build
 *   <out>/<buildId>/<id>.json      one FragmentFile per task of content-map.yaml
 *
 * `<out>` is `.next/cache/llm` unless `--out` says otherwise. Every file is
 * JSON with sorted keys and no timestamps; `buildId` is a hash of the
 * fragments' bytes (or `--build-id` / `CHORUS_BUILD_ID`), so a rebuild with
 * nothing changed writes the same bytes to the same paths.
 */

/** One task's content. */
export interface FragmentFile<Content = unknown> {
  id: string;
  route: string;
  type: "longform" | "metadata" | "json" | "code-snippet";
  profile: string;
  /** Text, or for `json` tasks the parsed JSON value. */
  content: Content;
  format: "text" | "json";
  /** `model`: an answer from the store (or just stored); `fallback`: the task's curated `fallbackPath`. */
  source: "model" | "fallback";
  /** Who answered (null for a fallback). */
  provider: string | null;
  model: string | null;
  /** The template used, `name@version`, or null for inline messages. */
  prompt: string | null;
  promptHash: string;
  /** SHA-256 of the content as served (the fallback file's text for a fallback). */
  responseHash: string;
  /** The store key of the answer (null for a fallback): `chorus-build audit export` lists it. */
  key: string | null;
  /** Why this candidate served, or why the fallback was used. */
  rationale: string;
}

export interface ManifestEntry {
  id: string;
  route: string;
  type: FragmentFile["type"];
  /** Relative to the build's folder. */
  file: string;
  source: FragmentFile["source"];
}

export interface BuildManifest {
  buildId: string;
  tasks: ManifestEntry[];
}

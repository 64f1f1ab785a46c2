import { mkdir, readdir, rename, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { canonicalJson, sha256Hex } from "@chorus/core";
import type { BuildManifest, FragmentFile } from "./fragment-types.ts";

/** Sorted keys, two-space indent, a final newline: the same value is always the same bytes. */
export function stableJson(value: unknown): string {
  return `${JSON.stringify(JSON.parse(canonicalJson(value)), null, 2)}\n`;
}

/** A content hash of the fragments, so the same content always has the same build id. */
export async function contentBuildId(fragments: readonly FragmentFile[]): Promise<string> {
  return (await sha256Hex(fragments.map(stableJson).join(""))).slice(0, 16);
}

async function writeAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.tmp-${process.pid}`;
  await writeFile(temporary, text);
  await rename(temporary, path);
}

/**
 * Writes `<out>/<buildId>/<id>.json` and both manifests (the pointer at
 * `<out>/manifest.json` last), then removes earlier builds from `<out>`.
 */
export async function writeBuild(out: string, buildId: string, fragments: readonly FragmentFile[]): Promise<BuildManifest> {
  if (!/^[A-Za-z0-9._-]{1,128}$/.test(buildId) || buildId.startsWith(".")) throw new Error(`build id "${buildId}" must be letters, digits, ".", "_" and "-" (it names a folder)`);
  const folder = join(out, buildId);
  await rm(folder, { recursive: true, force: true });
  await mkdir(folder, { recursive: true });
  const manifest: BuildManifest = {
    buildId,
    tasks: fragments.map((fragment) => ({ id: fragment.id, route: fragment.route, type: fragment.type, file: `${fragment.id}.json`, source: fragment.source })),
  };
  for (const fragment of fragments) await writeFile(join(folder, `${fragment.id}.json`), stableJson(fragment));
  await writeFile(join(folder, "manifest.json"), stableJson(manifest));
  await writeAtomically(join(out, "manifest.json"), stableJson(manifest));
  for (const entry of await readdir(out, { withFileTypes: true })) {
    if (entry.isDirectory() && entry.name !== buildId && existsSync(join(out, entry.name, "manifest.json"))) {
      await rm(join(out, entry.name), { recursive: true, force: true });
    }
  }
  return manifest;
}

// Builds the Worker exactly as `npm run deploy` would upload it
// (`wrangler deploy --dry-run`, offline) and measures its gzipped size, with
// the packages that contribute most to it according to esbuild's metafile.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { basename, extname, join } from "node:path";
import { gzipSync } from "node:zlib";
import { sourceOf } from "./source-of.mjs";

const BUILD_TIMEOUT_MS = 120_000;
const ANSI_ESCAPE = /\x1b\[[0-9;]*m/g;

/** esbuild names inputs relative to the working directory, the repository root. */
function largestSources(metafile, count) {
  const bytes = new Map();
  for (const [output, { inputs }] of Object.entries(metafile.outputs)) {
    if (!output.endsWith(".js")) continue;
    for (const [input, { bytesInOutput }] of Object.entries(inputs)) bytes.set(sourceOf(input), (bytes.get(sourceOf(input)) ?? 0) + bytesInOutput);
  }
  return [...bytes].sort((a, b) => b[1] - a[1]).slice(0, count);
}

/** `script`: another entry than wrangler.toml's `main`, built with the same settings. */
export function buildWorker(root, outdir, script) {
  // `--metafile` takes an optional path: the script must not follow it.
  const args = ["deploy", "--dry-run", "--outdir", outdir, ...(script ? [script] : ["--metafile"])];
  const build = spawnSync(join(root, "node_modules", ".bin", "wrangler"), args, { cwd: root, encoding: "utf8", timeout: BUILD_TIMEOUT_MS });
  if (build.status !== 0) {
    // Its errors end up in the report: plain text, not terminal colours.
    const output = String(build.stderr || build.stdout || build.error).replace(ANSI_ESCAPE, "");
    throw new Error(`wrangler ${args.join(" ")} failed:\n${output}`);
  }
  const files = readdirSync(outdir).filter((name) => name.endsWith(".js")).map((name) => {
    const contents = readFileSync(join(outdir, name));
    return { name, bytes: contents.length, gzipBytes: gzipSync(contents).length };
  });
  const metafile = script ? { outputs: {} } : JSON.parse(readFileSync(join(outdir, "bundle-meta.json"), "utf8"));
  return {
    // wrangler names the output after the entry: `main` gives index.js.
    entry: join(outdir, script ? `${basename(script, extname(script))}.js` : "index.js"),
    files,
    bytes: files.reduce((sum, file) => sum + file.bytes, 0),
    gzipBytes: files.reduce((sum, file) => sum + file.gzipBytes, 0),
    largest: largestSources(metafile, 5),
  };
}

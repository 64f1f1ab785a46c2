// Builds the console as `npm start` and `npm run deploy` do (`vite build` in
// packages/console, into its dist/, which the Worker's build then serves) and measures the JavaScript a
// browser loads before the first page shows: the entry script of index.html
// and the modules it preloads, gzipped. Chunks loaded later are listed apart.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const BUILD_TIMEOUT_MS = 120_000;
const ANSI_ESCAPE = /\x1b\[[0-9;]*m/g;
/** `<script type="module" src>` and `<link rel="modulepreload" href>`: what loads with the page. */
const INITIAL_JS = /<script[^>]*\bsrc="([^"]+\.js)"|<link[^>]*rel="modulepreload"[^>]*href="([^"]+\.js)"/g;

export function buildConsole(root) {
  const consoleDir = join(root, "packages", "console");
  const outdir = join(consoleDir, "dist");
  const args = ["build"];
  const build = spawnSync(join(consoleDir, "node_modules", ".bin", "vite"), args, { cwd: consoleDir, encoding: "utf8", timeout: BUILD_TIMEOUT_MS });
  if (build.status !== 0) throw new Error(`vite ${args.join(" ")} failed:\n${String(build.stderr || build.stdout || build.error).replace(ANSI_ESCAPE, "")}`);
  const html = readFileSync(join(outdir, "index.html"), "utf8");
  const initial = new Set([...html.matchAll(INITIAL_JS)].map((match) => (match[1] ?? match[2]).replace(/^\//, "")));
  const sized = (path) => {
    const contents = readFileSync(join(outdir, path));
    return { name: path, bytes: contents.length, gzipBytes: gzipSync(contents).length };
  };
  const all = readdirSync(join(outdir, "assets")).filter((name) => name.endsWith(".js")).map((name) => sized(join("assets", name)));
  const initialFiles = all.filter((file) => initial.has(file.name));
  return {
    initial: initialFiles,
    later: all.filter((file) => !initial.has(file.name)),
    initialGzipBytes: initialFiles.reduce((sum, file) => sum + file.gzipBytes, 0),
  };
}

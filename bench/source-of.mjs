// Names where a piece of the bundle comes from, for the bundle's composition
// and the CPU profile alike: the npm package for dependencies, else the
// workspace folder (`packages/core`, `workers/gateway`, …).

// pnpm keeps every package in `.pnpm/<name, "/" as "+">@<version>[_<peers>]/node_modules/`.
// The folder names the package even when a package's own source map points
// beside it (drizzle-orm's maps name `node_modules/src/…`).
const PNPM_PACKAGE = /node_modules\/\.pnpm\/(@?[^@/]+)@/;
const NODE_MODULES_PACKAGE = /node_modules\/((?:@[^/]+\/)?[^/]+)/;

/** `path` is relative to the repository root. */
export function sourceOf(path) {
  const pnpm = path.match(PNPM_PACKAGE);
  if (pnpm) return pnpm[1].replace("+", "/");
  const dependency = path.match(NODE_MODULES_PACKAGE);
  return dependency ? dependency[1] : path.split("/").slice(0, 2).join("/");
}

/** The file inside its package or the workspace, e.g. `openai: src/client.ts`, `workers/gateway/src/index.ts`. */
export function fileOf(path) {
  if (!path.includes("node_modules/")) return path;
  const source = sourceOf(path);
  const inner = path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length);
  return `${source}: ${inner.startsWith(`${source}/`) ? inner.slice(source.length + 1) : inner}`;
}

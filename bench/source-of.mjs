// Names where a piece of the bundle comes from, for the bundle's composition
// and the CPU profile alike: the npm package for dependencies, else the
// workspace folder (`packages/core`, `workers/gateway`, …).

/** `path` is relative to the repository root. */
export function sourceOf(path) {
  const dependency = path.match(/node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/);
  return dependency ? dependency[1] : path.split("/").slice(0, 2).join("/");
}

// A local state directory with the D1 migrations applied, as scripts/dev.mjs
// prepares one for `npm start`. Applied once per run and copied for each
// Worker: every apply boots a Miniflare of its own, which half a dozen Workers
// starting at once on 2 cores would pay half a dozen times.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";

export function migratedState(root, stateDir) {
  mkdirSync(stateDir, { recursive: true });
  const migrations = join(root, "migrations");
  if (!existsSync(migrations) || !readdirSync(migrations).some((file) => file.endsWith(".sql"))) return stateDir;
  const migrate = spawnSync(join(root, "node_modules", ".bin", "wrangler"), ["d1", "migrations", "apply", "DB", "--local", "--persist-to", stateDir], {
    cwd: root, encoding: "utf8", env: { ...process.env, CI: "true", FORCE_COLOR: "0" },
  });
  if (migrate.status !== 0) throw new Error(`applying the D1 migrations failed:\n${migrate.stderr || migrate.stdout || migrate.error}`);
  return stateDir;
}

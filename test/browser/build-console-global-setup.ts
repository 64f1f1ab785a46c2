import { spawnSync } from "node:child_process";
import { join } from "node:path";

/** Builds the web console once per run, so the served gateway has its static files (as `npm start` builds them). */
export default function buildConsole(): void {
  const dir = join(import.meta.dirname, "..", "..", "packages", "console");
  const vite = join(dir, "node_modules", "vite", "bin", "vite.js");
  const result = spawnSync(process.execPath, [vite, "build", "--logLevel", "warn"], { cwd: dir, stdio: "inherit" });
  if (result.status !== 0) throw new Error(`building the console failed (exit ${result.status})`);
}

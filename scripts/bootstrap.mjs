#!/usr/bin/env node
// Entry point of every npm script. Runs on the machine's Node (>= 20) with no
// dependencies, provisions what the project needs from the npm registry alone
// (Node >= 22.12 for wrangler, pnpm, the workspace's dependencies), then runs
// the task on that toolchain. Idempotent: a second run only checks stamps.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const { node: nodeVersion, pnpm: pnpmVersion } = pkg.toolchain;
const toolsDir = join(root, ".tools");

// The Worker's binding types (GatewayEnv), generated from wrangler.toml and the
// names in workers/gateway/variables.env; never from a local .dev.vars.
const TYPES = "wrangler types workers/gateway/worker-configuration.d.ts --env-file workers/gateway/variables.env"
  + " --env-interface GatewayBindings --include-runtime=false --strict-vars=false";
// Stale generated types fail the check like a type error.
const TYPES_FRESH = `{ ${TYPES} --check || { echo "chorus: regenerate them with npm run types" >&2; exit 1; }; }`;
const TYPECHECK = `${TYPES_FRESH} && tsc -p tsconfig.json && tsc -p tsconfig.node.json && tsc -p test/workers/tsconfig.json`
  + " && tsc -p packages/console/tsconfig.json";
// The web console's static files (packages/console/dist), which the Worker serves; built before serving or deploying it.
const BUILD_CONSOLE = "npm run --silent --prefix packages/console build";

const tasks = {
  start: ["sh", "-c", `${BUILD_CONSOLE} && node scripts/dev.mjs "$@"`, "start"],
  // Types first: a type error fails the suite as a failing test does.
  test: ["sh", "-c", `${TYPECHECK} && vitest run "$@"`, "test"],
  // Installs and builds examples/nextjs several times (minutes), so it is not part of `test`; .ci/run runs both.
  "test:nextjs": ["sh", "-c", 'vitest run --config test/nextjs/vitest.config.ts "$@"', "test:nextjs"],
  bench: ["node", "bench/run.mjs"],
  deploy: ["sh", "-c", `${BUILD_CONSOLE} && wrangler deploy "$@"`, "deploy"],
  typecheck: ["sh", "-c", TYPECHECK],
  types: ["sh", "-c", TYPES],
  wrangler: ["wrangler"],
  // Run where `npm run` was typed (npm itself moves to the root), so the CLI's relative paths mean what the user meant.
  "chorus-build": ["sh", "-c", 'cd "${INIT_CWD:-.}" && exec node "$0" "$@"', join(root, "packages/build/bin/chorus-build.mjs")],
  pnpm: [],
};

function run(cmd, args, env = process.env) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function atLeast(version, wanted) {
  const a = version.replace(/^v/, "").split(".").map(Number);
  const b = wanted.split(".").map(Number);
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return true;
}

function npmInstallTools(specs) {
  mkdirSync(toolsDir, { recursive: true });
  const manifest = join(toolsDir, "package.json");
  if (!existsSync(manifest)) writeFileSync(manifest, '{"private":true}\n');
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const status = run(npm, ["install", "--prefix", toolsDir, "--save-exact", "--no-package-lock",
    "--no-audit", "--no-fund", "--loglevel=error", ...specs]);
  if (status !== 0) throw new Error(`could not install ${specs.join(" ")} from the npm registry`);
}

/** Directory holding a `node` binary >= 22.12: this one if it qualifies, else one from the registry. */
function nodeBinDir() {
  if (atLeast(process.version, "22.12.0")) return dirname(process.execPath);
  const pkgName = `node-${process.platform}-${process.arch}`;
  const bin = join(toolsDir, "node_modules", pkgName, "bin");
  const installed = join(toolsDir, "node_modules", pkgName, "package.json");
  if (!existsSync(installed) || JSON.parse(readFileSync(installed, "utf8")).version !== nodeVersion) {
    console.error(`chorus: fetching Node ${nodeVersion} (${pkgName}) for wrangler…`);
    npmInstallTools([`${pkgName}@${nodeVersion}`]);
  }
  return bin;
}

function pnpmEntry() {
  const dir = join(toolsDir, "node_modules", "pnpm");
  const manifest = join(dir, "package.json");
  if (!existsSync(manifest) || JSON.parse(readFileSync(manifest, "utf8")).version !== pnpmVersion) {
    console.error(`chorus: fetching pnpm ${pnpmVersion}…`);
    npmInstallTools([`pnpm@${pnpmVersion}`]);
  }
  return join(dir, "bin", "pnpm.cjs");
}

function installStamp() {
  const hash = createHash("sha256");
  for (const file of ["pnpm-lock.yaml", "package.json", "pnpm-workspace.yaml"]) {
    const path = join(root, file);
    if (existsSync(path)) hash.update(readFileSync(path));
  }
  return hash.update(nodeVersion + pnpmVersion).digest("hex");
}

function ensureDependencies(env, node, pnpm) {
  const stampFile = join(root, "node_modules", ".chorus-install");
  const stamp = installStamp();
  if (existsSync(stampFile) && readFileSync(stampFile, "utf8") === stamp) return;
  const frozen = process.env.CI || existsSync(join(root, "pnpm-lock.yaml")) ? ["--frozen-lockfile"] : [];
  const status = run(node, [pnpm, "install", ...frozen, "--reporter=append-only"], env);
  if (status !== 0) throw new Error("pnpm install failed");
  writeFileSync(stampFile, stamp);
}

function main() {
  const [task = "start", ...rest] = process.argv.slice(2);
  const command = tasks[task];
  if (!command) {
    console.error(`chorus: unknown task "${task}"; one of ${Object.keys(tasks).join(", ")}`);
    return 2;
  }
  const binDir = nodeBinDir();
  const node = join(binDir, process.platform === "win32" ? "node.exe" : "node");
  const env = {
    ...process.env,
    PATH: [binDir, join(root, "node_modules", ".bin"), process.env.PATH].join(delimiter),
    // Nothing is fetched from outside the npm registry: no telemetry, no request.cf download (built-in defaults serve).
    WRANGLER_SEND_METRICS: "false",
    CLOUDFLARE_CF_FETCH_ENABLED: "false",
  };
  const pnpm = pnpmEntry();
  // `npm run pnpm -- add …` changes dependencies, so it runs before the frozen install.
  if (task === "pnpm") return run(node, [pnpm, ...rest], env);
  ensureDependencies(env, node, pnpm);
  const [cmd, ...args] = command;
  return run(cmd === "node" ? node : cmd, [...args, ...rest], env);
}

try {
  process.exitCode = main();
} catch (error) {
  console.error(`chorus: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
}

#!/usr/bin/env node
// `npm start`: checks the configuration, applies D1 migrations locally and
// serves the gateway with wrangler on 127.0.0.1:$PORT (default 8787). Runs on
// Node >= 22.12 (scripts/bootstrap.mjs provides it).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { checkConfig } from "./check-config.ts";
import { devSecrets } from "./dev-secrets.ts";
import { parseEnvFile } from "./parse-env-file.ts";
import { resumeInterruptedJobs } from "./resume-jobs.mjs";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const port = process.env.PORT ?? "8787";
const persistTo = process.env.CHORUS_STATE_DIR ?? join(root, ".wrangler", "state");
const secretsFile = join(persistTo, "chorus-dev-secrets.json");

// Gateway settings by prefix (CONTRACT.md's variables), and PIPELINES by name; the rest of the shell's environment stays out of the Worker.
const GATEWAY_VARIABLE = /^(?:(OPENAI|ANTHROPIC|GOOGLE|GROQ|LOCAL|DEMO|LLM|AUTH|ADMIN|AI|CORS|MAX|UPSTREAM|FIRST|STREAM|REQUEST|CACHE|CIRCUIT|KEY|RATE|UPSTASH|RETRY|IDEMPOTENCY|PLAN|SAMPLE)_|PIPELINES$)/;

function mergedVariables() {
  const devVars = join(root, ".dev.vars");
  const fromFile = existsSync(devVars) ? parseEnvFile(readFileSync(devVars, "utf8")) : {};
  const fromProcess = Object.fromEntries(Object.entries(process.env).filter(([name]) => GATEWAY_VARIABLE.test(name)));
  const merged = { ...devSecrets(secretsFile), ...fromFile, ...fromProcess };
  // The development login (POST /dev/login) exists only here, and never beside a real identity provider.
  if (!merged.AUTH_JWKS_URL) merged.CHORUS_DEV_LOGIN = "true";
  return merged;
}

// dotenv keeps single-quoted values literally (JSON such as LLM_PROFILES survives); backticks take the rest.
// wrangler then expands `$NAME` and `${NAME}` even there (dotenv-expand), unless escaped as `\$`: a JSON
// value's "$comment" would lose its key.
function quote(raw) {
  const value = raw.replaceAll("$", "\\$");
  if (!value.includes("'") && !value.includes("\n")) return `'${value}'`;
  if (!value.includes("`")) return `\`${value}\``;
  throw new Error("a variable holds both ' and ` characters, which an env file cannot carry");
}

function envFileText(variables) {
  return Object.entries(variables).map(([name, value]) => `${name}=${quote(value)}`).join("\n") + "\n";
}

const variables = mergedVariables();
const problem = await checkConfig(variables);
if (problem) {
  console.error(`chorus: configuration error: ${problem}`);
  process.exit(1);
}

mkdirSync(join(root, ".wrangler"), { recursive: true });
const envFile = join(root, ".wrangler", "chorus-dev.env");
writeFileSync(envFile, envFileText(variables), { mode: 0o600 });

const wrangler = join(root, "node_modules", ".bin", "wrangler");
const migrations = join(root, "migrations");
if (existsSync(migrations) && readdirSync(migrations).some((file) => file.endsWith(".sql"))) {
  // CI=true keeps wrangler from asking for confirmation.
  const migrate = spawnSync(wrangler, ["d1", "migrations", "apply", "DB", "--local", "--persist-to", persistTo], {
    cwd: root, stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, CI: "true" },
  });
  if (migrate.status !== 0) {
    console.error("chorus: applying D1 migrations failed");
    process.exit(migrate.status ?? 1);
  }
}

console.error(`chorus: local development login at POST http://127.0.0.1:${port}/dev/login; admin token in ${secretsFile}`);
const child = spawn(wrangler, [
  "dev", "--local", "--ip", "127.0.0.1", "--port", port, "--persist-to", persistTo,
  "--env-file", envFile, "--show-interactive-dev-session=false",
], { cwd: root, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
// Local Workflows leaves a job cut off by the last stop "running" for ever (resume-jobs.mjs says why): started again here.
resumeInterruptedJobs(`http://127.0.0.1:${port}`).then(
  (ids) => ids.length > 0 && console.error(`chorus: resumed ${ids.length} job(s) interrupted by the last stop: ${ids.join(", ")}`),
  (error) => console.error(`chorus: could not resume the jobs interrupted by the last stop: ${error.message}`),
);

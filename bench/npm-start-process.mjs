// Child process serving Chorus as `npm start` serves it to a new user:
// scripts/dev.mjs itself (configuration check, D1 migrations, then
// `wrangler dev --local` with its dev proxy in front and local state persisted
// to disk), on a free port. Only the variables a user would set are given:
// the fake as the OpenAI upstream, no demo provider, the benchmark's JWT
// secret, and plan limits raised so that none applies to the busy caller.
//
// The gateway variables of the shell running the benchmark are left out, so
// the run does not depend on it; a .dev.vars in the checkout is read, as
// `npm start` reads it.
//
// With `floor: true`, a fetch-only Worker instead, served by the same
// `wrangler dev --local` (its dev proxy in front, state on disk): what
// wrangler dev costs any Worker, whatever the Worker does.
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const { upstreamUrl, stateDir, authSecret, vars = {}, floor = false } = JSON.parse(process.argv[2]);
const root = dirname(dirname(fileURLToPath(import.meta.url)));
// Under the benchmark's own start timeout (child-process.mjs), so that the reason is told.
const READY_TIMEOUT_MS = 110_000;
const POLL_MS = 250;
const STOP_TIMEOUT_MS = 5_000;
// The variables scripts/dev.mjs passes on to the Worker.
const GATEWAY_VARIABLE = /^(?:(OPENAI|ANTHROPIC|GOOGLE|GROQ|LOCAL|DEMO|LLM|AUTH|ADMIN|AI|CORS|MAX|UPSTREAM|FIRST|STREAM|REQUEST|CACHE|CIRCUIT|KEY|RATE|UPSTASH|RETRY|IDEMPOTENCY|PLAN|SAMPLE|CHORUS)_|PIPELINES$)/;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().once("error", reject).listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const port = await freePort();
const env = {
  ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !GATEWAY_VARIABLE.test(name))),
  PORT: String(port), CHORUS_STATE_DIR: stateDir, FORCE_COLOR: "0",
  OPENAI_API_KEY: "sk-bench", OPENAI_BASE_URL: `${upstreamUrl}/v1`, DEMO_PROVIDER: "off", AUTH_JWT_SECRET: authSecret, ...vars,
};
/** The floor Worker's folder: the script and a wrangler.toml naming the fake as its upstream. */
function floorProject() {
  const dir = join(stateDir, "floor-project");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "worker.js"), "export default { fetch: (request, env) => fetch(env.UPSTREAM + new URL(request.url).pathname, request) };\n");
  writeFileSync(join(dir, "wrangler.toml"), `name = "floor"\nmain = "worker.js"\ncompatibility_date = "2026-08-15"\n[vars]\nUPSTREAM = ${JSON.stringify(upstreamUrl)}\n`);
  return dir;
}

const wranglerBin = () => join(dirname(createRequire(import.meta.url).resolve("wrangler/package.json")), "bin", "wrangler.js");
const [command, cwd] = floor
  ? [[wranglerBin(), "dev", "--local", "--port", String(port), "--ip", "127.0.0.1", "--persist-to", join(stateDir, "floor-state")], floorProject()]
  : [[join(root, "scripts", "dev.mjs")], root];
// Its own process group, so that stopping it stops wrangler and workerd too.
const dev = spawn(process.execPath, command, { cwd, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
dev.stdout.pipe(process.stdout);
dev.stderr.pipe(process.stderr);
dev.once("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  const group = (signal) => {
    try {
      process.kill(-dev.pid, signal);
    } catch {
      // Already gone.
    }
  };
  group("SIGTERM");
  setTimeout(() => {
    group("SIGKILL");
    process.exit(0);
  }, STOP_TIMEOUT_MS).unref();
}
process.on("disconnect", stop);
process.on("SIGTERM", stop);

const url = `http://127.0.0.1:${port}`;
const deadline = Date.now() + READY_TIMEOUT_MS;
for (;;) {
  try {
    // The floor forwards /healthz to the fake: any answer means it serves.
    const answer = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5_000) });
    if (answer.ok || floor) break;
  } catch {
    // Not listening yet.
  }
  if (Date.now() > deadline) {
    console.error(`npm start did not answer GET /healthz within ${READY_TIMEOUT_MS / 1000} s`);
    stop();
    break;
  }
  await new Promise((resolve) => setTimeout(resolve, POLL_MS));
}
if (!stopping) process.send({ url });

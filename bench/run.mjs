#!/usr/bin/env node
// `npm run bench`: Chorus and Portkey against a direct call to the same fake
// OpenAI upstream, in one run: latency at concurrency 1, throughput at 32,
// streaming first/last byte, one busy caller (one user's requests, on workerd
// directly and through `npm start`; its request with a persona and as a
// session message, and through the Responses API), the Worker bundle's and
// the console's initial JavaScript's gzipped sizes, a CPU profile of Chorus
// to say where its time goes, and what running a pipeline as a job costs
// over its critical path (jobs.mjs). Prints the summary and
// rewrites BENCHMARKS.md. Exits non-zero only when something
// failed to run (a server, the build, or responses with errors), never
// because a target was missed.
//
// BENCH_QUICK=1 runs the same phases with a few samples each (a minute or two
// after the build), to check that everything starts and answers; it prints
// the report and leaves BENCHMARKS.md alone.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CALLER_COUNT, WARM_CALLER_COUNT, callerCredentials } from "./caller-token.mjs";
import { startChild } from "./child-process.mjs";
import { profileWorker } from "./cpu-profile.mjs";
import { exchange } from "./exchange.mjs";
import { keepAliveAgent } from "./http-client.mjs";
import { migratedState } from "./migrated-state.mjs";
import { jobPipelines, measureJobs } from "./jobs.mjs";
import { GUARDED_FEATURE, partiesOf } from "./parties.mjs";
import { renderReport } from "./report.mjs";
import { measureSequential } from "./sequential.mjs";
import { measureThroughput } from "./throughput.mjs";
import { buildConsole } from "./console-bundle.mjs";
import { buildWorker } from "./worker-bundle.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(here);
const quick = process.env.BENCH_QUICK === "1";

// Sized so that the whole run stays under 10 minutes on 2 cores.
const FULL_PLAN = {
  latency: { stream: false, warmup: 100, samples: 800, maxMs: 75_000, block: 20, settle: 5 },
  // Short windows, many rounds: this machine's speed drifts over seconds (runs here have
  // moved by a tenth or more from one minute to the next), and fine interleaving spreads
  // the drift over every party instead of landing it on whichever ran at a slow moment.
  throughput: { concurrency: 32, steadyMs: 20_000, rounds: 6, windowMs: 1_000, warmupMs: 300 },
  streaming: { stream: true, warmup: 20, samples: 150, maxMs: 45_000, block: 5, settle: 1 },
  // Each request from a caller idle since the throughput phase: one per caller, no warm-up.
  cold: { stream: false, warmup: 0, samples: 150, maxMs: 20_000 },
  // Chorus alone under the profiler, loaded enough to keep its isolate busy (see cpu-profile.mjs).
  profile: { concurrency: 8, rounds: 1, windowMs: 3_000, warmupMs: 0 },
  // Jobs one at a time, each a few hundred ms at most (jobs.mjs).
  jobs: { warmup: 3, samples: 40 },
};
const QUICK_PLAN = {
  latency: { ...FULL_PLAN.latency, warmup: 10, samples: 60, maxMs: 15_000, block: 10, settle: 2 },
  throughput: { ...FULL_PLAN.throughput, steadyMs: 300, rounds: 1, windowMs: 1_000, warmupMs: 100 },
  streaming: { ...FULL_PLAN.streaming, warmup: 2, samples: 8, maxMs: 10_000 },
  cold: { ...FULL_PLAN.cold, samples: 20, maxMs: 5_000 },
  profile: { ...FULL_PLAN.profile, windowMs: 500 },
  jobs: { warmup: 1, samples: 5 },
};
const PLAN = quick ? QUICK_PLAN : FULL_PLAN;

/** Measured once more with callers whose objects went idle: the core as the baseline, and each Worker with the identity layer. */
const COLD_PARTIES = ["core", "core-identity", "chorus-no-cache"];
/** The busy caller's Workers: every plan's limits far above what a run can reach, so that none applies. */
/** The bundled profiles plus the feature of the guardrail rows: every PII kind redacted, a few denied phrases. */
function guardedProfiles() {
  const bundled = JSON.parse(readFileSync(join(root, "config/llm-profiles.json"), "utf8"));
  const guardrails = {
    pii: { detect: ["email", "phone", "card", "iban", "ssn"], action: "redact" },
    phrases: { deny: ["internal use only", "do not distribute", "confidential"], action: "retry" },
  };
  return { ...bundled, features: { ...bundled.features, [GUARDED_FEATURE]: { guardrails } } };
}

const RAISED_PLAN_LIMITS = Object.fromEntries(["free", "pro", "premium"].map((plan) => [plan, { requestsPerMinute: 1e9, tokensPerDay: 1e12 }]));

const runStart = performance.now();
/** Progress on stderr, with the seconds since the start: what each phase takes. */
const say = (message) => console.error(`bench [${((performance.now() - runStart) / 1000).toFixed(0)} s]: ${message}`);

const failures = [];
const children = [];
// Local D1, KV and Durable Object storage is SQLite, and workerd fsyncs every
// commit on the thread that runs the isolates: on disk that measures the
// disk. In memory (tmpfs, where the machine has one) it measures Chorus; on
// Cloudflare a storage write does not hold the isolate's thread either.
const MEMORY_DIR = "/dev/shm";
const stateOnTmpfs = existsSync(MEMORY_DIR);
const scratch = mkdtempSync(join(stateOnTmpfs ? MEMORY_DIR : tmpdir(), "chorus-bench-"));
// `npm start` keeps its state on disk, in .wrangler/ of the checkout: so does this run's `npm start`.
mkdirSync(join(root, ".wrangler"), { recursive: true });
const npmStartState = mkdtempSync(join(root, ".wrangler", "bench-state-"));

async function start(what, script, args) {
  try {
    const child = await startChild(join(here, script), args);
    children.push(child);
    return child;
  } catch (error) {
    failures.push(`${what} did not start: ${error.message}`);
    return undefined;
  }
}

function build(outdir, script) {
  try {
    return buildWorker(root, join(scratch, outdir), script);
  } catch (error) {
    failures.push(`building the ${script ?? "Worker"} failed: ${error.message}`);
    return undefined;
  }
}

function measureConsole() {
  try {
    return buildConsole(root);
  } catch (error) {
    failures.push(`building the console failed: ${error.message}`);
    return undefined;
  }
}

async function profileChorus(chorus, bundle, party) {
  say("profiling the Chorus isolate…");
  try {
    return await profileWorker({
      inspectorUrl: chorus.inspectorUrl, worker: "chorus", root, bundlePath: bundle.entry,
      load: () => measureThroughput([party], PLAN.profile),
    });
  } catch (error) {
    failures.push(`profiling Chorus failed: ${error.message}`);
    return undefined;
  }
}

/** One request per caller before anything is timed: a user's first request also creates that user's state. */
async function greetCallers(party, callers) {
  say(`a first request from ${callers === 1 ? "the one caller" : `each of the ${callers} callers`} to ${party.label}…`);
  const concurrency = Math.min(8, callers);
  const agent = keepAliveAgent(concurrency);
  let sent = 0;
  let problem;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (sent < callers) {
      sent++;
      problem ??= (await exchange(party, agent, false)).problem;
    }
  }));
  agent.destroy();
  if (problem) failures.push(`the callers' first requests to ${party.label} failed: ${problem}`);
}

/**
 * Issue 14, after every other phase: a Chorus on workerd and an `npm start`
 * of their own, with the jobs' pipeline, against a fake of their own that
 * times its calls (jobs.mjs); stopped once measured.
 */
async function measureJobsPhase(serve, caller) {
  say("starting the jobs' fake upstream, a Chorus and an npm start for the jobs…");
  const fake = await start("the jobs' fake upstream", "timed-fake-process.ts");
  if (!fake) return undefined;
  const vars = { PLAN_LIMITS: JSON.stringify(RAISED_PLAN_LIMITS), PIPELINES: JSON.stringify(jobPipelines()) };
  const servers = await Promise.all([
    serve("chorus", "jobs", vars, fake.url),
    start("npm start for the jobs", "npm-start-process.mjs", [JSON.stringify({ upstreamUrl: fake.url, stateDir: join(npmStartState, "jobs"), authSecret: caller.secret, vars })]),
  ]);
  const parties = [
    { name: "jobs", label: "Chorus (workerd)", server: servers[0] },
    { name: "npm-start-jobs", label: "Chorus (`npm start`)", server: servers[1] },
  ].filter(({ server }) => server).map(({ server, ...party }) => ({ ...party, base: server.url, token: caller.busyToken }));
  say(`jobs (${PLAN.jobs.samples} per party)…`);
  const results = await measureJobs(parties, fake.url, PLAN.jobs);
  await Promise.all([fake, ...servers].filter(Boolean).map((child) => child.stop()));
  for (const party of parties) {
    const { errors, problem } = results.get(party.name);
    if (errors > 0) failures.push(`jobs on ${party.label}: ${errors} failed, the first: ${problem}`);
  }
  return { parties, results };
}

async function main() {
  const startedAt = new Date();
  const loadAtStart = loadavg()[0];
  // First: wrangler.toml's [assets] names the console's build output, which the Worker's build needs to exist.
  say("building the console (vite build)…");
  const consoleBundle = measureConsole();
  say("building the Worker (wrangler deploy --dry-run)…");
  const bundle = build("bundle");
  const variantBundle = build("variants", "bench/variant-worker.ts");

  say("starting the fake upstream…");
  const fake = await start("the fake upstream", "fake-upstream-process.ts");
  if (!fake) return;
  const caller = callerCredentials();
  say("applying the D1 migrations once, for every Worker's state…");
  let seedDir;
  try {
    seedDir = migratedState(root, join(scratch, "migrated"));
  } catch (error) {
    failures.push(error.message);
    return;
  }
  say("starting Chorus (also through npm start), its variants, the floors and Portkey…");
  const busyVars = { PLAN_LIMITS: JSON.stringify(RAISED_PLAN_LIMITS), LLM_PROFILES: JSON.stringify(guardedProfiles()) };
  const serve = (worker, built, state = worker, vars = {}, upstreamUrl = fake.url) => built && start(`the ${state} Worker`, "chorus-process.mjs", [JSON.stringify({
    worker, bundlePath: built.entry, upstreamUrl, stateDir: join(scratch, `state-${state}`), seedDir, authSecret: caller.secret, vars,
  })]);
  const [chorus, busy, npmStart, devFloor, core, edge, identity, sdk, floor, floorKv, portkey] = await Promise.all([
    serve("chorus", bundle),
    serve("chorus", bundle, "busy", busyVars),
    start("npm start", "npm-start-process.mjs", [JSON.stringify({
      upstreamUrl: fake.url, stateDir: npmStartState, authSecret: caller.secret, vars: busyVars,
    })]),
    start("the floor through wrangler dev", "npm-start-process.mjs", [JSON.stringify({ upstreamUrl: fake.url, stateDir: join(npmStartState, "floor"), floor: true })]),
    ...["core", "edge", "identity", "sdk"].map((variant) => serve(variant, variantBundle)),
    serve("floor", {}),
    serve("floor-kv", {}),
    start("Portkey", "portkey-process.mjs"),
  ]);
  const urls = {
    fakeUrl: fake.url, chorusUrl: chorus?.url, busyUrl: busy?.url, npmStartUrl: npmStart?.url, devFloorUrl: devFloor?.url, busyToken: caller.busyToken,
    floorUrl: floor?.url, floorKvUrl: floorKv?.url, portkeyUrl: portkey?.url,
    variantUrls: { core: core?.url, edge: edge?.url, identity: identity?.url, sdk: sdk?.url },
  };
  const parties = partiesOf({ ...urls, chorusTokens: caller.tokens });
  // The same parties with the callers of each phase (caller-token.mjs): throughput needs them all, or their rate limits would answer.
  const warmParties = partiesOf({ ...urls, chorusTokens: caller.tokens.slice(0, WARM_CALLER_COUNT) });
  const coldParties = partiesOf({ ...urls, chorusTokens: caller.tokens.slice(WARM_CALLER_COUNT) }).filter(({ name }) => COLD_PARTIES.includes(name));
  const chorusParty = parties.find((party) => party.name === "chorus");
  // Workers keep per-user state in their own Durable Objects: each Worker with the identity layer meets every caller once.
  for (const party of parties.filter(({ name }) => name === "chorus" || name === "core-identity")) await greetCallers(party, CALLER_COUNT);
  for (const party of parties.filter(({ busyCaller }) => busyCaller)) await greetCallers(party, 1);

  say(`latency at concurrency 1 (${PLAN.latency.samples} requests per party)…`);
  const latency = await measureSequential(warmParties, PLAN.latency);
  say(`throughput at concurrency ${PLAN.throughput.concurrency}…`);
  const serverOf = {
    direct: fake, chorus, "chorus-no-cache": chorus, "chorus-hit": chorus, core, "core-edge": edge, "core-edge-no-cache": edge,
    "core-identity": identity, sdk, portkey, floor, "floor-kv": floorKv, busy, "npm-start-busy": npmStart, "dev-floor": devFloor,
  };
  const throughput = await measureThroughput(parties.filter(({ latencyOnly }) => !latencyOnly), PLAN.throughput, new Map(Object.entries(serverOf).map(([name, server]) => [name, server?.pid])));
  say(`streaming (${PLAN.streaming.samples} streams per party)…`);
  const streaming = await measureSequential(warmParties.filter((party) => party.streams === true || (party.streams !== false && !party.latencyOnly)), PLAN.streaming);
  say("the first request of callers idle since the throughput phase…");
  const cold = await measureSequential(coldParties, PLAN.cold);
  const profile = chorusParty && await profileChorus(chorus, bundle, chorusParty);
  const jobs = await measureJobsPhase((worker, state, vars, upstreamUrl) => serve(worker, bundle, state, vars, upstreamUrl), caller);

  const results = [latency, throughput.tallies, streaming, cold, profile?.loadResult.tallies ?? new Map()];
  for (const party of parties) {
    const tallies = results.map((byParty) => byParty.get(party.name)).filter(Boolean);
    const errors = tallies.reduce((sum, tally) => sum + tally.errors, 0);
    if (errors > 0) failures.push(`${party.label}: ${errors} responses with errors, the first: ${tallies.find((tally) => tally.problem)?.problem}`);
  }
  const report = renderReport({
    startedAt, seconds: (Date.now() - startedAt.getTime()) / 1000, load: [loadAtStart, loadavg()[0]], plan: PLAN, quick, failures, stateOnTmpfs,
    raisedPlanLimits: RAISED_PLAN_LIMITS.premium, devVarsRead: existsSync(join(root, ".dev.vars")),
    parties, latency, throughput, streaming, cold, coldParties, bundle, consoleBundle, profile, jobs,
  });
  console.log(report);
  if (!quick) writeFileSync(join(root, "BENCHMARKS.md"), report);
}

try {
  await main();
} catch (error) {
  failures.push(`the benchmark crashed: ${error.stack ?? error}`);
} finally {
  await Promise.all(children.map((child) => child.stop()));
  rmSync(scratch, { recursive: true, force: true });
  rmSync(npmStartState, { recursive: true, force: true });
}
if (failures.length > 0) {
  console.error(`bench: failed to run completely:\n- ${failures.join("\n- ")}`);
  process.exitCode = 1;
}

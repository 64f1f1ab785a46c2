#!/usr/bin/env node
// `npm run bench`: Chorus and Portkey against a direct call to the same fake
// OpenAI upstream, in one run: latency at concurrency 1, throughput at 32,
// streaming first/last byte, and the Worker bundle's gzipped size. Prints the
// summary and rewrites BENCHMARKS.md. Exits non-zero only when something
// failed to run (a server, the build, or responses with errors), never
// because a target was missed.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { callerCredentials } from "./caller-token.mjs";
import { startChild } from "./child-process.mjs";
import { profileWorker } from "./cpu-profile.mjs";
import { partiesOf } from "./parties.mjs";
import { renderReport } from "./report.mjs";
import { measureSequential } from "./sequential.mjs";
import { measureThroughput } from "./throughput.mjs";
import { buildWorker } from "./worker-bundle.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(here);

// Sized so that the whole run stays well under 3 minutes on 2 cores.
const PLAN = {
  latency: { stream: false, warmup: 100, samples: 1000, maxMs: 40_000 },
  throughput: { concurrency: 32, rounds: 2, windowMs: 4_000, warmupMs: 500 },
  streaming: { stream: true, warmup: 20, samples: 300, maxMs: 40_000 },
  // Chorus alone under the profiler, loaded enough to keep its isolate busy (see cpu-profile.mjs).
  profile: { concurrency: 8, rounds: 1, windowMs: 3_000, warmupMs: 0 },
};

const failures = [];
const children = [];
const scratch = mkdtempSync(join(tmpdir(), "chorus-bench-"));

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

function build() {
  try {
    return buildWorker(root, join(scratch, "bundle"));
  } catch (error) {
    failures.push(`building the Worker failed: ${error.message}`);
    return undefined;
  }
}

async function profileChorus(chorus, bundle, party) {
  console.error("bench: profiling the Chorus isolate…");
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

async function main() {
  const startedAt = new Date();
  const loadAtStart = loadavg()[0];
  console.error("bench: building the Worker (wrangler deploy --dry-run)…");
  const bundle = build();

  console.error("bench: starting the fake upstream, Chorus and Portkey…");
  const fake = await start("the fake upstream", "fake-upstream-process.ts");
  if (!fake) return;
  const caller = callerCredentials();
  const chorusConfig = { bundlePath: bundle?.entry, upstreamUrl: fake.url, stateDir: join(scratch, "state"), authSecret: caller.secret };
  const [chorus, portkey] = await Promise.all([
    bundle && start("Chorus", "chorus-process.mjs", [JSON.stringify(chorusConfig)]),
    start("Portkey", "portkey-process.mjs"),
  ]);
  const parties = partiesOf({
    fakeUrl: fake.url, chorusUrl: chorus?.url, chorusToken: caller.token, floorUrl: chorus?.floorUrl, portkeyUrl: portkey?.url,
  });

  console.error(`bench: latency at concurrency 1 (${PLAN.latency.samples} requests per party)…`);
  const latency = await measureSequential(parties, PLAN.latency);
  console.error(`bench: throughput at concurrency ${PLAN.throughput.concurrency}…`);
  const throughput = await measureThroughput(parties, PLAN.throughput);
  console.error(`bench: streaming (${PLAN.streaming.samples} streams per party)…`);
  const streaming = await measureSequential(parties, PLAN.streaming);
  const profile = chorus && await profileChorus(chorus, bundle, parties.find((party) => party.name === "chorus"));

  const results = [latency, throughput.tallies, streaming, profile?.loadResult.tallies ?? new Map()];
  for (const party of parties) {
    const errors = results.reduce((sum, tallies) => sum + (tallies.get(party.name)?.errors ?? 0), 0);
    if (errors > 0) failures.push(`${party.label}: ${errors} responses with errors`);
  }
  const report = renderReport({
    startedAt, seconds: (Date.now() - startedAt.getTime()) / 1000, load: [loadAtStart, loadavg()[0]], plan: PLAN, failures,
    parties, latency, throughput, streaming, bundle, profile,
  });
  console.log(report);
  writeFileSync(join(root, "BENCHMARKS.md"), report);
}

try {
  await main();
} catch (error) {
  failures.push(`the benchmark crashed: ${error.stack ?? error}`);
} finally {
  await Promise.all(children.map((child) => child.stop()));
  rmSync(scratch, { recursive: true, force: true });
}
if (failures.length > 0) {
  console.error(`bench: failed to run completely:\n- ${failures.join("\n- ")}`);
  process.exitCode = 1;
}

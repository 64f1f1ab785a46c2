// Renders one run as markdown: printed as the summary, written as BENCHMARKS.md.
import { availableParallelism, cpus, release, type } from "node:os";
import { CHUNK_MS, PROMPT } from "./exchange.mjs";
import { percentile } from "./tally.mjs";

const TARGET = { addedP50Ms: 1, addedP99Ms: 5, firstByteDeltaMs: 2, bundleKiB: 300 };

const fixed = (value, digits = 2) => (value === undefined ? "n/a" : value.toFixed(digits));
const signed = (value) => (value === undefined ? "n/a" : `${value >= 0 ? "+" : ""}${value.toFixed(2)}`);
const times = (value, base) => (value === undefined || base === undefined ? "n/a" : `${(value / base).toFixed(2)}×`);
const minus = (a, b) => (a === undefined || b === undefined ? undefined : a - b);
const kib = (bytes) => bytes / 1024;

function table(head, rows) {
  return [`| ${head.join(" | ")} |`, `|${head.map(() => " --- ").join("|")}|`, ...rows.map((row) => `| ${row.join(" | ")} |`)].join("\n");
}

/** p50 and p99 of one timing of every party's tally, by party name. */
function quantiles(tallies, timing) {
  return new Map([...tallies].map(([name, tally]) => [name, { p50: percentile(tally[timing], 50), p99: percentile(tally[timing], 99) }]));
}

function verdict(measured, ok) {
  if (measured === undefined) return "not measured";
  return ok ? "**pass**" : "**FAIL**";
}

function latencySection(parties, latency) {
  const q = quantiles(latency, "lastByteMs");
  const direct = q.get("direct");
  const rows = parties.map(({ name, label }) => {
    const { p50, p99 } = q.get(name);
    const tally = latency.get(name);
    const added = name === "direct" ? ["—", "—", "—", "—"] : [signed(minus(p50, direct.p50)), signed(minus(p99, direct.p99)), times(p50, direct.p50), times(p99, direct.p99)];
    return [label, fixed(p50), fixed(p99), ...added, tally.ok, tally.errors];
  });
  return table(["party", "p50 ms", "p99 ms", "added p50 ms", "added p99 ms", "p50 ratio", "p99 ratio", "ok", "errors"], rows);
}

function throughputSection(parties, { tallies, seconds }) {
  const rate = (name) => tallies.get(name).ok / seconds;
  const q = quantiles(tallies, "lastByteMs");
  const rows = parties.map(({ name, label }) => [
    label, fixed(rate(name), 0), times(rate(name), rate("direct")), fixed(q.get(name).p50), fixed(q.get(name).p99), tallies.get(name).errors,
  ]);
  return table(["party", "requests/s", "ratio to direct", "p50 ms under load", "p99 ms under load", "errors"], rows);
}

function streamingSection(parties, streaming) {
  const first = quantiles(streaming, "firstByteMs");
  const last = quantiles(streaming, "lastByteMs");
  const rows = parties.map(({ name, label }) => {
    const delta = (q, p) => (name === "direct" ? "—" : signed(minus(q.get(name)[p], q.get("direct")[p])));
    return [
      label, fixed(first.get(name).p50), fixed(first.get(name).p99), delta(first, "p50"), delta(first, "p99"),
      fixed(last.get(name).p50), fixed(last.get(name).p99), delta(last, "p50"), delta(last, "p99"), streaming.get(name).errors,
    ];
  });
  const fakeDone = last.get("direct").p50;
  // A gateway that buffered would send its first byte only after the fake's last one.
  const passThrough = parties.filter(({ name }) => name !== "direct").map(({ name, label }) => {
    const firstByte = first.get(name).p50;
    const streamed = firstByte !== undefined && fakeDone !== undefined && firstByte < fakeDone;
    return `- ${label}: first byte at p50 ${fixed(firstByte)} ms, before the fake has finished sending (${fixed(fakeDone)} ms): ${streamed ? "streamed through, not buffered" : "**looks buffered**"}.`;
  });
  return [
    table(["party", "first byte p50", "first byte p99", "Δ first p50", "Δ first p99", "last byte p50", "last byte p99", "Δ last p50", "Δ last p99", "errors"], rows),
    "",
    "Pass-through (all times in ms):",
    "",
    ...passThrough,
  ].join("\n");
}

function bundleSection(bundle, minified) {
  if (!bundle) return "Not measured: the build failed.";
  const files = bundle.files.map((file) => `\`${file.name}\` ${fixed(kib(file.bytes), 1)} KiB raw`).join(", ");
  const largest = bundle.largest.map(([source, bytes]) => `${source} ${fixed(kib(bytes), 0)} KiB`).join(", ");
  return [
    `- As \`npm run deploy\` uploads it (wrangler.toml does not minify): **${fixed(kib(bundle.gzipBytes), 1)} KiB gzipped** (${files}).`,
    `- The same build with \`--minify\`: ${minified ? `${fixed(kib(minified.gzipBytes), 1)} KiB gzipped` : "n/a"}.`,
    `- Largest contributors (raw bytes in the unminified output, esbuild metafile): ${largest}.`,
  ].join("\n");
}

function targetsSection({ latency, throughput, streaming, bundle }) {
  const q = quantiles(latency, "lastByteMs");
  const first = quantiles(streaming, "firstByteMs");
  const chorus = q.get("chorus");
  const addedP50 = minus(chorus?.p50, q.get("direct").p50);
  const addedP99 = minus(chorus?.p99, q.get("direct").p99);
  const firstDelta = minus(first.get("chorus")?.p50, first.get("direct").p50);
  const rate = (name) => (throughput.tallies.has(name) ? throughput.tallies.get(name).ok / throughput.seconds : undefined);
  const [chorusRate, portkeyRate] = [rate("chorus"), rate("portkey")];
  const bundleKiB = bundle && kib(bundle.gzipBytes);
  return table(["target", "measured", "result"], [
    [`added p50 latency at concurrency 1 ≤ ${TARGET.addedP50Ms} ms`, `${signed(addedP50)} ms`, verdict(addedP50, addedP50 <= TARGET.addedP50Ms)],
    [`added p99 latency at concurrency 1 ≤ ${TARGET.addedP99Ms} ms`, `${signed(addedP99)} ms`, verdict(addedP99, addedP99 <= TARGET.addedP99Ms)],
    [`streaming first-byte delta (p50) ≤ ${TARGET.firstByteDeltaMs} ms`, `${signed(firstDelta)} ms`, verdict(firstDelta, firstDelta <= TARGET.firstByteDeltaMs)],
    ["throughput at concurrency 32 ≥ Portkey's", `${fixed(chorusRate, 0)} vs ${fixed(portkeyRate, 0)} req/s`, verdict(chorusRate && portkeyRate, chorusRate >= portkeyRate)],
    [`Worker bundle ≤ ${TARGET.bundleKiB} KiB gzipped`, `${fixed(bundleKiB, 1)} KiB`, verdict(bundleKiB, bundleKiB <= TARGET.bundleKiB)],
  ]);
}

function gapNotes({ latency }) {
  const q = quantiles(latency, "lastByteMs");
  const direct = q.get("direct").p50;
  const floor = minus(q.get("floor")?.p50, direct);
  const chorus = minus(q.get("chorus")?.p50, direct);
  return [
    `- Of Chorus's added p50 (${signed(chorus)} ms), workerd itself accounts for ${signed(floor)} ms: the floor Worker does nothing but \`fetch\` the same request to the fake, so it pays only for workerd's socket, the isolate dispatch and the outbound connection. The remainder, ${signed(minus(chorus, floor))} ms, is Chorus's own work per request: Hono routing and middleware, reading and validating the body (zod), resolving the route, the official \`openai\` SDK building the upstream request and parsing its JSON answer, mapping it to Chorus's types and serialising it again. Portkey, by contrast, runs on Node and forwards the upstream body with little translation for an OpenAI-to-OpenAI route.`,
    "- The direct p50 includes the fake's own ~1 ms: it answers after a `setTimeout(0)`, which Node rounds up to 1 ms. Ratios are therefore conservative; the added milliseconds are the meaningful figure.",
    "- Throughput: the load generator, the fake and the server under test share the 2 cores. The direct call has one process fewer competing, so its rate is an upper bound rather than a like-for-like baseline; the gateways are compared with each other on equal terms.",
  ].join("\n");
}

export function renderReport(run) {
  const { startedAt, seconds, plan, failures, parties } = run;
  const { latency: l, throughput: t, streaming: s } = plan;
  const status = failures.length === 0
    ? "Every response of every party was checked (status 200 and the fake's exact answer) and none failed."
    : `**This run did not complete cleanly:**\n\n${failures.map((failure) => `- ${failure.split("\n")[0]}`).join("\n")}`;
  return `# Benchmarks

Generated by \`npm run bench\` (bench/run.mjs) on ${startedAt.toISOString()}, in ${fixed(seconds, 0)} s.
Machine: ${cpus()[0]?.model ?? "unknown CPU"}, ${availableParallelism()} cores (nproc), ${type()} ${release()}, Node ${process.version}.

${status}

## Method

- **Upstream**: the fake OpenAI server of the tests (test/fakes/openai-fake.ts), a real HTTP server on 127.0.0.1 in its own Node process. It answers \`Echo: ${PROMPT}\`; streamed, as an SSE chunk per word with ${CHUNK_MS} ms between chunks (model directive \`~chunkMs=${CHUNK_MS}\`).
- **direct**: the client calls the fake itself (\`POST /v1/chat/completions\`, model \`gpt-bench\`).
- **Chorus**: the Worker built by \`wrangler deploy --dry-run\` (the bundle below), served by workerd through Miniflare (wrangler's own dependency, the runtime \`npm start\` uses) in its own process, with wrangler.toml's bindings and vars plus \`OPENAI_API_KEY\`, \`OPENAI_BASE_URL=<fake>/v1\` and \`DEMO_PROVIDER=off\`; D1 and KV in memory. Requests go to the Worker's own workerd socket: neither wrangler's dev proxy nor Miniflare's entry worker is in front. Model \`openai/gpt-bench\` (a direct \`provider/model\` address).
- **Portkey**: \`@portkey-ai/gateway\` 1.15.2, its Node entry (build/start-server.js on @hono/node-server) unchanged in its own process, bound to 127.0.0.1; headers \`x-portkey-provider: openai\` and \`x-portkey-custom-host: <fake>/v1\`.
- **workerd floor** (reference): a Worker in the same workerd whose only code is \`fetch(upstream, request)\`; what any Worker pays before doing anything.
- **Client**: one Node \`http\` client with a keep-alive Agent (as many sockets as the concurrency) for every party; a response counts only if it is HTTP 200 and carries the fake's exact answer (for streams: every chunk's content joined, and \`data: [DONE]\`).
- **Latency**: concurrency 1, non-streamed; ${l.warmup} warm-up requests then ${l.samples} measured per party, interleaved: each round sends one request to every party, the order rotating every round. Time to the last byte of the response.
- **Throughput**: concurrency ${t.concurrency}, closed loop, ${(t.rounds * t.windowMs) / 1000} s measured per party in ${t.rounds} windows of ${t.windowMs / 1000} s, each after ${t.warmupMs} ms of warm-up, parties in turn and the order reversed in the second round. Only responses completed inside a window count.
- **Streaming**: concurrency 1, \`stream: true\`, ${s.warmup} warm-up then ${s.samples} streams per party, interleaved as above; time to the first and to the last byte of the body.
- Deltas are a gateway's percentile minus direct's percentile from the same run.

## Latency, concurrency 1 (non-streamed, ms)

${latencySection(parties, run.latency)}

## Throughput, concurrency ${t.concurrency}

${throughputSection(parties, run.throughput)}

## Streaming: time to first and last byte (ms)

${streamingSection(parties, run.streaming)}

## Worker bundle

${bundleSection(run.bundle, run.minified)}

## Targets

${targetsSection(run)}

## What dominates the gap

${gapNotes(run)}
`;
}

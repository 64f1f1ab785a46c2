// Renders one run as markdown: printed as the summary, written as BENCHMARKS.md.
import { availableParallelism, cpus, release, type } from "node:os";
import { CALLER_COUNT, WARM_CALLER_COUNT } from "./caller-token.mjs";
import { SAMPLING_INTERVAL_US } from "./cpu-profile.mjs";
import { CHUNK_MS, PROMPT } from "./exchange.mjs";
import { jobsMethod, jobsSection } from "./jobs-report.mjs";
import { MESSAGES_PER_SESSION } from "./session-urls.mjs";
import { percentile } from "./tally.mjs";

const TARGET = {
  addedP50Ms: 1, addedP99Ms: 5, firstByteDeltaMs: 2, bundleKiB: 300, edgeOverCoreMs: 0.5, identityOverCoreMs: 1,
  // Issue 10: one busy caller, on workerd directly and through `npm start`.
  busyOverCoreMs: 1, busyRateOverPortkey: 1, npmStartOverDirectMs: 2,
  // Issue 11: over the same caller's plain chat request.
  personaOverChatMs: 0.2, sessionOverChatMs: 2,
  // Issue 12: the Responses API over the same caller's chat request, for the same answer.
  responsesOverChatMs: 0.3,
  // Issue 13: a feature's PII and phrase rails over a 1 KB answer, against the same request without the feature.
  guardrailsOverChatMs: 0.3, guardrailsFirstByteDeltaMs: 0.3,
  // Issue 12: the console's JavaScript loaded with its first page, gzipped (KB of 1,000 bytes).
  consoleInitialKB: 150,
};
// What an outside measurement of `npm start` found before issue 10, for comparison (concurrency 1 added over the fake; req/s at 32).
const OUTSIDE = { chorus: { p50: 6.9, p99: 27, rate: 281 }, portkey: { p50: 1.25, rate: 1130 } };
const PROFILE_ROWS = 10;
// A load average above this before the run starts means something else is competing for the cores.
const BUSY_MACHINE_LOAD = 1;
const CHORUS_SOURCES = /^(workers|packages)\//;

const fixed = (value, digits = 2) => (value === undefined ? "n/a" : value.toFixed(digits));
const signed = (value) => (value === undefined ? "n/a" : `${value >= 0 ? "+" : ""}${value.toFixed(2)}`);
const signedMs = (value) => (value === undefined ? "n/a" : `${signed(value)} ms`);
const times = (value, base) => (value === undefined || !base ? "n/a" : `${(value / base).toFixed(2)}×`);
const minus = (a, b) => (a === undefined || b === undefined ? undefined : a - b);
const kib = (bytes) => bytes / 1024;

function table(head, rows) {
  return [`| ${head.join(" | ")} |`, `|${head.map(() => " --- ").join("|")}|`, ...rows.map((row) => `| ${row.join(" | ")} |`)].join("\n");
}

/** p50 and p99 of one timing of every party's tally, by party name. */
function quantiles(tallies, timing) {
  return new Map([...tallies].map(([name, tally]) => [name, { p50: percentile(tally[timing], 50), p99: percentile(tally[timing], 99) }]));
}

const rateOf = ({ tallies, seconds }, name) => (tallies.has(name) ? tallies.get(name).ok / seconds : undefined);
const requestsPerSecond = (value) => (value === undefined ? "n/a" : `${fixed(value, 0)} req/s`);

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

function throughputSection(allParties, { tallies, seconds }) {
  const parties = allParties.filter(({ name }) => tallies.has(name));
  const rate = (name) => tallies.get(name).ok / seconds;
  const cpuPerRequest = (name) => {
    const { cpuMs, ok } = tallies.get(name);
    return cpuMs === undefined || ok === 0 ? "n/a" : fixed(cpuMs / ok, 3);
  };
  const q = quantiles(tallies, "lastByteMs");
  const rows = parties.map(({ name, label }) => [
    label, fixed(rate(name), 0), times(rate(name), rate("direct")), fixed(q.get(name).p50), fixed(q.get(name).p99), cpuPerRequest(name), tallies.get(name).errors,
  ]);
  return [
    table(["party", "requests/s", "ratio to direct", "p50 ms under load", "p99 ms under load", "server CPU ms per request", "errors"], rows),
    "",
    "Server CPU is what the server's processes spent during the measured windows, all threads together (user + system time from /proc), per request served. workerd runs a Worker's JavaScript, and its local D1, KV and Durable Objects, on one thread; Node (Portkey, the fake) also collects garbage and does I/O on helper threads, so it can serve more requests per second than one core's worth of CPU per request would allow.",
  ].join("\n");
}

function streamingSection(allParties, streaming) {
  const parties = allParties.filter(({ name }) => streaming.has(name));
  const first = quantiles(streaming, "firstByteMs");
  const last = quantiles(streaming, "lastByteMs");
  const rows = parties.map(({ name, label }) => {
    const delta = (q, p) => (name === "direct" ? "—" : signed(minus(q.get(name)[p], q.get("direct")[p])));
    return [
      label, fixed(first.get(name).p50), fixed(first.get(name).p99), delta(first, "p50"), delta(first, "p99"),
      fixed(last.get(name).p50), fixed(last.get(name).p99), delta(last, "p50"), delta(last, "p99"), streaming.get(name).ok, streaming.get(name).errors,
    ];
  });
  // Buffering shows as a stream whose chunks all arrive at once: compare how long each body takes from first to last byte.
  const spread = new Map([...streaming].map(([name, tally]) => [name, percentile(tally.lastByteMs.map((last, i) => last - tally.firstByteMs[i]), 50)]));
  const fakeSpread = spread.get("direct");
  const passThrough = parties.filter(({ name }) => name !== "direct").map(({ name, label }) => {
    const paced = spread.get(name) !== undefined && fakeSpread !== undefined && spread.get(name) >= fakeSpread / 2;
    return paced
      ? `- ${label}: the body spans ${fixed(spread.get(name))} ms from first to last byte (p50), as the fake paces it (${fixed(fakeSpread)} ms): chunks are passed on as they arrive.`
      : `- ${label}: the body arrives in one burst (${fixed(spread.get(name))} ms from first to last byte, p50, against ${fixed(fakeSpread)} ms from the fake): chunks were held, then sent together.`;
  });
  return [
    table(["party", "first byte p50", "first byte p99", "Δ first p50", "Δ first p99", "last byte p50", "last byte p99", "Δ last p50", "Δ last p99", "ok", "errors"], rows),
    "",
    "Pass-through:",
    "",
    ...passThrough,
  ].join("\n");
}

/** What the identity layer costs when the caller's `UserQuota` object has to start again, against the core in the same rounds. */
function coldSection(coldParties, cold) {
  const q = quantiles(cold, "lastByteMs");
  const core = q.get("core");
  const rows = coldParties.map(({ name, label }) => {
    const { p50, p99 } = q.get(name);
    const over = name === "core" ? ["—", "—"] : [signed(minus(p50, core?.p50)), signed(minus(p99, core?.p99))];
    return [label, fixed(p50), fixed(p99), ...over, cold.get(name).ok, cold.get(name).errors];
  });
  return table(["party", "p50 ms", "p99 ms", "over the core, p50 ms", "over the core, p99 ms", "ok", "errors"], rows);
}

function bundleSection(bundle) {
  if (!bundle) return "Not measured: the build failed.";
  const files = bundle.files.map((file) => `\`${file.name}\` ${fixed(kib(file.bytes), 1)} KiB before gzip`).join(", ");
  const largest = bundle.largest.map(([source, bytes]) => `${source} ${fixed(kib(bytes), 0)} KiB`).join(", ");
  return [
    `- As \`npm run deploy\` builds it (\`wrangler deploy --dry-run\` with wrangler.toml's settings), gzip level 6: **${fixed(kib(bundle.gzipBytes), 1)} KiB gzipped** (${files}).`,
    `- Largest contributors (bytes in the output before gzip, from esbuild's metafile): ${largest}.`,
  ].join("\n");
}

/**
 * Issue 2's targets are the gateway core's (what that issue builds), judged on
 * the core alone; full Chorus is shown beside them. Issues 3 and 4 judge what
 * their layer adds to the core's p50, both measured in this run.
 */
function consoleSection(bundle) {
  if (!bundle) return "Not measured: the build failed.";
  const list = (files) => files.map((file) => `\`${file.name}\` ${fixed(file.gzipBytes / 1000, 1)} KB`).join(", ") || "none";
  const kb = bundle.initialGzipBytes / 1000;
  return [
    "- As `npm start` and `npm run deploy` build it (`vite build` in packages/console), gzip level 6. Initial: the entry script of index.html and the modules it preloads, what a browser fetches before the first page shows.",
    "",
    table(["what", "measured", "target", "result"], [
      ["console's initial JavaScript, gzipped", `${fixed(kb, 1)} KB`, `≤ ${TARGET.consoleInitialKB} KB`, verdict(kb, kb <= TARGET.consoleInitialKB)],
    ]),
    "",
    `Initial files: ${list(bundle.initial)}. Loaded later, on demand: ${list(bundle.later)}.`,
  ].join("\n");
}

function targetsSection({ latency, throughput, streaming, cold, bundle }) {
  const q = quantiles(latency, "lastByteMs");
  const coldQ = quantiles(cold, "lastByteMs");
  const first = quantiles(streaming, "firstByteMs");
  const added = (quantile, name, p) => minus(quantile.get(name)?.[p], quantile.get("direct")[p]);
  const over = (name, base) => minus(q.get(name)?.p50, q.get(base)?.p50);
  const edgeLessKv = minus(over("core-edge", "core"), over("floor-kv", "floor"));
  const rate = (name) => rateOf(throughput, name);
  const portkeyRate = rate("portkey");
  const bundleKiB = bundle && kib(bundle.gzipBytes);
  const row = (target, format, core, full, limit, atMost = true) => {
    const ok = core !== undefined && limit !== undefined && (atMost ? core <= limit : core >= limit);
    return [target, format(core), format(full), verdict(core, ok)];
  };
  return table(["target", "core alone", "full Chorus (cache miss)", "result (core)"], [
    row(`added p50 latency at concurrency 1 ≤ ${TARGET.addedP50Ms} ms`, signedMs, added(q, "core", "p50"), added(q, "chorus", "p50"), TARGET.addedP50Ms),
    row(`added p99 latency at concurrency 1 ≤ ${TARGET.addedP99Ms} ms`, signedMs, added(q, "core", "p99"), added(q, "chorus", "p99"), TARGET.addedP99Ms),
    row(`streaming first-byte delta (p50) ≤ ${TARGET.firstByteDeltaMs} ms`, signedMs, added(first, "core", "p50"), added(first, "chorus", "p50"), TARGET.firstByteDeltaMs),
    row(`throughput at concurrency 32 ≥ Portkey's (${requestsPerSecond(portkeyRate)})`, requestsPerSecond, rate("core"), rate("chorus"), portkeyRate, false),
    [`Worker bundle ≤ ${TARGET.bundleKiB} KiB gzipped`, "—", bundleKiB === undefined ? "n/a" : `${fixed(bundleKiB, 1)} KiB`, verdict(bundleKiB, bundleKiB <= TARGET.bundleKiB)],
  ]) + "\n\n" + table(["target (p50 at concurrency 1, over the core alone, same run)", "measured", "result"], [
    [
      `issue 3: + breakers, health and cache (miss path), less what a KV read and write cost any Worker (floor + KV read and write, over the floor) ≤ +${TARGET.edgeOverCoreMs} ms`,
      `${signedMs(edgeLessKv)} (${signedMs(over("core-edge", "core"))} less ${signedMs(over("floor-kv", "floor"))})`,
      verdict(edgeLessKv, edgeLessKv <= TARGET.edgeOverCoreMs),
    ],
    [`issue 4: + auth, quota and metering ≤ +${TARGET.identityOverCoreMs} ms`, signedMs(over("core-identity", "core")), verdict(over("core-identity", "core"), over("core-identity", "core") <= TARGET.identityOverCoreMs)],
    ["reference: + breakers and health, the cache bypassed (`x-chorus-cache: no-store`)", signedMs(over("core-edge-no-cache", "core")), "—"],
    ["reference: full Chorus, cache bypassed / cache miss / cache hit", [over("chorus-no-cache", "core"), over("chorus", "core"), over("chorus-hit", "core")].map(signedMs).join(" / "), "—"],
    ["reference, cold path: + auth, quota and metering for a caller whose objects went idle (below)", signedMs(minus(coldQ.get("core-identity")?.p50, coldQ.get("core")?.p50)), "—"],
  ]);
}

/**
 * `npm start` over workerd direct, less what `wrangler dev` adds to a
 * fetch-only Worker (the floor through wrangler dev over the floor): Chorus's
 * own part of the difference, as issue 3's target is judged without the KV
 * floor.
 */
function devProxyRow(at) {
  const proxy = minus(at("dev-floor", "p50"), at("floor", "p50"));
  const own = minus(minus(at("npm-start-busy", "p50"), at("busy", "p50")), proxy);
  return ["`npm start`, one caller, c1 p50 over workerd direct, less what `wrangler dev` adds to the fetch-only floor",
    `${signedMs(own)}`, `wrangler dev's own cost ${signedMs(proxy)}`, "—", "—", `≤ +${TARGET.npmStartOverDirectMs} ms`,
    verdict(own, own !== undefined && own <= TARGET.npmStartOverDirectMs)];
}

/**
 * Issue 10: one user's requests, every one on that user's state. Each row
 * against its own baseline from the same run: on workerd directly the core
 * alone (latency) and Portkey (throughput); through `npm start`, the same
 * busy caller on workerd directly.
 */
function busyCallerSection({ latency, throughput, plan }) {
  const { concurrency } = plan.throughput;
  if (!latency.has("busy") && !latency.has("npm-start-busy")) return "Not measured: neither Chorus for the busy caller started.";
  const q = quantiles(latency, "lastByteMs");
  const at = (name, p) => q.get(name)?.[p];
  const rate = (name) => rateOf(throughput, name);
  const ms = (value) => (value === undefined ? "n/a" : `${fixed(value)} ms`);
  const ratio = (value, base) => times(value, base);
  const judged = (measured, ok) => verdict(measured, measured !== undefined && ok);
  const latencyRow = (what, name, p, baseLabel, base, target) => {
    const over = minus(at(name, p), at(base, p));
    return [what, ms(at(name, p)), `${baseLabel} ${ms(at(base, p))}`, signedMs(over), ratio(at(name, p), at(base, p)),
      target === undefined ? "—" : `≤ +${target} ms`, target === undefined ? "—" : judged(over, over <= target)];
  };
  const rateRow = (what, name, baseLabel, base, target) => {
    const [value, baseline] = [rate(name), rate(base)];
    const share = value === undefined || !baseline ? undefined : value / baseline;
    const difference = minus(value, baseline);
    return [what, requestsPerSecond(value), `${baseLabel} ${requestsPerSecond(baseline)}`,
      difference === undefined ? "n/a" : `${difference >= 0 ? "+" : ""}${fixed(difference, 0)} req/s`, ratio(value, baseline),
      target === undefined ? "—" : `≥ ${fixed(target)}×`, target === undefined ? "—" : judged(share, share >= target)];
  };
  const targets = table(["row", "measured", "baseline (same run)", "over the baseline", "ratio", "target", "result"], [
    latencyRow("workerd direct, one caller, concurrency 1, p50", "busy", "p50", "core alone", "core", TARGET.busyOverCoreMs),
    latencyRow("workerd direct, one caller, concurrency 1, p99", "busy", "p99", "core alone", "core"),
    rateRow(`workerd direct, one caller, concurrency ${concurrency}`, "busy", "Portkey", "portkey", TARGET.busyRateOverPortkey),
    latencyRow("`npm start`, one caller, concurrency 1, p50", "npm-start-busy", "p50", "workerd direct, one caller", "busy", TARGET.npmStartOverDirectMs),
    latencyRow("`npm start`, one caller, concurrency 1, p99", "npm-start-busy", "p99", "workerd direct, one caller", "busy"),
    rateRow(`\`npm start\`, one caller, concurrency ${concurrency}`, "npm-start-busy", "workerd direct, one caller", "busy"),
    devProxyRow(at),
    rateRow(`\`npm start\`, one caller, concurrency ${concurrency}`, "npm-start-busy", "Portkey", "portkey"),
  ]);
  const added = (name, p) => minus(at(name, p), at("direct", p));
  const sideBySide = table(["party", "added p50 ms (c1)", "added p99 ms (c1)", `req/s (c${concurrency})`, "req/s ratio to Portkey"], [
    ["Chorus (`npm start`), one caller, cache bypassed", "npm-start-busy"],
    ["Chorus (workerd), one caller, cache bypassed", "busy"],
    ["Chorus (workerd), many callers, cache bypassed", "chorus-no-cache"],
    ["core alone", "core"],
    ["Portkey 1.15.2 (Node)", "portkey"],
  ].map(([label, name]) => [label, signed(added(name, "p50")), signed(added(name, "p99")), fixed(rate(name), 0), ratio(rate(name), rate("portkey"))]));
  return [
    targets,
    "",
    `The same runs as issue 10's outside measurement put them: added over the fake (direct) at concurrency 1, and served at concurrency ${concurrency}. That measurement, through \`npm start\` before issue 10, found Chorus +${OUTSIDE.chorus.p50} ms p50, +${OUTSIDE.chorus.p99} ms p99 and ${OUTSIDE.chorus.rate} req/s, Portkey +${OUTSIDE.portkey.p50} ms p50 and ${OUTSIDE.portkey.rate.toLocaleString("en")} req/s.`,
    "",
    sideBySide,
  ].join("\n");
}

/** Issue 11: what a persona and a session add to the busy caller's plain chat request, all three measured in the same rounds. */
function personasSection({ latency }) {
  if (!latency.has("busy")) return "Not measured: the Chorus for the busy caller did not start.";
  const q = quantiles(latency, "lastByteMs");
  const plain = q.get("busy").p50;
  const row = (what, name, target) => {
    const p50 = q.get(name)?.p50;
    const over = minus(p50, plain);
    return [what, p50 === undefined ? "n/a" : `${fixed(p50)} ms`, `${fixed(plain)} ms`, signedMs(over), times(p50, plain), `≤ +${target} ms`,
      verdict(over, over !== undefined && over <= target), latency.get(name)?.errors ?? "n/a"];
  };
  return table(["row (one caller, concurrency 1, p50)", "measured", "plain chat (same run)", "added", "ratio", "target", "result", "errors"], [
    row("chat with a persona (`x-chorus-persona: writer`)", "busy-persona", TARGET.personaOverChatMs),
    row("session message (`POST /v1/sessions/{id}/messages`)", "busy-session", TARGET.sessionOverChatMs),
    row("Responses API (`POST /v1/responses`, same answer)", "busy-responses", TARGET.responsesOverChatMs),
  ]);
}

/** Issue 13: what a feature's PII and phrase rails add to a 1 KB answer, whole and streamed, against the same request without the feature. */
function guardrailsSection({ latency, streaming }) {
  if (!latency.has("busy-1k") || !latency.has("busy-guarded")) return "Not measured: the Chorus for the busy caller did not start.";
  const row = (what, tallies, key, target) => {
    const q = quantiles(tallies, key);
    const plain = q.get("busy-1k")?.p50;
    const guarded = q.get("busy-guarded")?.p50;
    const over = minus(guarded, plain);
    return [what, guarded === undefined ? "n/a" : `${fixed(guarded)} ms`, plain === undefined ? "n/a" : `${fixed(plain)} ms`, signedMs(over), `≤ +${target} ms`,
      verdict(over, over !== undefined && over <= target), tallies.get("busy-guarded")?.errors ?? "n/a"];
  };
  return [
    table(["row (one caller, concurrency 1, p50)", "with rails", "without (same run)", "added", "target", "result", "errors"], [
      row("1 KB answer, last byte", latency, "lastByteMs", TARGET.guardrailsOverChatMs),
      ...(streaming.has("busy-guarded") ? [row("1 KB answer streamed, first byte", streaming, "firstByteMs", TARGET.guardrailsFirstByteDeltaMs)] : []),
    ]),
    "",
    "The rails hold back at most 64 characters of a stream (a PII match split across chunks is still caught); the unit tests of `StreamTextRail` assert the bound.",
  ].join("\n");
}

function profileSection(profile, plan) {
  if (!profile) return "Not measured.";
  const requests = profile.loadResult.tallies.get("chorus").ok;
  const share = (ms) => `${fixed((100 * ms) / profile.busyMs, 1)} %`;
  const top = (ranked) => {
    const rest = ranked.slice(PROFILE_ROWS).reduce((sum, [, ms]) => sum + ms, 0);
    return [...ranked.slice(0, PROFILE_ROWS), ...(rest > 0 ? [["everything else", rest]] : [])];
  };
  return [
    `CPU samples of the Chorus isolate, every ${SAMPLING_INTERVAL_US} µs through workerd's inspector, while it served ${requests} non-streamed requests (cache on, each a miss) at concurrency ${plan.concurrency} for ${plan.windowMs / 1000} s: ${profile.samples} samples, weighted by time as DevTools does. Self time by where the code comes from, through the bundle's source map:`,
    "",
    table(["source", "share of busy time"], top(profile.sources).map(([source, ms]) => [source, share(ms)])),
    "",
    "Hottest code locations (self time):",
    "",
    table(["location", "share of busy time"], top(profile.locations).map(([location, ms]) => [`\`${location}\``, share(ms)])),
  ].join("\n");
}

function chorusGapNote(latency, profile) {
  const q = quantiles(latency, "lastByteMs");
  const added = (name) => minus(q.get(name)?.p50, q.get("direct").p50);
  const [chorus, noCache, floor] = [added("chorus"), added("chorus-no-cache"), added("floor")];
  if (chorus === undefined) return [];
  const percent = (ms) => `${fixed((100 * ms) / profile.busyMs, 0)} %`;
  const profiled = profile
    ? `By the profile above, Chorus's CPU time goes first to ${profile.sources.slice(0, 3).map(([source, ms]) => `${source} (${percent(ms)})`).join(", ")}; Chorus's own code (workers/gateway, packages/*) is ${percent(profile.sources.filter(([source]) => CHORUS_SOURCES.test(source)).reduce((sum, [, ms]) => sum + ms, 0))}, the rest is the libraries it runs on and the runtime work they ask for.`
    : "No profile was taken.";
  return [
    `- Chorus's added p50 latency (${signedMs(chorus)}) splits into: ${signedMs(floor)} that any Worker pays here (the floor Worker only \`fetch\`es the same request to the fake: workerd's socket, the isolate dispatch, the outbound connection); ${signedMs(minus(chorus, noCache))} for the response cache's miss path (cache miss minus cache bypassed); ${signedMs(minus(noCache, floor))} for the rest of Chorus's request path. ${profiled}`,
    "- KV here is Miniflare's local store (SQLite in the state directory, served by the same workerd): on Cloudflare a KV read travels further, most of all for a key the location has not seen, so the cache's miss path costs more in production than it does here. The other way round, each answer stored after a miss costs Miniflare a blob file and a SQLite row on the one thread that also serves requests: Chorus starts that write once the response has gone out, but with requests arriving back to back it runs while the next one is served, and it is most of what the miss path takes from throughput here. On Cloudflare that write is a network call that costs the isolate little.",
  ];
}

function sdkNote(latency, throughput, concurrency) {
  const q = quantiles(latency, "lastByteMs");
  const added = (name) => minus(q.get(name)?.p50, q.get("direct").p50);
  const [sdk, floor, core] = [added("sdk"), added("floor"), added("core")];
  if (sdk === undefined || core === undefined) return [];
  const rate = (name) => (throughput.tallies.has(name) ? `${fixed(throughput.tallies.get(name).ok / throughput.seconds, 0)} req/s` : "n/a");
  return [`- The openai SDK by itself, with no gateway around it, adds ${signedMs(sdk)} at p50 (the fetch-only floor ${signedMs(floor)}) and serves ${rate("sdk")} at concurrency ${concurrency} (the floor ${rate("floor")}): its request building (headers merged one by one into a \`Headers\`, request logging prepared whatever the log level), its own timeout timer and abort controller, and its response parsing. The core adds ${signedMs(minus(core, sdk))} at p50 to that SDK call (${rate("core")}): routing, validation, retries, timeouts and the response.`];
}

function kvNote(latency) {
  const q = quantiles(latency, "lastByteMs");
  const over = (name, base) => minus(q.get(name)?.p50, q.get(base)?.p50);
  const [kv, edge, edgeNoCache] = [over("floor-kv", "floor"), over("core-edge", "core"), over("core-edge-no-cache", "core")];
  if (kv === undefined || edge === undefined) return [];
  return [`- Issue 3's layer adds ${signedMs(edge)} to the core at p50, ${signedMs(edgeNoCache)} of it with the cache bypassed (breakers, health, idempotency). The rest is the cache's miss path, and a KV read before the call and a KV write after it (with the answer buffered to write it) add ${signedMs(kv)} to the bare floor Worker: Miniflare serves KV from JavaScript and SQLite on the thread that runs the Worker, and with requests back to back, one answer's write runs while the next request is served.`];
}

function portkeyStreamNote(streaming) {
  const first = quantiles(streaming, "firstByteMs");
  const delta = minus(first.get("portkey")?.p50, first.get("direct").p50);
  if (delta === undefined) return [];
  return [`- Portkey's stream reader waits 25 ms before it forwards the first chunk of every stream (a \`setTimeout(…, 25)\` on the first chunk in its build/start-server.js): that is most of its first-byte delta (${signedMs(delta)} at p50), and with chunks ${CHUNK_MS} ms apart the fake has often finished by then, hence the burst.`];
}

/** The core's and Portkey's CPU per request, where both were measured. */
function cpuComparison({ tallies }) {
  const perRequest = (name) => {
    const tally = tallies.get(name);
    return tally?.cpuMs === undefined || tally.ok === 0 ? undefined : tally.cpuMs / tally.ok;
  };
  const [core, portkey] = [perRequest("core"), perRequest("portkey")];
  if (core === undefined || portkey === undefined) return "";
  return ` Per request served, the core's workerd spent ${fixed(core, 3)} ms of CPU and Portkey's Node ${fixed(portkey, 3)} ms: the rates compare how much of the machine each server can use (workerd's JavaScript runs on one thread) as much as how much work a request takes.`;
}

function gapNotes({ latency, throughput, streaming, profile, plan }) {
  return [
    ...chorusGapNote(latency, profile),
    ...sdkNote(latency, throughput, plan.throughput.concurrency),
    ...kvNote(latency),
    ...portkeyStreamNote(streaming),
    "- The direct p50 includes the fake's own ~1 ms: it answers a non-streamed request after `setTimeout(0)`, which Node rounds up to 1 ms. Ratios are therefore conservative; the added milliseconds are the meaningful figure.",
    `- Throughput: the load generator, the fake and the server under test share the ${availableParallelism()} cores. The direct call has one process fewer competing, so its rate is an upper bound rather than a like-for-like baseline; the gateways are compared with each other on equal terms.${cpuComparison(throughput)}`,
  ].join("\n");
}

export function renderReport(run) {
  const { startedAt, seconds, load, plan, failures, parties } = run;
  const { latency: l, throughput: t, streaming: s } = plan;
  const status = failures.length === 0
    ? "Every response of every party was checked (status 200, 201 for a session message, and the fake's exact answer) and none failed."
    : `**This run did not complete cleanly:**\n\n${failures.map((failure) => `- ${failure.split("\n")[0]}`).join("\n")}`;
  return `# Benchmarks

${run.quick ? "**A quick run (`BENCH_QUICK=1`): a few samples per party, to check that everything runs. The numbers mean little.**\n\n" : ""}Generated by \`npm run bench\` (bench/run.mjs) on ${startedAt.toISOString()}, in ${fixed(seconds, 0)} s.
Machine: ${cpus()[0]?.model ?? "unknown CPU"}, ${availableParallelism()} cores (nproc), ${type()} ${release()}, Node ${process.version}.
1-minute load average: ${fixed(load[0])} at the start (before the benchmark's own load), ${fixed(load[1])} at the end${load[0] > BUSY_MACHINE_LOAD ? ". **The machine was busy with other work: every party's times, the direct call's too, are inflated.**" : "."}

${status}

## Method

- **Upstream**: the fake OpenAI server of the tests (test/fakes/openai-fake.ts), a real HTTP server on 127.0.0.1 in its own Node process. Every request asks \`${PROMPT} <n>\`, n counting up, and the fake answers \`Echo: \` and the prompt; streamed, as an SSE chunk per word with ${CHUNK_MS} ms between chunks (model directive \`~chunkMs=${CHUNK_MS}\`).
- **direct**: the client calls the fake itself (\`POST /v1/chat/completions\`, model \`gpt-bench\`).
- **Chorus**: the Worker built by \`wrangler deploy --dry-run\` (the bundle below), served by workerd through Miniflare (wrangler's own dependency, the runtime \`npm start\` uses) in its own process, with wrangler.toml's bindings and vars plus \`OPENAI_API_KEY\`, \`OPENAI_BASE_URL=<fake>/v1\` and \`DEMO_PROVIDER=off\`; D1, KV and Durable Objects in a fresh local state directory with the D1 migrations applied, as \`npm start\` prepares it. The callers are ${CALLER_COUNT} verified users on the \`premium\` plan (HS256 JWTs signed with the \`AUTH_JWT_SECRET\` given to the Worker) taking turns, since Chorus limits each user's rate and keeps state per user, and traffic at these rates comes from many users; each made one request before anything was timed. These are the many-callers rows. Throughput uses all of them; the concurrency-1 phases the first ${WARM_CALLER_COUNT}, each back every couple of seconds like an active user; the others are kept for the cold path below. Requests go to the Worker's own workerd socket: neither wrangler's dev proxy nor Miniflare's entry worker is in front. Model \`openai/gpt-bench\` (a direct \`provider/model\` address).
  - **cache miss**: the default configuration, response cache on. Since every prompt is new, every request takes the cache's miss path: key hashing, a KV lookup, the answer stored after the response.
  - **cache bypassed**: the same with \`x-chorus-cache: no-store\`, forwarding only, like Portkey, which does not cache by default.
  - **cache hit**: the same question every time (\`${PROMPT} again\`): after the first request the response cache answers and the fake is not called.
  - **core alone**, **core + breakers, health, cache**, **core + auth, quota, metering**: bench/variant-worker.ts, the gateway assembled by \`assembleApp\` from its own parts (\`gatewayParts\`) with some left out or replaced (bench/variant-parts.ts; production code has no benchmark switch), bundled by wrangler the same way. The core has no auth (every caller is one open, verified user), no quotas, no metering, no breakers or health, no cache and no idempotency: the gateway of issue 2. The edge variant adds issue 3's layer (every request a cache miss; once more with the cache bypassed, to separate the cache from breakers and health), the identity variant issue 4's (the same callers).
- **One caller** (issue 10: a backend calling with one credential): the same Chorus bundle in a workerd of its own, with \`PLAN_LIMITS\` raising every plan to ${run.raisedPlanLimits.requestsPerMinute.toLocaleString("en")} requests a minute and ${run.raisedPlanLimits.tokensPerDay.toLocaleString("en")} tokens a day so that no limit applies; every request from one verified \`premium\` user (one JWT) with \`x-chorus-cache: no-store\`, after one untimed request. Measured in the latency phase (concurrency 1) and the throughput phase (concurrency ${plan.throughput.concurrency}) beside the others; not streamed, no cold path.
  - **through \`npm start\`**: scripts/dev.mjs itself, as a new user runs \`npm start\`: its configuration check, the D1 migrations, then \`wrangler dev --local\` on a free port, which bundles the Worker from source and puts its dev proxy and Miniflare's entry worker in front of it, and logs every request as it does for a user. Local state is persisted to disk (\`CHORUS_STATE_DIR\`: a fresh directory in the checkout's .wrangler/, where \`npm start\` keeps it), not tmpfs. Its environment sets \`OPENAI_API_KEY\`, \`OPENAI_BASE_URL=<fake>/v1\`, \`DEMO_PROVIDER=off\`, \`AUTH_JWT_SECRET\` and the same \`PLAN_LIMITS\`, and none of the shell's other gateway variables. ${run.devVarsRead ? "**A .dev.vars was present in the checkout and was read, as `npm start` reads it.**" : "The checkout has no .dev.vars."} Judged against the same caller on workerd directly, from the same run.
- **Personas, sessions and the Responses API** (issues 11 and 12): the one caller's Chorus on workerd directly, the same caller and \`x-chorus-cache: no-store\`, at concurrency 1 only (latency, non-streamed), judged against that caller's plain chat request in the same rounds. **chat with a persona**: the same request with \`x-chorus-persona: writer\` (a seeded system persona, composed in before the call). **session message**: the prompt as \`{content}\` to \`POST /v1/sessions/{id}/messages\` of a session (default persona \`general\`, model \`openai/gpt-bench\`) created untimed beforehand, a fresh one every ${MESSAGES_PER_SESSION} messages so that the thread stays short (at most ${2 * MESSAGES_PER_SESSION} lines, far under the 8,000-token context budget); it counts when the answer is 201 with the user message and one assistant message carrying the fake's answer. **Responses API**: the prompt as \`{model, input}\` to \`POST /v1/responses\`, the same model and answer as the plain request; it counts when the response's \`message\` output item holds the fake's answer as \`output_text\`.
- **Processes and storage**: every Worker runs in its own workerd (one Miniflare per Worker; \`npm start\` its own wrangler and workerd), so what one does after its responses (\`waitUntil\`) never runs on the thread serving another. ${run.stateOnTmpfs ? "Local D1, KV and Durable Object storage, but for `npm start`'s, lives in memory (tmpfs): workerd fsyncs every SQLite commit on the thread that runs the isolates, so on disk every storage write would measure this machine's disk rather than the gateway, which on Cloudflare does not wait for storage on its thread." : "Local D1, KV and Durable Object storage is on disk (no tmpfs here): workerd fsyncs every SQLite commit on the thread that runs the isolates, so storage writes weigh more than they would on Cloudflare."}
${jobsMethod(plan.jobs)}
- **Portkey**: \`@portkey-ai/gateway\` 1.15.2, its Node entry (build/start-server.js on @hono/node-server) unchanged in its own process, bound to 127.0.0.1; headers \`x-portkey-provider: openai\` and \`x-portkey-custom-host: <fake>/v1\`.
- **openai SDK alone** (reference): bench/variant-worker.ts's \`sdk\` variant, in its own workerd like the others: the request body parsed, one \`chat.completions.create\` through the same SDK client the OpenAI adapter builds (\`createOpenAIClient\`: retries off, base URL injected), the completion returned as JSON. No gateway: what the SDK that issue 2 prescribes costs by itself.
- **workerd floor** (reference): a Worker in its own workerd whose only code is \`fetch(upstream, request)\`; what any Worker pays before doing anything.
- **workerd floor + KV read and write** (reference): the floor Worker that first reads a new key from KV and, after the response (next turn, \`waitUntil\`), writes the answer under it: what a response cache's miss costs any Worker on this runtime, whatever the cache's code.
- **workerd floor through \`wrangler dev\`** (reference): the same fetch-only Worker served by \`wrangler dev --local\` (its dev proxy in front, state on disk), as \`npm start\` serves Chorus: what wrangler dev costs any Worker. The busy caller's \`npm start\` target is also judged less that cost, as Chorus's own part of the difference.
- **Client**: one Node \`http\` client with a keep-alive Agent (as many sockets as the concurrency) for every party; a response counts only if it is HTTP 200 and carries the fake's exact answer (for streams: every chunk's content joined, and \`data: [DONE]\`).
- **Latency**: concurrency 1, non-streamed: one client sending its requests one after another. ${l.warmup} warm-up requests then ${l.samples} measured per party (1000 before the busy caller's two parties joined: fewer, so that the whole run stays under 10 minutes), interleaved in blocks: each round sends ${l.block} requests in a row to every party, the order rotating every round, and the first ${l.settle} of each block are not counted. In a row, because that is what one client at concurrency 1 does, and a party then runs warm, as a server under steady traffic does (sent one at a time across a dozen processes on ${availableParallelism()} cores, each request would meet caches the other servers just used); it also means that whatever a party does after a response (\`waitUntil\`) runs while its next request is served, and counts. Time to the last byte of the response. Stops after ${l.maxMs / 1000} s if not done by then (the \`ok\` column counts what was measured).
- **Throughput**: concurrency ${t.concurrency}, closed loop. First ${t.steadyMs / 1000} s of unmeasured load per party, to reach the steady state: a JIT keeps optimizing a server's code for many seconds of load (Portkey's rate still rose after 30 s of it here, by a fifth or more over its first seconds). Then ${(t.rounds * t.windowMs) / 1000} s measured per party in ${t.rounds} windows of ${t.windowMs / 1000} s, each opening after ${t.warmupMs} ms of warm-up in the same loop, parties in turn and the order reversed every other round, so that a slow moment of the machine falls on every party alike rather than on one. Only responses completed inside a window count, including those of requests sent before it opened: the window opens on a server with every client's request in flight, not on a drained one that all clients hit at once (for a server that takes most of a second to answer at this concurrency, that would count one batch per window).
- **Streaming**: concurrency 1, \`stream: true\`, ${s.warmup} warm-up then ${s.samples} streams per party, interleaved as above in blocks of ${s.block} (the first ${s.settle} not counted), stopping after ${s.maxMs / 1000} s; time to the first and to the last byte of the body.
- **Cold path**: concurrency 1, non-streamed, ${plan.cold.samples} requests per party from callers idle since the throughput phase, one each, one request per party per round, stopping after ${plan.cold.maxMs / 1000} s.
- Deltas are a gateway's percentile minus direct's percentile from the same run.

## Latency, concurrency 1 (non-streamed, ms)

${latencySection(parties, run.latency)}

## Throughput, concurrency ${t.concurrency}

${throughputSection(parties, run.throughput)}

## Streaming: time to first and last byte (ms)

${streamingSection(parties, run.streaming)}

## Cold path: a caller's first request after its objects went idle

${coldSection(run.coldParties, run.cold)}

The latency and streaming rows above are the hot path: ${WARM_CALLER_COUNT} callers taking turns, each back every couple of seconds, so their \`UserQuota\` objects stay in memory. Here each request comes from one of the other callers, idle since the throughput phase (half a minute or more): workerd has evicted their objects (here it does so after about 10 s idle), so the isolate's first call to it for a new lease starts the object again and reads its tables before it answers. The core, which keeps no per-user state, is measured in the same rounds as the baseline.

## One busy caller

${busyCallerSection(run)}

## Personas, sessions and the Responses API

${personasSection(run)}

## Guardrails

${guardrailsSection(run)}

## Jobs: orchestration over the critical path

${jobsSection(run.jobs?.parties ?? [], run.jobs?.results)}

## Worker bundle

${bundleSection(run.bundle)}

## Console bundle

${consoleSection(run.consoleBundle)}

## Targets

${targetsSection(run)}

Issue 10's targets (one busy caller) are judged in their own section above.

## Where Chorus's CPU goes

${profileSection(run.profile, plan.profile)}

## What dominates the gap

${gapNotes(run)}
`;
}

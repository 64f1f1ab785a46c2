// Where Chorus's time goes: samples the Chorus isolate's CPU through workerd's
// inspector (Chrome DevTools Protocol) while a load runs, then sums the
// samples' self time by the package and the source line their function comes
// from, through the bundle's source map. Samples with no JavaScript frame (GC,
// native code behind fetch, URL, Headers, timers…) are named as V8 names them.
//
// Time is each sample's delta, as DevTools counts it, not a count of samples:
// V8 misses more ticks while JavaScript runs than during GC, so counts
// overweight GC. But workerd takes no sample while the isolate waits for I/O,
// and the first sample after a wait is charged the wait: the load must keep
// the isolate busy for the shares to hold.
import { readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { basename, dirname, relative, resolve } from "node:path";
import { fileOf, sourceOf } from "./source-of.mjs";

// Thousands of samples over a few seconds of load.
export const SAMPLING_INTERVAL_US = 250;

/** A DevTools Protocol session over a WebSocket: `send` resolves with the command's result. */
async function connect(url) {
  const socket = new WebSocket(url);
  await new Promise((open, fail) => {
    socket.addEventListener("open", open, { once: true });
    socket.addEventListener("error", () => fail(new Error(`cannot reach the inspector at ${url}`)), { once: true });
  });
  const pending = new Map();
  let nextId = 0;
  socket.addEventListener("message", ({ data }) => {
    const message = JSON.parse(data);
    pending.get(message.id)?.(message);
    pending.delete(message.id);
  });
  return {
    send: (method, params = {}) => new Promise((resolveReply, reject) => {
      const id = ++nextId;
      pending.set(id, (reply) => (reply.error ? reject(new Error(`${method}: ${reply.error.message}`)) : resolveReply(reply.result)));
      socket.send(JSON.stringify({ id, method, params }));
    }),
    close: () => socket.close(),
  };
}

/** Where a sampled frame comes from: its package or workspace folder, and its file and line. */
function originOf(frame, map, root, bundlePath) {
  if (frame.url.endsWith(basename(bundlePath))) {
    const entry = map.findEntry(frame.lineNumber, frame.columnNumber);
    if (!entry.originalSource) return { source: "bundle (unmapped)", location: "bundle (unmapped)" };
    const path = relative(root, resolve(dirname(bundlePath), entry.originalSource));
    return { source: sourceOf(path), location: `${fileOf(path)}:${entry.originalLine + 1}` };
  }
  if (frame.url) return { source: `${frame.url} (runtime)`, location: `${frame.functionName || "(anonymous)"} in ${frame.url}` };
  // No script: V8's own buckets such as "(garbage collector)", or a built-in or runtime API implemented natively.
  if (frame.functionName.startsWith("(")) return { source: frame.functionName, location: frame.functionName };
  return { source: "native built-ins and runtime APIs (fetch, Response, URL, timers…)", location: `${frame.functionName || "(anonymous)"} (native)` };
}

const ranked = (totals) => [...totals].sort((a, b) => b[1] - a[1]);

/** Non-idle self time in ms: in total, by source and by code location, largest first. */
function attribute(profile, root, bundlePath) {
  const map = new SourceMap(JSON.parse(readFileSync(`${bundlePath}.map`, "utf8")));
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const bySource = new Map();
  const byLocation = new Map();
  let busyMs = 0;
  profile.samples.forEach((nodeId, index) => {
    const frame = frames.get(nodeId);
    if (frame.functionName === "(idle)") return;
    const ms = (profile.timeDeltas[index] ?? 0) / 1000;
    const { source, location } = originOf(frame, map, root, bundlePath);
    bySource.set(source, (bySource.get(source) ?? 0) + ms);
    byLocation.set(location, (byLocation.get(location) ?? 0) + ms);
    busyMs += ms;
  });
  return { samples: profile.samples.length, busyMs, sources: ranked(bySource), locations: ranked(byLocation) };
}

/** Profiles the Worker `worker` of the workerd behind `inspectorUrl` while `load()` runs. */
export async function profileWorker({ inspectorUrl, worker, root, bundlePath, load }) {
  const targets = await (await fetch(new URL("/json/list", inspectorUrl.replace(/^ws/, "http")))).json();
  const target = targets.find(({ id }) => id === `core:user:${worker}`);
  if (!target) throw new Error(`no inspector target for the Worker "${worker}"`);
  const session = await connect(target.webSocketDebuggerUrl);
  try {
    await session.send("Profiler.enable");
    await session.send("Profiler.setSamplingInterval", { interval: SAMPLING_INTERVAL_US });
    await session.send("Profiler.start");
    const loadResult = await load();
    const { profile } = await session.send("Profiler.stop");
    return { ...attribute(profile, root, bundlePath), loadResult };
  } finally {
    session.close();
  }
}

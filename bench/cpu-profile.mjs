// Where Chorus's time goes: samples the Chorus isolate's CPU through workerd's
// inspector (Chrome DevTools Protocol) while a load runs, then attributes each
// sample's self time to the package its function comes from, through the
// bundle's source map. Time with no JavaScript frame (GC, native code behind
// fetch, URL, Headers, timers…) is named as V8 reports it.
import { readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { dirname, relative, resolve } from "node:path";
import { sourceOf } from "./source-of.mjs";

export const SAMPLING_INTERVAL_US = 100;

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

/** Busy (non-idle) self time in ms, in total and by source, largest first. */
function attribute(profile, root, bundlePath) {
  const map = new SourceMap(JSON.parse(readFileSync(`${bundlePath}.map`, "utf8")));
  const bundleName = bundlePath.split("/").at(-1);
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const bySource = new Map();
  profile.samples.forEach((nodeId, index) => {
    const frame = frames.get(nodeId);
    if (frame.functionName === "(idle)") return;
    let source = frame.url ? `${frame.url} (runtime)` : frame.functionName;
    if (frame.url.endsWith(bundleName)) {
      const original = map.findEntry(frame.lineNumber, frame.columnNumber).originalSource;
      source = original ? sourceOf(relative(root, resolve(dirname(bundlePath), original))) : "bundle (unmapped)";
    } else if (!frame.url && !frame.functionName.startsWith("(")) {
      source = "runtime APIs (fetch, URL, Headers, timers…)";
    }
    bySource.set(source, (bySource.get(source) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000);
  });
  const sources = [...bySource].sort((a, b) => b[1] - a[1]);
  return { busyMs: sources.reduce((sum, [, ms]) => sum + ms, 0), sources };
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

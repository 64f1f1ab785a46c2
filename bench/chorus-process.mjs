// Child process serving one Worker in its own workerd, through Miniflare, the
// runtime `wrangler dev` embeds: the built Chorus Worker (the `wrangler
// deploy` bundle), one variant of it with layers left out
// (bench/variant-worker.ts), or the floor. Chorus gets the bindings
// wrangler.toml declares and local state prepared as `npm start` prepares it
// (D1 migrations applied). The Worker gets a direct workerd socket, so
// requests meet neither wrangler's dev proxy nor Miniflare's entry worker.
// One process per Worker: what one does after its responses (`waitUntil`)
// never runs on the thread serving another party's requests.
//
// workerd's inspector is open so that the benchmark can profile the isolate
// (cpu-profile.mjs); unattached, it costs nothing measurable.
//
// The floor is a Worker that only forwards the request to the fake. Its cost
// is workerd's own (socket, isolate, outbound fetch), which separates what the
// runtime adds from what Chorus's code adds.
import { cpSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { unstable_getMiniflareWorkerOptions } from "wrangler";

/**
 * `worker`: "chorus", a variant of bench/variant-worker.ts ("core", "edge", "identity", "sdk"), "floor" or "floor-kv";
 * `seedDir`: a state directory to start from, copied (migrated-state.mjs); `vars`: more variables for Chorus (e.g. PLAN_LIMITS).
 */
const { worker, bundlePath, upstreamUrl, stateDir, seedDir, authSecret, vars = {} } = JSON.parse(process.argv[2]);
const root = dirname(dirname(fileURLToPath(import.meta.url)));

if (seedDir) cpSync(seedDir, stateDir, { recursive: true });
// Miniflare is wrangler's own dependency: the exact runtime `npm start` uses.
const fromWrangler = createRequire(createRequire(import.meta.url).resolve("wrangler"));
// Its options in the v4 shape, which wrangler also produces and converts.
const { Miniflare, convertV4MiniflareOptions } = await import(fromWrangler.resolve("miniflare"));

const FLOOR_SCRIPT = `export default {
  fetch(request, env) {
    return fetch(env.UPSTREAM + new URL(request.url).pathname, request);
  },
};`;
// The floor plus what a response cache's miss costs any Worker here: a KV
// read of a new key before the call, the answer written under it after the
// response, as Chorus's exact cache does (on the next turn, in waitUntil).
const FLOOR_KV_SCRIPT = `export default {
  async fetch(request, env, ctx) {
    const body = await request.text();
    const key = "bench:" + crypto.randomUUID();
    await env.CACHE.get(key, "json");
    const upstream = await fetch(env.UPSTREAM + new URL(request.url).pathname, { method: "POST", headers: request.headers, body });
    const answer = await upstream.text();
    ctx.waitUntil(new Promise((resolve) => setTimeout(resolve, 0)).then(() => env.CACHE.put(key, answer, { expirationTtl: 3600 })));
    return new Response(answer, upstream);
  },
};`;

// Module rules only matter for bundling, which is done: the bundle is one ES module.
const { workerOptions: { modulesRules, ...workerOptions } } = unstable_getMiniflareWorkerOptions(join(root, "wrangler.toml"));
const directSocket = [{ host: "127.0.0.1", port: 0 }];
const chorus = {
  ...workerOptions,
  modules: true,
  scriptPath: bundlePath,
  modulesRoot: dirname(bundlePath ?? root),
  bindings: {
    ...workerOptions.bindings,
    OPENAI_API_KEY: "sk-bench", OPENAI_BASE_URL: `${upstreamUrl}/v1`, DEMO_PROVIDER: "off", AUTH_JWT_SECRET: authSecret, ...vars,
    ...(worker !== "chorus" && { BENCH_VARIANT: worker }),
  },
};
const floor = { modules: true, script: FLOOR_SCRIPT, compatibilityDate: workerOptions.compatibilityDate, bindings: { UPSTREAM: upstreamUrl } };
const floorKv = { ...floor, script: FLOOR_KV_SCRIPT, kvNamespaces: ["CACHE"] };
const mf = new Miniflare(convertV4MiniflareOptions({
  host: "127.0.0.1",
  port: 0,
  inspectorPort: 0,
  // Where `wrangler dev --persist-to` keeps D1, KV and Durable Objects.
  resourcePersistencePath: join(stateDir, "v3"),
  workers: [{ ...({ floor, "floor-kv": floorKv }[worker] ?? chorus), name: worker, unsafeDirectSockets: directSocket }],
}));

const stop = () => mf.dispose().finally(() => process.exit(0));
process.on("disconnect", stop);
process.on("SIGTERM", stop);
await mf.ready;
process.send({ url: (await mf.unsafeGetDirectURL(worker)).origin, inspectorUrl: (await mf.getInspectorURL()).href });

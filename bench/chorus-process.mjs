// Child process serving the built Chorus Worker (the `wrangler deploy` bundle)
// in workerd through Miniflare, the runtime `wrangler dev` embeds, with the
// bindings wrangler.toml declares. Each Worker gets a direct workerd socket, so
// requests meet neither wrangler's dev proxy nor Miniflare's entry worker.
// workerd's inspector is open so that the benchmark can profile the isolate
// (cpu-profile.mjs); unattached, it costs nothing measurable.
//
// Beside Chorus runs the floor: a Worker that only forwards the request to
// the fake. Its cost is workerd's own (socket, isolate, outbound fetch), which
// separates what the runtime adds from what Chorus's code adds.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { unstable_getMiniflareWorkerOptions } from "wrangler";

const [bundlePath, upstreamUrl] = process.argv.slice(2);
const root = dirname(dirname(fileURLToPath(import.meta.url)));
// Miniflare is wrangler's own dependency: the exact runtime `npm start` uses.
const fromWrangler = createRequire(createRequire(import.meta.url).resolve("wrangler"));
// Its options in the v4 shape, which wrangler also produces and converts.
const { Miniflare, convertV4MiniflareOptions } = await import(fromWrangler.resolve("miniflare"));

const FLOOR_SCRIPT = `export default {
  fetch(request, env) {
    return fetch(env.UPSTREAM + new URL(request.url).pathname, request);
  },
};`;

// Module rules only matter for bundling, which is done: the bundle is one ES module.
const { workerOptions: { modulesRules, ...workerOptions } } = unstable_getMiniflareWorkerOptions(join(root, "wrangler.toml"));
const directSocket = [{ host: "127.0.0.1", port: 0 }];
const mf = new Miniflare(convertV4MiniflareOptions({
  host: "127.0.0.1",
  port: 0,
  inspectorPort: 0,
  workers: [
    {
      ...workerOptions,
      name: "chorus",
      modules: true,
      scriptPath: bundlePath,
      modulesRoot: dirname(bundlePath),
      bindings: { ...workerOptions.bindings, OPENAI_API_KEY: "sk-bench", OPENAI_BASE_URL: `${upstreamUrl}/v1`, DEMO_PROVIDER: "off" },
      unsafeDirectSockets: directSocket,
    },
    {
      name: "floor",
      modules: true,
      script: FLOOR_SCRIPT,
      compatibilityDate: workerOptions.compatibilityDate,
      bindings: { UPSTREAM: upstreamUrl },
      unsafeDirectSockets: directSocket,
    },
  ],
}));

const stop = () => mf.dispose().finally(() => process.exit(0));
process.on("disconnect", stop);
process.on("SIGTERM", stop);
await mf.ready;
const [chorus, floor] = await Promise.all([mf.unsafeGetDirectURL("chorus"), mf.unsafeGetDirectURL("floor")]);
process.send({ url: chorus.origin, floorUrl: floor.origin, inspectorUrl: (await mf.getInspectorURL()).href });

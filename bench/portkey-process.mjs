// Child process serving Portkey's gateway 1.15.2 with its own Node entry
// (build/start-server.js: @hono/node-server), unchanged but for where it
// listens: its entry binds every interface on a port from `--port=`, and the
// benchmark keeps all traffic on loopback with a free port.
import { Server } from "node:http";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const listen = Server.prototype.listen;
Server.prototype.listen = function listenOnLoopback(...args) {
  this.once("listening", () => process.send({ url: `http://127.0.0.1:${this.address().port}` }));
  return listen.call(this, 0, "127.0.0.1", ...args.filter((arg) => typeof arg === "function"));
};

const manifest = createRequire(import.meta.url).resolve("@portkey-ai/gateway/package.json");
process.argv.push("--port=0", "--headless");
process.on("disconnect", () => process.exit(0));
await import(join(dirname(manifest), "build", "start-server.js"));

import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { startScriptFlagProxy, type ScriptFlagProxy } from "./script-flag-proxy.ts";

/** A real Redis on a loopback port with the Upstash REST protocol in front of it. */
export interface RedisStack {
  /** UPSTASH_REDIS_REST_URL: the REST server behind a proxy that accepts Upstash's script flags, as Upstash does. */
  url: string;
  /** The REST server itself, which passes on whatever open-source Redis answers. */
  serverUrl: string;
  /** UPSTASH_REDIS_REST_TOKEN. */
  token: string;
  /** `redis-server --version`, for messages. */
  version: string;
  stop(): Promise<void>;
}

export const INSTALL_HINT =
  "redis-server is not installed. Install it (Debian/Ubuntu: `sudo apt-get update && sudo apt-get install -y redis-server`; " +
  "macOS: `brew install redis`) to run the Upstash rate-limit tests.";

const REST_SERVER = fileURLToPath(new URL("../../node_modules/@humanwhocodes/upstash-redis-server/dist/server.js", import.meta.url));

/** The version line of the redis-server on PATH, or undefined when there is none. */
export function redisServerVersion(): string | undefined {
  const probe = spawnSync("redis-server", ["--version"], { encoding: "utf8" });
  return probe.error || probe.status !== 0 ? undefined : probe.stdout.trim();
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

function stopped(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

async function until(ready: () => Promise<boolean>, what: string, logs: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (await ready().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${what} did not start within 15 s:\n${logs()}`);
}

/**
 * Starts `redis-server` (no persistence) on a free loopback port,
 * `@humanwhocodes/upstash-redis-server` in front of it on another, as its
 * README describes (`URS_TOKEN`, `PORT`, `REDIS_URL`), and the script flag
 * proxy in front of that. Throws with INSTALL_HINT when redis-server is
 * missing.
 */
export async function startRedisStack(): Promise<RedisStack> {
  const version = redisServerVersion();
  if (!version) throw new Error(INSTALL_HINT);
  const [redisPort, restPort] = [await freePort(), await freePort()];
  const token = `test-${crypto.randomUUID()}`;
  let output = "";
  const collect = (child: ChildProcess) => {
    child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  };
  const redis = spawn("redis-server", ["--port", String(redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: ["ignore", "pipe", "pipe"] });
  collect(redis);
  const rest = spawn(process.execPath, [REST_SERVER], {
    env: { ...process.env, URS_TOKEN: token, PORT: String(restPort), REDIS_URL: `redis://127.0.0.1:${redisPort}` },
    stdio: ["ignore", "pipe", "pipe"],
  });
  collect(rest);
  let proxy: ScriptFlagProxy | undefined;
  const stop = async () => {
    await Promise.all([proxy?.stop(), stopped(rest), stopped(redis)]);
  };
  const serverUrl = `http://127.0.0.1:${restPort}`;
  try {
    await until(async () => {
      const res = await fetch(serverUrl, { method: "POST", headers: { authorization: `Bearer ${token}` }, body: JSON.stringify(["PING"]) });
      return res.ok && ((await res.json()) as { result?: string }).result === "PONG";
    }, "redis-server behind upstash-redis-server", () => output);
    proxy = await startScriptFlagProxy(serverUrl);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: proxy.url, serverUrl, token, version, stop };
}

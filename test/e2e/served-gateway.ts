import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface ServedGateway {
  url: string;
  output: () => string;
  stop(): Promise<void>;
  /** Kills wrangler and workerd at once (SIGKILL), as a crash would; the state directory is left as it is. */
  kill(): Promise<void>;
}

export interface ServeOptions {
  /** Local state to serve from and keep (the caller removes it); by default a fresh directory, removed on stop. */
  stateDir?: string;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Serves the gateway exactly as `npm start` does (scripts/dev.mjs: config
 * check, local D1 migrations, wrangler dev), with its own port and state.
 */
export async function serveGateway(env: Record<string, string>, options: ServeOptions = {}): Promise<ServedGateway> {
  const port = await freePort();
  const state = options.stateDir ?? mkdtempSync(join(tmpdir(), "chorus-e2e-"));
  let output = "";
  const child: ChildProcess = spawn(process.execPath, ["scripts/dev.mjs"], {
    cwd: join(import.meta.dirname, "..", ".."),
    env: { ...process.env, ...env, PORT: String(port), CHORUS_STATE_DIR: state, CI: "true" },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null && child.pid) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      process.kill(-child.pid, signal);
      await exited;
    }
  };
  const stop = async () => {
    await end("SIGTERM");
    if (!options.stateDir) rmSync(state, { recursive: true, force: true });
  };
  const kill = () => end("SIGKILL");
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${output}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return { url, output: () => output, stop, kill };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stop();
  throw new Error(`the gateway did not become healthy within 90 s:\n${output}`);
}

import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * Script flags only Upstash knows. @upstash/ratelimit >= 2.1 starts every Lua
 * script with `#!lua flags=allow-key-locking` (Upstash then locks only the
 * script's keys); every open-source Redis, 7.0 included, refuses it
 * ("Unexpected flag in script shebang"). Without the flag the scripts give
 * the same results.
 */
const UPSTASH_ONLY_FLAGS = new Set(["allow-key-locking"]);
const SHEBANG = /^#!lua(?:[ \t]+flags=([^\r\n]*))?[ \t]*(?:\r?\n|$)/;

/**
 * The script without Upstash's own flags. When no flag is left the shebang
 * line goes too, so the script runs as scripts did before Redis 7 flags
 * (`#!lua` with no flags would switch on Redis's stricter defaults).
 */
function withoutUpstashFlags(script: string): string {
  const match = SHEBANG.exec(script);
  if (!match) return script;
  const flags = (match[1] ?? "").split(",").map((flag) => flag.trim()).filter(Boolean);
  const kept = flags.filter((flag) => !UPSTASH_ONLY_FLAGS.has(flag));
  if (kept.length === flags.length) return script;
  const rest = script.slice(match[0].length);
  return kept.length === 0 ? rest : `#!lua flags=${kept.join(",")}\n${rest}`;
}

const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");

export interface ScriptFlagProxy {
  url: string;
  stop(): Promise<void>;
}

/**
 * An Upstash REST endpoint for the tests that accepts Upstash's script flags
 * in front of one that runs on open-source Redis: it forwards every call to
 * `target`, with the flags taken out of `EVAL` scripts and `EVALSHA` of a
 * script's original hash sent as the hash of the script Redis really holds,
 * so clients see what Upstash would answer. Production code talks to Upstash
 * as it is; this lives in the test rig only.
 */
export async function startScriptFlagProxy(target: string): Promise<ScriptFlagProxy> {
  /** SHA-1 of a script as the client sent it -> SHA-1 of the script Redis runs. */
  const hashes = new Map<string, string>();

  function rewrite(command: unknown): unknown {
    if (!Array.isArray(command) || typeof command[0] !== "string" || typeof command[1] !== "string") return command;
    const [name, first, ...rest] = command as [string, string, ...unknown[]];
    switch (name.toLowerCase()) {
      case "eval":
      case "eval_ro": {
        const script = withoutUpstashFlags(first);
        if (script !== first) hashes.set(sha1(first), sha1(script));
        return [name, script, ...rest];
      }
      case "evalsha":
      case "evalsha_ro":
        return [name, hashes.get(first) ?? first, ...rest];
      default:
        return command;
    }
  }

  async function forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    let body = raw === "" ? undefined : raw;
    try {
      const parsed: unknown = JSON.parse(raw);
      // One command at `/`; an array of commands at `/pipeline` and `/multi-exec`.
      const commands = req.url === "/" ? rewrite(parsed) : Array.isArray(parsed) ? parsed.map(rewrite) : parsed;
      body = JSON.stringify(commands);
    } catch {
      // Not JSON: the server behind answers that itself.
    }
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (req.headers.authorization) headers.authorization = req.headers.authorization;
    const answer = await fetch(`${target}${req.url ?? "/"}`, { method: req.method ?? "POST", headers, body });
    res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" });
    res.end(Buffer.from(await answer.arrayBuffer()));
  }

  const server = createServer((req, res) => {
    forward(req, res).catch((error: unknown) => {
      res.writeHead(502, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: `script flag proxy: ${error instanceof Error ? error.message : String(error)}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

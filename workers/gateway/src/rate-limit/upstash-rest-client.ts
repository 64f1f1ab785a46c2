import type { Requester, UpstashRequest, UpstashResponse } from "@upstash/redis";
import { refusedScriptFlag, withoutScriptFlags } from "./script-flags.ts";

export interface UpstashRestClientOptions {
  /** UPSTASH_REDIS_REST_URL. */
  url: string;
  /** UPSTASH_REDIS_REST_TOKEN. */
  token: string;
  /** Bound on one HTTP call. */
  timeoutMs: number;
  /** Told once for each script flag the server refused; scripts run without it from then on. */
  onFlagDropped?: (flag: string) => void;
}

const encoder = new TextEncoder();

async function sha1Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-1", encoder.encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

/**
 * The Upstash REST protocol (POST a command as a JSON array, get
 * `{"result"}` or `{"error"}` back) as a `Requester`, the transport
 * @upstash/redis documents for custom clients. It is ours rather than the
 * library's built-in client for two reasons:
 *
 * - It asks for plain JSON answers, not base64 ("Upstash-Encoding"): the
 *   limiter reads only integers, so base64 (binary-safe strings) buys
 *   nothing, and Upstash-compatible servers in front of a plain Redis
 *   (`@humanwhocodes/upstash-redis-server`) do not implement it.
 * - Scripts may carry flags that only Upstash knows. When a server refuses
 *   one (`Unexpected flag in script shebang: allow-key-locking`, as every
 *   open-source Redis does), the script is run without that flag, the flag
 *   is dropped from later scripts, and `EVALSHA` of the original script's
 *   hash is sent as the hash of the script the server really holds. Nothing
 *   changes on Upstash itself, which accepts the flags. The flag only lets
 *   Upstash lock a script's keys instead of the whole database; without it
 *   the scripts give the same results.
 */
export class UpstashRestClient implements Requester {
  readonly #options: UpstashRestClientOptions;
  readonly #refused = new Set<string>();
  /** SHA-1 of a script as the library sent it -> SHA-1 of the script the server runs. */
  readonly #hashes = new Map<string, string>();

  constructor(options: UpstashRestClientOptions) {
    this.#options = { ...options, url: options.url.replace(/\/+$/, "") };
  }

  async request<TResult = unknown>(req: UpstashRequest): Promise<UpstashResponse<TResult>> {
    const command = Array.isArray(req.body) && req.path === undefined ? (req.body as unknown[]) : undefined;
    const name = typeof command?.[0] === "string" ? command[0].toLowerCase() : undefined;
    if (command && name === "evalsha" && typeof command[1] === "string") {
      return this.#send(["evalsha", this.#hashes.get(command[1]) ?? command[1], ...command.slice(2)]);
    }
    if (command && name === "eval" && typeof command[1] === "string") return this.#eval(command[1], command.slice(2));
    return this.#send(req.body, req.path);
  }

  async #eval<TResult>(script: string, rest: unknown[]): Promise<UpstashResponse<TResult>> {
    // Each round sends the script with one flag fewer, so this ends.
    for (;;) {
      const sent = withoutScriptFlags(script, this.#refused);
      const answer = await this.#send<TResult>(["eval", sent, ...rest]);
      const flag = answer.error === undefined ? undefined : refusedScriptFlag(answer.error);
      if (flag === undefined) {
        if (answer.error === undefined && sent !== script) this.#hashes.set(await sha1Hex(script), await sha1Hex(sent));
        return answer;
      }
      if (withoutScriptFlags(sent, new Set([flag])) === sent) return answer;
      // Concurrent calls may learn the same flag; it is reported once.
      if (!this.#refused.has(flag)) {
        this.#refused.add(flag);
        this.#options.onFlagDropped?.(flag);
      }
    }
  }

  async #send<TResult>(body: unknown, path?: string[]): Promise<UpstashResponse<TResult>> {
    const url = [this.#options.url, ...(path ?? [])].join("/");
    const response = await fetch(url, {
      method: "POST",
      headers: { authorization: `Bearer ${this.#options.token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(this.#options.timeoutMs),
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    // A pipeline (`/pipeline`) answers with an array of such objects, which the library unpacks itself.
    if (Array.isArray(parsed)) return parsed as unknown as UpstashResponse<TResult>;
    if (typeof parsed === "object" && parsed !== null && ("result" in parsed || ("error" in parsed && typeof parsed.error === "string"))) {
      return parsed as UpstashResponse<TResult>;
    }
    throw new Error(`UPSTASH_REDIS_REST_URL answered ${response.status} without a result${response.ok ? "" : ` (${text.slice(0, 200)})`}`);
  }
}

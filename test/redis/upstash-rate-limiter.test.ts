import { readFileSync } from "node:fs";
import { afterEach, describe, expect, inject, it, vi } from "vitest";
import { UpstashRateLimiter } from "../../workers/gateway/src/rate-limit/upstash-rate-limiter.ts";
import "./upstash-target.ts";

const target = inject("upstash");
const stack = "url" in target ? target : undefined;
const title = "url" in target
  ? `@upstash/ratelimit against ${target.version} behind @humanwhocodes/upstash-redis-server`
  : `SKIPPED (redis-server not installed; fails under CI): ${target.missing}`;

/** One command sent straight to the REST server, as the Upstash protocol has it. */
async function command(args: unknown[], headers: Record<string, string> = {}): Promise<{ result?: unknown; error?: string }> {
  const res = await fetch(stack!.url, { method: "POST", headers: { authorization: `Bearer ${stack!.token}`, ...headers }, body: JSON.stringify(args) });
  return (await res.json()) as { result?: unknown; error?: string };
}

/** The commands each HTTP call carried, recorded around the global fetch the client uses. */
function recordCommands(): string[] {
  const sent: string[] = [];
  const original = globalThis.fetch;
  vi.spyOn(globalThis, "fetch").mockImplementation((input, init) => {
    const body = typeof init?.body === "string" ? (JSON.parse(init.body) as unknown[]) : [];
    sent.push(String(body[0]).toLowerCase());
    return original(input, init);
  });
  return sent;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe.skipIf(!stack)(title, () => {
  it("the two known quirks are real: Redis refuses Upstash's script flag, and the server answers plain JSON whatever the encoding asked", async () => {
    const library = readFileSync(new URL("../../workers/gateway/node_modules/@upstash/ratelimit/dist/index.mjs", import.meta.url), "utf8");
    expect(library).toContain("`#!lua flags=allow-key-locking");
    expect((await command(["EVAL", "#!lua flags=allow-key-locking\nreturn 1", 0])).error).toContain("Unexpected flag in script shebang: allow-key-locking");
    await command(["SET", "encoding-probe", "abcd"]);
    // The library's default client would base64-decode this plain "abcd" into garbage.
    expect(await command(["GET", "encoding-probe"], { "upstash-encoding": "base64" })).toEqual({ result: "abcd" });
  });

  it("admits exactly requestsPerMinute in a window, then refuses with a Retry-After within the minute", async () => {
    const limiter = new UpstashRateLimiter({ url: stack!.url, token: stack!.token });
    const query = { userId: crypto.randomUUID(), plan: "free" as const, requestsPerMinute: 3 };
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await limiter.limit(query));
    expect(answers.slice(0, 3)).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
    for (const refused of answers.slice(3)) {
      expect(refused.ok).toBe(false);
      if (!refused.ok) {
        expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
        expect(refused.retryAfterSeconds).toBeLessThanOrEqual(60);
      }
    }
  });

  it("holds under a concurrent burst: Redis runs each script atomically", async () => {
    const limiter = new UpstashRateLimiter({ url: stack!.url, token: stack!.token });
    const query = { userId: crypto.randomUUID(), plan: "pro" as const, requestsPerMinute: 5 };
    const answers = await Promise.all(Array.from({ length: 30 }, () => limiter.limit(query)));
    expect(answers.filter((answer) => answer.ok)).toHaveLength(5);
  });

  it("counts per user and per plan", async () => {
    const limiter = new UpstashRateLimiter({ url: stack!.url, token: stack!.token });
    const userId = crypto.randomUUID();
    expect(await limiter.limit({ userId, plan: "free", requestsPerMinute: 1 })).toEqual({ ok: true });
    expect((await limiter.limit({ userId, plan: "free", requestsPerMinute: 1 })).ok).toBe(false);
    expect(await limiter.limit({ userId: crypto.randomUUID(), plan: "free", requestsPerMinute: 1 })).toEqual({ ok: true });
    expect(await limiter.limit({ userId, plan: "premium", requestsPerMinute: 1 })).toEqual({ ok: true });
  });

  it("drops the refused flag once, says so once, then runs the script by its hash in one call", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const sent = recordCommands();
    const limiter = new UpstashRateLimiter({ url: stack!.url, token: stack!.token });
    const query = { userId: crypto.randomUUID(), plan: "free" as const, requestsPerMinute: 10 };
    expect(await limiter.limit(query)).toEqual({ ok: true });
    // EVALSHA of the library's hash: unknown (NOSCRIPT); EVAL as written: refused; EVAL without the flag: runs.
    expect(sent).toEqual(["evalsha", "eval", "eval"]);
    sent.length = 0;
    expect(await limiter.limit(query)).toEqual({ ok: true });
    expect(sent).toEqual(["evalsha"]);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toContain('refuses the script flag \\"allow-key-locking\\"');
  });
});

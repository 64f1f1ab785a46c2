import { readFileSync } from "node:fs";
import { afterEach, describe, expect, inject, it, vi } from "vitest";
import { UpstashRateLimiter } from "../../workers/gateway/src/rate-limit/upstash-rate-limiter.ts";
import "./upstash-target.ts";

const target = inject("upstash");
const stack = "url" in target ? target : undefined;
const title = "url" in target
  ? `@upstash/ratelimit against ${target.version} behind @humanwhocodes/upstash-redis-server`
  : `SKIPPED (redis-server not installed; fails under CI): ${target.missing}`;

/** One command sent to a REST server, as the Upstash protocol has it. */
async function command(url: string, args: unknown[], headers: Record<string, string> = {}): Promise<{ result?: unknown; error?: string }> {
  const res = await fetch(url, { method: "POST", headers: { authorization: `Bearer ${stack!.token}`, ...headers }, body: JSON.stringify(args) });
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
  it("the rig's two differences from Upstash are real, and the rig's proxy answers as Upstash for the first", async () => {
    const library = readFileSync(new URL("../../workers/gateway/node_modules/@upstash/ratelimit/dist/index.mjs", import.meta.url), "utf8");
    expect(library).toContain("`#!lua flags=allow-key-locking");
    const flagged = ["EVAL", "#!lua flags=allow-key-locking\nreturn 1", 0];
    expect((await command(stack!.serverUrl, flagged)).error).toContain("Unexpected flag in script shebang: allow-key-locking");
    expect(await command(stack!.url, flagged)).toEqual({ result: 1 });
    await command(stack!.url, ["SET", "encoding-probe", "abcd"]);
    // The library's default client would base64-decode this plain "abcd" into garbage: the limiter asks for plain JSON.
    expect(await command(stack!.url, ["GET", "encoding-probe"], { "upstash-encoding": "base64" })).toEqual({ result: "abcd" });
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

  it("runs the script by the library's hash in one call once Redis holds it, as on Upstash", async () => {
    await command(stack!.url, ["SCRIPT", "FLUSH"]);
    const sent = recordCommands();
    const limiter = new UpstashRateLimiter({ url: stack!.url, token: stack!.token });
    const query = { userId: crypto.randomUUID(), plan: "free" as const, requestsPerMinute: 10 };
    expect(await limiter.limit(query)).toEqual({ ok: true });
    // EVALSHA of the library's hash: unknown (NOSCRIPT); EVAL: runs, and Redis holds the script from then on.
    expect(sent).toEqual(["evalsha", "eval"]);
    sent.length = 0;
    expect(await limiter.limit(query)).toEqual({ ok: true });
    expect(sent).toEqual(["evalsha"]);
  });
});

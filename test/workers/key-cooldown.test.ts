import { afterEach, describe, expect, it } from "vitest";
import { bindings, breaker, endOpenPeriod, keyBreaker, resetBreakers, upstreamRequests } from "./breaker-helpers.ts";
import { eventually, seenBy } from "./fake-upstream.ts";
import { chat, settle } from "./gateway-client.ts";

/**
 * A key's cooldown as a caller lives it (issue 10, "What outside tests
 * found", 1): it lasts what the provider's Retry-After asked and no longer,
 * a success on that key from any request ends it at once, and a half-open
 * probe is one request whose outcome the isolate knows at once. The fake
 * OpenAI's request log is the witness. Only the provider's own Retry-After
 * is waited for, by the gateway, as a caller would see it.
 */
afterEach(resetBreakers);

const unique = () => crypto.randomUUID().slice(0, 8);
type ErrorBody = { error: { code: string | null; type: string } };

/** LLM_PROFILES with one profile of these candidates, no response cache, and a threshold no test reaches. */
function only(candidates: { provider: string; model: string }[], extra: Record<string, string> = {}): Record<string, string> {
  return {
    LLM_PROFILES: JSON.stringify({ defaultProfile: "p", profiles: { p: { candidates } } }),
    CACHE_DEFAULT: "off",
    // As in the outside test: failures never open a circuit by count, so what opens one is a Retry-After.
    CIRCUIT_BREAKER_THRESHOLD: "1000",
    ...extra,
  };
}

/**
 * A BREAKER binding whose `recordMany` answers only once `release` is called:
 * whatever the isolate does meanwhile, it did without the object's answer.
 */
function heldReports(): { BREAKER: typeof bindings.BREAKER; release: () => void } {
  const waiting: (() => void)[] = [];
  let released = false;
  const namespace = bindings.BREAKER;
  const BREAKER = {
    getByName(name: string) {
      const stub = namespace.getByName(name);
      return {
        acquire: (...args: Parameters<typeof stub.acquire>) => stub.acquire(...args),
        release: (...args: Parameters<typeof stub.release>) => stub.release(...args),
        snapshot: (...args: Parameters<typeof stub.snapshot>) => stub.snapshot(...args),
        recordMany: async (...args: Parameters<typeof stub.recordMany>) => {
          if (!released) await new Promise<void>((resolve) => waiting.push(resolve));
          return stub.recordMany(...args);
        },
      };
    },
  } as unknown as typeof bindings.BREAKER;
  return { BREAKER, release: () => { released = true; for (const go of waiting.splice(0)) go(); } };
}

/** Request variables plus a binding of the test's own (the gateway reads both from the same bindings). */
function withBreaker(vars: Record<string, string>, BREAKER: typeof bindings.BREAKER): Record<string, string> {
  return { ...vars, BREAKER } as unknown as Record<string, string>;
}

describe("a key cooldown lasts what the provider asked and no longer", () => {
  it("after one 429 with retry-after: 1 that the gateway waited out and retried, openai serves as before, its errors included", async () => {
    const model = `limited-once-${unique()}~status=429~retryAfter=1~times=1`;
    const first = await chat({}, { env: only([{ provider: "openai", model }]) });
    expect(first.status).toBe(200);
    expect(first.headers.get("x-chorus-provider")).toBe("openai");
    expect(first.headers.get("x-chorus-attempts")).toBe("2");
    // Every report of that request has reached its breaker.
    await settle();
    expect((await breaker(await keyBreaker("openai")).snapshot()).state).toBe("closed");

    // openai as the only candidate: served, not 503 no_candidate_available.
    const next = await chat({}, { env: only([{ provider: "openai", model }]) });
    expect(next.status).toBe(200);
    expect(next.headers.get("x-chorus-provider")).toBe("openai");
    expect(next.headers.get("x-chorus-fallback")).toBeNull();
    expect(next.headers.get("x-chorus-route")).toBe("default:p");

    // openai's own 400 comes back as it is.
    const invalid = await chat({}, { env: only([{ provider: "openai", model: `bad-${unique()}~status=400` }, { provider: "anthropic", model: "up" }]) });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as ErrorBody).error.type).toBe("invalid_request_error");

    // A platform key's 401 and a 408 are reported as what they were, not as a cooldown.
    for (const [status, reason] of [["401", "openai:401"], ["408", "openai:408"]]) {
      const res = await chat({}, { env: only([{ provider: "openai", model: `s-${unique()}~status=${status}` }, { provider: "anthropic", model: "up" }]) });
      expect(res.headers.get("x-chorus-provider")).toBe("anthropic");
      expect(res.headers.get("x-chorus-fallback")).toBe(reason);
    }

    // A timeout with no candidate left is 504 upstream_timeout.
    const hung = await chat({}, { env: only([{ provider: "openai", model: `hung-${unique()}~hang` }], { UPSTREAM_TIMEOUT_MS: "150" }) });
    expect(hung.status).toBe(504);
    expect(((await hung.json()) as ErrorBody).error.code).toBe("upstream_timeout");
  });

  it("a success on the key from another request ends its cooldown at once", async () => {
    const slow = `slow-${unique()}~firstTokenMs=1500`;
    const served = chat({}, { env: only([{ provider: "openai", model: slow }]) });
    // The slow request is at openai before the key cools down.
    expect(await eventually(async () => (await seenBy("openai", slow)).length === 1)).toBe(true);

    const limited = `limited-${unique()}~status=429~retryAfter=60`;
    const first = await chat({}, { env: only([{ provider: "openai", model: limited }, { provider: "anthropic", model: "up" }], { RETRY_ATTEMPTS: "1" }) });
    expect(first.headers.get("x-chorus-fallback")).toBe("openai:429");
    const cooled = await chat({}, { env: only([{ provider: "openai", model: `cooled-${unique()}` }, { provider: "anthropic", model: "up" }]) });
    expect(cooled.headers.get("x-chorus-fallback")).toBe("openai:cooldown");

    // The slow request, sent before the 429, is served after it: the key works.
    expect((await served).headers.get("x-chorus-provider")).toBe("openai");
    const after = `after-${unique()}`;
    const res = await chat({}, { env: only([{ provider: "openai", model: after }]) });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-chorus-fallback")).toBeNull();
    expect(await upstreamRequests(bindings.FAKE_OPENAI_URL, after)).toHaveLength(1);
    await settle();
    expect((await breaker(await keyBreaker("openai")).snapshot()).state).toBe("closed");
  });

  it("once it is over, one request of many probes the key, and the isolate knows the outcome before the object answers", async () => {
    const limited = `limited-${unique()}~status=429~retryAfter=60`;
    await chat({}, { env: only([{ provider: "openai", model: limited }, { provider: "anthropic", model: "up" }], { RETRY_ATTEMPTS: "1" }) });
    const key = await keyBreaker("openai");
    await endOpenPeriod(key);

    const held = heldReports();
    try {
      const probe = `probe-${unique()}`;
      const vars = withBreaker(only([{ provider: "openai", model: probe }, { provider: "anthropic", model: "up" }]), held.BREAKER);
      const burst = await Promise.all(Array.from({ length: 20 }, () => chat({}, { env: vars })));
      const providers = burst.map((res) => res.headers.get("x-chorus-provider"));
      expect(providers.filter((provider) => provider === "openai")).toHaveLength(1);
      expect(await upstreamRequests(bindings.FAKE_OPENAI_URL, probe)).toHaveLength(1);
      expect(burst.find((res) => res.headers.get("x-chorus-provider") === "anthropic")!.headers.get("x-chorus-fallback")).toBe("openai:cooldown");

      // No Breaker has answered a report yet, and the next request goes to openai.
      const next = await chat({}, { env: vars });
      expect(next.headers.get("x-chorus-provider")).toBe("openai");
      expect(next.headers.get("x-chorus-fallback")).toBeNull();
    } finally {
      held.release();
    }
    await settle();
    expect((await breaker(key).snapshot()).state).toBe("closed");
  });
});

import { evictDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import type { BreakerSnapshot } from "../../workers/gateway/src/durable/breaker.ts";
import { breakerMemo } from "../../workers/gateway/src/edge/breaker-memo.ts";
import { bindings, breaker, endOpenPeriod, keyBreaker, resetBreakers, upstreamRequests } from "./breaker-helpers.ts";
import { chat, readSse, settle, streamedText } from "./gateway-client.ts";

/**
 * One provider (openai) failing in every way, one healthy (anthropic), and
 * hundreds of requests: every non-streamed request is answered; while the
 * circuit is open the failing provider receives nothing; once the open period
 * is over exactly one probe reaches it, however many requests arrive at once;
 * a probe that succeeds closes the circuit. The fake upstream's own request
 * log is the witness. Open periods are long (CIRCUIT_BREAKER_RESET_MS, Retry-After),
 * so none ends by itself during a test; the test ends one when it wants
 * (`endOpenPeriod`) instead of waiting for it.
 */
afterEach(resetBreakers);

const OPEN_MS = 60_000;

type Body = { choices: { message: { content: string } }[] };

function env(openaiModel: string, extra: Record<string, string> = {}): Record<string, string> {
  const candidates = [{ provider: "openai", model: openaiModel }, { provider: "anthropic", model: "healthy" }];
  return {
    LLM_PROFILES: JSON.stringify({ defaultProfile: "p", profiles: { p: { candidates } } }),
    // Every request must reach the router; the cache would answer repeats itself.
    CACHE_DEFAULT: "off",
    // Generous: all test requests share one workerd request context, whose outbound connections queue in a burst.
    UPSTREAM_TIMEOUT_MS: "1000",
    CIRCUIT_BREAKER_RESET_MS: String(OPEN_MS),
    ...extra,
  };
}

async function reaching(marker: string): Promise<number> {
  return (await upstreamRequests(bindings.FAKE_OPENAI_URL, marker)).length;
}

async function circuit(): Promise<BreakerSnapshot> {
  return breaker("provider:openai").snapshot();
}

/** `n` requests at once; every one must be answered 200 with the echo; returns who served them. */
async function burst(n: number, vars: Record<string, string>): Promise<string[]> {
  const responses = await Promise.all(Array.from({ length: n }, (_, index) =>
    chat({ messages: [{ role: "user", content: `question ${index}` }] }, { env: vars })));
  for (const [index, res] of responses.entries()) {
    expect(res.status).toBe(200);
    expect(((await res.json()) as Body).choices[0]!.message.content).toBe(`Echo: question ${index}`);
  }
  await settle();
  return responses.map((res) => res.headers.get("x-chorus-provider")!);
}

/** Sends requests one by one until the circuit opens; each must still be answered by the healthy provider. */
async function failUntilOpen(vars: Record<string, string>): Promise<number> {
  for (let sent = 1; sent <= 5; sent++) {
    const res = await chat({}, { env: vars });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-chorus-provider")).toBe("anthropic");
    await settle();
    if ((await circuit()).state === "open") return sent;
  }
  throw new Error("the circuit never opened");
}


describe("fault injection: one provider failing, one healthy", () => {
  const modes: [string, string, Record<string, string>][] = [
    ["503 errors", "status=503", {}],
    ["500 errors", "status=500", {}],
    ["529 overloaded", "status=529", {}],
    ["hung upstreams (timeouts)", "hang", { UPSTREAM_TIMEOUT_MS: "150" }],
  ];

  it.each(modes)("%s: open, no traffic while open, one probe when half-open, closed after a good probe", async (_label, directive, opening) => {
    const marker = `flaky-${crypto.randomUUID()}`;
    const failing = env(`${marker}~${directive}`);

    // Closed: failures are retried and fall back; the threshold (5) opens the circuit.
    const sent = await failUntilOpen({ ...failing, ...opening });
    expect(sent).toBeLessThanOrEqual(5);
    const beforeOpen = await reaching(marker);
    expect(beforeOpen).toBeGreaterThanOrEqual(5);

    // Open: a burst of 80 is served by the healthy provider; the failing one hears nothing.
    expect(new Set(await burst(80, failing))).toEqual(new Set(["anthropic"]));
    expect(await reaching(marker)).toBe(beforeOpen);

    // Half-open: of 40 at once exactly one probes, with one attempt; it fails, so the circuit re-opens.
    await endOpenPeriod("provider:openai");
    expect((await burst(40, failing)).filter((provider) => provider === "openai")).toHaveLength(0);
    expect(await reaching(marker)).toBe(beforeOpen + 1);
    expect((await circuit()).state).toBe("open");

    // Half-open again, now healthy: one probe of 40 succeeds and closes the circuit; then all traffic returns.
    await endOpenPeriod("provider:openai");
    const healed = `healed-${crypto.randomUUID()}`;
    const healthy = env(healed);
    expect((await burst(40, healthy)).filter((provider) => provider === "openai")).toHaveLength(1);
    expect((await circuit()).state).toBe("closed");
    expect(new Set(await burst(40, healthy))).toEqual(new Set(["openai"]));
    expect(await reaching(healed)).toBe(41);
  });

  it("429s with Retry-After cool the key down for that long and leave the provider's circuit closed", async () => {
    const marker = `limited-${crypto.randomUUID()}`;
    const limited = env(`${marker}~status=429~retryAfter=60`, { RETRY_ATTEMPTS: "1" });
    const first = await chat({}, { env: limited });
    expect(first.headers.get("x-chorus-fallback")).toBe("openai:429");
    await settle();
    const key = await keyBreaker("openai");
    const cooling = await breaker(key).snapshot();
    expect(cooling.state).toBe("open");
    expect(cooling.openUntil! - cooling.openedAt!).toBe(60_000);

    expect(new Set(await burst(60, limited))).toEqual(new Set(["anthropic"]));
    expect(await reaching(marker)).toBe(1);
    expect((await circuit()).state).toBe("closed");

    // Another key is another cooldown: it still reaches the provider.
    const otherKey = await chat({}, { env: { ...limited, OPENAI_API_KEY: "sk-test-second-key" } });
    expect(otherKey.status).toBe(200);
    expect(await reaching(marker)).toBe(2);

    // After Retry-After, one probe of 30; limited again, it cools the key down for its new Retry-After.
    await endOpenPeriod(key);
    expect(new Set(await burst(30, limited))).toEqual(new Set(["anthropic"]));
    expect(await reaching(marker)).toBe(3);
    expect((await circuit()).state).toBe("closed");
    expect((await breaker(key).snapshot()).state).toBe("open");
  });

  it("streams cut mid-way open the circuit; later streams are served whole by the healthy provider", async () => {
    const marker = `cut-${crypto.randomUUID()}`;
    const cutting = env(`${marker}~cutAfter=2`);
    const long = { stream: true, messages: [{ role: "user", content: "one two three four five six" }] };
    for (let i = 0; i < 5; i++) {
      const res = await chat(long, { env: cutting });
      expect(res.headers.get("x-chorus-provider")).toBe("openai");
      const { events, done } = await readSse(res);
      expect(done).toBe(true);
      expect(events.at(-1)).toHaveProperty("error");
      await settle();
    }
    expect((await circuit()).state).toBe("open");
    const streams = await Promise.all(Array.from({ length: 30 }, () => chat(long, { env: cutting })));
    for (const res of streams) {
      expect(res.headers.get("x-chorus-provider")).toBe("anthropic");
      const { events, done } = await readSse(res);
      expect(done).toBe(true);
      expect(streamedText(events)).toBe("Echo: one two three four five six");
    }
    expect(await reaching(marker)).toBe(5);
  });

  it("keeps the circuit open across an object restart and a fresh isolate", async () => {
    const marker = `restart-${crypto.randomUUID()}`;
    const failing = env(`${marker}~status=503`);
    await failUntilOpen(failing);
    const before = await reaching(marker);
    await evictDurableObject(breaker("provider:openai"));
    breakerMemo.clear();
    expect(new Set(await burst(50, failing))).toEqual(new Set(["anthropic"]));
    expect(await reaching(marker)).toBe(before);
    expect((await circuit()).state).toBe("open");
  });

  it("gives one half-open permit to 100 concurrent requests from a fresh isolate", async () => {
    const marker = `herd-${crypto.randomUUID()}`;
    const failing = env(`${marker}~status=503`);
    await failUntilOpen(failing);
    const before = await reaching(marker);
    await endOpenPeriod("provider:openai");
    breakerMemo.clear();
    await burst(100, failing);
    expect(await reaching(marker)).toBe(before + 1);
  });
});

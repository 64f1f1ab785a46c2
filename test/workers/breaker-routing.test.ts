import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import { breakerMemo } from "../../workers/gateway/src/edge/breaker-memo.ts";
import app from "../../workers/gateway/src/index.ts";
import { bindings, breaker, endOpenPeriod, keyBreaker, openCircuit, resetBreakers, upstreamRequests } from "./breaker-helpers.ts";
import { call, chat, DEFAULT_USER, readSse, settle, streamedText, tokenFor } from "./gateway-client.ts";

afterEach(resetBreakers);

const unique = () => crypto.randomUUID().slice(0, 8);
type Body = { choices: { message: { content: string }; finish_reason: string }[] };

/**
 * LLM_PROFILES with one profile and whatever else the test sets (latency
 * target, disclaimer, budgets). The response cache is off: these requests
 * repeat on purpose and must reach the router each time.
 */
function profile(candidates: { provider: string; model: string; degraded?: boolean }[], extra: Record<string, unknown> = {}, providers?: Record<string, unknown>) {
  return {
    LLM_PROFILES: JSON.stringify({ defaultProfile: "p", profiles: { p: { candidates, ...extra } }, ...(providers && { providers }) }),
    CACHE_DEFAULT: "off",
  };
}

/** Drives the app with a BREAKER binding that logs every call made on a Breaker stub, as `name.method`. */
async function countedChat(body: Record<string, unknown>, env: Record<string, string>): Promise<{ res: Response; calls: string[] }> {
  const calls: string[] = [];
  const namespace = bindings.BREAKER;
  const BREAKER = {
    getByName(name: string) {
      const stub = namespace.getByName(name);
      const log = (method: string) => calls.push(`${name}.${method}`);
      return {
        acquire: (...args: Parameters<typeof stub.acquire>) => (log("acquire"), stub.acquire(...args)),
        recordMany: (...args: Parameters<typeof stub.recordMany>) => (log("recordMany"), stub.recordMany(...args)),
        release: (...args: Parameters<typeof stub.release>) => (log("release"), stub.release(...args)),
        snapshot: (...args: Parameters<typeof stub.snapshot>) => (log("snapshot"), stub.snapshot(...args)),
      };
    },
  };
  const ctx = createExecutionContext();
  const headers = { "content-type": "application/json", authorization: `Bearer ${await tokenFor(DEFAULT_USER)}` };
  const init = { method: "POST", headers, body: JSON.stringify({ messages: [{ role: "user", content: "hi" }], ...body }) };
  const res = await app.request("http://chorus.test/v1/chat/completions", init, { ...bindings, ...env, BREAKER }, ctx);
  await res.text();
  await waitOnExecutionContext(ctx);
  return { res, calls };
}

async function openOpenAI(env: Record<string, string>): Promise<void> {
  const res = await chat({}, { env: { ...profile([{ provider: "openai", model: `down~status=503~id=${unique()}` }, { provider: "anthropic", model: "up" }]), ...env } });
  expect(res.status).toBe(200);
  await settle();
  expect((await breaker("provider:openai").snapshot()).state).toBe("open");
}

describe("selection by circuit state", () => {
  // Open periods long enough never to end during a test: tests that need one over end it (`endOpenPeriod`).
  const tight = { CIRCUIT_BREAKER_THRESHOLD: "2", CIRCUIT_BREAKER_RESET_MS: "60000" };

  it("asks no Breaker on the hot path while the circuit is closed; reports after the response", async () => {
    const env = profile([{ provider: "openai", model: "fine" }]);
    await countedChat({}, env);
    const { res, calls } = await countedChat({}, env);
    expect(res.status).toBe(200);
    // The one call is the served attempt's report, made in waitUntil (batched with any others of the window): no acquire, no snapshot.
    expect(calls).toEqual(["provider:openai.recordMany"]);
  });

  it("a new isolate loads each breaker once before routing, so it never sends into an open circuit", async () => {
    await openOpenAI(tight);
    breakerMemo.clear();
    const { res, calls } = await countedChat({}, { ...profile([{ provider: "openai", model: "x" }, { provider: "anthropic", model: "y" }]), ...tight });
    expect(res.headers.get("x-chorus-provider")).toBe("anthropic");
    expect(calls.filter((c) => c.endsWith(".snapshot")).sort()).toEqual([
      "provider:anthropic.snapshot", "provider:openai.snapshot",
      expect.stringMatching(/^key:anthropic:[0-9a-f]{16}\.snapshot$/), expect.stringMatching(/^key:openai:[0-9a-f]{16}\.snapshot$/),
    ].sort());
  });

  it("skips an open circuit without trying it, saying so in x-chorus-route and x-chorus-fallback", async () => {
    await openOpenAI(tight);
    const marker = `skipped-${unique()}`;
    const res = await chat({}, { env: { ...profile([{ provider: "openai", model: marker }, { provider: "anthropic", model: "up" }]), ...tight } });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-chorus-provider")).toBe("anthropic");
    expect(res.headers.get("x-chorus-route")).toBe("default:p; skip=openai:circuit_open");
    expect(res.headers.get("x-chorus-fallback")).toBe("openai:circuit_open");
    expect(res.headers.get("x-chorus-attempts")).toBe("1");
    expect(await upstreamRequests(bindings.FAKE_OPENAI_URL, marker)).toHaveLength(0);
  });

  it("answers 503 no_candidate_available with Retry-After when every circuit is open", async () => {
    await openOpenAI(tight);
    const res = await chat({ model: "openai/gpt-x" }, { env: { ...tight, CACHE_DEFAULT: "off" } });
    expect(res.status).toBe(503);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    const body = (await res.json()) as { error: { code: string; type: string; message: string } };
    expect(body.error).toMatchObject({ code: "no_candidate_available", type: "api_error" });
    expect(body.error.message).toContain("openai:circuit_open");
  });

  it("sends one half-open probe with one attempt; its success closes the circuit", async () => {
    await openOpenAI(tight);
    await endOpenPeriod("provider:openai");
    const { res, calls } = await countedChat({}, { ...profile([{ provider: "openai", model: "healthy-again" }, { provider: "anthropic", model: "up" }]), ...tight });
    expect(res.headers.get("x-chorus-provider")).toBe("openai");
    expect(calls.filter((c) => c.endsWith(".acquire"))).toEqual(["provider:openai.acquire"]);
    expect((await breaker("provider:openai").snapshot()).state).toBe("closed");
  });

  it("re-opens after a failed probe, which gets no retry", async () => {
    await openOpenAI(tight);
    await endOpenPeriod("provider:openai");
    const marker = `still-down-${unique()}`;
    const res = await chat({}, { env: { ...profile([{ provider: "openai", model: `${marker}~status=503` }, { provider: "anthropic", model: "up" }]), ...tight } });
    expect(res.headers.get("x-chorus-provider")).toBe("anthropic");
    expect(res.headers.get("x-chorus-attempts")).toBe("2");
    expect(await upstreamRequests(bindings.FAKE_OPENAI_URL, marker)).toHaveLength(1);
    await settle();
    expect((await breaker("provider:openai").snapshot()).state).toBe("open");
  });

  it("counts a stream cut after its first byte as a failure", async () => {
    for (let i = 0; i < 2; i++) {
      const res = await chat({ stream: true, messages: [{ role: "user", content: "a b c d e f" }] }, { env: { ...profile([{ provider: "openai", model: "cut~cutAfter=2" }]), ...tight } });
      expect((await readSse(res)).events.at(-1)).toHaveProperty("error");
    }
    await settle();
    expect((await breaker("provider:openai").snapshot()).state).toBe("open");
  });

  it("skips open circuits for embeddings too", async () => {
    await openOpenAI(tight);
    const res = await call("/v1/embeddings", { model: "openai/text-embedding-3-small", input: "hi" }, { env: { ...tight, CACHE_DEFAULT: "off" } });
    expect(res.status).toBe(503);
  });
});

describe("x-chorus-fallback names every candidate passed over before the one that served", () => {
  it("skipped ones with why and failed ones with their status, in the plan's order", async () => {
    await openCircuit("provider:groq");
    const res = await chat({}, { env: profile([
      { provider: "groq", model: `skipped-${unique()}` },
      { provider: "openai", model: `failing-${unique()}~status=503` },
      { provider: "anthropic", model: "up" },
    ]) });
    expect(res.headers.get("x-chorus-provider")).toBe("anthropic");
    expect(res.headers.get("x-chorus-fallback")).toBe("groq:circuit_open,openai:503");
  });

  it("a key cooling down, after a candidate that failed", async () => {
    await openCircuit(await keyBreaker("groq"));
    const res = await chat({}, { env: profile([
      { provider: "openai", model: `failing-${unique()}~status=500` },
      { provider: "groq", model: `skipped-${unique()}` },
      { provider: "anthropic", model: "up" },
    ]) });
    expect(res.headers.get("x-chorus-provider")).toBe("anthropic");
    expect(res.headers.get("x-chorus-fallback")).toBe("openai:500,groq:cooldown");
  });

  it("not a candidate skipped after the one that served", async () => {
    await openCircuit("provider:groq");
    const res = await chat({}, { env: profile([{ provider: "anthropic", model: "up" }, { provider: "groq", model: "later" }]) });
    expect(res.headers.get("x-chorus-provider")).toBe("anthropic");
    expect(res.headers.get("x-chorus-route")).toBe("default:p; skip=groq:circuit_open");
    expect(res.headers.get("x-chorus-fallback")).toBeNull();
  });

  it("on a stream too", async () => {
    await openCircuit("provider:openai");
    const res = await chat({ stream: true }, { env: profile([{ provider: "openai", model: "skipped" }, { provider: "anthropic", model: "up" }]) });
    expect(res.headers.get("x-chorus-fallback")).toBe("openai:circuit_open");
    expect((await readSse(res)).done).toBe(true);
  });
});

describe("429s cool one key down, never the provider", () => {
  it("skips the limited key while the provider stays closed; another key still reaches the provider", async () => {
    const env = { ...profile([{ provider: "openai", model: `limited~status=429~retryAfter=2~id=${unique()}` }, { provider: "anthropic", model: "up" }]), RETRY_ATTEMPTS: "1" };
    expect((await chat({}, { env })).headers.get("x-chorus-fallback")).toBe("openai:429");
    await settle();
    const cooled = await chat({}, { env });
    expect(cooled.headers.get("x-chorus-route")).toBe("default:p; skip=openai:cooldown");
    expect(cooled.headers.get("x-chorus-fallback")).toBe("openai:cooldown");
    expect((await breaker("provider:openai").snapshot()).state).toBe("closed");
    const marker = `other-key-${unique()}`;
    const other = await chat({}, { env: { ...profile([{ provider: "openai", model: marker }]), OPENAI_API_KEY: "sk-test-another-key" } });
    expect(other.headers.get("x-chorus-provider")).toBe("openai");
    expect(await upstreamRequests(bindings.FAKE_OPENAI_URL, marker)).toHaveLength(1);
  });
});

describe("health steers the order", () => {
  it("puts candidates meeting the profile's latency target first", async () => {
    const slow = { provider: "openai", model: "slow~firstTokenMs=150" };
    const fast = { provider: "anthropic", model: "quick" };
    expect((await chat({}, { env: profile([slow, fast]) })).headers.get("x-chorus-provider")).toBe("openai");
    await settle();
    const res = await chat({}, { env: profile([slow, fast], { latencyTargetMs: 100 }) });
    expect(res.headers.get("x-chorus-provider")).toBe("anthropic");
    expect(res.headers.get("x-chorus-route")).toBe("default:p; latency<=100ms");
  });

  it("skips a provider projected over its daily token budget", async () => {
    const env = profile([{ provider: "openai", model: "metered" }, { provider: "anthropic", model: "up" }], {}, { openai: { dailyTokenBudget: 5 } });
    expect((await chat({}, { env })).headers.get("x-chorus-provider")).toBe("openai");
    await settle();
    const res = await chat({}, { env });
    expect(res.headers.get("x-chorus-provider")).toBe("anthropic");
    expect(res.headers.get("x-chorus-route")).toBe("default:p; skip=openai:budget");
    expect(res.headers.get("x-chorus-fallback")).toBe("openai:budget");
  });
});

describe("degraded candidates", () => {
  const env = profile(
    [{ provider: "openai", model: "primary~status=503" }, { provider: "anthropic", model: "stand-in", degraded: true }],
    { disclaimer: "Answered by a smaller stand-in model." },
  );

  it("mark the answer and add the profile's disclaimer after the content", async () => {
    const res = await chat({}, { env });
    expect(res.headers.get("x-chorus-degraded")).toBe("true");
    const body = (await res.json()) as Body;
    expect(body.choices[0]!.message.content).toBe("Echo: hello world\n\nAnswered by a smaller stand-in model.");
  });

  it("add the disclaimer to a stream as one more content chunk before the finish", async () => {
    const res = await chat({ stream: true }, { env });
    expect(res.headers.get("x-chorus-degraded")).toBe("true");
    const { events, done } = await readSse(res);
    expect(done).toBe(true);
    expect(streamedText(events)).toBe("Echo: hello world\n\nAnswered by a smaller stand-in model.");
    const finishes = events.filter((event) => (event as { choices?: { finish_reason: string | null }[] }).choices?.[0]?.finish_reason);
    expect(finishes).toHaveLength(1);
  });

  it("leave answers of a regular candidate alone", async () => {
    const res = await chat({}, { env: profile([{ provider: "anthropic", model: "regular" }], { disclaimer: "never shown" }) });
    expect(res.headers.get("x-chorus-degraded")).toBeNull();
    expect(((await res.json()) as Body).choices[0]!.message.content).toBe("Echo: hello world");
  });
});

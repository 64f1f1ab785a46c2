import { describe, expect, it } from "vitest";
import { chat, readSse, settle, streamedText } from "./gateway-client.ts";
import { eventually, seenBy } from "./fake-upstream.ts";

/** A profile `hedged` over two candidates with `hedge.afterMs`; response cache off so every request goes upstream. */
function hedged(first: string, second: string, afterMs = 100): Record<string, string> {
  const candidate = (id: string) => ({ provider: id.slice(0, id.indexOf("/")), model: id.slice(id.indexOf("/") + 1) });
  const profile = { candidates: [candidate(first), candidate(second)], hedge: { afterMs } };
  return { LLM_PROFILES: JSON.stringify({ defaultProfile: "hedged", profiles: { hedged: profile } }), CACHE_DEFAULT: "off" };
}

const unique = (options = "") => `hedge-${crypto.randomUUID()}${options}`;

/** Whether the fake saw the gateway hang up on this model's request. */
async function abortedUpstream(provider: "openai" | "anthropic", model: string): Promise<boolean> {
  return eventually(async () => (await seenBy(provider, model)).some((request) => request.abortedByClient === true));
}

describe("hedged requests", () => {
  it("starts the second candidate when the first is slow, serves the faster and aborts the slower", async () => {
    const slow = unique("~firstTokenMs=1500");
    const fast = unique();
    const started = Date.now();
    const res = await chat({}, { env: hedged(`openai/${slow}`, `anthropic/${fast}`) });
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1_200);
    expect(res.headers.get("x-chorus-provider")).toBe("anthropic");
    expect(res.headers.get("x-chorus-attempts")).toBe("2");
    // The loser did not fail: x-chorus-fallback lists failed candidates only.
    expect(res.headers.get("x-chorus-fallback")).toBeNull();
    expect(((await res.json()) as { choices: { message: { content: string } }[] }).choices[0]!.message.content).toBe("Echo: hello world");
    expect(await abortedUpstream("openai", slow)).toBe(true);
    await settle();
  });

  it("hedges a stream on its first token", async () => {
    const slow = unique("~firstTokenMs=1500");
    const fast = unique();
    const res = await chat({ stream: true }, { env: hedged(`openai/${slow}`, `anthropic/${fast}`) });
    expect(res.headers.get("x-chorus-provider")).toBe("anthropic");
    expect(res.headers.get("x-chorus-attempts")).toBe("2");
    const { events, done } = await readSse(res);
    expect(done).toBe(true);
    expect(streamedText(events)).toBe("Echo: hello world");
    expect(await abortedUpstream("openai", slow)).toBe(true);
    await settle();
  });

  it("does not hedge when the first candidate answers in time", async () => {
    const first = unique();
    const second = unique();
    const res = await chat({}, { env: hedged(`openai/${first}`, `anthropic/${second}`, 1_000) });
    expect(res.headers.get("x-chorus-provider")).toBe("openai");
    expect(res.headers.get("x-chorus-attempts")).toBe("1");
    expect(await seenBy("anthropic", second)).toHaveLength(0);
    await settle();
  });

  it("falls back as usual when a hedge leg fails, listing it", async () => {
    // `local` (served by the OpenAI fake), so this failure weighs on no circuit other tests watch.
    const failing = unique("~status=503~firstTokenMs=800");
    const slower = unique("~firstTokenMs=1000");
    const started = Date.now();
    const res = await chat({}, { env: { ...hedged(`local/${failing}`, `anthropic/${slower}`), RETRY_ATTEMPTS: "1" } });
    expect(res.status).toBe(200);
    // Hedged at 100 ms, anthropic answers near 1.1 s; one after the other it would take 1.8 s.
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(res.headers.get("x-chorus-provider")).toBe("anthropic");
    expect(res.headers.get("x-chorus-fallback")).toBe("local:503");
    expect(res.headers.get("x-chorus-attempts")).toBe("2");
    await settle();
  });

  it("stops the hedge leg when the other fails because of the request", async () => {
    const failing = unique("~status=400~firstTokenMs=300");
    const slow = unique("~firstTokenMs=1500");
    const res = await chat({}, { env: hedged(`openai/${failing}`, `anthropic/${slow}`, 50) });
    expect(res.status).toBe(400);
    expect(await abortedUpstream("anthropic", slow)).toBe(true);
    await settle();
  });
});

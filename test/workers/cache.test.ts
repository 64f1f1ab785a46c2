import { describe, expect, it } from "vitest";
import { chat, finishReason, profiles, readSse, settle, streamedText } from "./gateway-client.ts";
import { cacheStats } from "../../workers/gateway/src/cache/cache-stats.ts";
import { ask, bindings, keyFor, secondsToLive, uniqueModel, upstreamCalls } from "./cache-helpers.ts";

type Completion = { id: string; choices: { message: { content: string }; finish_reason: string }[]; usage: { total_tokens: number } };

describe("exact cache: a repeated request is answered from KV", () => {
  it("misses, then hits with the original headers, 0 attempts and no upstream call", async () => {
    const model = uniqueModel();
    const messages = ask("exact hit please");
    const first = await chat({ model, messages });
    expect(first.headers.get("x-chorus-cache")).toBe("miss");
    const original = (await first.json()) as Completion;
    await settle();

    const second = await chat({ model, messages, user: "someone", stream_options: null });
    expect(second.status).toBe(200);
    expect(second.headers.get("x-chorus-cache")).toBe("hit");
    expect(second.headers.get("x-chorus-attempts")).toBe("0");
    expect(second.headers.get("x-chorus-provider")).toBe("openai");
    expect(second.headers.get("x-chorus-model")).toBe(model.slice("openai/".length));
    expect(second.headers.get("x-chorus-profile")).toBe("direct");
    expect(second.headers.get("x-chorus-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    // The answer as the provider gave it, usage included; metering reads the cache status, not this.
    expect(await second.json()).toEqual(original);
    expect(await upstreamCalls(model)).toBe(1);
  });

  it("replays a streamed answer as SSE ending [DONE], with usage only when asked", async () => {
    const model = uniqueModel();
    const messages = ask("stream me once");
    const live = await readSse(await chat({ model, messages, stream: true, stream_options: { include_usage: true } }));
    expect(streamedText(live.events)).toBe("Echo: stream me once");
    await settle();

    const replayed = await chat({ model, messages, stream: true, stream_options: { include_usage: true } });
    expect(replayed.headers.get("x-chorus-cache")).toBe("hit");
    expect(replayed.headers.get("content-type")).toContain("text/event-stream");
    const { events, done } = await readSse(replayed);
    expect(done).toBe(true);
    expect(streamedText(events)).toBe("Echo: stream me once");
    expect(finishReason(events)).toBe("stop");
    expect(events.at(-1)).toMatchObject({ choices: [], usage: { completion_tokens: 4 } });
    expect(events.every((event) => event.object === "chat.completion.chunk" && event.model === model.slice("openai/".length))).toBe(true);

    const plain = await readSse(await chat({ model, messages, stream: true }));
    expect(streamedText(plain.events)).toBe("Echo: stream me once");
    expect(plain.events.some((event) => event.usage)).toBe(false);
    expect(await upstreamCalls(model)).toBe(1);
  });

  it("serves a non-streamed request from a streamed answer and the other way round", async () => {
    const model = uniqueModel();
    await readSse(await chat({ model, messages: ask("streamed first"), stream: true }));
    await (await chat({ model, messages: ask("json first") })).json();
    await settle();

    const asJson = await chat({ model, messages: ask("streamed first") });
    expect(asJson.headers.get("x-chorus-cache")).toBe("hit");
    const body = (await asJson.json()) as Completion;
    expect(body.choices[0]!.message.content).toBe("Echo: streamed first");
    expect(body.choices[0]!.finish_reason).toBe("stop");
    expect(body.usage.total_tokens).toBeGreaterThan(0);

    const asStream = await chat({ model, messages: ask("json first"), stream: true });
    expect(asStream.headers.get("x-chorus-cache")).toBe("hit");
    expect(streamedText((await readSse(asStream)).events)).toBe("Echo: json first");
    expect(await upstreamCalls(model)).toBe(2);
  });

  it("caches tool calls whole", async () => {
    const model = uniqueModel();
    const tools = [{ type: "function", function: { name: "get_time", parameters: { type: "object", properties: { zone: { type: "string" } }, required: ["zone"] } } }];
    await readSse(await chat({ model, messages: ask("what time is it"), tools, stream: true }));
    await settle();
    const hit = await chat({ model, messages: ask("what time is it"), tools });
    expect(hit.headers.get("x-chorus-cache")).toBe("hit");
    const body = (await hit.json()) as { choices: { message: { tool_calls: { function: { name: string; arguments: string } }[] }; finish_reason: string }[] };
    expect(body.choices[0]!.finish_reason).toBe("tool_calls");
    expect(body.choices[0]!.message.tool_calls[0]!.function).toEqual({ name: "get_time", arguments: JSON.stringify({ zone: "zone-example" }) });
  });
});

describe("hit rate, for health", () => {
  it("counts hits and misses per profile and provider; bypassed answers are not counted", async () => {
    const profile = `stats-${crypto.randomUUID()}`;
    const env = profiles({ [profile]: [uniqueModel()] });
    const messages = ask("count me");
    await (await chat({ messages }, { env })).arrayBuffer();
    await settle();
    await (await chat({ messages }, { env })).arrayBuffer();
    await (await chat({ messages }, { env })).arrayBuffer();
    await (await chat({ messages }, { env, headers: { "x-chorus-cache": "no-store" } })).arrayBuffer();
    expect(cacheStats().profiles[profile]).toEqual({ hits: 2, semanticHits: 0, misses: 1, hitRate: 2 / 3 });
    expect(cacheStats().providers.openai?.hits).toBeGreaterThanOrEqual(2);
  });
});

describe("what makes a different entry", () => {
  it("misses for another message, sampling parameter, format or tools", async () => {
    const model = uniqueModel();
    const messages = ask("the original question");
    await (await chat({ model, messages, temperature: 0.5 })).json();
    await settle();
    const variants = [
      { model, messages: ask("another question"), temperature: 0.5 },
      { model, messages, temperature: 0.7 },
      { model, messages, temperature: 0.5, max_tokens: 50 },
      { model, messages, temperature: 0.5, response_format: { type: "json_object" } },
      { model, messages, temperature: 0.5, tools: [{ type: "function", function: { name: "f" } }], tool_choice: "none" },
    ];
    for (const body of variants) {
      const res = await chat(body);
      expect(res.headers.get("x-chorus-cache"), JSON.stringify(body)).toBe("miss");
      await res.arrayBuffer();
    }
    expect((await chat({ model, messages, temperature: 0.5, seed: null })).headers.get("x-chorus-cache")).toBe("hit");
  });

  it("keeps profiles apart, even with the same candidates", async () => {
    const target = uniqueModel();
    const env = profiles({ alpha: [target], beta: [target] });
    const messages = ask("which profile");
    await (await chat({ model: "alpha", messages }, { env })).json();
    await settle();
    const beta = await chat({ model: "beta", messages }, { env });
    expect(beta.headers.get("x-chorus-cache")).toBe("miss");
    expect(beta.headers.get("x-chorus-profile")).toBe("beta");
    await beta.arrayBuffer();
    await settle();
    const alpha = await chat({ model: "alpha", messages }, { env });
    expect(alpha.headers.get("x-chorus-cache")).toBe("hit");
    expect(alpha.headers.get("x-chorus-profile")).toBe("alpha");
  });

  it("keeps a caller's entries apart from shared ones (feature cacheScope)", async () => {
    const target = uniqueModel();
    const config = { defaultProfile: "p", profiles: { p: { candidates: [{ provider: "openai", model: target.slice(7) }] } }, features: { faq: { cacheScope: "shared" } } };
    const env = { LLM_PROFILES: JSON.stringify(config) };
    const messages = ask("scoped question");
    await (await chat({ messages }, { env })).json();
    await settle();
    const shared = await chat({ messages }, { env, headers: { "x-chorus-feature": "faq" } });
    expect(shared.headers.get("x-chorus-cache")).toBe("miss");
    await shared.arrayBuffer();
    await settle();
    expect((await chat({ messages }, { env, headers: { "x-chorus-feature": "faq" } })).headers.get("x-chorus-cache")).toBe("hit");
  });
});

describe("x-chorus-cache request header", () => {
  it("no-store neither reads nor writes", async () => {
    const model = uniqueModel();
    const messages = ask("do not keep this");
    const first = await chat({ model, messages }, { headers: { "x-chorus-cache": "no-store" } });
    expect(first.headers.get("x-chorus-cache")).toBe("bypass");
    await first.arrayBuffer();
    await settle();
    expect(await bindings.CACHE.get(await keyFor(messages, { candidate: model }))).toBeNull();

    await (await chat({ model, messages })).arrayBuffer();
    await settle();
    const again = await chat({ model, messages }, { headers: { "x-chorus-cache": "no-store" } });
    expect(again.headers.get("x-chorus-cache")).toBe("bypass");
    await again.arrayBuffer();
    expect(await upstreamCalls(model)).toBe(3);
  });

  it("refresh skips the read and stores the new answer", async () => {
    const model = uniqueModel();
    const messages = ask("refresh me");
    const first = (await (await chat({ model, messages })).json()) as Completion;
    await settle();
    const refreshed = await chat({ model, messages }, { headers: { "x-chorus-cache": "refresh" } });
    expect(refreshed.headers.get("x-chorus-cache")).toBe("miss");
    expect(refreshed.headers.get("x-chorus-attempts")).toBe("1");
    const fresh = (await refreshed.json()) as Completion;
    expect(fresh.id).not.toBe(first.id);
    await settle();
    const hit = await chat({ model, messages });
    expect(hit.headers.get("x-chorus-cache")).toBe("hit");
    expect(((await hit.json()) as Completion).id).toBe(fresh.id);
    expect(await upstreamCalls(model)).toBe(2);
  });

  it("rejects values it does not know with a 400 naming the header", async () => {
    const bad: Record<string, string>[] = [{ "x-chorus-cache": "no-cache" }, { "x-chorus-cache-ttl": "soon" }];
    for (const headers of bad) {
      const res = await chat({ model: uniqueModel(), messages: ask("bad header") }, { headers });
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("invalid_request");
      expect(body.error.message).toContain(Object.keys(headers)[0]);
    }
  });
});

describe("TTL", () => {
  interface Stored {
    status: string | null;
    /** Seconds the KV entry has left; undefined when nothing was stored. */
    ttl: number | undefined;
  }

  /**
   * One request to profile `p` on a fresh model, with the profile's and
   * feature `f`'s TTLs as given; what the cache header said and the TTL stored.
   */
  async function store(options: { profile?: number; feature?: number; headers?: Record<string, string>; env?: Record<string, string> } = {}): Promise<Stored> {
    const candidate = uniqueModel();
    const config = {
      defaultProfile: "p",
      profiles: { p: { candidates: [{ provider: "openai", model: candidate.slice("openai/".length) }], cacheTtlSeconds: options.profile } },
      features: { f: { cacheTtlSeconds: options.feature } },
    };
    const messages = ask(`ttl ${crypto.randomUUID()}`);
    const res = await chat({ messages }, { headers: options.headers, env: { LLM_PROFILES: JSON.stringify(config), ...options.env } });
    await res.arrayBuffer();
    await settle();
    return { status: res.headers.get("x-chorus-cache"), ttl: await secondsToLive(await keyFor(messages, { candidate, profile: "p" })) };
  }

  function expectStored(stored: Stored, seconds: number): void {
    expect(stored.status).toBe("miss");
    expect(stored.ttl).toBeGreaterThanOrEqual(seconds - 2);
    expect(stored.ttl).toBeLessThanOrEqual(seconds);
  }

  const notStored: Stored = { status: "bypass", ttl: undefined };
  const feature = { "x-chorus-feature": "f" };

  it("defaults to CACHE_TTL_SECONDS (3600)", async () => {
    expectStored(await store(), 3600);
    expectStored(await store({ env: { CACHE_TTL_SECONDS: "900" } }), 900);
  });

  it("takes header > feature > profile > default", async () => {
    expectStored(await store({ profile: 600, feature: 300, headers: { ...feature, "x-chorus-cache-ttl": "120" } }), 120);
    expectStored(await store({ profile: 600, feature: 300, headers: feature }), 300);
    expectStored(await store({ profile: 600, feature: 300 }), 600);
    expectStored(await store({ feature: 300, headers: { "x-chorus-feature": "unknown-feature" } }), 3600);
  });

  it("raises a TTL under 60 s to KV's minimum", async () => {
    expectStored(await store({ headers: { "x-chorus-cache-ttl": "5" } }), 60);
    expectStored(await store({ profile: 1 }), 60);
  });

  it("treats 0 at any level as do-not-cache", async () => {
    expect(await store({ headers: { "x-chorus-cache-ttl": "0" } })).toEqual(notStored);
    expect(await store({ profile: 0 })).toEqual(notStored);
    expect(await store({ profile: 600, feature: 0, headers: feature })).toEqual(notStored);
    expect(await store({ env: { CACHE_TTL_SECONDS: "0" } })).toEqual(notStored);
  });

  it("with CACHE_DEFAULT=off caches only what asks for a TTL", async () => {
    const env = { CACHE_DEFAULT: "off" };
    expect(await store({ env })).toEqual(notStored);
    expectStored(await store({ env, headers: { "x-chorus-cache-ttl": "90" } }), 90);
    expectStored(await store({ env, profile: 400 }), 400);
    expectStored(await store({ env, feature: 200, headers: feature }), 200);
  });
});

describe("only successful, complete answers are cached", () => {
  async function twice(model: string, body: Record<string, unknown>) {
    const messages = ask(`complete only ${crypto.randomUUID()}`);
    const first = await chat({ model, messages, ...body });
    const firstText = await first.text();
    await settle();
    const second = await chat({ model, messages, ...body });
    const secondText = await second.text();
    return { first, firstText, second, secondText };
  }

  it("never stores an error", async () => {
    const model = `${uniqueModel()}~status=400~times=1`;
    const { first, second } = await twice(model, {});
    expect(first.status).toBe(400);
    expect(second.status).toBe(200);
    expect(second.headers.get("x-chorus-cache")).toBe("miss");
  });

  it("never stores a stream cut mid-way", async () => {
    const model = `${uniqueModel()}~cutAfter=2~times=1`;
    const { firstText, second, secondText } = await twice(model, { stream: true });
    expect(firstText).toContain('"error"');
    expect(second.headers.get("x-chorus-cache")).toBe("miss");
    expect(secondText).toContain("[DONE]");
    expect(secondText).not.toContain('"error"');
  });

  it("never stores a refusal, plain or streamed", async () => {
    for (const stream of [false, true]) {
      const model = `${uniqueModel()}~refuse~times=1`;
      const { firstText, second, secondText } = await twice(model, { stream });
      expect(firstText).toContain("content_filter");
      expect(second.headers.get("x-chorus-cache")).toBe("miss");
      expect(secondText).not.toContain("content_filter");
      expect(secondText).toContain('"finish_reason":"stop"');
    }
  });

  it("never stores a stream the client left before its end", async () => {
    const model = `${uniqueModel()}~chunkMs=30`;
    const messages = ask("one two three four five six");
    const res = await chat({ model, messages, stream: true });
    const reader = res.body!.getReader();
    await reader.read();
    await reader.cancel();
    await settle();
    expect(await bindings.CACHE.get(await keyFor(messages, { candidate: model }))).toBeNull();
  });
});

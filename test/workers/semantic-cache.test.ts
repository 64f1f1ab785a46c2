import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { SemanticCache, type SemanticEntry } from "../../workers/gateway/src/durable/semantic-cache.ts";
import { ask, bindings, keyFor, uniqueModel, upstreamCalls } from "./cache-helpers.ts";
import { chat, DEFAULT_USER, readSse, settle, streamedText } from "./gateway-client.ts";

/*
 * The fake OpenAI embeds text as 8-dimensional vectors of character codes, so
 * any two long sentences are about 0.98 alike. These tests use a threshold of
 * 0.999: "What is the capital of France?" and its lower-case twin are 0.9992
 * alike (a match), the whales question only 0.977 (no match).
 */
const QUESTION = "What is the capital of France?";
const REPHRASED = "what is the capital of france?";
const UNRELATED = "Recommend a good book about whales";

/** A profile on a fresh chat model, a fresh embeddings model and a fresh feature, so no other test shares them. */
function semanticSetup(semanticCache: { threshold: number; maxEntries?: number }) {
  const chatModel = uniqueModel();
  const embedModel = uniqueModel();
  const feature = `faq-${crypto.randomUUID()}`;
  const config = {
    defaultProfile: "p",
    profiles: { p: { candidates: [{ provider: "openai", model: chatModel.slice("openai/".length) }] } },
    embeddings: { defaultProfile: "e", profiles: { e: { candidates: [{ provider: "openai", model: embedModel.slice("openai/".length) }] } } },
    features: { [feature]: { semanticCache } },
  };
  const env = { LLM_PROFILES: JSON.stringify(config) };
  return {
    ask: (text: string, body: Record<string, unknown> = {}) => chat({ messages: ask(text), ...body }, { env, headers: { "x-chorus-feature": feature } }),
    askWithoutFeature: (text: string) => chat({ messages: ask(text) }, { env }),
    chatCalls: () => upstreamCalls(chatModel),
    embedCalls: () => upstreamCalls(embedModel, "/v1/embeddings"),
    exactKey: (text: string) => keyFor(ask(text), { candidate: chatModel, profile: "p" }),
    /** The feature's `SemanticCache` object for the default test user. */
    store: () => bindings.SEMANTIC_CACHE.get(bindings.SEMANTIC_CACHE.idFromName(JSON.stringify([feature, DEFAULT_USER.sub]))),
  };
}

describe("semantic cache (feature opt-in)", () => {
  it("answers a similar question from the cache, with no chat call", async () => {
    const faq = semanticSetup({ threshold: 0.999 });
    const first = await faq.ask(QUESTION);
    expect(first.headers.get("x-chorus-cache")).toBe("miss");
    const original = (await first.json()) as { choices: { message: { content: string } }[] };
    await settle();

    const similar = await faq.ask(REPHRASED);
    expect(similar.status).toBe(200);
    expect(similar.headers.get("x-chorus-cache")).toBe("semantic-hit");
    expect(similar.headers.get("x-chorus-attempts")).toBe("0");
    expect(similar.headers.get("x-chorus-provider")).toBe("openai");
    expect(similar.headers.get("x-chorus-profile")).toBe("p");
    expect(await similar.json()).toEqual(original);
    expect(await faq.chatCalls()).toBe(1);
  });

  it("replays a semantic hit as SSE for a streamed request", async () => {
    const faq = semanticSetup({ threshold: 0.999 });
    await (await faq.ask(QUESTION)).arrayBuffer();
    await settle();
    const res = await faq.ask(REPHRASED, { stream: true });
    expect(res.headers.get("x-chorus-cache")).toBe("semantic-hit");
    const { events, done } = await readSse(res);
    expect(done).toBe(true);
    expect(streamedText(events)).toBe(`Echo: ${QUESTION}`);
  });

  it("misses below the threshold", async () => {
    const faq = semanticSetup({ threshold: 0.999 });
    await (await faq.ask(QUESTION)).arrayBuffer();
    await settle();
    const other = await faq.ask(UNRELATED);
    expect(other.headers.get("x-chorus-cache")).toBe("miss");
    expect(((await other.json()) as { choices: { message: { content: string } }[] }).choices[0]!.message.content).toBe(`Echo: ${UNRELATED}`);
    expect(await faq.chatCalls()).toBe(2);
  });

  it("uses the feature's threshold", async () => {
    const loose = semanticSetup({ threshold: 0.95 });
    await (await loose.ask(QUESTION)).arrayBuffer();
    await settle();
    expect((await loose.ask(UNRELATED)).headers.get("x-chorus-cache")).toBe("semantic-hit");
  });

  it("only matches when the rest of the conversation is the same", async () => {
    const faq = semanticSetup({ threshold: 0.999 });
    await (await faq.ask(QUESTION)).arrayBuffer();
    await settle();
    const res = await faq.ask(REPHRASED, { messages: [{ role: "system", content: "answer in French" }, { role: "user", content: REPHRASED }] });
    expect(res.headers.get("x-chorus-cache")).toBe("miss");
  });

  it("asks the exact cache first: an identical question costs no embedding", async () => {
    const faq = semanticSetup({ threshold: 0.999 });
    await (await faq.ask(QUESTION)).arrayBuffer();
    await settle();
    const embeddings = await faq.embedCalls();
    expect((await faq.ask(QUESTION)).headers.get("x-chorus-cache")).toBe("hit");
    expect(await faq.embedCalls()).toBe(embeddings);
  });

  it("stays out of requests without the feature", async () => {
    const faq = semanticSetup({ threshold: 0.999 });
    await (await faq.askWithoutFeature(QUESTION)).arrayBuffer();
    await settle();
    expect((await faq.askWithoutFeature(REPHRASED)).headers.get("x-chorus-cache")).toBe("miss");
    expect(await faq.embedCalls()).toBe(0);
  });

  it("drops a vector whose answer has left KV, and answers afresh", async () => {
    const faq = semanticSetup({ threshold: 0.999 });
    await (await faq.ask(QUESTION)).arrayBuffer();
    await settle();
    const gone = await faq.exactKey(QUESTION);
    await bindings.CACHE.delete(gone);
    const res = await faq.ask(REPHRASED);
    expect(res.headers.get("x-chorus-cache")).toBe("miss");
    await res.arrayBuffer();
    await settle();
    const keys = await runInDurableObject(faq.store(), (_instance: SemanticCache, state) =>
      state.storage.sql.exec<{ cache_key: string }>("SELECT cache_key FROM entries").toArray().map((row) => row.cache_key));
    expect(keys).toEqual([await faq.exactKey(REPHRASED)]);
  });
});

describe("SemanticCache Durable Object", () => {
  const stubFor = () => bindings.SEMANTIC_CACHE.get(bindings.SEMANTIC_CACHE.idFromName(`test-${crypto.randomUUID()}`));
  const entry = (cacheKey: string, vector: number[], maxEntries?: number): SemanticEntry => ({ cacheKey, context: "ctx", vector, ttlSeconds: 3600, maxEntries });
  const keysByRecency = (stub: ReturnType<typeof stubFor>) =>
    runInDurableObject(stub, (_instance: SemanticCache, state) =>
      state.storage.sql.exec<{ cache_key: string }>("SELECT cache_key FROM entries ORDER BY last_used").toArray().map((row) => row.cache_key));

  it("returns the most similar entry at or above the threshold, in the same context only", async () => {
    const stub = stubFor();
    await stub.remember(entry("east", [1, 0, 0]));
    await stub.remember(entry("north-east", [1, 1, 0]));
    await stub.remember({ ...entry("elsewhere", [1, 0, 0]), context: "other" });
    expect(await stub.lookup({ context: "ctx", vector: [0.9, 0.1, 0], threshold: 0.8 })).toMatchObject({ cacheKey: "east" });
    expect(await stub.lookup({ context: "ctx", vector: [0, 0, 1], threshold: 0.5 })).toBeNull();
    expect(await stub.lookup({ context: "ctx", vector: [1, 0], threshold: 0.1 })).toBeNull();
  });

  it("evicts the least recently used entry at the bound; a lookup counts as a use", async () => {
    const stub = stubFor();
    await stub.remember(entry("a", [1, 0, 0], 3));
    await stub.remember(entry("b", [0, 1, 0], 3));
    await stub.remember(entry("c", [0, 0, 1], 3));
    expect(await stub.lookup({ context: "ctx", vector: [1, 0, 0], threshold: 0.99 })).toMatchObject({ cacheKey: "a" });
    await stub.remember(entry("d", [1, 1, 1], 3));
    expect(await keysByRecency(stub)).toEqual(["c", "a", "d"]);
  });

  it("never holds more than maxEntries", async () => {
    const stub = stubFor();
    for (let i = 0; i < 6; i++) await stub.remember(entry(`k${i}`, [i, 1], 2));
    expect(await keysByRecency(stub)).toEqual(["k4", "k5"]);
  });

  it("ignores and drops entries past their TTL", async () => {
    const stub = stubFor();
    await stub.remember(entry("old", [1, 0]));
    await runInDurableObject(stub, (_instance: SemanticCache, state) => {
      state.storage.sql.exec("UPDATE entries SET expires_at = ? WHERE cache_key = 'old'", Date.now() - 1);
    });
    expect(await stub.lookup({ context: "ctx", vector: [1, 0], threshold: 0.5 })).toBeNull();
    await stub.remember(entry("new", [0, 1]));
    expect(await keysByRecency(stub)).toEqual(["new"]);
  });

  it("forgets an entry whose answer is gone", async () => {
    const stub = stubFor();
    await stub.remember(entry("gone", [1, 0]));
    await stub.forget("gone");
    expect(await keysByRecency(stub)).toEqual([]);
  });

  it("creates its schema idempotently and keeps the recency order across restarts", async () => {
    const stub = stubFor();
    await stub.remember(entry("first", [1, 0], 2));
    await runInDurableObject(stub, (_instance: SemanticCache, state) => {
      // A second construction over the same storage, as after an eviction.
      const again = new SemanticCache(state, bindings);
      return again.remember(entry("second", [0, 1], 2));
    });
    await stub.remember(entry("third", [1, 1], 2));
    expect(await keysByRecency(stub)).toEqual(["second", "third"]);
  });
});

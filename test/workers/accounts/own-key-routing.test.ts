import { describe, expect, it } from "vitest";
import { keyBreakerName, providerBreakerName } from "../../../workers/gateway/src/edge/breaker-names.ts";
import { keyFingerprint } from "../../../workers/gateway/src/edge/key-fingerprint.ts";
import { call, chat, profiles, readSse, settle, streamedText } from "../gateway-client.ts";
import { bindings, errorOf, fakeRequests, keyOf, newUser, PLATFORM_KEYS, providerKey, putKey, usageOf } from "./accounts-helpers.ts";

/** A model string only this test sends, so the fake's log can be searched for it. */
function marked(model: string): string {
  return `${model}~id=${crypto.randomUUID()}`;
}

describe("a user's own key serves that user's requests to its provider", () => {
  it("the user's key for them, the platform's key for everyone else, streams included", async () => {
    const owner = newUser("own");
    const other = newUser("other");
    const apiKey = providerKey();
    await putKey(owner, "openai", apiKey);

    const mine = marked("gpt-5.4-mini");
    const theirs = marked("gpt-5.4-mini");
    expect((await chat({ model: `openai/${mine}` }, { user: owner })).status).toBe(200);
    expect((await chat({ model: `openai/${theirs}` }, { user: other })).status).toBe(200);
    const streamed = marked("gpt-5.4-mini");
    const stream = await readSse(await chat({ model: `openai/${streamed}`, stream: true }, { user: owner }));
    expect(streamedText(stream.events)).toBe("Echo: hello world");

    expect((await fakeRequests("openai", mine)).map(keyOf)).toEqual([apiKey]);
    expect((await fakeRequests("openai", streamed)).map(keyOf)).toEqual([apiKey]);
    expect((await fakeRequests("openai", theirs)).map(keyOf)).toEqual([PLATFORM_KEYS.openai]);
  });

  it("applies to profiles and embeddings, and only to the provider the key is for", async () => {
    const user = newUser("own-profile");
    const apiKey = providerKey("sk-ant");
    await putKey(user, "anthropic", apiKey);
    const [first, second] = [marked("gpt-5.4-mini~status=503"), marked("claude-haiku-5")];
    const res = await chat({}, { user, env: profiles({ fast: [`openai/${first}`, `anthropic/${second}`] }) });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-chorus-provider")).toBe("anthropic");
    expect((await fakeRequests("openai", first)).map(keyOf)).toContain(PLATFORM_KEYS.openai);
    expect((await fakeRequests("anthropic", second)).map(keyOf)).toEqual([apiKey]);

    const embedder = newUser("own-embed");
    const openaiKey = providerKey();
    await putKey(embedder, "openai", openaiKey);
    const embedModel = marked("text-embedding-3-small");
    expect((await call("/v1/embeddings", { model: `openai/${embedModel}`, input: "embed me" }, { user: embedder })).status).toBe(200);
    expect((await fakeRequests("openai", embedModel)).map(keyOf)).toEqual([openaiKey]);
  });

  it("is recorded as own-key usage: tokens counted, cost 0 to the platform", async () => {
    const user = newUser("own-usage");
    await putKey(user, "openai", providerKey());
    await (await chat({ model: "openai/gpt-5.4-mini" }, { user })).text();
    await settle();
    expect(await usageOf(user)).toEqual([expect.objectContaining({ requests: 1, ownKeyRequests: 1, costUsd: 0 })]);
    expect((await usageOf(user))[0]!.tokensIn).toBeGreaterThan(0);
  });

  it("works for a provider the gateway has no key of its own for", async () => {
    const noAnthropic = { ANTHROPIC_API_KEY: "" };
    const user = newUser("own-only");
    const apiKey = providerKey("sk-ant");
    await putKey(user, "anthropic", apiKey);
    const model = marked("claude-haiku-5");
    expect((await chat({ model: `anthropic/${model}` }, { user, env: noAnthropic })).status).toBe(200);
    expect((await fakeRequests("anthropic", model)).map(keyOf)).toEqual([apiKey]);
    const stranger = await chat({ model: `anthropic/${marked("claude-haiku-5")}` }, { user: newUser("no-key"), env: noAnthropic });
    expect(stranger.status).toBe(503);
    expect(await errorOf(stranger)).toMatchObject({ code: "provider_unavailable" });
  });

  it("neither spends nor is stopped by the platform's daily token budget for that provider", async () => {
    const budgeted = {
      LLM_PROFILES: JSON.stringify({
        defaultProfile: "p",
        profiles: { p: { candidates: [{ provider: "anthropic", model: "claude-haiku-5" }, { provider: "openai", model: "gpt-5.4-mini" }] } },
        providers: { anthropic: { dailyTokenBudget: 5 } },
      }),
      CACHE_DEFAULT: "off",
    };
    const owner = newUser("own-budget");
    await putKey(owner, "anthropic", providerKey("sk-ant"));
    const served = async (user: ReturnType<typeof newUser>) => {
      const res = await chat({}, { user, env: budgeted });
      await res.text();
      await settle();
      return res.headers.get("x-chorus-provider");
    };
    expect(await served(owner)).toBe("anthropic");
    expect(await served(owner)).toBe("anthropic");
    // The owner's tokens were not the platform's: its first request still fits the budget, the next does not.
    const platform = newUser("platform-budget");
    expect(await served(platform)).toBe("anthropic");
    expect(await served(platform)).toBe("openai");
    expect(await served(owner)).toBe("anthropic");
  });

  it("once removed, the platform's key serves again", async () => {
    const user = newUser("own-removed");
    await putKey(user, "openai", providerKey());
    await call("/v1/settings/keys/openai", undefined, { user, method: "DELETE" });
    const model = marked("gpt-5.4-mini");
    expect((await chat({ model: `openai/${model}` }, { user })).status).toBe(200);
    expect((await fakeRequests("openai", model)).map(keyOf)).toEqual([PLATFORM_KEYS.openai]);
  });
});

describe("a provider refusing a user's own key", () => {
  it("is a clear 403 own_key_rejected naming the provider, with no fallback to another candidate", async () => {
    const user = newUser("own-refused");
    const apiKey = providerKey();
    await putKey(user, "openai", apiKey);
    const [refused, next] = [marked("gpt-5.4-mini~status=401"), marked("claude-haiku-5")];
    const spec = profiles({ fast: [`openai/${refused}`, `anthropic/${next}`] });
    for (const stream of [false, true]) {
      const res = await chat({ stream }, { user, env: spec });
      expect(res.status).toBe(403);
      const text = await res.text();
      expect(JSON.parse(text).error).toMatchObject({ type: "permission_error", code: "own_key_rejected", message: expect.stringContaining("Your openai key was refused by openai (401)") });
      expect(text).not.toContain(apiKey);
    }
    expect(await fakeRequests("anthropic", next)).toEqual([]);
    await settle();
    expect(await usageOf(user)).toEqual([]);
  });

  it("counts against neither the provider's circuit nor any key's breaker", async () => {
    const user = newUser("own-refused-circuit");
    const apiKey = providerKey("AIza");
    await putKey(user, "google", apiKey);
    for (let i = 0; i < 7; i++) await (await chat({ model: `google/${marked("gemini-3-flash~status=401")}` }, { user })).text();
    await settle();

    const circuit = await bindings.BREAKER.getByName(providerBreakerName("google")).snapshot();
    expect(circuit.state).toBe("closed");
    const ownBreaker = await bindings.BREAKER.getByName(keyBreakerName("google", await keyFingerprint(apiKey))).snapshot();
    expect(ownBreaker.state).toBe("closed");
    // The same user's good requests, and everyone else's, are still served.
    expect((await chat({ model: `google/${marked("gemini-3-flash")}` }, { user })).status).toBe(200);
    expect((await chat({ model: `google/${marked("gemini-3-flash")}` }, { user: newUser("bystander") })).status).toBe(200);
  });

  it("a 429 on the user's key cools down that key's own breaker, not the platform key's", async () => {
    const user = newUser("own-429");
    const apiKey = providerKey();
    await putKey(user, "groq", apiKey);
    // One attempt: a retry would wait out the 30 s Retry-After.
    const res = await chat({ model: `groq/${marked("llama-3.3-70b-versatile~status=429~retryAfter=30")}` }, { user, env: { RETRY_ATTEMPTS: "1" } });
    expect(res.status).toBe(502);
    await res.text();
    await settle();
    expect((await bindings.BREAKER.getByName(keyBreakerName("groq", await keyFingerprint(apiKey))).snapshot()).state).toBe("open");
    expect((await bindings.BREAKER.getByName(keyBreakerName("groq", await keyFingerprint(String(bindings.GROQ_API_KEY)))).snapshot()).state).toBe("closed");
    expect((await chat({ model: `groq/${marked("llama-3.3-70b-versatile")}` }, { user: newUser("groq-platform") })).status).toBe(200);
  });
});

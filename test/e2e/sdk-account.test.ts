import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createChorusClient, type ChatCompletionChunk, type ChorusClient } from "../../packages/sdk/src/index.ts";
import { startAllFakes, type AllFakes } from "../fakes/start-all-fakes.ts";
import { serveGateway, type ServedGateway } from "./served-gateway.ts";

// The served gateway (as `npm start` runs it) driven by the project's own SDK: settings, own keys, usage, streaming, me.
let fakes: AllFakes;
let gateway: ServedGateway;

beforeAll(async () => {
  const started = await startAllFakes();
  fakes = started;
  const openaiOnly = { candidates: [{ provider: "openai", model: "gpt-fake" }] };
  gateway = await serveGateway({ ...started.env, LLM_PROFILES: JSON.stringify({ defaultProfile: "compat", profiles: { compat: openaiOnly, cheap: openaiOnly } }) });
});

afterAll(async () => {
  await gateway?.stop();
  await Promise.all([fakes?.openai, fakes?.anthropic, fakes?.google].map((fake) => fake?.close()));
});

/** A client for a new verified user, so each test starts from that user's defaults. */
async function newUser(): Promise<{ userId: string; client: ChorusClient }> {
  const userId = `sdk-${crypto.randomUUID()}`;
  const login = await fetch(`${gateway.url}/dev/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ sub: userId, plan: "pro" }) });
  const { token } = (await login.json()) as { token: string };
  return { userId, client: createChorusClient({ baseURL: gateway.url, token }) };
}

const HI = { messages: [{ role: "user" as const, content: "Say hi." }] };

describe("served gateway, the Chorus SDK: settings, own keys, usage, streaming", () => {
  it("reads the defaults, merges a patch, names a bad field, and switches AI off for the user", async () => {
    const { client } = await newUser();
    expect(await client.settings.get()).toEqual({ preferredModel: null, favoriteModels: [], aiEnabled: true, usageLimit: null, usagePeriod: "monthly" });

    await client.settings.update({ favoriteModels: ["compat"], usageLimit: 1000, usagePeriod: "daily" });
    expect(await client.settings.get()).toEqual({ preferredModel: null, favoriteModels: ["compat"], aiEnabled: true, usageLimit: 1000, usagePeriod: "daily" });
    await expect(client.settings.update({ preferredModel: "nowhere/none" })).rejects.toMatchObject({ status: 400, type: "invalid_request_error", param: "preferredModel" });

    await client.settings.update({ aiEnabled: false });
    await expect(client.chat(HI)).rejects.toMatchObject({ name: "ChorusError", status: 403, code: "ai_disabled_for_user", requestId: expect.any(String) });
  });

  it("stores an own key (shown as last4 only), tests it with the provider, answers with it, removes it", async () => {
    const { client } = await newUser();
    const apiKey = `sk-own-${crypto.randomUUID()}-5678`;

    expect(await client.settings.keys.put("openai", apiKey)).toMatchObject({ provider: "openai", last4: "5678" });
    expect(await client.settings.keys.list()).toEqual([{ provider: "openai", last4: "5678", createdAt: expect.any(String) }]);
    expect(await client.settings.keys.test("openai", { model: "gpt-fake" })).toMatchObject({ ok: true, latencyMs: expect.any(Number) });
    const refused = await client.settings.keys.test("openai", { model: "gpt-fake~status=401" });
    expect(refused).toMatchObject({ ok: false, error: expect.any(String) });
    expect(refused.error).not.toContain(apiKey);

    await client.chat({ ...HI, model: "openai/gpt-fake" }, { cache: "no-store" });
    const upstream = fakes.openai.requests.filter((request) => request.path === "/v1/chat/completions").at(-1);
    expect(upstream?.headers.authorization).toBe(`Bearer ${apiKey}`);

    await client.settings.keys.remove("openai");
    expect(await client.settings.keys.list()).toEqual([]);
    await expect(client.settings.keys.remove("openai")).rejects.toMatchObject({ status: 404, type: "not_found_error" });
  });

  it("streams a chat as an async iterator, with its meta and usage, and the usage appears per day", async () => {
    const { client } = await newUser();

    const stream = client.stream({ ...HI, stream_options: { include_usage: true } }, { cache: "no-store" });
    const chunks: ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);

    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("");
    expect(text.length).toBeGreaterThan(0);
    expect(await stream.text()).toBe(text);
    expect(await stream.meta).toMatchObject({ provider: "openai", model: "gpt-fake", profile: "compat", requestId: expect.any(String) });
    const tokensOut = chunks.at(-1)?.usage?.completion_tokens;
    expect(tokensOut).toBeGreaterThan(0);

    const today = new Date().toISOString().slice(0, 10);
    // Usage rows reach D1 in a batch a few milliseconds after the answer.
    await vi.waitFor(async () => {
      const { days } = await client.usage({ from: today, to: today });
      expect(days).toEqual([expect.objectContaining({ date: today, requests: 1, tokensOut })]);
    }, { timeout: 10_000, interval: 100 });
  });

  it("me(): says what the caller may do now, and why not once AI is off", async () => {
    const { userId, client } = await newUser();
    expect(await client.me()).toMatchObject({ userId, tier: "verified", plan: "pro", aiAvailable: true, ownKeyProviders: [] });

    await client.settings.keys.put("openai", "sk-own-key-for-me-1234");
    await client.settings.update({ aiEnabled: false });

    expect(await client.me()).toMatchObject({ aiAvailable: false, reason: "ai_disabled_for_user", ownKeyProviders: ["openai"] });
  });
});

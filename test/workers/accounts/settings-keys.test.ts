import { describe, expect, it } from "vitest";
import { KEY_TESTS_PER_MINUTE } from "../../../workers/gateway/src/durable/key-test-log.ts";
import { call } from "../gateway-client.ts";
import { bindings, errorOf, fakeRequests, keyOf, newUser, providerKey, putKey } from "./accounts-helpers.ts";

type Summary = { provider: string; last4: string; createdAt: string };

async function listKeys(user: ReturnType<typeof newUser>): Promise<Summary[]> {
  return (await (await call("/v1/settings/keys", undefined, { user })).json()) as Summary[];
}

function testKey(user: ReturnType<typeof newUser>, provider: string, body?: unknown, options: { env?: Record<string, string> } = {}): Promise<Response> {
  return call(`/v1/settings/keys/${provider}/test`, body, { user, method: "POST", ...options });
}

describe("own keys: store, list, replace, remove", () => {
  it("stores a key encrypted and shows only its last 4 characters", async () => {
    const user = newUser("keys");
    const openai = providerKey("sk-proj");
    const anthropic = providerKey("sk-ant-api03");
    const stored = await putKey(user, "openai", openai);
    expect(stored.status).toBe(200);
    const text = await stored.text();
    expect(JSON.parse(text)).toEqual({ provider: "openai", last4: openai.slice(-4), createdAt: expect.any(String) });
    expect(text).not.toContain(openai.slice(0, -4));
    expect((await putKey(user, "anthropic", anthropic)).status).toBe(200);

    expect(await listKeys(user)).toEqual([
      { provider: "anthropic", last4: anthropic.slice(-4), createdAt: expect.any(String) },
      { provider: "openai", last4: openai.slice(-4), createdAt: expect.any(String) },
    ]);
    const replacement = providerKey("sk-proj");
    expect((await putKey(user, "openai", `  ${replacement}\n`)).status).toBe(200);
    expect((await listKeys(user)).find((key) => key.provider === "openai")?.last4).toBe(replacement.slice(-4));
  });

  it("tells the user's UserQuota object which providers have a key, on store and on removal", async () => {
    const user = newUser("keys-object");
    await putKey(user, "google", providerKey("AIza"));
    await putKey(user, "groq", providerKey("gsk"));
    expect([...(await bindings.USER_QUOTA.getByName(user.sub).state()).ownKeyProviders].sort()).toEqual(["google", "groq"]);
    expect((await call("/v1/settings/keys/google", undefined, { user, method: "DELETE" })).status).toBe(204);
    expect((await bindings.USER_QUOTA.getByName(user.sub).state()).ownKeyProviders).toEqual(["groq"]);
  });

  it("removes a key (204), then 404 for one that is not there", async () => {
    const user = newUser("keys-delete");
    await putKey(user, "openai", providerKey());
    expect((await call("/v1/settings/keys/openai", undefined, { user, method: "DELETE" })).status).toBe(204);
    expect(await listKeys(user)).toEqual([]);
    const again = await call("/v1/settings/keys/openai", undefined, { user, method: "DELETE" });
    expect(again.status).toBe(404);
    expect(await errorOf(again)).toMatchObject({ type: "not_found_error", code: "not_found" });
  });

  it("404 for providers that take no own key: unknown ids, local and demo", async () => {
    const user = newUser("keys-provider");
    for (const provider of ["mistral", "local", "demo", "OpenAI", "__proto__"]) {
      const res = await putKey(user, provider, providerKey());
      expect(res.status, provider).toBe(404);
      expect((await errorOf(res)).message).toContain("openai, anthropic, google, groq");
      expect((await call(`/v1/settings/keys/${provider}`, undefined, { user, method: "DELETE" })).status, provider).toBe(404);
      expect((await testKey(user, provider)).status, provider).toBe(404);
    }
  });

  it("400 for a body that is not a key, without quoting the value", async () => {
    const user = newUser("keys-shape");
    const bodies: unknown[] = [{}, { apiKey: "" }, { apiKey: "short" }, { apiKey: "sk-has a space-0123456789" }, { apiKey: 42 },
      { apiKey: "x".repeat(600) }, { apiKey: providerKey(), provider: "anthropic" }, "not json"];
    for (const body of bodies) {
      const res = await call("/v1/settings/keys/openai", body, { user, method: "PUT" });
      expect(res.status, JSON.stringify(body)).toBe(400);
      const error = await errorOf(res);
      expect(error.type).toBe("invalid_request_error");
      expect(error.message).not.toContain("sk-has a space");
    }
    expect(await listKeys(user)).toEqual([]);
  });
});

describe("POST /v1/settings/keys/{provider}/test", () => {
  it("makes one 1-token call with the user's key to the provider's cheapest model", async () => {
    for (const [provider, model] of [["openai", "gpt-5.4-mini"], ["anthropic", "claude-haiku-5"], ["google", "gemini-3-flash"]] as const) {
      const user = newUser(`test-${provider}`);
      const apiKey = providerKey();
      await putKey(user, provider, apiKey);
      const res = await testKey(user, provider);
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({ ok: true, latencyMs: expect.any(Number), model });
      expect(text).not.toContain(apiKey);
      const seen = (await fakeRequests(provider, model)).filter((request) => keyOf(request) === apiKey);
      expect(seen, provider).toHaveLength(1);
    }
    const [openaiCall] = (await fakeRequests("openai", "gpt-5.4-mini")).slice(-1);
    expect(openaiCall?.body).toMatchObject({ max_completion_tokens: 1 });
  });

  it("reports a refused key as not ok, naming the provider and never the key", async () => {
    const user = newUser("test-refused");
    const apiKey = providerKey();
    await putKey(user, "openai", apiKey);
    const res = await testKey(user, "openai", { model: "gpt-5.4-mini~status=401" });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ ok: false, latencyMs: expect.any(Number), model: "gpt-5.4-mini~status=401", error: expect.stringContaining("Your openai key was refused") });
    expect(text).not.toContain(apiKey);

    const quota = (await (await testKey(user, "openai", { model: "gpt-5.4-mini~quota" })).json()) as { ok: boolean; error: string };
    expect(quota).toMatchObject({ ok: false, error: expect.stringContaining("429") });
  });

  it("runs at most KEY_TESTS_PER_MINUTE tests a minute per user, then 429 with Retry-After and no provider call", async () => {
    const user = newUser("test-limit");
    const apiKey = providerKey();
    await putKey(user, "openai", apiKey);
    const model = `gpt-5.4-mini~id=${crypto.randomUUID()}`;
    for (let i = 0; i < KEY_TESTS_PER_MINUTE; i++) expect((await testKey(user, "openai", { model })).status).toBe(200);
    const refused = await testKey(user, "openai", { model });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await errorOf(refused)).toMatchObject({ type: "rate_limit_error", code: "rate_limited" });
    expect(await fakeRequests("openai", model)).toHaveLength(KEY_TESTS_PER_MINUTE);
    // Another user's tests are their own.
    const other = newUser("test-limit-other");
    await putKey(other, "openai", providerKey());
    expect((await testKey(other, "openai", { model })).status).toBe(200);
  });

  it("404 when no key is stored; 503 when AI is switched off", async () => {
    const user = newUser("test-none");
    const none = await testKey(user, "anthropic");
    expect(none.status).toBe(404);
    expect((await errorOf(none)).message).toBe("You have no anthropic key stored.");
    await putKey(user, "anthropic", providerKey());
    const off = await testKey(user, "anthropic", undefined, { env: { AI_FEATURES_ENABLED: "false" } });
    expect(off.status).toBe(503);
    expect(await errorOf(off)).toMatchObject({ code: "ai_disabled" });
  });
});

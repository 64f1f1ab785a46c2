import { describe, expect, it } from "vitest";
import { call, chat, settle, type TestUser } from "../gateway-client.ts";
import { errorOf, fakeRequests, keyOf, newUser, PLATFORM_KEYS, providerKey, putKey, usageOf } from "../accounts/accounts-helpers.ts";

async function keysOf(user: TestUser): Promise<{ provider: string; last4: string }[]> {
  return (await (await call("/v1/settings/keys", undefined, { user })).json()) as { provider: string; last4: string }[];
}

/** Everything an attacker might put in a request to point at someone else's data. */
function victimHints(victim: TestUser): { query: string; headers: Record<string, string> } {
  const id = encodeURIComponent(victim.sub);
  return { query: `?userId=${id}&user=${id}&sub=${id}`, headers: { "x-user-id": victim.sub, "x-chorus-user": victim.sub } };
}

describe("user A can read or change nothing of user B's", () => {
  it("own keys: B's are absent from A's listing, and A's deletes, tests and stores touch only A's", async () => {
    const [a, b] = [newUser("attacker"), newUser("victim")];
    const victimKey = providerKey();
    await putKey(b, "openai", victimKey);
    const hints = victimHints(b);

    const listing = await call(`/v1/settings/keys${hints.query}`, undefined, { user: a, headers: hints.headers });
    expect(await listing.json()).toEqual([]);
    for (const [method, path] of [["DELETE", "/v1/settings/keys/openai"], ["POST", "/v1/settings/keys/openai/test"]] as const) {
      const res = await call(`${path}${hints.query}`, undefined, { user: a, method, headers: hints.headers });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect((await errorOf(res)).message).toBe("You have no openai key stored.");
    }
    // Naming B in the body changes nothing: the body schema refuses unknown fields.
    expect((await call("/v1/settings/keys/openai", { apiKey: providerKey(), userId: b.sub }, { user: a, method: "PUT" })).status).toBe(400);
    await putKey(a, "openai", providerKey());
    expect(await keysOf(b)).toEqual([expect.objectContaining({ provider: "openai", last4: victimKey.slice(-4) })]);
    expect((await keysOf(a))[0]?.last4).not.toBe(victimKey.slice(-4));
  });

  it("routing: A's requests never use B's key", async () => {
    const [a, b] = [newUser("attacker"), newUser("victim")];
    const victimKey = providerKey();
    await putKey(b, "openai", victimKey);
    const model = `gpt-5.4-mini~id=${crypto.randomUUID()}`;
    const hints = victimHints(b);
    expect((await chat({ model: `openai/${model}`, user: b.sub }, { user: a, headers: hints.headers })).status).toBe(200);
    expect((await fakeRequests("openai", model)).map(keyOf)).toEqual([PLATFORM_KEYS.openai]);
  });

  it("usage: B's requests are not in A's usage, whatever A asks for", async () => {
    const [a, b] = [newUser("attacker"), newUser("victim")];
    await (await chat({ model: "openai/gpt-5.4-mini" }, { user: b })).text();
    await settle();
    expect(await usageOf(b)).toHaveLength(1);
    const hints = victimHints(b);
    const res = await call(`/v1/usage${hints.query}`, undefined, { user: a, headers: hints.headers });
    expect(await res.json()).toEqual({ days: [] });
  });

  it("settings: A's changes do not reach B, and B's are not shown to A", async () => {
    const [a, b] = [newUser("attacker"), newUser("victim")];
    expect((await call("/v1/settings", { preferredModel: "fast", usageLimit: 7 }, { user: b, method: "PUT" })).status).toBe(200);
    const before = await (await call("/v1/settings", undefined, { user: b })).json();
    const hints = victimHints(b);
    const changed = await call(`/v1/settings${hints.query}`, { aiEnabled: false, usageLimit: 1 }, { user: a, method: "PUT", headers: hints.headers });
    expect(changed.status).toBe(200);
    expect(await (await call("/v1/settings", undefined, { user: b })).json()).toEqual(before);
    const seen = (await (await call(`/v1/settings${hints.query}`, undefined, { user: a, headers: hints.headers })).json()) as { usageLimit: number | null };
    expect(seen.usageLimit).toBe(1);
  });

  it("paths that try to climb out of the caller's keys are unknown providers (404)", async () => {
    const a = newUser("attacker");
    for (const path of ["/v1/settings/keys/..%2Fopenai", "/v1/settings/keys/openai%00", "/v1/settings/keys/%2e%2e"]) {
      expect((await call(path, undefined, { user: a, method: "DELETE" })).status, path).toBe(404);
    }
  });
});

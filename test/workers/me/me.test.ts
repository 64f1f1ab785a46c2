import { afterEach, describe, expect, it } from "vitest";
import { asAdmin, putKey } from "../accounts/accounts-helpers.ts";
import { resetBreakers } from "../breaker-helpers.ts";
import { call, chat, settle, type TestUser } from "../gateway-client.ts";
import { errorOf, planLimits, quotaProfiles, sampleUser, verifiedUser } from "../quota/quota-helpers.ts";

afterEach(resetBreakers);

interface Me {
  userId: string;
  tier: "sample" | "verified";
  plan: string;
  role: string | null;
  workspace: string | null;
  aiAvailable: boolean;
  reason?: string;
  sample?: { used: number; limit: number };
  limits: { requestsPerMinute: number; tokensPerDay: number; tokensUsedToday: number; usageLimit: number | null; usagePeriod: string; usageUsed: number };
  ownKeyProviders: string[];
}

async function meOf(user: TestUser, env: Record<string, string> = {}): Promise<Me> {
  const res = await call("/v1/me", undefined, { user, env });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Me;
}

/**
 * Asks `/v1/me`, then makes the chat request it speaks of, and checks they
 * agree: available and served, or unavailable with the reason the request
 * is refused with. Returns what `/v1/me` said.
 */
async function meThenChat(user: TestUser, env: Record<string, string>): Promise<Me> {
  const me = await meOf(user, env);
  const res = await chat({}, { user, env });
  if (me.aiAvailable) {
    expect(res.status, await res.clone().text()).toBe(200);
    expect(me.reason).toBeUndefined();
  } else {
    expect(res.status).not.toBe(200);
    expect((await errorOf(res)).code).toBe(me.reason);
  }
  await res.text().catch(() => undefined);
  await settle();
  return me;
}

async function put(user: TestUser, settings: Record<string, unknown>): Promise<void> {
  const res = await call("/v1/settings", settings, { user, method: "PUT" });
  expect(res.status, await res.clone().text()).toBe(200);
}

describe("GET /v1/me: what the caller may do now", () => {
  it("describes the caller: tier, plan, role, workspace, the plan's limits", async () => {
    const user: TestUser = { sub: `me-${crypto.randomUUID()}`, plan: "pro", emailVerified: true, role: "admin", workspace: "acme" };
    const env = planLimits({}, { pro: { requestsPerMinute: 7, tokensPerDay: 700 } });
    expect(await meOf(user, env)).toEqual({
      userId: user.sub, tier: "verified", plan: "pro", role: "admin", workspace: "acme", aiAvailable: true,
      limits: { requestsPerMinute: 7, tokensPerDay: 700, tokensUsedToday: 0, usageLimit: null, usagePeriod: "monthly", usageUsed: 0 },
      ownKeyProviders: [],
    });
  });

  it("sample tier: counts the 3, and says sample_exhausted exactly when the next request is refused with it", async () => {
    const user = sampleUser();
    const env = quotaProfiles();
    const seen: { used: number | undefined; reason: string | undefined }[] = [];
    for (let i = 0; i < 4; i++) {
      const me = await meThenChat(user, env);
      expect(me.tier).toBe("sample");
      seen.push({ used: me.sample?.used, reason: me.reason });
    }
    expect(seen).toEqual([
      { used: 0, reason: undefined }, { used: 1, reason: undefined }, { used: 2, reason: undefined }, { used: 3, reason: "sample_exhausted" },
    ]);
    expect((await meOf(user, env)).sample).toEqual({ used: 3, limit: 3 });
  });

  it("usage_limit_reached exactly when the user's own limit refuses the next request; usageUsed counts", async () => {
    const user = verifiedUser();
    await put(user, { usageLimit: 2, usagePeriod: "monthly" });
    const seen = [];
    for (let i = 0; i < 3; i++) {
      const me = await meThenChat(user, quotaProfiles());
      seen.push({ used: me.limits.usageUsed, reason: me.reason, limit: me.limits.usageLimit, period: me.limits.usagePeriod });
    }
    expect(seen).toEqual([
      { used: 0, reason: undefined, limit: 2, period: "monthly" },
      { used: 1, reason: undefined, limit: 2, period: "monthly" },
      { used: 2, reason: "usage_limit_reached", limit: 2, period: "monthly" },
    ]);
  });

  it("token_limit_reached exactly when today's tokens refuse the next request; tokensUsedToday counts", async () => {
    const user = verifiedUser();
    // The fake answers "hello world" with 2 prompt + 3 completion tokens.
    const env = { ...quotaProfiles(), ...planLimits({ tokensPerDay: 10 }) };
    const seen = [];
    for (let i = 0; i < 3; i++) {
      const me = await meThenChat(user, env);
      seen.push({ tokens: me.limits.tokensUsedToday, reason: me.reason });
    }
    expect(seen).toEqual([{ tokens: 0, reason: undefined }, { tokens: 5, reason: undefined }, { tokens: 10, reason: "token_limit_reached" }]);
  });

  it("ai_disabled_for_user while the user's switch is off, and available again when it is on", async () => {
    const user = verifiedUser();
    await put(user, { aiEnabled: false });
    expect((await meThenChat(user, quotaProfiles())).reason).toBe("ai_disabled_for_user");
    await put(user, { aiEnabled: true });
    expect((await meThenChat(user, quotaProfiles())).aiAvailable).toBe(true);
  });

  it("answers with the kill switch on, saying ai_disabled, as the chat request is refused", async () => {
    const user = verifiedUser();
    const me = await meThenChat(user, { ...quotaProfiles(), AI_FEATURES_ENABLED: "false" });
    expect(me).toMatchObject({ aiAvailable: false, reason: "ai_disabled", userId: user.sub });
  });

  it("rate_limited while the plan's requests per minute refuse the next request", async () => {
    const user = verifiedUser();
    const env = { ...quotaProfiles(), ...planLimits({ requestsPerMinute: 1 }) };
    expect((await meThenChat(user, env)).aiAvailable).toBe(true);
    expect((await meThenChat(user, env)).reason).toBe("rate_limited");
  });

  it("lists the own-key providers, and an own key that serves lifts the platform's token limit", async () => {
    const user = verifiedUser();
    const env = { ...quotaProfiles(), ...planLimits({ tokensPerDay: 5 }) };
    await meThenChat(user, env);
    expect((await meThenChat(user, env)).reason).toBe("token_limit_reached");
    expect((await putKey(user, "openai", `sk-own-${crypto.randomUUID()}`)).status).toBe(200);
    const me = await meThenChat(user, env);
    expect(me).toMatchObject({ aiAvailable: true, ownKeyProviders: ["openai"] });
    // A route to another provider still meets the platform's limit: `x-chorus-mode: quick` routes to google.
    const quick = await call("/v1/me", undefined, { user, env, headers: { "x-chorus-mode": "quick" } });
    expect(await quick.json()).toMatchObject({ aiAvailable: false, reason: "token_limit_reached" });
  });

  it("is scoped to the caller: another user's limits, keys and counts are not the caller's", async () => {
    const spent = sampleUser();
    for (let i = 0; i < 3; i++) await meThenChat(spent, quotaProfiles());
    const owner = verifiedUser();
    expect((await putKey(owner, "anthropic", `sk-ant-${crypto.randomUUID()}`)).status).toBe(200);

    const other = sampleUser();
    const me = await meOf(other, quotaProfiles());
    expect(me).toMatchObject({ userId: other.sub, aiAvailable: true, sample: { used: 0, limit: 3 }, ownKeyProviders: [] });
    expect((await meOf(owner)).ownKeyProviders).toEqual(["anthropic"]);
  });

  it("needs a user's credential: none, or the admin token (which acts for no user), is 401", async () => {
    for (const res of [await call("/v1/me", undefined, { user: null }), await asAdmin("/v1/me")]) {
      expect(res.status).toBe(401);
      expect((await errorOf(res)).type).toBe("authentication_error");
    }
  });
});

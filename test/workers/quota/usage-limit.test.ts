import { afterEach, describe, expect, it } from "vitest";
import { resetBreakers } from "../breaker-helpers.ts";
import { call, chat, settle, type TestUser } from "../gateway-client.ts";
import { countedCall, errorOf, quotaProfiles, secondsToPeriodEnd, verifiedUser } from "./quota-helpers.ts";

afterEach(resetBreakers);

async function put(user: TestUser, settings: Record<string, unknown>): Promise<void> {
  const res = await call("/v1/settings", settings, { user, method: "PUT" });
  expect(res.status, await res.clone().text()).toBe(200);
}

describe("the user's own usage limit and switch", () => {
  for (const period of ["daily", "monthly"] as const) {
    it(`holds usageLimit per ${period} period, then 429 usage_limit_reached with Retry-After until it resets`, async () => {
      const user = verifiedUser();
      await put(user, { usageLimit: 2, usagePeriod: period });
      const served = await Promise.all(Array.from({ length: 5 }, () => chat({}, { user, env: quotaProfiles() })));
      expect(served.map((res) => res.status).sort()).toEqual([200, 200, 429, 429, 429]);
      await Promise.all(served.map((res) => res.text()));
      await settle();
      const limited = await chat({}, { user, env: quotaProfiles() });
      expect(limited.status).toBe(429);
      expect(await errorOf(limited)).toMatchObject({ type: "rate_limit_error", code: "usage_limit_reached" });
      expect(Math.abs(Number(limited.headers.get("retry-after")) - secondsToPeriodEnd(period))).toBeLessThanOrEqual(2);
    });
  }

  it("counts only served requests: failures are given back", async () => {
    const user = verifiedUser();
    await put(user, { usageLimit: 1, usagePeriod: "daily" });
    const failing = { ...quotaProfiles({ compat: `down~status=500~id=${crypto.randomUUID()}` }), CIRCUIT_BREAKER_THRESHOLD: "100" };
    expect((await chat({}, { user, env: failing })).status).toBe(502);
    await settle();
    expect((await chat({}, { user, env: quotaProfiles() })).status).toBe(200);
    await settle();
    expect((await chat({}, { user, env: quotaProfiles() })).status).toBe(429);
  });

  it("takes effect at once when raised or removed", async () => {
    const user = verifiedUser();
    await put(user, { usageLimit: 1 });
    expect((await chat({}, { user, env: quotaProfiles() })).status).toBe(200);
    await settle();
    expect((await chat({}, { user, env: quotaProfiles() })).status).toBe(429);
    await put(user, { usageLimit: 2 });
    expect((await chat({}, { user, env: quotaProfiles() })).status).toBe(200);
    await put(user, { usageLimit: null });
    expect((await chat({}, { user, env: quotaProfiles() })).status).toBe(200);
  });

  it("aiEnabled: false refuses with 403 ai_disabled_for_user, true serves again", async () => {
    const user = verifiedUser();
    await put(user, { aiEnabled: false });
    for (const path of ["/v1/chat/completions", "/v1/embeddings"]) {
      const body = path.endsWith("embeddings") ? { model: "openai/embed-model", input: "hi" } : { messages: [{ role: "user", content: "hi" }] };
      const res = await call(path, body, { user, env: quotaProfiles() });
      expect(res.status).toBe(403);
      expect(await errorOf(res)).toMatchObject({ type: "permission_error", code: "ai_disabled_for_user" });
    }
    await put(user, { aiEnabled: true });
    expect((await chat({}, { user, env: quotaProfiles() })).status).toBe(200);
  });

  it("AI_FEATURES_ENABLED=false answers 503 ai_disabled before the guard: no UserQuota call", async () => {
    const { res, all } = await countedCall("/v1/chat/completions", { messages: [{ role: "user", content: "hi" }] }, {
      user: verifiedUser(), env: { ...quotaProfiles(), AI_FEATURES_ENABLED: "false" },
    });
    expect(res.status).toBe(503);
    expect(await errorOf(res)).toMatchObject({ code: "ai_disabled" });
    expect(all).toEqual([]);
  });
});

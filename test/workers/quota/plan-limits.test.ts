import { afterEach, describe, expect, it } from "vitest";
import { putKey } from "../accounts/accounts-helpers.ts";
import { resetBreakers } from "../breaker-helpers.ts";
import { chat, settle } from "../gateway-client.ts";
import { errorOf, planLimits, quotaOf, quotaProfiles, secondsToPeriodEnd, verifiedUser } from "./quota-helpers.ts";

afterEach(resetBreakers);

describe("plan limits for verified users", () => {
  it("limits requests per minute with a sliding window: 429 rate_limited with Retry-After", async () => {
    const user = verifiedUser("free");
    const env = { ...quotaProfiles(), ...planLimits({ requestsPerMinute: 2 }) };
    const served = await Promise.all([chat({}, { user, env }), chat({}, { user, env })]);
    expect(served.map((res) => res.status)).toEqual([200, 200]);
    const limited = await chat({}, { user, env });
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await errorOf(limited)).toMatchObject({ type: "rate_limit_error", code: "rate_limited" });
  });

  it("counts requests the upstream failed toward the rate: they cost the platform a call", async () => {
    const user = verifiedUser("free");
    const env = { ...quotaProfiles({ compat: `down~status=500~id=${crypto.randomUUID()}` }), ...planLimits({ requestsPerMinute: 1 }), CIRCUIT_BREAKER_THRESHOLD: "100" };
    expect((await chat({}, { user, env })).status).toBe(502);
    await settle();
    expect((await chat({}, { user, env })).status).toBe(429);
  });

  it("uses the caller's plan: a premium user is not held to the free plan's rate", async () => {
    const [free, premium] = [verifiedUser("free"), verifiedUser("premium")];
    const env = { ...quotaProfiles(), ...planLimits({ requestsPerMinute: 1 }, { premium: { requestsPerMinute: 3 } }) };
    for (let i = 0; i < 3; i++) expect((await chat({}, { user: premium, env })).status).toBe(200);
    expect((await chat({}, { user: premium, env })).status).toBe(429);
    expect((await chat({}, { user: free, env })).status).toBe(200);
    expect((await chat({}, { user: free, env })).status).toBe(429);
  });

  it("stops at the plan's tokens per day, counted when each answer is settled, until midnight UTC", async () => {
    const user = verifiedUser("pro");
    // The fake answers "hello world" with 2 prompt + 3 completion tokens.
    const env = { ...quotaProfiles(), ...planLimits({ tokensPerDay: 12 }) };
    for (let i = 0; i < 3; i++) {
      const res = await chat({}, { user, env });
      expect(res.status).toBe(200);
      // Settled once the answer has gone out, i.e. once its body is read.
      await res.text();
      await settle();
    }
    const limited = await chat({}, { user, env });
    expect(limited.status).toBe(429);
    expect(await errorOf(limited)).toMatchObject({ code: "token_limit_reached" });
    expect(Math.abs(Number(limited.headers.get("retry-after")) - secondsToPeriodEnd("daily"))).toBeLessThanOrEqual(2);
  });

  it("lifts platform limits when the user's own key serves, and only then", async () => {
    const user = verifiedUser("free");
    const env = { ...quotaProfiles(), ...planLimits({ requestsPerMinute: 1 }) };
    expect((await putKey(user, "openai", `sk-own-${crypto.randomUUID()}`)).status).toBe(200);
    // compat is served by openai, where the user has a key: no rate limit.
    for (let i = 0; i < 3; i++) expect((await chat({}, { user, env })).status).toBe(200);
    // fast is served by google, with the platform's key: the plan's rate applies.
    expect((await chat({ model: "fast" }, { user, env })).status).toBe(200);
    expect((await chat({ model: "fast" }, { user, env })).status).toBe(429);
    expect((await quotaOf(user).state()).ownKeyProviders).toEqual(["openai"]);
  });

  it("keeps users apart: B at their limit does not slow A", async () => {
    const [a, b] = [verifiedUser("free"), verifiedUser("free")];
    const env = { ...quotaProfiles(), ...planLimits({ requestsPerMinute: 1 }) };
    expect((await chat({}, { user: b, env })).status).toBe(200);
    expect((await chat({}, { user: b, env })).status).toBe(429);
    expect((await chat({}, { user: a, env })).status).toBe(200);
  });
});

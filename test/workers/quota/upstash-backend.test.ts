import { env as bindings, runInDurableObject } from "cloudflare:test";
import { describe, expect, inject, it } from "vitest";
import type { UserQuota } from "../../../workers/gateway/src/durable/user-quota.ts";
import type {} from "../../redis/upstash-target.ts";
import { call, chat, settle } from "../gateway-client.ts";
import { errorOf, planLimits, quotaOf, quotaProfiles, verifiedUser } from "./quota-helpers.ts";

const target = inject("upstash");
const stack = "url" in target ? target : undefined;
const title = "url" in target
  ? `RATE_LIMIT_BACKEND=upstash through the gateway, against ${target.version}`
  : `SKIPPED (redis-server not installed; fails under CI): ${target.missing}`;

function upstashEnv(requestsPerMinute: number): Record<string, string> {
  return {
    ...quotaProfiles(), ...planLimits({ requestsPerMinute }),
    RATE_LIMIT_BACKEND: "upstash", UPSTASH_REDIS_REST_URL: stack!.url, UPSTASH_REDIS_REST_TOKEN: stack!.token,
  };
}

async function rowsOf(quota: DurableObjectStub<UserQuota>): Promise<{ rateEntries: number; leases: number }> {
  return runInDurableObject(quota, (_instance: UserQuota, state) => ({
    rateEntries: state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM request_times").one().n,
    leases: state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM leases").one().n,
  }));
}

describe.skipIf(!stack)(title, () => {
  it("limits requests per minute in Redis: 429 rate_limited with Retry-After; the object keeps no rate log", async () => {
    const user = verifiedUser("pro");
    const env = upstashEnv(2);
    for (let i = 0; i < 2; i++) {
      const res = await chat({}, { user, env });
      expect(res.status).toBe(200);
      await res.text();
    }
    const limited = await chat({}, { user, env });
    expect(limited.status).toBe(429);
    expect(await errorOf(limited)).toMatchObject({ type: "rate_limit_error", code: "rate_limited" });
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    await settle();
    // The refused request's permit was given back, and the permits left over once the caller went quiet; the object counted no rate itself.
    expect(await rowsOf(quotaOf(user))).toEqual({ rateEntries: 0, leases: 0 });
  });

  it("keeps the exact quotas in the object: the user's usage limit still holds", async () => {
    const user = verifiedUser("pro");
    const env = upstashEnv(100);
    const put = await call("/v1/settings", { usageLimit: 1 }, { user, method: "PUT" });
    expect(put.status).toBe(200);
    expect((await chat({}, { user, env })).status).toBe(200);
    expect(await errorOf(await chat({}, { user, env }))).toMatchObject({ code: "usage_limit_reached" });
  });

  it("fails open when Upstash does not answer: requests are served, the exact quotas still apply", async () => {
    const user = verifiedUser("pro");
    // A server that is not Upstash (a closed port works the same, but workerd logs its own noise for it).
    const notUpstash = `${(bindings as unknown as Record<string, string>).FAKE_OPENAI_URL}/not-upstash`;
    const env = { ...upstashEnv(1), UPSTASH_REDIS_REST_URL: notUpstash };
    for (let i = 0; i < 3; i++) expect((await chat({}, { user, env })).status).toBe(200);
  });
});

describe("rate limit and plan configuration", () => {
  it("names the variable or field that is wrong", async () => {
    const cases: [Record<string, string>, string][] = [
      [{ RATE_LIMIT_BACKEND: "redis" }, 'RATE_LIMIT_BACKEND must be "object" or "upstash"'],
      [{ RATE_LIMIT_BACKEND: "upstash" }, "UPSTASH_REDIS_REST_URL must be set"],
      [{ RATE_LIMIT_BACKEND: "upstash", UPSTASH_REDIS_REST_URL: "redis://x" }, "UPSTASH_REDIS_REST_URL must be an http(s) URL"],
      [{ RATE_LIMIT_BACKEND: "upstash", UPSTASH_REDIS_REST_URL: "https://x.upstash.io" }, "UPSTASH_REDIS_REST_TOKEN must be set"],
      [{ PLAN_LIMITS: "{" }, "PLAN_LIMITS is not valid JSON"],
      [{ PLAN_LIMITS: JSON.stringify({ free: { requestsPerMinute: 1, tokensPerDay: 1 } }) }, "PLAN_LIMITS: pro: must be an object"],
    ];
    for (const [env, message] of cases) {
      const res = await chat({}, { user: verifiedUser(), env });
      expect(res.status, message).toBe(500);
      expect((await errorOf(res)).message).toContain(message);
    }
  });
});

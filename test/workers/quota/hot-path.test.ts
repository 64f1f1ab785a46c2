import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { UserQuota } from "../../../workers/gateway/src/durable/user-quota.ts";
import { countedCall, countingNamespace, planLimits, quotaCountsOf, quotaOf, quotaProfiles, sampleUser, verifiedUser } from "./quota-helpers.ts";
import type { TestUser } from "../gateway-client.ts";

const hello = { messages: [{ role: "user", content: "hello world" }] };

const countsOf = quotaCountsOf;

describe("UserQuota calls per request", () => {
  it("a user's first request in an isolate asks for their state and a lease; how it ended goes after the response", async () => {
    const user = verifiedUser();
    for (const body of [hello, { ...hello, stream: true }]) {
      const { res, hotPath, all } = await countedCall("/v1/chat/completions", body, { user, env: quotaProfiles() });
      expect(res.status).toBe(200);
      expect(hotPath).toEqual(["state", "lease"]);
      expect(all).toEqual(["state", "lease", "lease"]);
    }
    const embedded = await countedCall("/v1/embeddings", { input: "hi", model: "openai/text-embedding-3-small" }, { user, env: quotaProfiles() });
    expect(embedded.res.status).toBe(200);
    expect(embedded.all).toEqual(["state", "lease", "lease"]);
    // Each was counted, and the permits the caller did not use went back once it went quiet.
    expect(await countsOf(user)).toEqual({ served: 3, inFlight: 0 });
  });

  it("while the isolate holds permits for the user, requests wait for no call to the object", async () => {
    const user = verifiedUser();
    const quota = countingNamespace();
    const env = quotaProfiles();
    // The first lease: one permit for this request, 4 ahead.
    const open = await countedCall("/v1/chat/completions", { ...hello, stream: true }, { user, env, quota, keepBodyOpen: true });
    expect(open.hotPath).toEqual(["state", "lease"]);
    const release = quota.hold();
    const served = [];
    for (const body of [hello, { ...hello, stream: true }, hello]) served.push(await countedCall("/v1/chat/completions", body, { user, env, quota, noWait: true }));
    served.push(await countedCall("/v1/embeddings", { input: "hi", model: "openai/text-embedding-3-small" }, { user, env, quota, noWait: true }));
    expect(served.map((call) => call.res.status)).toEqual([200, 200, 200, 200]);
    release();
    await Promise.all([open.finish(), ...served.map((call) => call.finish())]);
    expect(await countsOf(user)).toEqual({ served: 5, inFlight: 0 });
  });

  it("a burst of 32 parallel requests of one user: one state call, a few leases, reports batched", async () => {
    const user = verifiedUser();
    const quota = countingNamespace();
    const answers = await Promise.all(Array.from({ length: 32 }, () => countedCall("/v1/chat/completions", hello, { user, env: quotaProfiles(), quota })));
    expect(answers.map((answer) => answer.res.status)).toEqual(Array(32).fill(200));
    expect(quota.calls.filter((call) => call === "state")).toHaveLength(1);
    // A first lease for the first request and a few ahead, a second for the 27 or so left waiting, then the reports: never one per request.
    expect(quota.calls.filter((call) => call === "lease").length).toBeLessThanOrEqual(4);
    expect(await countsOf(user)).toEqual({ served: 32, inFlight: 0 });
  });

  it("a cache hit is admitted and counted like any served request", async () => {
    const user = verifiedUser();
    const env = { ...quotaProfiles(), CACHE_DEFAULT: "on" };
    const body = { messages: [{ role: "user", content: `cached ${crypto.randomUUID()}` }] };
    await countedCall("/v1/chat/completions", body, { user, env });
    const { res } = await countedCall("/v1/chat/completions", body, { user, env });
    expect(res.headers.get("x-chorus-cache")).toBe("hit");
    expect(await countsOf(user)).toEqual({ served: 2, inFlight: 0 });
  });

  it("a refused request makes at most its one lease call, and nothing after", async () => {
    const env = { ...quotaProfiles(), ...planLimits({ requestsPerMinute: 1 }) };
    const user = verifiedUser();
    const quota = countingNamespace();
    await countedCall("/v1/chat/completions", hello, { user, env, quota });
    const limited = await countedCall("/v1/chat/completions", hello, { user, env, quota });
    expect(limited.res.status).toBe(429);
    expect(limited.all).toEqual(["lease"]);
    const sample = sampleUser();
    for (let i = 0; i < 3; i++) await countedCall("/v1/chat/completions", hello, { user: sample, env, quota });
    const exhausted = await countedCall("/v1/chat/completions", hello, { user: sample, env, quota });
    expect(exhausted.res.status).toBe(403);
    expect(exhausted.all).toEqual(["lease"]);
  });

  it("a user who turned AI off in this isolate is refused with no call at all", async () => {
    const user = verifiedUser();
    const quota = countingNamespace();
    const put = await countedCall("/v1/settings", { aiEnabled: false }, { user, method: "PUT", quota });
    expect(put.res.status).toBe(200);
    const refused = await countedCall("/v1/chat/completions", hello, { user, env: quotaProfiles(), quota });
    expect(refused.res.status).toBe(403);
    expect(refused.all).toEqual([]);
  });

  it("endpoints that call no model ask nothing of the object", async () => {
    const { res, all } = await countedCall("/healthz", undefined, { user: verifiedUser() });
    expect(res.status).toBe(200);
    expect(all).toEqual([]);
  });
});

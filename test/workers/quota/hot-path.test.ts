import { describe, expect, it } from "vitest";
import { countedCall, planLimits, quotaProfiles, sampleUser, verifiedUser } from "./quota-helpers.ts";

const hello = { messages: [{ role: "user", content: "hello world" }] };

describe("UserQuota calls per request", () => {
  it("a request that hits no limit makes one call on its hot path (admit), and settles after the response", async () => {
    const user = verifiedUser();
    for (const body of [hello, { ...hello, stream: true }]) {
      const { res, hotPath, all } = await countedCall("/v1/chat/completions", body, { user, env: quotaProfiles() });
      expect(res.status).toBe(200);
      expect(hotPath).toEqual(["admit"]);
      expect(all).toEqual(["admit", "settle"]);
    }
    const embedded = await countedCall("/v1/embeddings", { input: "hi", model: "openai/text-embedding-3-small" }, { user, env: quotaProfiles() });
    expect(embedded.res.status).toBe(200);
    expect(embedded.all).toEqual(["admit", "settle"]);
  });

  it("a cache hit costs the same one call, and is settled as served", async () => {
    const user = verifiedUser();
    const env = { ...quotaProfiles(), CACHE_DEFAULT: "on" };
    const body = { messages: [{ role: "user", content: `cached ${crypto.randomUUID()}` }] };
    await countedCall("/v1/chat/completions", body, { user, env });
    const { res, hotPath, all } = await countedCall("/v1/chat/completions", body, { user, env });
    expect(res.headers.get("x-chorus-cache")).toBe("hit");
    expect(hotPath).toEqual(["admit"]);
    expect(all).toEqual(["admit", "settle"]);
  });

  it("a refused request makes its one call and nothing after", async () => {
    const env = { ...quotaProfiles(), ...planLimits({ requestsPerMinute: 1 }) };
    const user = verifiedUser();
    await countedCall("/v1/chat/completions", hello, { user, env });
    const limited = await countedCall("/v1/chat/completions", hello, { user, env });
    expect(limited.res.status).toBe(429);
    expect(limited.all).toEqual(["admit"]);
    const sample = sampleUser();
    for (let i = 0; i < 3; i++) await countedCall("/v1/chat/completions", hello, { user: sample, env });
    const exhausted = await countedCall("/v1/chat/completions", hello, { user: sample, env });
    expect(exhausted.res.status).toBe(403);
    expect(exhausted.all).toEqual(["admit"]);
  });

  it("endpoints that call no model ask nothing of the object", async () => {
    const { res, all } = await countedCall("/healthz", undefined, { user: verifiedUser() });
    expect(res.status).toBe(200);
    expect(all).toEqual([]);
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { resetBreakers } from "../breaker-helpers.ts";
import { chat, readSse, settle } from "../gateway-client.ts";
import { errorOf, quotaProfiles, sampleUser } from "./quota-helpers.ts";

// Some tests make the upstream fail on purpose: circuits they open must not close the next test's route.
afterEach(resetBreakers);

describe("sample tier: unverified users get 3 requests on the cheap profile", () => {
  it("holds exactly under a burst: 50 parallel requests, 3 served, 47 refused with 403 sample_exhausted", async () => {
    const user = sampleUser();
    const responses = await Promise.all(Array.from({ length: 50 }, () => chat({}, { user, env: quotaProfiles() })));
    const statuses = responses.map((res) => res.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(3);
    expect(statuses.filter((status) => status === 403)).toHaveLength(47);
    const refused = responses.find((res) => res.status === 403)!;
    expect(await errorOf(refused)).toMatchObject({ type: "permission_error", code: "sample_exhausted" });
    await Promise.all(responses.filter((res) => !res.bodyUsed).map((res) => res.text()));
    await settle();
    // Settled, not just reserved: a later request is refused too.
    expect((await chat({}, { user, env: quotaProfiles() })).status).toBe(403);
  });

  it("is served by the cheap profile whatever was asked: a profile, a provider/model, a mode pin", async () => {
    const user = sampleUser();
    const asks = [{ body: { model: "compat" } }, { body: { model: "openai/gpt-5.4" } }, { body: {}, headers: { "x-chorus-mode": "quick" } }];
    for (const ask of asks) {
      const res = await chat(ask.body, { user, env: quotaProfiles(), headers: ask.headers });
      expect(res.status).toBe(200);
      expect(res.headers.get("x-chorus-profile")).toBe("cheap");
      expect(res.headers.get("x-chorus-model")).toBe("cheap-model");
      await res.text();
    }
    await settle();
    expect((await chat({ model: "cheap" }, { user, env: quotaProfiles() })).status).toBe(403);
  });

  it("does not use up a sample when the upstream fails, nor on a request the gateway refuses", async () => {
    const user = sampleUser();
    const failing = { ...quotaProfiles({ cheap: `down~status=500~id=${crypto.randomUUID()}` }), CIRCUIT_BREAKER_THRESHOLD: "100" };
    for (let i = 0; i < 4; i++) expect((await chat({}, { user, env: failing })).status).toBe(502);
    expect((await chat({ messages: "not a list" }, { user, env: quotaProfiles() })).status).toBe(400);
    await settle();
    for (let i = 0; i < 3; i++) expect((await chat({}, { user, env: quotaProfiles() })).status).toBe(200);
    await settle();
    expect((await chat({}, { user, env: quotaProfiles() })).status).toBe(403);
  });

  it("counts a stream when it completes, and gives the slot back when it breaks off on the provider's side", async () => {
    const user = sampleUser();
    const cut = { ...quotaProfiles({ cheap: `cut~cutAfter=1~id=${crypto.randomUUID()}` }), CIRCUIT_BREAKER_THRESHOLD: "100" };
    const broken = await chat({ stream: true }, { user, env: cut });
    expect(broken.status).toBe(200);
    expect((await readSse(broken)).events.some((event) => "error" in event)).toBe(true);
    await settle();
    for (let i = 0; i < 3; i++) {
      const res = await chat({ stream: true }, { user, env: quotaProfiles() });
      expect((await readSse(res)).done).toBe(true);
    }
    await settle();
    expect((await chat({ stream: true }, { user, env: quotaProfiles() })).status).toBe(403);
  });

  it("counts a cache hit as a served request", async () => {
    const user = sampleUser();
    const cached = { ...quotaProfiles(), CACHE_DEFAULT: "on" };
    const body = { messages: [{ role: "user", content: `cache me ${crypto.randomUUID()}` }] };
    expect((await chat(body, { user, env: cached })).headers.get("x-chorus-cache")).toBe("miss");
    await settle();
    for (let i = 0; i < 2; i++) expect((await chat(body, { user, env: cached })).headers.get("x-chorus-cache")).toBe("hit");
    await settle();
    expect((await chat(body, { user, env: cached })).status).toBe(403);
  });

  it("counts an idempotent replay as a served request", async () => {
    const user = sampleUser();
    const headers = { "idempotency-key": crypto.randomUUID() };
    expect(await (await chat({}, { user, env: quotaProfiles(), headers })).text()).toContain("Echo");
    await settle();
    const replay = await chat({}, { user, env: quotaProfiles(), headers });
    expect(replay.headers.get("x-chorus-idempotent-replay")).toBe("true");
    await replay.text();
    expect((await chat({}, { user, env: quotaProfiles() })).status).toBe(200);
    await settle();
    expect((await chat({}, { user, env: quotaProfiles() })).status).toBe(403);
  });

  it("keeps each user's sample to themselves", async () => {
    const [a, b] = [sampleUser(), sampleUser()];
    for (let i = 0; i < 3; i++) expect((await chat({}, { user: b, env: quotaProfiles() })).status).toBe(200);
    await settle();
    expect((await chat({}, { user: b, env: quotaProfiles() })).status).toBe(403);
    expect((await chat({}, { user: a, env: quotaProfiles() })).status).toBe(200);
  });
});

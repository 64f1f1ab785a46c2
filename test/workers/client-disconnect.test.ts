import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { eventually, seenBy } from "./fake-upstream.ts";
import { tokenFor, type TestUser } from "./gateway-client.ts";
import { quotaCountsOf, verifiedUser } from "./quota/quota-helpers.ts";

/**
 * Through the Worker's own fetch handler (`SELF`), so the request's signal is
 * the one workerd aborts when the client disconnects, as on Cloudflare: it
 * does so only with the `enable_request_signal` compatibility flag (wrangler.toml).
 */
async function gateway(path: string, user: TestUser | "admin", init: RequestInit = {}): Promise<Response> {
  const token = user === "admin" ? (env as unknown as Record<string, string>).ADMIN_TOKEN : await tokenFor(user);
  const headers = { authorization: `Bearer ${token}`, ...(init.body ? { "content-type": "application/json" } : {}) };
  return SELF.fetch(`http://chorus.test${path}`, { ...init, headers });
}

function chat(user: TestUser, body: Record<string, unknown>, signal?: AbortSignal): Promise<Response> {
  const init: RequestInit = { method: "POST", body: JSON.stringify({ messages: [{ role: "user", content: "one two three four five six" }], ...body }) };
  if (signal) init.signal = signal;
  return gateway("/v1/chat/completions", user, init);
}

/** A user with a usage limit of one request, so a request billed to it shows as the next one refused. */
async function userWithOneRequest(): Promise<TestUser> {
  const user = verifiedUser();
  const res = await gateway("/v1/settings", user, { method: "PUT", body: JSON.stringify({ usageLimit: 1, usagePeriod: "daily" }) });
  expect(res.status, await res.text()).toBe(200);
  return user;
}

/** Permits the user's UserQuota object still counts in flight: admitted, not yet settled. */
async function inFlight(user: TestUser): Promise<number> {
  return (await quotaCountsOf(user)).inFlight;
}

type UsageDay = { requests: number; tokensIn: number; tokensOut: number; estimated: boolean };

async function usageOf(user: TestUser): Promise<{ days: UsageDay[]; adminRequests: number }> {
  const own = (await (await gateway("/v1/usage", user)).json()) as { days: UsageDay[] };
  const admin = (await (await gateway("/admin/usage", "admin")).json()) as { rows: { userId: string; requests: number }[] };
  const adminRequests = admin.rows.filter((row) => row.userId === user.sub).reduce((sum, row) => sum + row.requests, 0);
  return { days: own.days, adminRequests };
}

/** Whether the fake saw the gateway close its connection for this model's request. */
function upstreamClosed(model: string): Promise<boolean> {
  return eventually(async () => (await seenBy("openai", model)).some((request) => request.abortedByClient === true));
}

describe("a client that disconnects before the first byte", () => {
  for (const stream of [false, true]) {
    it(`${stream ? "streamed" : "JSON"}: the upstream call is aborted and nothing is billed`, async () => {
      const user = await userWithOneRequest();
      // The provider holds its answer: the client gives up while it has not answered.
      const model = `held~hang~id=${crypto.randomUUID()}`;
      const client = new AbortController();
      const answer = chat(user, { model: `openai/${model}`, stream }, client.signal).catch(() => undefined);
      expect(await eventually(async () => (await seenBy("openai", model)).length === 1)).toBe(true);
      client.abort();
      await answer;

      expect(await upstreamClosed(model)).toBe(true);
      // The slot it held is given back, not kept for the lease nor committed as served.
      expect(await eventually(async () => (await inFlight(user)) === 0)).toBe(true);
      const next = await chat(user, { model: `openai/ok~id=${crypto.randomUUID()}` });
      expect(next.status, await next.text()).toBe(200);

      // Only the served request shows in the usage, once its row has landed.
      expect(await eventually(async () => (await usageOf(user)).adminRequests > 0)).toBe(true);
      const usage = await usageOf(user);
      expect(usage.days.map((day) => day.requests)).toEqual([1]);
      expect(usage.adminRequests).toBe(1);
    });
  }
});

describe("a client that leaves a stream after its first chunk", () => {
  it("cancels the upstream call and is billed for what was sent", async () => {
    const user = await userWithOneRequest();
    const model = `slow~chunkMs=200~id=${crypto.randomUUID()}`;
    const res = await chat(user, { model: `openai/${model}`, stream: true });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    expect((await reader.read()).done).toBe(false);
    await reader.cancel();

    expect(await upstreamClosed(model)).toBe(true);
    expect(await eventually(async () => (await usageOf(user)).adminRequests > 0)).toBe(true);
    const usage = await usageOf(user);
    expect(usage.days).toEqual([expect.objectContaining({ requests: 1, estimated: true })]);
    expect(usage.days[0]!.tokensOut).toBeGreaterThan(0);
    expect(usage.adminRequests).toBe(1);
    // It counts toward the usage limit as served.
    expect(await eventually(async () => (await inFlight(user)) === 0)).toBe(true);
    const next = await chat(user, { model: `openai/ok~id=${crypto.randomUUID()}` });
    expect(next.status).toBe(429);
    expect(((await next.json()) as { error: { code: string } }).error.code).toBe("usage_limit_reached");
  });
});

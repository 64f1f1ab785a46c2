import { afterEach, describe, expect, it } from "vitest";
import { resetBreakers } from "../breaker-helpers.ts";
import { chat, profiles, settle } from "../gateway-client.ts";
import { asAdmin, newUser, today, usageOf } from "./accounts-helpers.ts";

// The first candidate fails on purpose: each test starts from fresh breakers.
afterEach(resetBreakers);

type AdminReport = {
  total: { requests: number; fallbackRequests: number };
  users: { userId: string; requests: number; fallbackRequests: number }[];
  providers: { provider: string; fallbackRequests: number }[];
};

describe("fallback use is metered", () => {
  it("counts a request served by the second candidate as a fallback, and one served by the first as none", async () => {
    const user = newUser("fallback-meter");
    const env = profiles({ fast: [`openai/gpt-x~status=503~id=${crypto.randomUUID()}`, "google/gemini-ok"] });
    const fellBack = await chat({ model: "fast" }, { user, env, headers: { "x-chorus-cache": "no-store" } });
    expect(fellBack.headers.get("x-chorus-fallback")).toBe("openai:503");
    const direct = await chat({ model: "google/gemini-ok" }, { user, headers: { "x-chorus-cache": "no-store" } });
    expect(direct.headers.get("x-chorus-fallback")).toBeNull();
    await settle();

    expect(await usageOf(user)).toEqual([expect.objectContaining({ date: today(), requests: 2, fallbackRequests: 1 })]);
    const report = (await (await asAdmin(`/admin/usage?from=${today()}&to=${today()}`)).json()) as AdminReport;
    expect(report.users.find((row) => row.userId === user.sub)).toMatchObject({ requests: 2, fallbackRequests: 1 });
    expect(report.total.fallbackRequests).toBeGreaterThanOrEqual(1);
    expect(report.providers.find((row) => row.provider === "google")!.fallbackRequests).toBeGreaterThanOrEqual(1);
  });

  it("puts fallback_requests in the CSV", async () => {
    const res = await asAdmin(`/admin/usage?from=${today()}&to=${today()}&format=csv`);
    expect((await res.text()).split("\r\n")[0]).toMatch(/,estimated,fallback_requests$/);
  });
});

import { describe, expect, it } from "vitest";
import { decideAdmission, SAMPLE_REQUESTS, type AdmissionInput } from "./decide-admission.ts";

const now = Date.UTC(2026, 7, 15, 18, 0, 0);
const limits = { requestsPerMinute: 2, tokensPerDay: 1_000 };
const open: AdmissionInput = { now, aiEnabled: true };

describe("decideAdmission", () => {
  it("admits when no limit applies", () => {
    expect(decideAdmission(open)).toEqual({ ok: true });
    expect(decideAdmission({ ...open, platform: { limits, tokensToday: 0, recent: [] } })).toEqual({ ok: true });
  });

  it("refuses a user who turned AI off before anything else", () => {
    const decision = decideAdmission({ ...open, aiEnabled: false, sampleUsed: SAMPLE_REQUESTS });
    expect(decision).toMatchObject({ ok: false, status: 403, code: "ai_disabled_for_user" });
  });

  it("serves the sample exactly SAMPLE_REQUESTS times, with no Retry-After after that", () => {
    expect(decideAdmission({ ...open, sampleUsed: SAMPLE_REQUESTS - 1 })).toEqual({ ok: true });
    const decision = decideAdmission({ ...open, sampleUsed: SAMPLE_REQUESTS });
    expect(decision).toMatchObject({ ok: false, status: 403, code: "sample_exhausted" });
    expect(decision).not.toHaveProperty("retryAfterSeconds");
  });

  it("holds the user's own limit until the UTC day or month ends", () => {
    expect(decideAdmission({ ...open, usage: { limit: 5, period: "daily", used: 4 } })).toEqual({ ok: true });
    expect(decideAdmission({ ...open, usage: { limit: 5, period: "daily", used: 5 } }))
      .toMatchObject({ ok: false, status: 429, code: "usage_limit_reached", retryAfterSeconds: 6 * 3600 });
    expect(decideAdmission({ ...open, usage: { limit: 5, period: "monthly", used: 5 } }))
      .toMatchObject({ retryAfterSeconds: (Date.UTC(2026, 8, 1) - now) / 1000 });
  });

  it("refuses when today's tokens are spent, until midnight UTC", () => {
    expect(decideAdmission({ ...open, platform: { limits, tokensToday: 1_000, recent: [] } }))
      .toMatchObject({ ok: false, status: 429, code: "token_limit_reached", retryAfterSeconds: 6 * 3600 });
  });

  it("limits the request rate with a sliding window, or leaves it to Upstash when no log is given", () => {
    const recent = [now - 50_000, now - 10_000].map((at) => ({ at, count: 1 }));
    expect(decideAdmission({ ...open, platform: { limits, tokensToday: 0, recent } }))
      .toMatchObject({ ok: false, status: 429, code: "rate_limited", retryAfterSeconds: 10 });
    expect(decideAdmission({ ...open, platform: { limits, tokensToday: 0 } })).toEqual({ ok: true });
  });

  it("reports the longest wait first, so a client that honours Retry-After does not come back into another limit", () => {
    const everything: AdmissionInput = {
      ...open, usage: { limit: 1, period: "monthly", used: 1 }, platform: { limits, tokensToday: 5_000, recent: [{ at: now - 2, count: 1 }, { at: now - 1, count: 1 }] },
    };
    expect(decideAdmission(everything)).toMatchObject({ code: "usage_limit_reached" });
    expect(decideAdmission({ ...everything, usage: undefined })).toMatchObject({ code: "token_limit_reached" });
  });
});

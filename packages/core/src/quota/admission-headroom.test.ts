import { describe, expect, it } from "vitest";
import { admissionHeadroom } from "./admission-headroom.ts";
import { decideAdmission, type AdmissionInput } from "./decide-admission.ts";

const now = Date.UTC(2026, 7, 15, 18, 0, 0);
const limits = { requestsPerMinute: 5, tokensPerDay: 1_000 };

describe("admissionHeadroom", () => {
  it("is unlimited when no limit counts requests", () => {
    expect(admissionHeadroom({ now, aiEnabled: true })).toBe(Number.POSITIVE_INFINITY);
    expect(admissionHeadroom({ now, aiEnabled: true, platform: { limits, tokensToday: 0 } })).toBe(Number.POSITIVE_INFINITY);
  });

  it("is the smallest room left by the sample, the usage limit and the rate window", () => {
    expect(admissionHeadroom({ now, aiEnabled: true, sampleUsed: 1 })).toBe(2);
    expect(admissionHeadroom({ now, aiEnabled: true, usage: { limit: 10, period: "daily", used: 7 } })).toBe(3);
    const recent = [{ at: now - 70_000, count: 4 }, { at: now - 30_000, count: 2 }];
    const input: AdmissionInput = { now, aiEnabled: true, usage: { limit: 10, period: "daily", used: 2 }, platform: { limits, tokensToday: 0, recent } };
    expect(admissionHeadroom(input)).toBe(3);
    expect(admissionHeadroom({ ...input, usage: { limit: 10, period: "daily", used: 12 } })).toBe(0);
  });

  it("agrees with decideAdmission: that many more in a row are admitted, and not one more", () => {
    let used = 0;
    const input = (): AdmissionInput => ({ now, aiEnabled: true, usage: { limit: 4, period: "monthly", used }, platform: { limits, tokensToday: 0, recent: [{ at: now - 1, count: used }] } });
    const room = admissionHeadroom(input());
    for (let i = 0; i < room; i++, used++) expect(decideAdmission(input())).toEqual({ ok: true });
    expect(decideAdmission(input()).ok).toBe(false);
    expect(admissionHeadroom(input())).toBe(0);
  });
});

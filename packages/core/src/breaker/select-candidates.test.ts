import { describe, expect, it } from "vitest";
import type { Candidate, RoutePlan } from "../route-types.ts";
import { selectCandidates, type CandidateView } from "./select-candidates.ts";

const openai: Candidate = { provider: "openai", model: "gpt" };
const anthropic: Candidate = { provider: "anthropic", model: "claude" };
const google: Candidate = { provider: "google", model: "gemini", degraded: true };
const plan = (...candidates: Candidate[]): RoutePlan => ({ profile: "fast", candidates, reason: "model=fast" });
const views = (byProvider: Partial<Record<Candidate["provider"], CandidateView>>) => (candidate: Candidate): CandidateView =>
  byProvider[candidate.provider] ?? { admission: "closed" };

describe("selectCandidates", () => {
  it("keeps a healthy plan as it is", () => {
    const selection = selectCandidates(plan(openai, anthropic, google), views({}), {});
    expect(selection.plan).toEqual(plan(openai, anthropic, google));
    expect(selection.probesDue).toEqual([]);
  });

  it("skips open circuits and key cooldowns, naming them in the reason, and says when to come back", () => {
    const selection = selectCandidates(plan(openai, anthropic, google), views({
      openai: { admission: "open", openUntil: 5_000 },
      anthropic: { admission: "open", label: "cooldown", openUntil: 3_000 },
    }), {});
    expect(selection.plan.candidates).toEqual([google]);
    expect(selection.plan.reason).toBe("model=fast; skip=openai:circuit_open,anthropic:cooldown");
    expect(selection.plan.skipped).toEqual([
      { provider: "openai", reason: "circuit_open", position: 0 },
      { provider: "anthropic", reason: "cooldown", position: 0 },
    ]);
    expect(selection.retryAt).toBe(3_000);
  });

  it("returns no candidate when every circuit is open", () => {
    const selection = selectCandidates(plan(openai), views({ openai: { admission: "open", openUntil: 1 } }), {});
    expect(selection.plan.candidates).toEqual([]);
    expect(selection.plan.skipped).toEqual([{ provider: "openai", reason: "circuit_open", position: 0 }]);
  });

  it("asks for a probe only where nothing usable comes before it", () => {
    const due: CandidateView = { admission: "probe_due" };
    const first = selectCandidates(plan(openai, anthropic), views({ openai: due }), {});
    expect(first.probesDue).toEqual([openai]);
    expect(first.plan.candidates).toEqual([anthropic]);
    const behind = selectCandidates(plan(anthropic, openai), views({ openai: due }), {});
    expect(behind.probesDue).toEqual([]);
    expect(behind.plan.skipped).toEqual([{ provider: "openai", reason: "circuit_half_open", position: 1 }]);
  });

  it("sends a granted probe first with one attempt, and only one candidate per probing provider", () => {
    const mini: Candidate = { provider: "openai", model: "mini" };
    const selection = selectCandidates(plan(openai, mini, anthropic), views({ openai: { admission: "probe" } }), {});
    expect(selection.plan.candidates).toEqual([{ ...openai, maxAttempts: 1 }, anthropic]);
    expect(selection.plan.skipped).toEqual([{ provider: "openai", reason: "circuit_half_open", position: 1 }]);
  });

  it("puts candidates meeting the latency target first, stable otherwise; unmeasured ones count as meeting it", () => {
    const selection = selectCandidates(plan(openai, anthropic, google), views({
      openai: { admission: "closed", p95Ms: 2_000 },
      anthropic: { admission: "closed", p95Ms: 900 },
    }), { latencyTargetMs: 1_000 });
    expect(selection.plan.candidates).toEqual([anthropic, google, openai]);
    expect(selection.plan.reason).toBe("model=fast; latency<=1000ms");
    const unchanged = selectCandidates(plan(anthropic, openai), views({ openai: { admission: "closed", p95Ms: 2_000 } }), { latencyTargetMs: 1_000 });
    expect(unchanged.plan.reason).toBe("model=fast");
  });

  it("skips a provider projected over its daily token budget", () => {
    const spent: CandidateView = { admission: "closed", tokensToday: 9_900, tokensPerRequest: 200 };
    const selection = selectCandidates(plan(openai, anthropic), views({ openai: spent }), { providers: { openai: { dailyTokenBudget: 10_000 } } });
    expect(selection.plan.candidates).toEqual([anthropic]);
    expect(selection.plan.reason).toBe("model=fast; skip=openai:budget");
    const within = selectCandidates(plan(openai), views({ openai: spent }), { providers: { openai: { dailyTokenBudget: 10_100 } } });
    expect(within.plan.candidates).toEqual([openai]);
  });

  it("says where each skipped candidate stood among those kept, and uses the view's label for a half-open skip", () => {
    const selection = selectCandidates(plan(openai, anthropic, google), views({
      openai: { admission: "open", label: "cooldown" },
      google: { admission: "probe_due", label: "cooldown" },
    }), {});
    expect(selection.plan.candidates).toEqual([anthropic]);
    expect(selection.plan.skipped).toEqual([
      { provider: "openai", reason: "cooldown", position: 0 },
      { provider: "google", reason: "cooldown", position: 1 },
    ]);
  });

  it("keeps the degraded flag of a candidate", () => {
    expect(selectCandidates(plan(google), views({}), {}).plan.candidates[0]).toEqual(google);
  });
});

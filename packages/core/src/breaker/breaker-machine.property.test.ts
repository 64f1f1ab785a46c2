import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { acquirePermit, type AcquireDecision } from "./acquire-permit.ts";
import { advanceBreaker } from "./advance-breaker.ts";
import { applyBreakerOutcome } from "./apply-breaker-outcome.ts";
import type { BreakerPolicy } from "./breaker-policy.ts";
import { CLOSED, type BreakerState, type CircuitState } from "./breaker-state.ts";
import { recordBreakerOutcome } from "./record-breaker-outcome.ts";
import { releasePermit } from "./release-permit.ts";

/**
 * The contract's breaker written as plainly as possible: every failure since
 * the circuit last closed kept in a log, the window applied when counting.
 */
class ReferenceBreaker {
  mode: CircuitState = "closed";
  log: number[] = [];
  since = 0;
  until = 0;
  holder: { id: string; expiresAt: number } | undefined;

  constructor(readonly policy: BreakerPolicy, readonly failedProbeCounts: boolean) {}

  stateAt(now: number): CircuitState {
    return this.mode === "open" && now >= this.until ? "half_open" : this.mode;
  }

  #tick(now: number): void {
    if (this.mode === "open" && now >= this.until) {
      this.mode = "half_open";
      this.holder = undefined;
    }
  }

  #open(since: number, until: number): void {
    this.mode = "open";
    this.since = since;
    this.until = until;
    this.log = [];
    this.holder = undefined;
  }

  #close(): void {
    this.mode = "closed";
    this.log = [];
    this.holder = undefined;
  }

  acquire(now: number, id: string): AcquireDecision {
    this.#tick(now);
    if (this.mode === "closed") return { allowed: true, state: "closed" };
    if (this.mode === "open") return { allowed: false, state: "open", openUntil: this.until };
    if (this.holder && now < this.holder.expiresAt) return { allowed: false, state: "half_open", openUntil: this.holder.expiresAt };
    this.holder = { id, expiresAt: now + this.policy.leaseMs };
    return { allowed: true, state: "half_open", permit: { ...this.holder } };
  }

  record(now: number, outcome: { failure: boolean; permit: string | undefined; cooldownMs: number; at: number; recovered: boolean }): void {
    this.#tick(now);
    const at = Math.min(outcome.at, now);
    // A Retry-After counts from when the provider sent it, and for no longer.
    const cooldownEnd = outcome.failure && outcome.cooldownMs > 0 ? at + outcome.cooldownMs : undefined;
    if (this.mode === "closed") {
      if (!outcome.failure) return;
      if (cooldownEnd !== undefined && cooldownEnd > now) return this.#open(at, cooldownEnd);
      return this.#count(now);
    }
    if (this.mode === "open") {
      if (outcome.recovered && !outcome.failure && at > this.since) this.#close();
      else if (cooldownEnd !== undefined && cooldownEnd > this.until) this.#open(at, cooldownEnd);
      return;
    }
    if (outcome.permit === undefined || outcome.permit !== this.holder?.id) return;
    if (!outcome.failure) this.#close();
    else if (cooldownEnd !== undefined) this.#open(at, cooldownEnd);
    else if (this.failedProbeCounts) {
      this.#close();
      this.#count(now);
    } else this.#open(now, now + this.policy.resetMs);
  }

  #count(now: number): void {
    this.log.push(now);
    const recent = this.log.filter((time) => now - time < this.policy.windowMs).length;
    if (recent >= this.policy.threshold) this.#open(now, now + this.policy.resetMs);
  }

  release(now: number, permit: string): void {
    this.#tick(now);
    if (this.mode === "half_open" && this.holder?.id === permit) this.holder = undefined;
  }
}

type Which = "latest" | "older" | "none";
type Op =
  | { op: "wait"; ms: number }
  | { op: "acquire" }
  | { op: "record"; failure: boolean; which: Which; cooldownMs: number; lagMs: number; recovered: boolean }
  | { op: "release"; which: Exclude<Which, "none"> };

const policyArb = fc.record({
  threshold: fc.integer({ min: 1, max: 4 }),
  windowMs: fc.integer({ min: 1, max: 2_000 }),
  resetMs: fc.integer({ min: 1, max: 2_000 }),
  leaseMs: fc.integer({ min: 1, max: 3_000 }),
});

// Weighted so runs often open the circuit, wait it out and then race several acquires against one lease.
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ op: fc.constant("wait" as const), ms: fc.oneof(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 2_500 })) }) },
  { weight: 4, arbitrary: fc.constant({ op: "acquire" as const }) },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant("record" as const),
      failure: fc.boolean(),
      which: fc.constantFrom<Which>("latest", "older", "none"),
      cooldownMs: fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 1, max: 3_000 })),
      // Reports arrive after the attempt ended, sometimes long after.
      lagMs: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 3_000 })),
      recovered: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("release" as const), which: fc.constantFrom<"latest" | "older">("latest", "older") }) },
);

describe("breaker state machine (property, against a reference model)", () => {
  it("matches the model on every decision and state; one live permit at most; open always rejects", () => {
    fc.assert(
      fc.property(policyArb, fc.boolean(), fc.array(opArb, { maxLength: 120 }), (policy, failedProbeCounts, ops) => {
        const model = new ReferenceBreaker(policy, failedProbeCounts);
        let state: BreakerState = CLOSED;
        let now = 0;
        const granted: { id: string; expiresAt: number }[] = [];
        const returned = new Set<string>();
        const pick = (which: Which): string | undefined =>
          which === "latest" ? granted.at(-1)?.id : which === "older" ? granted.at(-2)?.id ?? "never-granted" : undefined;

        for (const step of ops) {
          if (step.op === "wait") now += step.ms;
          else if (step.op === "acquire") {
            const modelState = model.stateAt(now);
            const id = `permit-${granted.length}`;
            const result = acquirePermit(state, { now, policy, permitId: id });
            state = result.next;
            expect(result.decision).toEqual(model.acquire(now, id));
            if (modelState === "open") expect(result.decision.allowed).toBe(false);
            if (result.decision.permit) granted.push(result.decision.permit);
          } else if (step.op === "record") {
            const permit = pick(step.which);
            const at = now - step.lagMs;
            state = recordBreakerOutcome(state, {
              now, policy, failure: step.failure, permit, cooldownMs: step.cooldownMs, at, recovered: step.recovered, failedProbeCounts,
            });
            model.record(now, { failure: step.failure, permit, cooldownMs: step.cooldownMs, at, recovered: step.recovered });
            if (permit) returned.add(permit);
          } else {
            const permit = pick(step.which)!;
            state = releasePermit(state, permit, now);
            model.release(now, permit);
            returned.add(permit);
          }
          const current = advanceBreaker(state, now);
          expect(current.state).toBe(model.stateAt(now));
          if (current.state === "open") expect(current).toEqual({ state: "open", openedAt: model.since, openUntil: model.until });
          const live = granted.filter((permit) => permit.expiresAt > now && !returned.has(permit.id));
          expect(live.length).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 1_000 },
    );
  });

  it("never lets more than one caller through while half-open, however many ask", () => {
    fc.assert(
      fc.property(policyArb, fc.integer({ min: 2, max: 50 }), (policy, callers) => {
        let state: BreakerState = { state: "open", openedAt: 0, openUntil: 0 };
        const allowed = Array.from({ length: callers }, (_, index) => {
          const result = acquirePermit(state, { now: policy.leaseMs - 1, policy, permitId: `p${index}` });
          state = result.next;
          return result.decision.allowed;
        });
        expect(allowed.filter(Boolean)).toHaveLength(1);
      }),
    );
  });

  it("keeps a key cooling down for what the provider asked and no longer; a later success there ends it", () => {
    type KeyOp = { op: "wait"; ms: number } | { op: "limited"; retryAfterMs: number; lagMs: number } | { op: "served"; lagMs: number };
    const keyOpArb: fc.Arbitrary<KeyOp> = fc.oneof(
      fc.record({ op: fc.constant("wait" as const), ms: fc.integer({ min: 0, max: 2_000 }) }),
      fc.record({ op: fc.constant("limited" as const), retryAfterMs: fc.integer({ min: 1, max: 3_000 }), lagMs: fc.integer({ min: 0, max: 1_500 }) }),
      fc.record({ op: fc.constant("served" as const), lagMs: fc.integer({ min: 0, max: 1_500 }) }),
    );
    // A threshold no run reaches: only Retry-After may open the key, as with CIRCUIT_BREAKER_THRESHOLD=1000.
    const policy = { threshold: 1_000, windowMs: 60_000, resetMs: 60_000 };
    fc.assert(
      fc.property(fc.array(keyOpArb, { maxLength: 60 }), (ops) => {
        let state: BreakerState = CLOSED;
        let now = 10_000;
        const asked: { at: number; until: number }[] = [];
        for (const step of ops) {
          if (step.op === "wait") now += step.ms;
          else {
            const at = now - step.lagMs;
            const outcome = step.op === "limited"
              ? { kind: "rate_limit" as const, status: 429, retryAfterMs: step.retryAfterMs, model: "m", latencyMs: 1, at }
              : { kind: "ok" as const, model: "m", latencyMs: 1, at };
            const before = advanceBreaker(state, now);
            state = applyBreakerOutcome(state, outcome, { scope: "key", policy, now });
            if (step.op === "limited") asked.push({ at, until: at + step.retryAfterMs });
            else if (before.state === "open" && at > before.openedAt) expect(state).toEqual({ state: "closed", failures: [] });
          }
          const current = advanceBreaker(state, now);
          if (current.state === "open") {
            // Open until exactly what one Retry-After asked, counted from when it came.
            expect(asked).toContainEqual({ at: current.openedAt, until: current.openUntil });
            expect(current.openUntil).toBeGreaterThan(now);
          }
        }
      }),
      { numRuns: 1_000 },
    );
  });
});

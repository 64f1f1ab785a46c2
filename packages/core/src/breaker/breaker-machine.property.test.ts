import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { acquirePermit, type AcquireDecision } from "./acquire-permit.ts";
import { advanceBreaker } from "./advance-breaker.ts";
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
  until = 0;
  holder: { id: string; expiresAt: number } | undefined;

  constructor(readonly policy: BreakerPolicy) {}

  stateAt(now: number): CircuitState {
    return this.mode === "open" && now >= this.until ? "half_open" : this.mode;
  }

  #tick(now: number): void {
    if (this.mode === "open" && now >= this.until) {
      this.mode = "half_open";
      this.holder = undefined;
    }
  }

  #open(now: number, ms: number): void {
    this.mode = "open";
    this.until = now + ms;
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

  record(now: number, failure: boolean, permit: string | undefined, cooldownMs: number): void {
    this.#tick(now);
    const cooldown = failure ? cooldownMs : 0;
    if (this.mode === "closed") {
      if (!failure) return;
      this.log.push(now);
      const recent = this.log.filter((at) => now - at < this.policy.windowMs).length;
      if (recent >= this.policy.threshold) this.#open(now, Math.max(this.policy.resetMs, cooldown));
      else if (cooldown > 0) this.#open(now, cooldown);
      return;
    }
    if (this.mode === "open") {
      if (cooldown > 0 && now + cooldown > this.until) this.#open(now, cooldown);
      return;
    }
    if (permit === undefined || permit !== this.holder?.id) return;
    if (failure) this.#open(now, Math.max(this.policy.resetMs, cooldown));
    else {
      this.mode = "closed";
      this.log = [];
      this.holder = undefined;
    }
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
  | { op: "record"; failure: boolean; which: Which; cooldownMs: number }
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
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("release" as const), which: fc.constantFrom<"latest" | "older">("latest", "older") }) },
);

describe("breaker state machine (property, against a reference model)", () => {
  it("matches the model on every decision and state; one live permit at most; open always rejects", () => {
    fc.assert(
      fc.property(policyArb, fc.array(opArb, { maxLength: 120 }), (policy, ops) => {
        const model = new ReferenceBreaker(policy);
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
            state = recordBreakerOutcome(state, { now, policy, failure: step.failure, permit, cooldownMs: step.cooldownMs });
            model.record(now, step.failure, permit, step.cooldownMs);
            if (permit) returned.add(permit);
          } else {
            const permit = pick(step.which)!;
            state = releasePermit(state, permit, now);
            model.release(now, permit);
            returned.add(permit);
          }
          expect(advanceBreaker(state, now).state).toBe(model.stateAt(now));
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
        let state: BreakerState = { state: "open", openUntil: 0 };
        const allowed = Array.from({ length: callers }, (_, index) => {
          const result = acquirePermit(state, { now: policy.leaseMs - 1, policy, permitId: `p${index}` });
          state = result.next;
          return result.decision.allowed;
        });
        expect(allowed.filter(Boolean)).toHaveLength(1);
      }),
    );
  });
});

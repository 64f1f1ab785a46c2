import { rankPenalized, type Candidate, type Clock, type ProviderId } from "@chorus/core";
import type { RequestScope } from "../request/request-scope.ts";
import { breakerMemo } from "./breaker-memo.ts";
import { providerBreakerName } from "./breaker-names.ts";
import { know } from "./route-health.ts";

/** What penalties need of a request. */
type PenaltyScope = Pick<RequestScope, "env" | "config" | "later" | "warn">;

/** A penalty in force, as `/admin/providers` lists it. */
export interface GuardrailPenalty {
  feature: string;
  until: string;
}

/**
 * Guardrail penalties (CONTRACT.md "Guardrails and structured output"),
 * shared by every isolate: a violation by provider P on feature F ranks P
 * last for F for `GUARDRAIL_PENALTY_MS`. They live in P's Breaker object
 * (`provider:<id>`, docs/storage.md) and are read from the isolate's breaker
 * memo, which loads and refreshes them with the circuit: a warm memo costs
 * the request no Durable Object call. A violation counts in this isolate at
 * once and reaches the object after the response. Penalty times come from
 * the injected clock.
 */
export class GuardrailPenalties {
  readonly #clock: Clock;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** `candidates` with the providers under a penalty for `feature` tried last; the first request of an isolate waits for their objects. */
  async rank<C extends Candidate>(c: PenaltyScope, feature: string, candidates: readonly C[]): Promise<readonly C[]> {
    const now = Date.now();
    await Promise.all([...new Set(candidates.map((candidate) => providerBreakerName(candidate.provider)))].map((name) => know(c, name, now)));
    const at = this.#clock.now();
    return rankPenalized(candidates, (provider) => (breakerMemo.penaltyUntil(providerBreakerName(provider), feature) ?? 0) > at);
  }

  /** Ranks `provider` last for `feature` for `penaltyMs`: here at once, everywhere once its object has it. */
  penalize(c: PenaltyScope, feature: string, provider: ProviderId, penaltyMs: number): void {
    const name = providerBreakerName(provider);
    const until = this.#clock.now() + penaltyMs;
    breakerMemo.learnPenalty(name, feature, until);
    const send = c.env.BREAKER.getByName(name).penalize(feature, until).then((snapshot) => breakerMemo.fromSnapshot(name, snapshot, Date.now()));
    c.later("guardrail penalty", send);
  }

  /** The penalties of a provider's snapshot still in force. */
  inForce(penalties: Record<string, number>): GuardrailPenalty[] {
    const now = this.#clock.now();
    return Object.entries(penalties).filter(([, until]) => until > now).map(([feature, until]) => ({ feature, until: new Date(until).toISOString() }));
  }
}

import type { Clock } from "../clock.ts";
import type { ProviderId } from "../chat-types.ts";
import type { Candidate } from "../route-types.ts";

export interface Penalty {
  feature: string;
  provider: ProviderId;
  /** Clock time the penalty ends. */
  until: number;
}

/**
 * Providers whose answers lately broke a feature's rails: for `penaltyMs`
 * after a violation, that feature's requests try them after the others.
 * Time from the injected clock.
 */
export class PenaltyBox {
  readonly #clock: Clock;
  readonly #until = new Map<string, Penalty>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  penalize(feature: string, provider: ProviderId, penaltyMs: number): void {
    this.#until.set(`${feature}\n${provider}`, { feature, provider, until: this.#clock.now() + penaltyMs });
  }

  isPenalized(feature: string, provider: ProviderId): boolean {
    const penalty = this.#until.get(`${feature}\n${provider}`);
    if (!penalty) return false;
    if (penalty.until > this.#clock.now()) return true;
    this.#until.delete(`${feature}\n${provider}`);
    return false;
  }

  /** `candidates` with the penalized ones moved behind the others, each group in its order; the same array when none is. */
  rank<C extends Candidate>(feature: string, candidates: readonly C[]): readonly C[] {
    const penalized = candidates.filter((candidate) => this.isPenalized(feature, candidate.provider));
    if (penalized.length === 0) return candidates;
    return [...candidates.filter((candidate) => !penalized.includes(candidate)), ...penalized];
  }

  /** The penalties in force, for `/admin/providers`. */
  active(): Penalty[] {
    return [...this.#until.values()].filter((penalty) => this.isPenalized(penalty.feature, penalty.provider));
  }
}

import type { Candidate, CandidateView } from "@chorus/core";
import type { MemoEntry } from "./breaker-memo.ts";

/** The two breakers a candidate answers to, by object name. */
export interface CandidateBreakers {
  provider: string;
  key: string;
}

type Admission = CandidateView["admission"];
type Verdict = { admission: Admission; label?: string; openUntil?: number };

/** Worst first: one open breaker skips the candidate; one due for a probe needs a permit. */
const RANK: Readonly<Record<Admission, number>> = { open: 3, probe_due: 2, probe: 1, closed: 0 };

/** Whether a breaker, as last heard, waits for a half-open probe: not closed, and its open period (or a probe's lease) is over. */
export function isProbeDue(entry: MemoEntry | undefined, now: number): boolean {
  return entry !== undefined && entry.state !== "closed" && !(entry.openUntil !== undefined && now < entry.openUntil);
}

/** Why a candidate skipped for a breaker was skipped: the provider's circuit, or the key's cooldown whatever its state. */
function labelFor(scope: "provider" | "key", state: MemoEntry["state"] | undefined): string {
  if (scope === "key") return "cooldown";
  return state === "open" ? "circuit_open" : "circuit_half_open";
}

/** One breaker's say, from what the memo holds and whether this request holds its probe permit. */
function verdict(entry: MemoEntry | undefined, holdsPermit: boolean, now: number, scope: "provider" | "key"): Verdict {
  if (!entry || entry.state === "closed") return { admission: holdsPermit ? "probe" : "closed" };
  // Due or held, a probe stands for a circuit not yet closed: if skipped after all (another probe of its provider goes first), it is half-open.
  if (holdsPermit) return { admission: "probe", label: labelFor(scope, "half_open") };
  if (isProbeDue(entry, now)) return { admission: "probe_due", label: labelFor(scope, "half_open") };
  return { admission: "open", label: labelFor(scope, entry.state), openUntil: entry.openUntil };
}

export interface CandidateViewInput {
  candidate: Candidate;
  breakers: CandidateBreakers;
  entry: (name: string) => MemoEntry | undefined;
  /** Breaker names whose probe permit this request holds. */
  permits: ReadonlyMap<string, string>;
  now: number;
}

/**
 * What selection should believe of a candidate: the worse of its provider's
 * circuit and its key's cooldown, the model's p95 (else the provider's) and
 * the provider's tokens today. A breaker still unknown (it could not be
 * reached) counts as closed: an unreachable Breaker must not take every
 * provider down with it.
 */
export function candidateView(input: CandidateViewInput): CandidateView {
  const { breakers, candidate, entry, permits, now } = input;
  const provider = entry(breakers.provider);
  const verdicts = [
    verdict(provider, permits.has(breakers.provider), now, "provider"),
    verdict(entry(breakers.key), permits.has(breakers.key), now, "key"),
  ];
  const worst = verdicts.reduce((a, b) => (RANK[b.admission] > RANK[a.admission] ? b : a));
  const view: CandidateView = { admission: worst.admission };
  if (worst.label !== undefined) view.label = worst.label;
  if (worst.openUntil !== undefined) view.openUntil = worst.openUntil;
  const p95 = provider?.modelP95[candidate.model] ?? provider?.p95Ms;
  if (p95 !== undefined) view.p95Ms = p95;
  if (provider) view.tokensToday = provider.tokensToday;
  if (provider?.tokensPerRequest !== undefined) view.tokensPerRequest = provider.tokensPerRequest;
  return view;
}

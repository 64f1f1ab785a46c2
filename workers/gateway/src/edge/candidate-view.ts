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

/** One breaker's say, from what the memo holds and whether this request holds its probe permit. */
function verdict(entry: MemoEntry | undefined, holdsPermit: boolean, now: number, openLabel: string): Verdict {
  if (holdsPermit) return { admission: "probe" };
  if (isProbeDue(entry, now)) return { admission: "probe_due" };
  if (!entry || entry.state === "closed") return { admission: "closed" };
  return { admission: "open", label: entry.state === "half_open" ? "half_open" : openLabel, openUntil: entry.openUntil };
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
    verdict(provider, permits.has(breakers.provider), now, "open"),
    verdict(entry(breakers.key), permits.has(breakers.key), now, "cooldown"),
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

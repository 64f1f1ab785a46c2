import { GatewayError } from "./gateway-error.ts";
import { RouteFailure } from "./route-failure.ts";
import type { AttemptFn, AttemptRecord, Candidate, FallbackRecord, RouteRequestOptions, RouteResult } from "./route-types.ts";
import { tryCandidate } from "./try-candidate.ts";
import { UpstreamError } from "./upstream-error.ts";

interface Refusal<T> {
  value: T;
  candidate: Candidate;
  record: FallbackRecord;
}

/**
 * Serves one request from the first candidate that answers, for chat,
 * streams and embeddings alike (a stream's attempt ends at its first token,
 * via `startStream`). Retries and fallbacks per CONTRACT.md, all under one
 * deadline. A refusal moves on; if nothing better comes, the last refusal is
 * returned as the provider gave it.
 *
 * Throws `GatewayError` 503 `no_candidate_available` for an empty list,
 * `RouteFailure` when every candidate failed or one failed because of the
 * request (`bad_request`, no fallback), and the client's abort reason once
 * the client is gone.
 */
export async function routeRequest<T>(
  candidates: readonly Candidate[],
  attempt: AttemptFn<T>,
  options: RouteRequestOptions<T>,
): Promise<RouteResult<T>> {
  const [first] = candidates;
  if (!first) throw new GatewayError({ status: 503, code: "no_candidate_available", message: "No candidate is available to serve this request." });
  const { clock, signal } = options;
  const deadlineAt = clock.now() + options.timeouts.deadlineMs;
  const attempts: AttemptRecord[] = [];
  const fallbacks: FallbackRecord[] = [];
  const refusals: Refusal<T>[] = [];
  let kept: Refusal<T> | undefined;
  let last: UpstreamError | undefined;
  try {
    for (const candidate of candidates) {
      if (signal.aborted) throw signal.reason;
      if (clock.now() >= deadlineAt) break;
      const outcome = await tryCandidate({ candidate, attempt, options, deadlineAt, attempts });
      if (outcome.kind === "served") return { value: outcome.value, candidate, attempts, fallbacks };
      if (outcome.kind === "refused") {
        const record: FallbackRecord = { provider: candidate.provider, reason: "content_filter" };
        fallbacks.push(record);
        refusals.push({ value: outcome.value, candidate, record });
        continue;
      }
      last = outcome.error;
      if (!last.fallsBack) throw new RouteFailure({ attempts, fallbacks, last });
      fallbacks.push({ provider: candidate.provider, reason: last.reason });
    }
    kept = refusals.at(-1);
    if (kept) {
      const served = kept;
      return { value: served.value, candidate: served.candidate, attempts, fallbacks: fallbacks.filter((record) => record !== served.record) };
    }
    throw new RouteFailure({
      attempts, fallbacks,
      last: last ?? new UpstreamError({ provider: first.provider, kind: "timeout", message: "The request deadline ran out before any attempt." }),
    });
  } finally {
    for (const refusal of refusals) if (refusal !== kept) options.release?.(refusal.value);
  }
}

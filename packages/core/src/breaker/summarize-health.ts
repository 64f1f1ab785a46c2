import type { BreakerOutcome } from "./breaker-outcome.ts";
import { countsAsFailure } from "./counts-as-failure.ts";

/** One recorded outcome, as much of it as health needs. */
export type HealthSample = Pick<BreakerOutcome, "kind" | "latencyMs" | "ttftMs">;

export interface HealthStats {
  /** Samples seen (the window's, not all time). */
  requests: number;
  /** Share of samples that failed in no breaker's eyes; 1 with no samples. */
  successRate: number;
  /** Latency of successful answers; absent with none. */
  p50Ms?: number;
  p95Ms?: number;
  /** Time to first token of successful streams; absent with none. */
  ttftP50Ms?: number;
}

/** Nearest-rank percentile of ascending `sorted`. */
function percentile(sorted: readonly number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function ascending(values: number[]): number[] {
  return values.sort((a, b) => a - b);
}

/** Success rate and latency percentiles of a window of samples. */
export function summarizeHealth(samples: readonly HealthSample[]): HealthStats {
  const healthy = samples.filter((sample) => !countsAsFailure(sample, "provider") && !countsAsFailure(sample, "key"));
  const served = healthy.filter((sample) => sample.kind === "ok");
  const latencies = ascending(served.map((sample) => sample.latencyMs));
  const ttfts = ascending(served.flatMap((sample) => (sample.ttftMs === undefined ? [] : [sample.ttftMs])));
  const stats: HealthStats = { requests: samples.length, successRate: samples.length === 0 ? 1 : healthy.length / samples.length };
  const p50 = percentile(latencies, 50);
  const p95 = percentile(latencies, 95);
  const ttft = percentile(ttfts, 50);
  if (p50 !== undefined) stats.p50Ms = p50;
  if (p95 !== undefined) stats.p95Ms = p95;
  if (ttft !== undefined) stats.ttftP50Ms = ttft;
  return stats;
}

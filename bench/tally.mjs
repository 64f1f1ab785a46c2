// What one party scored in one measurement: the timings of the responses that
// counted, and the number (and first reason) of those that did not.
export class Tally {
  firstByteMs = [];
  lastByteMs = [];
  errors = 0;
  problem;
  /** CPU ms the party's server spent meanwhile, where measured (throughput). */
  cpuMs;

  record(result) {
    if (result.problem) {
      this.errors++;
      this.problem ??= result.problem;
      return;
    }
    this.firstByteMs.push(result.firstByteMs);
    this.lastByteMs.push(result.lastByteMs);
  }

  get ok() {
    return this.lastByteMs.length;
  }
}

/** Nearest-rank percentile (`p` in 0..100) of `values`; undefined when there are none. */
export function percentile(values, p) {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

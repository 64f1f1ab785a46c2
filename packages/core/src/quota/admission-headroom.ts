import { RATE_WINDOW_MS, SAMPLE_REQUESTS, type AdmissionInput } from "./decide-admission.ts";
import { admissionsInWindow } from "./sliding-window.ts";

/**
 * How many admissions in a row `decideAdmission` would allow at `now` from
 * these counts, by the limits that count requests (the sample's 3, the
 * user's usage limit, requests per minute): the most permits a lease may
 * hold without any limit being exceeded. `Infinity` when none applies.
 * Tokens per day is not a count of requests: it gates admission, it gives
 * no headroom.
 */
export function admissionHeadroom(input: AdmissionInput): number {
  let room = Number.POSITIVE_INFINITY;
  if (input.sampleUsed !== undefined) room = Math.min(room, SAMPLE_REQUESTS - input.sampleUsed);
  if (input.usage) room = Math.min(room, input.usage.limit - input.usage.used);
  const platform = input.platform;
  if (platform?.recent) room = Math.min(room, platform.limits.requestsPerMinute - admissionsInWindow(platform.recent, RATE_WINDOW_MS, input.now));
  return Math.max(0, room);
}

/** How often a user's own `usageLimit` resets (CONTRACT.md), at UTC boundaries. */
export type UsagePeriod = "daily" | "monthly";

export interface PeriodWindow {
  /** `YYYY-MM-DD` for a day, `YYYY-MM` for a month. */
  key: string;
  /** First millisecond of the period. */
  startsAt: number;
  /** First millisecond of the next period: when a limit on this one lifts. */
  endsAt: number;
}

/** The UTC day or month that contains `now`. */
export function periodAt(now: number, period: UsagePeriod): PeriodWindow {
  const at = new Date(now);
  const year = at.getUTCFullYear();
  const month = at.getUTCMonth();
  if (period === "daily") {
    const startsAt = Date.UTC(year, month, at.getUTCDate());
    return { key: at.toISOString().slice(0, 10), startsAt, endsAt: Date.UTC(year, month, at.getUTCDate() + 1) };
  }
  return { key: at.toISOString().slice(0, 7), startsAt: Date.UTC(year, month, 1), endsAt: Date.UTC(year, month + 1, 1) };
}

/** Whole seconds from `now` until `at`, at least 1: the value of a Retry-After header. */
export function secondsUntil(at: number, now: number): number {
  return Math.max(1, Math.ceil((at - now) / 1000));
}

/** An inclusive range of UTC days, `YYYY-MM-DD`. */
export interface DayRange {
  from: string;
  to: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The UTC day of an instant, as stored in `usage_daily.date`. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** Dates are compared as strings, so a malformed bound would silently select the wrong rows. */
export function checkDayRange(range: DayRange): void {
  for (const [name, value] of Object.entries(range)) {
    const parsed = new Date(`${value}T00:00:00Z`);
    if (!DAY.test(value) || Number.isNaN(parsed.getTime()) || utcDay(parsed) !== value) {
      throw new RangeError(`${name} must be a day as YYYY-MM-DD, got ${JSON.stringify(value)}`);
    }
  }
  if (range.from > range.to) throw new RangeError(`from (${range.from}) is after to (${range.to})`);
}

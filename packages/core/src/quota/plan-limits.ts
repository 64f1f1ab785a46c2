/** A plan's platform limits (`config/plans.json`, or `PLAN_LIMITS` holding the same JSON). */
export interface PlanLimits {
  /** Requests admitted in any 60 s (a sliding window). */
  requestsPerMinute: number;
  /** Tokens (in + out) of platform-served answers per UTC day. */
  tokensPerDay: number;
}

const FIELDS = ["requestsPerMinute", "tokensPerDay"] as const;

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "string" ? `"${value}"` : JSON.stringify(value) ?? typeof value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Checks a plans table: every plan in `plans` present, each with both limits
 * as whole numbers >= 1, no unknown plan or field (a typo would silently keep
 * a default). Throws an `Error` whose message starts with the offending path,
 * e.g. `pro.tokensPerDay: must be a whole number >= 1, got "lots"`.
 */
export function parsePlanLimits<P extends string>(json: unknown, plans: readonly P[]): Record<P, PlanLimits> {
  if (!isObject(json)) throw new Error(`plans: must be an object of ${plans.join(", ")}, got ${describe(json)}`);
  for (const key of Object.keys(json)) {
    if (!key.startsWith("$") && !(plans as readonly string[]).includes(key)) {
      throw new Error(`${key}: unknown plan (plans: ${plans.join(", ")})`);
    }
  }
  const table = {} as Record<P, PlanLimits>;
  for (const plan of plans) {
    const entry = json[plan];
    if (!isObject(entry)) throw new Error(`${plan}: must be an object with ${FIELDS.join(" and ")}, got ${describe(entry)}`);
    for (const key of Object.keys(entry)) {
      if (!key.startsWith("$") && !(FIELDS as readonly string[]).includes(key)) {
        throw new Error(`${plan}.${key}: unknown field (allowed: ${FIELDS.join(", ")})`);
      }
    }
    const limits = {} as PlanLimits;
    for (const field of FIELDS) {
      const value = entry[field];
      if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) {
        throw new Error(`${plan}.${field}: must be a whole number >= 1, got ${describe(value)}`);
      }
      limits[field] = value;
    }
    table[plan] = limits;
  }
  return table;
}

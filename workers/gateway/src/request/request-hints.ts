/** The `x-chorus-*` request headers (CONTRACT.md), read once: stages use these, never the raw request. */
export interface RequestHints {
  mode?: string;
  surface?: string;
  feature?: string;
  persona?: string;
  /** `x-chorus-cache`: `no-store` | `refresh`, checked by the cache policy. */
  cache?: string;
  /** `x-chorus-cache-ttl`, in seconds, checked by the cache policy. */
  cacheTtl?: string;
  idempotencyKey?: string;
}

const HEADERS = {
  mode: "x-chorus-mode",
  surface: "x-chorus-surface",
  feature: "x-chorus-feature",
  persona: "x-chorus-persona",
  cache: "x-chorus-cache",
  cacheTtl: "x-chorus-cache-ttl",
  idempotencyKey: "idempotency-key",
} as const satisfies Record<keyof RequestHints, string>;

export function readRequestHints(headers: Headers): RequestHints {
  const hints: RequestHints = {};
  for (const [field, name] of Object.entries(HEADERS) as [keyof RequestHints, string][]) {
    const value = headers.get(name);
    if (value !== null) hints[field] = value;
  }
  return hints;
}

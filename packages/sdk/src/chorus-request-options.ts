/** Per-request options; each one becomes a request header of CONTRACT.md. */
export interface ChorusRequestOptions {
  /** `x-chorus-mode`: the product mode, which may pin a profile. */
  mode?: string;
  /** `x-chorus-surface`: the screen or feature area, which may pin a profile. */
  surface?: string;
  /** `x-chorus-persona` */
  persona?: string;
  /** `x-chorus-feature`: the product feature, for usage reports. */
  feature?: string;
  /** `x-chorus-cache`: `no-store` skips the cache; `refresh` asks upstream and stores the fresh answer. */
  cache?: "no-store" | "refresh";
  /** `x-chorus-cache-ttl`: how long the answer may be cached. */
  cacheTtlSeconds?: number;
  /** `Idempotency-Key`: a retry with the same key gets the stored answer instead of a second model call. */
  idempotencyKey?: string;
  /** Aborts the request, or the stream while it is being read. */
  signal?: AbortSignal;
}

type HeaderOption = Exclude<keyof ChorusRequestOptions, "signal">;

/** Option -> header name, in one table so the names follow CONTRACT.md in one place. */
const HEADER_FOR: Record<HeaderOption, string> = {
  mode: "x-chorus-mode",
  surface: "x-chorus-surface",
  persona: "x-chorus-persona",
  feature: "x-chorus-feature",
  cache: "x-chorus-cache",
  cacheTtlSeconds: "x-chorus-cache-ttl",
  idempotencyKey: "Idempotency-Key",
};

export function chorusRequestHeaders(options: ChorusRequestOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const option of Object.keys(HEADER_FOR) as HeaderOption[]) {
    const value = options[option];
    if (value !== undefined) headers[HEADER_FOR[option]] = String(value);
  }
  return headers;
}

import type { ProviderId } from "./chat-types.ts";

/**
 * What went wrong upstream, in the one vocabulary the router reads. Every
 * adapter maps its SDK's errors to this; nothing else crosses into routing.
 */
export type UpstreamErrorKind =
  | "bad_request" // 400, 404, 413, 422: the caller's fault, returned without fallback
  | "auth" // 401, 403 on the key used
  | "rate_limit" // 429 that clears with time
  | "quota_exhausted" // 429 that will not clear by waiting (billing, hard quota)
  | "overloaded" // Anthropic 529 and friends
  | "server" // 5xx, 408, 409
  | "timeout" // no answer, no first token, or an idle stream, within its limit
  | "connection" // network failure before any answer
  | "content_filter" // the provider refused
  | "stream_cut"; // the stream ended or failed after it had started

export interface UpstreamErrorInit {
  provider: ProviderId;
  kind: UpstreamErrorKind;
  status?: number;
  message: string;
  retryAfterMs?: number;
  /** The provider's body, for logs only; never sent to the client. */
  raw?: unknown;
}

/** Kinds worth another try at the same candidate after a backoff. */
const RETRYABLE: ReadonlySet<UpstreamErrorKind> = new Set(["rate_limit", "overloaded", "server", "connection"]);
/** Kinds where the next candidate may succeed where this one failed. */
const FALLBACK: ReadonlySet<UpstreamErrorKind> = new Set([
  "auth", "rate_limit", "quota_exhausted", "overloaded", "server", "timeout", "connection", "content_filter", "stream_cut",
]);

export class UpstreamError extends Error {
  override readonly name = "UpstreamError";
  readonly provider: ProviderId;
  readonly kind: UpstreamErrorKind;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly raw: unknown;

  constructor(init: UpstreamErrorInit) {
    super(init.message);
    this.provider = init.provider;
    this.kind = init.kind;
    this.status = init.status;
    this.retryAfterMs = init.retryAfterMs;
    this.raw = init.raw;
  }

  get retryable(): boolean {
    return RETRYABLE.has(this.kind);
  }

  get fallsBack(): boolean {
    return FALLBACK.has(this.kind);
  }

  /** Short label for `x-chorus-fallback`: the status where there was one, else the kind. */
  get reason(): string {
    if (this.kind === "timeout" || this.kind === "connection" || this.kind === "content_filter" || this.kind === "stream_cut") return this.kind;
    return this.status ? String(this.status) : this.kind;
  }
}

/** The kind an HTTP status means, for adapters whose SDK gives a status and no more. */
export function kindForStatus(status: number): UpstreamErrorKind {
  if (status === 401 || status === 403) return "auth";
  if (status === 429) return "rate_limit";
  if (status === 529) return "overloaded";
  if (status === 408 || status === 409 || status >= 500) return "server";
  return "bad_request";
}

/** Parses a Retry-After header (seconds or HTTP date) or retry-after-ms into milliseconds. */
export function parseRetryAfter(headers: { get(name: string): string | null } | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get("retry-after-ms");
  if (ms && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const value = headers.get("retry-after");
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

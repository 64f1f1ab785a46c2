import { kindForStatus, UpstreamError, type UpstreamErrorKind } from "@chorus/core";
import { GoogleGenerativeAIError, GoogleGenerativeAIFetchError, type ErrorDetails } from "@google/generative-ai";

const RPC = "type.googleapis.com/google.rpc.";

/**
 * The message Google sent. The SDK folds it into its own message between the
 * URL it called and the details' JSON; the client sees neither.
 */
function googleMessage(error: GoogleGenerativeAIFetchError): string {
  const marker = `[${error.status} ${error.statusText}] `;
  const at = error.message.indexOf(marker);
  if (at < 0) return error.statusText || "error";
  const rest = error.message.slice(at + marker.length);
  const details = error.errorDetails ? ` ${JSON.stringify(error.errorDetails)}` : "";
  return (details && rest.endsWith(details) ? rest.slice(0, -details.length) : rest).trim() || error.statusText || "error";
}

const detailsOf = (details: ErrorDetails[], type: string) => details.filter((detail) => detail["@type"] === RPC + type);

/**
 * A 429 that waiting will not clear: a per-day (or zero) quota in the
 * QuotaFailure details. Without details, the message is all there is; Google's
 * per-minute 429s also mention billing, so the details win when present.
 */
export function isQuotaExhausted(details: ErrorDetails[], message: string): boolean {
  const violations = detailsOf(details, "QuotaFailure")
    .flatMap((detail) => (Array.isArray(detail.violations) ? (detail.violations as unknown[]) : []))
    .map((violation) => (typeof violation === "object" && violation !== null ? (violation as Record<string, unknown>) : {}));
  if (violations.length > 0) {
    return violations.some((violation) =>
      /per[\s_-]?day|daily/i.test(`${violation.quotaId ?? ""} ${violation.quotaMetric ?? ""}`) || violation.quotaValue === "0");
  }
  return /per[\s_-]?day|daily|billing/i.test(message);
}

/** `RetryInfo.retryDelay` (a protobuf Duration such as "30s" or "1.5s") in milliseconds. */
export function retryDelayMs(details: ErrorDetails[]): number | undefined {
  for (const detail of detailsOf(details, "RetryInfo")) {
    const match = typeof detail.retryDelay === "string" ? /^(\d+(?:\.\d+)?)s$/.exec(detail.retryDelay) : null;
    if (match) return Math.round(Number(match[1]) * 1000);
  }
  return undefined;
}

function fromStatus(error: GoogleGenerativeAIFetchError, status: number): UpstreamError {
  const details = error.errorDetails ?? [];
  const message = googleMessage(error);
  const kind: UpstreamErrorKind = status === 429 && isQuotaExhausted(details, message) ? "quota_exhausted" : kindForStatus(status);
  return new UpstreamError({
    provider: "google", kind, status,
    message: `google returned ${status}: ${message}`,
    retryAfterMs: kind === "rate_limit" || kind === "server" ? retryDelayMs(details) : undefined,
    raw: { status, statusText: error.statusText, details, message: error.message },
  });
}

/**
 * Any failure of a Gemini call as an `UpstreamError`. `started` says whether
 * chunks already reached the caller: a failure then is a cut stream, not a
 * failed attempt. The SDK rewraps network errors (fetch's TypeError) in a
 * plain `GoogleGenerativeAIError`, so that class with no status means the
 * connection failed.
 */
export function mapGeminiError(error: unknown, started: boolean): UpstreamError {
  if (error instanceof UpstreamError) return error;
  const raw = error instanceof Error ? error.message : String(error);
  if (started) return new UpstreamError({ provider: "google", kind: "stream_cut", message: "google stream failed after it had started", raw });
  if (error instanceof GoogleGenerativeAIFetchError && error.status !== undefined) return fromStatus(error, error.status);
  if (error instanceof TypeError || error instanceof GoogleGenerativeAIError) {
    return new UpstreamError({ provider: "google", kind: "connection", message: "google could not be reached", raw });
  }
  return new UpstreamError({ provider: "google", kind: "server", message: "google sent an answer that could not be read", raw });
}

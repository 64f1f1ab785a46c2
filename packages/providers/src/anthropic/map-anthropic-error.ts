import { APIConnectionError, APIConnectionTimeoutError, APIError } from "@anthropic-ai/sdk/core/error";
import { UpstreamError, kindForStatus, parseRetryAfter, type UpstreamErrorKind } from "@chorus/core";

/** Error `type`s of Anthropic's body, for errors that arrive without an HTTP status (an `error` event mid-stream). */
const KIND_BY_ERROR_TYPE: Readonly<Record<string, UpstreamErrorKind>> = {
  invalid_request_error: "bad_request",
  not_found_error: "bad_request",
  request_too_large: "bad_request",
  authentication_error: "auth",
  permission_error: "auth",
  billing_error: "quota_exhausted",
  rate_limit_error: "rate_limit",
  overloaded_error: "overloaded",
  api_error: "server",
  timeout_error: "server",
};

/** Wording Anthropic uses when waiting will not help: no credit left, or a hard spend limit. */
const QUOTA_MESSAGE = /credit balance is too low|quota|spend limit/i;

export interface ErrorContext {
  /** Whether a chunk already reached the caller: after that, any failure is a cut stream. */
  started?: boolean;
}

function isQuotaExhausted(error: APIError): boolean {
  if (error.type === "billing_error" || error.status === 402) return true;
  return (error.status === 400 || error.status === 429) && QUOTA_MESSAGE.test(error.apiMessage ?? "");
}

function fromApiError(error: APIError, started: boolean): UpstreamError {
  const detail = error.apiMessage ?? error.type ?? "no message";
  if (error.status === undefined) {
    const kind = started ? "stream_cut" : (KIND_BY_ERROR_TYPE[error.type ?? ""] ?? "server");
    return new UpstreamError({ provider: "anthropic", kind, message: `anthropic stream failed: ${detail}`, raw: error.error });
  }
  return new UpstreamError({
    provider: "anthropic",
    kind: isQuotaExhausted(error) ? "quota_exhausted" : kindForStatus(error.status),
    status: error.status,
    message: `anthropic returned ${error.status}: ${detail}`,
    retryAfterMs: parseRetryAfter(error.headers),
    raw: error.error,
  });
}

/**
 * Turns whatever the SDK (or the network under it) threw into the router's one
 * error type. Callers check their own abort signal first, so its reason wins.
 */
export function mapAnthropicError(error: unknown, context: ErrorContext = {}): UpstreamError {
  const started = context.started ?? false;
  if (error instanceof UpstreamError) return error;
  if (error instanceof APIConnectionTimeoutError) {
    return new UpstreamError({ provider: "anthropic", kind: "timeout", message: "anthropic timed out", raw: String(error) });
  }
  if (error instanceof APIConnectionError) {
    return new UpstreamError({ provider: "anthropic", kind: started ? "stream_cut" : "connection", message: "anthropic could not be reached", raw: String(error.cause ?? error) });
  }
  if (error instanceof APIError) return fromApiError(error, started);
  return new UpstreamError({
    provider: "anthropic",
    kind: started ? "stream_cut" : "connection",
    message: started ? "anthropic stream was cut" : "anthropic connection failed",
    raw: String(error),
  });
}

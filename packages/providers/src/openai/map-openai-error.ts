import { kindForStatus, parseRetryAfter, UpstreamError, type ProviderId } from "@chorus/core";
import { APIConnectionError, APIConnectionTimeoutError, APIError } from "openai";

/** Error codes meaning the account is out of credit: waiting will not clear them. */
const QUOTA_CODES: ReadonlySet<string> = new Set(["insufficient_quota"]);

/** Upstream text quoted in a client-facing message is cut to this length. */
const MAX_DETAIL_CHARS = 300;

export interface OpenAIErrorContext {
  provider: ProviderId;
  /** A stream has yielded a chunk: any failure now cuts an answer already under way. */
  afterFirstChunk: boolean;
}

/** The upstream's own message: OpenAI sends `{error: {message}}`, Ollama `{error: "..."}`. */
function upstreamDetail(error: APIError): string {
  const body = error.error;
  const detail =
    typeof body === "string" ? body
    : typeof body === "object" && body !== null && "message" in body && typeof body.message === "string" ? body.message
    // No JSON error object: the SDK's message is the status and the body text.
    : error.message.replace(/^\d{3} /, "");
  return detail.length > MAX_DETAIL_CHARS ? `${detail.slice(0, MAX_DETAIL_CHARS)}…` : detail;
}

function isQuota(error: APIError): boolean {
  return [error.code, error.type].some((value) => typeof value === "string" && QUOTA_CODES.has(value));
}

function fromStatus(error: APIError, status: number, provider: ProviderId): UpstreamError {
  const kind = status === 429 && isQuota(error) ? "quota_exhausted" : kindForStatus(status);
  // An auth message can quote part of the key ("Incorrect API key provided: sk-...").
  const message = kind === "auth" ? `${provider} rejected the API key (${status})` : `${provider} returned ${status}: ${upstreamDetail(error)}`;
  return new UpstreamError({ provider, kind, status, message, retryAfterMs: parseRetryAfter(error.headers), raw: error.error ?? error.message });
}

/**
 * The one place the SDK's errors become `UpstreamError`. The caller checks its
 * own abort signal first, so an abort never reaches this function as an error.
 */
export function mapOpenAIError(error: unknown, { provider, afterFirstChunk }: OpenAIErrorContext): UpstreamError {
  if (error instanceof UpstreamError) return error;
  const text = error instanceof Error ? error.message : String(error);
  if (afterFirstChunk) {
    const detail = error instanceof APIError ? upstreamDetail(error) : text;
    return new UpstreamError({ provider, kind: "stream_cut", message: `${provider} stream broke off: ${detail}`, raw: error });
  }
  if (error instanceof APIConnectionTimeoutError) {
    return new UpstreamError({ provider, kind: "timeout", message: `${provider} did not answer in time`, raw: text });
  }
  if (error instanceof APIConnectionError) {
    return new UpstreamError({ provider, kind: "connection", message: `${provider} could not be reached`, raw: error.cause ?? text });
  }
  if (error instanceof APIError && error.status !== undefined) return fromStatus(error, error.status, provider);
  if (error instanceof APIError) {
    // An error event inside a stream that had not yielded anything yet.
    return new UpstreamError({ provider, kind: "server", message: `${provider} reported an error: ${upstreamDetail(error)}`, raw: error.error });
  }
  return new UpstreamError({ provider, kind: "connection", message: `${provider} request failed`, raw: error });
}

import { errorTypeForStatus } from "./error-type-for-status.ts";
import { retryAfterSeconds } from "./retry-after-seconds.ts";

export interface ChorusErrorInit {
  message: string;
  /** The answer's HTTP status; absent when there is none to report (network failure, failure mid-stream). */
  status?: number;
  type: string;
  code: string;
  param?: string | null;
  requestId?: string;
  retryAfterSeconds?: number;
  cause?: unknown;
}

/**
 * Every failure the client reports, except the caller's own abort: that
 * rejects with the signal's reason, as `fetch` does, so existing
 * `error.name === "AbortError"` checks keep working.
 */
export class ChorusError extends Error {
  override readonly name = "ChorusError";
  /** HTTP status of the error answer; `undefined` for network failures and errors reported inside a stream. */
  readonly status: number | undefined;
  /** OpenAI's error type (`invalid_request_error`, `rate_limit_error`, `api_error`, ...). */
  readonly type: string;
  /** Chorus's own reason (`auth_required`, `sample_exhausted`, `usage_limit_reached`, `network_error`, ...). */
  readonly code: string;
  readonly param: string | null;
  /** `x-chorus-request-id`, the id to quote when asking an operator about this request. */
  readonly requestId: string | undefined;
  /** From `Retry-After` (seconds or an HTTP date), when the gateway said how long to wait. */
  readonly retryAfterSeconds: number | undefined;

  constructor(init: ChorusErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.type = init.type;
    this.code = init.code;
    this.param = init.param ?? null;
    this.requestId = init.requestId;
    this.retryAfterSeconds = init.retryAfterSeconds;
  }

  /**
   * Whether the same request may succeed if sent again: rate limits, conflicts
   * with an in-flight idempotent request, server-side failures, and failures
   * with no status (the network, or the upstream failing mid-stream).
   */
  get isRetryable(): boolean {
    const status = this.status;
    return status === undefined || status === 408 || status === 409 || status === 429 || status >= 500;
  }
}

/** The `error` object of an OpenAI-shaped body, read loosely: proxies and upstreams leave fields out or null. */
interface ErrorFields {
  message?: string;
  type?: string;
  code?: string;
  param?: string | null;
}

function readErrorFields(body: unknown): ErrorFields | undefined {
  if (typeof body !== "object" || body === null || !("error" in body)) return undefined;
  const error: unknown = body.error;
  if (typeof error !== "object" || error === null) return undefined;
  const field = (name: string): string | undefined => {
    const value: unknown = (error as Record<string, unknown>)[name];
    return typeof value === "string" ? value : undefined;
  };
  return { message: field("message"), type: field("type"), code: field("code"), param: field("param") ?? null };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The error for a non-2xx answer, whatever its body. */
export async function chorusErrorFromResponse(response: Response): Promise<ChorusError> {
  // A body that cannot be read still leaves the status and headers to report.
  const text = await response.text().catch(() => "");
  const fields = readErrorFields(parseJson(text));
  return new ChorusError({
    status: response.status,
    message: fields?.message ?? `Chorus answered ${response.status}${response.statusText ? ` ${response.statusText}` : ""}`,
    type: fields?.type ?? errorTypeForStatus(response.status),
    code: fields?.code ?? `http_${response.status}`,
    param: fields?.param ?? null,
    requestId: response.headers.get("x-chorus-request-id") ?? undefined,
    retryAfterSeconds: retryAfterSeconds(response.headers),
  });
}

/**
 * The error a stream reports after its first byte (`data: {"error":{...}}`),
 * or `undefined` when the event is not one. The status line said 200 by then,
 * so the error carries no status.
 */
export function chorusErrorFromStreamEvent(event: unknown, requestId: string | undefined): ChorusError | undefined {
  const fields = readErrorFields(event);
  if (!fields) return undefined;
  return new ChorusError({
    message: fields.message ?? "The Chorus stream failed after it started",
    type: fields.type ?? "api_error",
    code: fields.code ?? "stream_error",
    param: fields.param,
    requestId,
  });
}

/**
 * A request that got no answer. In a browser this is also how a CORS refusal
 * looks (`TypeError: Failed to fetch`), so the message names that cause too.
 */
export function chorusNetworkError(target: string, cause: unknown): ChorusError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new ChorusError({
    message: `Could not reach Chorus at ${target} (network failure, CORS refusal or gateway down): ${reason}`,
    type: "api_error",
    code: "network_error",
    cause,
  });
}

import { APIConnectionError, APIConnectionTimeoutError, APIError } from "@anthropic-ai/sdk";
import { describe, expect, it } from "vitest";
import { mapAnthropicError } from "./map-anthropic-error.ts";

const body = (type: string, message: string) => ({ type: "error", error: { type, message } });
const httpError = (status: number, type: string, message: string) =>
  APIError.generate(status, body(type, message), undefined, new Headers({ "retry-after-ms": "1500" }));
/** What the SDK throws for an `error` event in a stream: no status, the type from the body. */
const streamError = (type: string) => new APIError(undefined, body(type, "boom"), undefined, new Headers());

describe("mapAnthropicError", () => {
  it("maps the SDK's timeout to timeout and other connection failures to connection", () => {
    expect(mapAnthropicError(new APIConnectionTimeoutError()).kind).toBe("timeout");
    expect(mapAnthropicError(new APIConnectionError({ message: "refused" })).kind).toBe("connection");
  });

  it("maps statuses, keeping Retry-After and a safe message", () => {
    const error = mapAnthropicError(httpError(529, "overloaded_error", "Overloaded"));
    expect(error).toMatchObject({ kind: "overloaded", status: 529, retryAfterMs: 1500, message: "anthropic returned 529: Overloaded" });
    expect(mapAnthropicError(httpError(500, "api_error", "Internal")).kind).toBe("server");
    expect(mapAnthropicError(httpError(404, "not_found_error", "model: nope")).kind).toBe("bad_request");
  });

  it("reads an exhausted balance or a billing error as quota_exhausted", () => {
    expect(mapAnthropicError(httpError(400, "invalid_request_error", "Your credit balance is too low to access the Anthropic API.")).kind).toBe("quota_exhausted");
    expect(mapAnthropicError(httpError(429, "rate_limit_error", "Monthly quota exhausted")).kind).toBe("quota_exhausted");
    expect(mapAnthropicError(httpError(402, "billing_error", "Payment required")).kind).toBe("quota_exhausted");
    expect(mapAnthropicError(httpError(429, "rate_limit_error", "Slow down")).kind).toBe("rate_limit");
  });

  it("maps a stream's error event by its type before any chunk, as stream_cut after", () => {
    expect(mapAnthropicError(streamError("overloaded_error")).kind).toBe("overloaded");
    expect(mapAnthropicError(streamError("rate_limit_error")).kind).toBe("rate_limit");
    expect(mapAnthropicError(streamError("overloaded_error"), { started: true }).kind).toBe("stream_cut");
  });

  it("maps anything else to connection before the first chunk and stream_cut after", () => {
    expect(mapAnthropicError(new TypeError("terminated")).kind).toBe("connection");
    expect(mapAnthropicError(new TypeError("terminated"), { started: true }).kind).toBe("stream_cut");
  });
});

import { UpstreamError } from "@chorus/core";
import { APIConnectionError, APIConnectionTimeoutError, APIError } from "openai";
import { describe, expect, it } from "vitest";
import { mapOpenAIError } from "./map-openai-error.ts";

const beforeChunks = { provider: "local", afterFirstChunk: false } as const;

describe("mapOpenAIError", () => {
  it("maps the SDK's own timeout to timeout, not to connection", () => {
    const error = mapOpenAIError(new APIConnectionTimeoutError(), beforeChunks);
    expect(error.kind).toBe("timeout");
    expect(error.fallsBack).toBe(true);
  });

  it("maps a network failure to a retryable connection error", () => {
    const error = mapOpenAIError(new APIConnectionError({ cause: new TypeError("fetch failed") }), beforeChunks);
    expect(error).toMatchObject({ kind: "connection", provider: "local" });
    expect(error.retryable).toBe(true);
  });

  it("quotes the error string of servers that send `{error: \"...\"}` (Ollama)", () => {
    const error = mapOpenAIError(APIError.generate(404, { error: 'model "llama9" not found' }, undefined, new Headers()), beforeChunks);
    expect(error).toMatchObject({ kind: "bad_request", status: 404, message: 'local returned 404: model "llama9" not found' });
  });

  it("quotes a plain-text error body", () => {
    const error = mapOpenAIError(APIError.generate(502, undefined, "upstream connect error", new Headers()), beforeChunks);
    expect(error).toMatchObject({ kind: "server", status: 502, message: "local returned 502: upstream connect error" });
  });

  it("cuts a long upstream message short", () => {
    const error = mapOpenAIError(APIError.generate(400, { error: { message: "x".repeat(5000) } }, undefined, new Headers()), beforeChunks);
    expect(error.message.length).toBeLessThan(400);
  });

  it("reads retry-after-ms as well as retry-after", () => {
    const headers = new Headers({ "retry-after-ms": "250" });
    expect(mapOpenAIError(APIError.generate(429, { error: { message: "slow down" } }, undefined, headers), beforeChunks).retryAfterMs).toBe(250);
  });

  it("treats a quota code in `type` as exhausted too", () => {
    const body = { error: { message: "out of credit", type: "insufficient_quota", code: null } };
    expect(mapOpenAIError(APIError.generate(429, body, undefined, new Headers()), beforeChunks).kind).toBe("quota_exhausted");
  });

  it("maps an error event inside a stream to server before the first chunk and to stream_cut after it", () => {
    const event = new APIError(undefined, { message: "model crashed" }, undefined, new Headers());
    expect(mapOpenAIError(event, beforeChunks)).toMatchObject({ kind: "server", message: "local reported an error: model crashed" });
    expect(mapOpenAIError(event, { provider: "local", afterFirstChunk: true })).toMatchObject({ kind: "stream_cut", message: "local stream broke off: model crashed" });
  });

  it("passes an UpstreamError through unchanged", () => {
    const original = new UpstreamError({ provider: "openai", kind: "content_filter", message: "refused" });
    expect(mapOpenAIError(original, beforeChunks)).toBe(original);
  });
});

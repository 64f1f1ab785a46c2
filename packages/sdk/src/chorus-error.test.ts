import { describe, expect, it } from "vitest";
import { ChorusError, chorusErrorFromResponse, chorusErrorFromStreamEvent } from "./chorus-error.ts";

const errorWith = (status: number | undefined) => new ChorusError({ status, type: "api_error", code: "x", message: "x" });

describe("ChorusError", () => {
  it("is retryable for rate limits, in-flight conflicts, server failures and failures without a status", () => {
    const retryable = [408, 409, 429, 500, 502, 503, 504, undefined].map((status) => errorWith(status).isRetryable);
    const final = [400, 401, 403, 404, 413, 422].map((status) => errorWith(status).isRetryable);

    expect(retryable.every(Boolean)).toBe(true);
    expect(final.some(Boolean)).toBe(false);
  });

  it("reads Retry-After loosely: fractional seconds, a past date, garbage", async () => {
    const retryAfter = async (value: string) =>
      (await chorusErrorFromResponse(new Response("{}", { status: 429, headers: { "retry-after": value } }))).retryAfterSeconds;

    expect(await retryAfter("1.5")).toBe(2); // rounded up: waiting less than asked would be refused again
    expect(await retryAfter(new Date(Date.now() - 60_000).toUTCString())).toBe(0);
    expect(await retryAfter("soon")).toBeUndefined();
  });
});

describe("chorusErrorFromStreamEvent", () => {
  it("ignores a chunk and fills what an error event leaves out", () => {
    expect(chorusErrorFromStreamEvent({ object: "chat.completion.chunk", choices: [] }, "req_1")).toBeUndefined();
    expect(chorusErrorFromStreamEvent({ error: { message: "gone", code: null } }, "req_1")).toMatchObject({
      message: "gone",
      type: "api_error",
      code: "stream_error",
      param: null,
      requestId: "req_1",
      status: undefined,
    });
  });
});

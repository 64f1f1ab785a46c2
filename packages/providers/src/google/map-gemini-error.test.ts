import { GoogleGenerativeAIError, GoogleGenerativeAIFetchError, type ErrorDetails } from "@google/generative-ai";
import { describe, expect, it } from "vitest";
import { mapGeminiError } from "./map-gemini-error.ts";

const RPC = "type.googleapis.com/google.rpc.";

/** An HTTP error as the SDK builds it, message and all. */
function fetchError(status: number, statusText: string, message: string, details?: ErrorDetails[]) {
  const suffix = details ? ` ${JSON.stringify(details)}` : "";
  const url = "https://generativelanguage.googleapis.com/v1beta/models/m:generateContent";
  return new GoogleGenerativeAIFetchError(`Error fetching from ${url}: [${status} ${statusText}] ${message}${suffix}`, status, statusText, details);
}
const quota = (quotaId: string, quotaValue = "60") => ({ "@type": `${RPC}QuotaFailure`, violations: [{ quotaId, quotaValue }] });

describe("mapGeminiError", () => {
  it("keeps Google's message for the client, without the URL or the details", () => {
    const error = mapGeminiError(fetchError(503, "Service Unavailable", "The model is overloaded.", [{ "@type": `${RPC}Help` }]), false);
    expect(error).toMatchObject({ kind: "server", status: 503, message: "google returned 503: The model is overloaded." });
  });

  it("tells a per-minute 429 from an exhausted quota by the QuotaFailure details first", () => {
    const billing = "You exceeded your current quota, please check your plan and billing details.";
    const perMinute = [quota("GenerateRequestsPerMinutePerProjectPerModel"), { "@type": `${RPC}RetryInfo`, retryDelay: "1.5s" }];
    expect(mapGeminiError(fetchError(429, "Too Many Requests", billing, perMinute), false)).toMatchObject({ kind: "rate_limit", retryAfterMs: 1500 });
    expect(mapGeminiError(fetchError(429, "Too Many Requests", billing, [quota("GenerateRequestsPerDayPerProjectPerModel")]), false).kind).toBe("quota_exhausted");
    expect(mapGeminiError(fetchError(429, "Too Many Requests", billing, [quota("GenerateRequestsPerMinute", "0")]), false).kind).toBe("quota_exhausted");
    expect(mapGeminiError(fetchError(429, "Too Many Requests", billing), false).kind).toBe("quota_exhausted");
    expect(mapGeminiError(fetchError(429, "Too Many Requests", "Resource has been exhausted (e.g. check quota)."), false).kind).toBe("rate_limit");
  });

  it("maps network failures to connection, and any failure after chunks went out to stream_cut", () => {
    expect(mapGeminiError(new GoogleGenerativeAIError("Error fetching from http://x: fetch failed"), false).kind).toBe("connection");
    expect(mapGeminiError(new TypeError("fetch failed"), false).kind).toBe("connection");
    expect(mapGeminiError(new GoogleGenerativeAIError("Error reading from the stream"), true).kind).toBe("stream_cut");
    expect(mapGeminiError(new SyntaxError("Unexpected token"), false).kind).toBe("server");
  });
});

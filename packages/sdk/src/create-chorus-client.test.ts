import { afterEach, describe, expect, it } from "vitest";
import {
  errorBody, sendJson, SERVED_AFTER_FALLBACK, startFakeGateway, type FakeGateway, type GatewayHandler,
} from "../test/start-fake-gateway.ts";
import { ChorusError } from "./chorus-error.ts";
import { createChorusClient, type ChorusClientOptions } from "./create-chorus-client.ts";

const COMPLETION = {
  id: "chatcmpl-1",
  object: "chat.completion",
  created: 1_700_000_000,
  model: "gemini-3-flash",
  choices: [{ index: 0, message: { role: "assistant", content: "Hello!" }, finish_reason: "stop", logprobs: null }],
  usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
};
const HI = { messages: [{ role: "user" as const, content: "hi" }] };

let gateway: FakeGateway | undefined;
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
});

async function clientFor(handler: GatewayHandler, options: Partial<ChorusClientOptions> = {}) {
  gateway = await startFakeGateway(handler);
  return createChorusClient({ baseURL: gateway.url, token: "ck_test", ...options });
}

const answerCompletion: GatewayHandler = (_request, res) => sendJson(res, 200, COMPLETION, SERVED_AFTER_FALLBACK);

describe("client.chat", () => {
  it("returns the completion and the meta read from the x-chorus-* headers", async () => {
    const client = await clientFor(answerCompletion);

    const { completion, meta } = await client.chat({ model: "fast", ...HI });

    expect(completion.choices[0]?.message.content).toBe("Hello!");
    expect(meta).toEqual({
      requestId: "req_123",
      provider: "google",
      model: "gemini-3-flash",
      profile: "fast",
      attempts: 3,
      fallback: [{ provider: "openai", reason: "503" }, { provider: "anthropic", reason: "timeout" }],
      cache: "miss",
      route: "surface pin trips",
      degraded: true,
    });
  });

  it("posts the request as JSON with stream: false and the bearer token", async () => {
    const client = await clientFor(answerCompletion);

    await client.chat(HI);

    const [request] = gateway!.requests;
    expect(request).toMatchObject({ method: "POST", path: "/v1/chat/completions", body: { ...HI, stream: false } });
    expect(request?.headers["content-type"]).toBe("application/json");
    expect(request?.headers.authorization).toBe("Bearer ck_test");
  });

  it("sends one header per option and none for options left out", async () => {
    const client = await clientFor(answerCompletion);

    await client.chat(HI, {
      mode: "coaching", surface: "trips", persona: "guide", feature: "itinerary",
      cache: "no-store", cacheTtlSeconds: 60, idempotencyKey: "key-1",
    });
    await client.chat(HI, { cache: "refresh" });

    const [all, one] = gateway!.requests;
    expect(all?.headers).toMatchObject({
      "x-chorus-mode": "coaching",
      "x-chorus-surface": "trips",
      "x-chorus-persona": "guide",
      "x-chorus-feature": "itinerary",
      "x-chorus-cache": "no-store",
      "x-chorus-cache-ttl": "60",
      "idempotency-key": "key-1",
    });
    expect(Object.keys(one?.headers ?? {}).filter((name) => name.startsWith("x-chorus-") || name === "idempotency-key")).toEqual(["x-chorus-cache"]);
  });

  it("calls getToken before every request, so a refreshed token is used", async () => {
    const tokens = ["jwt-1", "jwt-2"];
    let calls = 0;
    const client = await clientFor(answerCompletion, { token: undefined, getToken: async () => tokens[calls++] });

    await client.chat(HI);
    await client.chat(HI);

    expect(calls).toBe(2);
    expect(gateway!.requests.map((request) => request.headers.authorization)).toEqual(["Bearer jwt-1", "Bearer jwt-2"]);
  });

  it("sends no Authorization when getToken has none (signed out)", async () => {
    const client = await clientFor(answerCompletion, { token: undefined, getToken: () => null });

    await client.chat(HI);

    expect(gateway!.requests[0]?.headers.authorization).toBeUndefined();
  });

  it("adds the client's headers, with the token replacing an Authorization among them", async () => {
    const client = await clientFor(answerCompletion, { headers: { "X-App-Version": "1.2.3", Authorization: "Bearer stale" } });

    await client.chat(HI);

    expect(gateway!.requests[0]?.headers).toMatchObject({ "x-app-version": "1.2.3", authorization: "Bearer ck_test" });
  });

  it("accepts a baseURL ending in /v1/ as OpenAI-style clients write it", async () => {
    gateway = await startFakeGateway(answerCompletion);
    const client = createChorusClient({ baseURL: `${gateway.url}/v1/` });

    await client.chat(HI);

    expect(gateway.requests[0]?.path).toBe("/v1/chat/completions");
  });
});

describe("errors", () => {
  it("types a 429 with its code, status, request id and Retry-After", async () => {
    const client = await clientFor((_request, res) =>
      sendJson(res, 429, errorBody("usage_limit_reached", "rate_limit_error", "Daily limit reached"), {
        "retry-after": "7",
        "x-chorus-request-id": "req_429",
      }),
    );

    const failure = await client.chat(HI).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ChorusError);
    expect(failure).toMatchObject({
      name: "ChorusError",
      status: 429,
      type: "rate_limit_error",
      code: "usage_limit_reached",
      message: "Daily limit reached",
      param: null,
      requestId: "req_429",
      retryAfterSeconds: 7,
      isRetryable: true,
    });
  });

  it("keeps param and marks a request error as not retryable", async () => {
    const client = await clientFor((_request, res) =>
      sendJson(res, 400, errorBody("invalid_n", "invalid_request_error", "n must be 1", "n")),
    );

    await expect(client.chat(HI)).rejects.toMatchObject({ status: 400, code: "invalid_n", param: "n", isRetryable: false, retryAfterSeconds: undefined });
  });

  it("reads a Retry-After given as an HTTP date", async () => {
    const client = await clientFor((_request, res) =>
      sendJson(res, 503, errorBody("ai_disabled", "api_error", "AI is off"), { "retry-after": new Date(Date.now() + 30_000).toUTCString() }),
    );

    const failure = (await client.chat(HI).catch((error: unknown) => error)) as ChorusError;

    expect(failure.retryAfterSeconds).toBeGreaterThanOrEqual(28);
    expect(failure.retryAfterSeconds).toBeLessThanOrEqual(30);
  });

  it("types an error answer whose body is not OpenAI-shaped from its status", async () => {
    const client = await clientFor((_request, res) => {
      res.writeHead(502, "Bad Gateway", { "content-type": "text/html" }).end("<h1>502 Bad Gateway</h1>");
    });

    await expect(client.chat(HI)).rejects.toMatchObject({ status: 502, type: "api_error", code: "http_502", message: "Chorus answered 502 Bad Gateway" });
  });

  it("wraps a network failure with a message naming the request", async () => {
    gateway = await startFakeGateway(answerCompletion);
    const { url } = gateway;
    await gateway.close();
    gateway = undefined;
    const client = createChorusClient({ baseURL: url });

    const failure = await client.chat(HI).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ChorusError);
    expect(failure).toMatchObject({ code: "network_error", status: undefined, isRetryable: true });
    expect((failure as ChorusError).message).toContain(`POST ${url}/v1/chat/completions`);
    expect((failure as ChorusError).cause).toBeInstanceOf(Error);
  });

  it("rejects with the caller's AbortError, not a ChorusError, when the signal aborts", async () => {
    // The gateway never answers: only the abort can end the call.
    const client = await clientFor((_request, res) => new Promise<void>((resolve) => res.on("close", resolve)));
    const controller = new AbortController();

    const pending = client.chat(HI, { signal: controller.signal });
    controller.abort();

    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
  });

  it("reports a 200 whose body is not JSON", async () => {
    const client = await clientFor((_request, res) => {
      res.writeHead(200, { "x-chorus-request-id": "req_html" }).end("<html>");
    });

    await expect(client.chat(HI)).rejects.toMatchObject({ status: 200, code: "invalid_response", requestId: "req_html" });
  });
});

describe("client.models and client.embeddings", () => {
  it("lists the models with GET /v1/models", async () => {
    const list = { object: "list", data: [{ id: "fast", object: "model", created: 0, owned_by: "chorus" }] };
    const client = await clientFor((_request, res) => sendJson(res, 200, list));

    expect(await client.models()).toEqual(list);
    expect(gateway!.requests[0]).toMatchObject({ method: "GET", path: "/v1/models", body: undefined });
  });

  it("posts embeddings and returns them with the meta", async () => {
    const answer = {
      object: "list",
      data: [{ object: "embedding", index: 0, embedding: [0.1, 0.2] }],
      model: "text-embedding-3-small",
      usage: { prompt_tokens: 2, total_tokens: 2 },
    };
    const client = await clientFor((_request, res) =>
      sendJson(res, 200, answer, { "x-chorus-provider": "openai", "x-chorus-cache": "hit", "x-chorus-attempts": "1" }),
    );

    const { embeddings, meta } = await client.embeddings({ input: "hello" }, { feature: "search" });

    expect(embeddings.data[0]?.embedding).toEqual([0.1, 0.2]);
    expect(meta).toMatchObject({ provider: "openai", cache: "hit", attempts: 1, fallback: [], degraded: false });
    expect(gateway!.requests[0]).toMatchObject({ path: "/v1/embeddings", body: { input: "hello" } });
    expect(gateway!.requests[0]?.headers["x-chorus-feature"]).toBe("search");
  });
});

describe("client.usage and client.me", () => {
  const ME = {
    userId: "u1", tier: "verified", plan: "pro", role: null, workspace: null, aiAvailable: false, reason: "usage_limit_reached",
    limits: { requestsPerMinute: 60, tokensPerDay: 100_000, tokensUsedToday: 10, usageLimit: 5, usagePeriod: "daily", usageUsed: 5 },
    ownKeyProviders: ["openai"],
  };
  const DAY = { date: "2026-01-02", requests: 3, cachedRequests: 1, ownKeyRequests: 0, fallbackRequests: 0, tokensIn: 30, tokensOut: 12, costUsd: 0.0004, estimated: false };

  it("asks GET /v1/usage for the range given, and nothing more when none is", async () => {
    const client = await clientFor((_request, res) => sendJson(res, 200, { days: [DAY] }));

    expect(await client.usage({ from: "2026-01-01", to: "2026-01-31" })).toEqual({ days: [DAY] });
    await client.usage();

    expect(gateway!.requests.map((request) => request.path)).toEqual(["/v1/usage?from=2026-01-01&to=2026-01-31", "/v1/usage"]);
  });

  it("reads what the caller may do now from GET /v1/me", async () => {
    const client = await clientFor((_request, res) => sendJson(res, 200, ME));

    const me = await client.me();

    expect(me).toEqual(ME);
    expect(me.aiAvailable ? undefined : me.reason).toBe("usage_limit_reached");
    expect(gateway!.requests[0]).toMatchObject({ method: "GET", path: "/v1/me" });
  });
});

describe("createChorusClient", () => {
  it("fails at construction on a setup mistake", () => {
    expect(() => createChorusClient({} as ChorusClientOptions)).toThrow(/baseURL/);
    expect(() => createChorusClient({ baseURL: "https://chorus.example.com", token: "a", getToken: () => "b" })).toThrow(/token.*getToken/);
  });

  it("uses the fetch it is given, with paths relative to a same-origin root", async () => {
    const urls: string[] = [];
    const client = createChorusClient({
      baseURL: "",
      fetch: async (url) => {
        urls.push(url);
        return new Response(JSON.stringify({ object: "list", data: [] }), { headers: { "content-type": "application/json" } });
      },
    });

    await client.models();

    expect(urls).toEqual(["/v1/models"]);
  });
});

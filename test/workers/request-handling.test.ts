import { describe, expect, it } from "vitest";
import { call, chat, profiles } from "./gateway-client.ts";

type ErrorBody = { error: { message: string; type: string; code: string; param: string | null } };
const NO_KEYS = { OPENAI_API_KEY: "", ANTHROPIC_API_KEY: "", GOOGLE_API_KEY: "", GROQ_API_KEY: "", LOCAL_BASE_URL: "" };

describe("bad input gets a clear OpenAI-shaped 4xx", () => {
  it.each([
    ["a body that is not JSON", "{not json", 400, "invalid_json", null],
    ["no messages", { model: "openai/x" }, 400, "invalid_request", "messages"],
    ["an empty message list", { messages: [] }, 400, "invalid_request", "messages"],
    ["an unknown role", { messages: [{ role: "robot", content: "hi" }] }, 400, "invalid_request", "messages[0].role"],
    ["n other than 1", { n: 2, messages: [{ role: "user", content: "hi" }] }, 400, "invalid_request", "n"],
    ["a bad temperature", { temperature: 7, messages: [{ role: "user", content: "hi" }] }, 400, "invalid_request", "temperature"],
    ["a tool without a name", { tools: [{ type: "function", function: {} }], messages: [{ role: "user", content: "hi" }] }, 400, "invalid_request", "tools[0].function.name"],
    ["a tool message without its call id", { messages: [{ role: "tool", content: "x" }] }, 400, "invalid_request", "messages[0].tool_call_id"],
  ] as const)("%s", async (_label, body, status, code, param) => {
    const res = await call("/v1/chat/completions", body);
    expect(res.status).toBe(status);
    const json = (await res.json()) as ErrorBody;
    expect(json.error).toMatchObject({ type: "invalid_request_error", code, param });
    expect(json.error.message.length).toBeGreaterThan(5);
  });

  it("404 model_not_found for an unknown profile or provider", async () => {
    for (const model of ["no-such-profile", "nosuchprovider/model"]) {
      const res = await chat({ model });
      expect(res.status).toBe(404);
      expect(((await res.json()) as ErrorBody).error).toMatchObject({ type: "not_found_error", code: "model_not_found", param: "model" });
    }
  });

  it("413 for a body over MAX_BODY_BYTES, before any upstream call, whether its length is declared or not", async () => {
    const body = { model: "openai/x", messages: [{ role: "user", content: "x".repeat(5000) }] };
    // The length of the JSON the client sends (ASCII: characters are bytes), key order aside.
    const declared = { "content-length": String(JSON.stringify(body).length) };
    for (const headers of [{}, declared]) {
      const res = await chat(body, { env: { MAX_BODY_BYTES: "1000" }, headers });
      expect(res.status).toBe(413);
      expect(((await res.json()) as ErrorBody).error).toMatchObject({ type: "invalid_request_error", code: "request_too_large" });
    }
    // Declared within the limit: served.
    const small = { model: "openai/x", messages: [{ role: "user", content: "hi" }] };
    const fits = await chat(small, { env: { MAX_BODY_BYTES: "1000" }, headers: { "content-length": String(JSON.stringify(small).length) } });
    expect(fits.status).toBe(200);
  });

  it("OpenAI-shaped 404 for unknown routes", async () => {
    const res = await call("/v1/nope", { input: "hi" });
    expect(res.status).toBe(404);
    expect(((await res.json()) as ErrorBody).error.type).toBe("not_found_error");
  });

  it("a broken LLM_PROFILES is a 500 naming the field, never a stack trace", async () => {
    const res = await chat({}, { env: { LLM_PROFILES: JSON.stringify({ defaultProfile: "fast", profiles: { fast: { candidates: [{ provider: "opneai", model: "x" }] } } }) } });
    expect(res.status).toBe(500);
    const json = (await res.json()) as ErrorBody;
    expect(json.error.code).toBe("configuration_error");
    expect(json.error.message).toContain("opneai");
    expect(json.error.message).not.toMatch(/\n\s+at /);
  });
});

describe("the kill switch", () => {
  it("answers AI endpoints with 503 ai_disabled, leaves health and models up", async () => {
    const env = { AI_FEATURES_ENABLED: "false" };
    for (const path of ["/v1/chat/completions", "/v1/embeddings"]) {
      const res = await call(path, { model: "openai/x", input: "hi", messages: [{ role: "user", content: "hi" }] }, { env });
      expect(res.status).toBe(503);
      expect(((await res.json()) as ErrorBody).error).toMatchObject({ type: "api_error", code: "ai_disabled" });
    }
    expect((await call("/healthz", undefined, { env })).status).toBe(200);
  });
});

describe("CORS follows CORS_ORIGINS", () => {
  const preflight = (origin: string) => call("/v1/chat/completions", undefined, {
    method: "OPTIONS",
    headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "authorization, content-type, x-stainless-os, x-chorus-mode, x-evil" },
  });

  it("allows a listed origin with the SDK's headers, and no others", async () => {
    const res = await preflight("https://app.example.com");
    expect(res.headers.get("access-control-allow-origin")).toBe("https://app.example.com");
    const allowed = res.headers.get("access-control-allow-headers")!.split(", ");
    expect(allowed).toEqual(expect.arrayContaining(["authorization", "content-type", "x-stainless-os", "x-chorus-mode"]));
    expect(allowed).not.toContain("x-evil");
    expect(res.headers.get("vary")).toContain("Origin");
  });

  it("gives an unlisted origin nothing", async () => {
    const res = await preflight("https://evil.example.com");
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("puts CORS headers on answers and errors, exposing x-chorus-* headers", async () => {
    const ok = await chat({ model: "openai/x" }, { headers: { origin: "https://app.example.com" } });
    expect(ok.headers.get("access-control-allow-origin")).toBe("https://app.example.com");
    expect(ok.headers.get("access-control-expose-headers")).toContain("x-chorus-provider");
    const error = await chat({ model: "nope" }, { headers: { origin: "https://app.example.com" } });
    expect(error.status).toBe(404);
    expect(error.headers.get("access-control-allow-origin")).toBe("https://app.example.com");
  });
});

describe("with no provider keys, the demo model answers", () => {
  it("serves every profile, labelled as a demo", async () => {
    const res = await chat({ model: "fast" }, { env: NO_KEYS });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-chorus-provider")).toBe("demo");
    expect(((await res.json()) as { choices: { message: { content: string } }[] }).choices[0]!.message.content).toContain("[demo model]");
  });

  it("never stands in for a failing real provider", async () => {
    const res = await chat({}, { env: profiles({ fast: ["openai/a~status=503"] }) });
    expect(res.status).toBe(502);
  });

  it("is gone with DEMO_PROVIDER=off", async () => {
    const res = await chat({ model: "fast" }, { env: { ...NO_KEYS, DEMO_PROVIDER: "off" } });
    expect(res.status).toBe(503);
    expect(((await res.json()) as ErrorBody).error.type).toBe("api_error");
  });
});

describe("resolution through headers and the models list", () => {
  it("uses mode and surface pins, then the default profile", async () => {
    const config = {
      defaultProfile: "compat",
      profiles: {
        compat: { candidates: [{ provider: "openai", model: "c" }] },
        frontier: { candidates: [{ provider: "anthropic", model: "f" }] },
        fast: { candidates: [{ provider: "google", model: "g" }] },
      },
      modes: { coaching: "frontier" },
      surfaces: { trips: "fast" },
    };
    const env = { LLM_PROFILES: JSON.stringify(config) };
    const byMode = await chat({}, { env, headers: { "x-chorus-mode": "coaching", "x-chorus-surface": "trips" } });
    expect(byMode.headers.get("x-chorus-profile")).toBe("frontier");
    const bySurface = await chat({}, { env, headers: { "x-chorus-surface": "trips" } });
    expect(bySurface.headers.get("x-chorus-profile")).toBe("fast");
    const byDefault = await chat({}, { env });
    expect(byDefault.headers.get("x-chorus-profile")).toBe("compat");
    expect(byDefault.headers.get("x-chorus-model")).toBe("c");
  });

  it("lists profiles and concrete provider/model ids in OpenAI's list format", async () => {
    const res = await call("/v1/models");
    const body = (await res.json()) as { object: string; data: { id: string; object: string }[] };
    expect(body.object).toBe("list");
    const ids = body.data.map((model) => model.id);
    expect(ids).toEqual(expect.arrayContaining(["compat", "frontier", "balanced", "fast", "cheap", "openai/gpt-5.4-mini", "anthropic/claude-haiku-5"]));
  });
});

describe("embeddings", () => {
  it("are served OpenAI-compatible by a provider that has them", async () => {
    const res = await call("/v1/embeddings", { model: "openai/text-embedding-3-small", input: ["a", "b"] });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { object: string; data: { index: number; embedding: number[] }[] };
    expect(body.object).toBe("list");
    expect(body.data.map((item) => item.index)).toEqual([0, 1]);
    expect(body.data[0]!.embedding.length).toBeGreaterThan(0);
    expect(res.headers.get("x-chorus-provider")).toBe("openai");
  });

  it("tell the caller when the provider has none", async () => {
    const res = await call("/v1/embeddings", { model: "anthropic/claude-x", input: "a" });
    expect(res.status).toBe(400);
  });
});

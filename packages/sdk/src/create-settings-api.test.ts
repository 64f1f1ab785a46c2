import { describe, expect, it } from "vitest";
import { fakeGatewayClients } from "../test/fake-gateway-clients.ts";
import { errorBody, sendJson } from "../test/start-fake-gateway.ts";

const SETTINGS = { preferredModel: "fast", favoriteModels: ["fast", "openai/gpt-fake"], aiEnabled: true, usageLimit: 100, usagePeriod: "daily" };
const OPENAI_KEY = { provider: "openai", last4: "cdef", createdAt: "2026-01-01T00:00:00.000Z" };

const gateway = fakeGatewayClients();
const { clientFor } = gateway;

describe("client.settings", () => {
  it("reads the settings with GET and merges a patch with PUT", async () => {
    const client = await clientFor((request, res) =>
      sendJson(res, 200, request.method === "PUT" ? { ...SETTINGS, ...(request.body as object) } : SETTINGS));

    expect(await client.settings.get()).toEqual(SETTINGS);
    expect(await client.settings.update({ usageLimit: null, aiEnabled: false })).toMatchObject({ usageLimit: null, aiEnabled: false, preferredModel: "fast" });

    expect(gateway.requests.map(({ method, path, body }) => ({ method, path, body }))).toEqual([
      { method: "GET", path: "/v1/settings", body: undefined },
      { method: "PUT", path: "/v1/settings", body: { usageLimit: null, aiEnabled: false } },
    ]);
  });

  it("throws the gateway's 400 naming the field", async () => {
    const client = await clientFor((_request, res) =>
      sendJson(res, 400, errorBody("invalid_request", "invalid_request_error", "Invalid 'preferredModel'", "preferredModel"), { "x-chorus-request-id": "req_9" }));

    await expect(client.settings.update({ preferredModel: "nope" })).rejects.toMatchObject({
      name: "ChorusError", status: 400, type: "invalid_request_error", code: "invalid_request", param: "preferredModel", requestId: "req_9",
    });
  });
});

describe("client.settings.keys", () => {
  it("lists, stores, tests and removes own keys at the provider's path", async () => {
    const client = await clientFor((request, res) => {
      if (request.method === "DELETE") return void res.writeHead(204).end();
      if (request.path.endsWith("/test")) return sendJson(res, 200, { ok: false, latencyMs: 12, model: "gpt-fake", error: "invalid key" });
      sendJson(res, 200, request.method === "PUT" ? OPENAI_KEY : [OPENAI_KEY]);
    });

    expect(await client.settings.keys.put("openai", "sk-test-0123456789abcdef")).toEqual(OPENAI_KEY);
    expect(await client.settings.keys.list()).toEqual([OPENAI_KEY]);
    expect(await client.settings.keys.test("openai", { model: "gpt-fake" })).toEqual({ ok: false, latencyMs: 12, model: "gpt-fake", error: "invalid key" });
    await client.settings.keys.remove("openai");

    expect(gateway.requests.map(({ method, path, body }) => ({ method, path, body }))).toEqual([
      { method: "PUT", path: "/v1/settings/keys/openai", body: { apiKey: "sk-test-0123456789abcdef" } },
      { method: "GET", path: "/v1/settings/keys", body: undefined },
      { method: "POST", path: "/v1/settings/keys/openai/test", body: { model: "gpt-fake" } },
      { method: "DELETE", path: "/v1/settings/keys/openai", body: undefined },
    ]);
  });

  it("escapes the provider in the path, and reports a missing key as a 404", async () => {
    const client = await clientFor((_request, res) => sendJson(res, 404, errorBody("not_found", "not_found_error", "You have no groq key stored.")));

    await expect(client.settings.keys.remove("../admin")).rejects.toMatchObject({ status: 404, code: "not_found" });
    expect(gateway.requests[0]?.path).toBe("/v1/settings/keys/..%2Fadmin");
  });
});

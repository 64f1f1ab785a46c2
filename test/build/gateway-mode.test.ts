import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeServer, type FakeServer } from "../fakes/fake-server.ts";
import { startAllFakes, type AllFakes } from "../fakes/start-all-fakes.ts";
import { BuildRig } from "./build-rig.ts";

let fakes: AllFakes & { env: Record<string, string> };
let gateway: FakeServer;

/**
 * A Chorus gateway as the CLI sees it: OpenAI's chat answer plus the x-chorus-* headers; `fail` in the prompt gets a 502.
 * It has no build review (an older gateway): `/v1/build/drafts` is a 404.
 */
async function startGatewayFake(): Promise<FakeServer> {
  return startFakeServer((request, res) => {
    if (request.path.startsWith("/v1/build/drafts")) {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: `No route for ${request.method} ${request.path}.`, type: "invalid_request_error", code: "not_found", param: null } }));
      return;
    }
    const body = request.body as { model: string; messages: { content: string }[] };
    const text = body.messages.at(-1)!.content;
    if (request.headers.authorization !== "Bearer ck_test_build") {
      res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "bad key", type: "authentication_error", code: "auth_required", param: null } }));
      return;
    }
    if (text.includes("fail")) {
      res.writeHead(502, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "Every upstream candidate failed (openai:503).", type: "api_error", code: "upstream_error", param: null } }));
      return;
    }
    res.writeHead(200, {
      "content-type": "application/json",
      "x-chorus-provider": "anthropic", "x-chorus-model": "claude-sonnet-5", "x-chorus-profile": body.model,
      "x-chorus-route": `model=${body.model}`, "x-chorus-fallback": "openai:503",
    }).end(JSON.stringify({
      id: "chatcmpl-gw", object: "chat.completion", created: 1, model: "claude-sonnet-5",
      choices: [{ index: 0, message: { role: "assistant", content: `Gateway says: ${text}` }, finish_reason: "stop" }],
      usage: { prompt_tokens: 1, completion_tokens: 3, total_tokens: 4 },
    }));
  });
}

beforeAll(async () => {
  [fakes, gateway] = await Promise.all([startAllFakes(), startGatewayFake()]);
});

afterAll(async () => {
  await Promise.all([fakes.openai.close(), fakes.anthropic.close(), fakes.google.close(), gateway.close()]);
});

describe("chorus-build through a gateway (CHORUS_URL, CHORUS_API_KEY)", () => {
  async function gatewayRig(): Promise<BuildRig> {
    const rig = await BuildRig.create(fakes);
    await rig.writeProfiles({ writer: [{ provider: "openai", model: "gpt-5.4" }, { provider: "anthropic", model: "claude-sonnet-5" }] });
    await rig.writeMap({
      taskTypes: { longform: "writer" },
      tasks: [
        { id: "intro", route: "/", type: "longform", messages: [{ role: "user", content: `Intro for ${rig.tag}` }] },
        { id: "broken", route: "/b", type: "longform", messages: [{ role: "user", content: `fail ${rig.tag}` }], fallbackPath: "fallbacks/b.txt" },
      ],
    });
    await rig.writeFallback("b.txt", "curated");
    // Provider keys are set too: with a gateway configured, none of them may be used.
    rig.env = { ...rig.env, CHORUS_URL: `${gateway.url}/`, CHORUS_API_KEY: "ck_test_build" };
    return rig;
  }

  const gatewayCalls = (rig: BuildRig) => gateway.requests.filter((request) => JSON.stringify(request.body).includes(rig.tag));

  it("asks the gateway with the profile as the model, stores who served, and asks nothing on a rebuild", async () => {
    const rig = await gatewayRig();
    const result = await rig.run(["generate"]);
    expect(result.code, result.stderr).toBe(0);
    const [first] = gatewayCalls(rig);
    expect(first).toMatchObject({ method: "POST", path: "/v1/chat/completions", body: { model: "writer", messages: [{ role: "user", content: `Intro for ${rig.tag}` }] } });
    expect(await rig.fragment("intro")).toMatchObject({
      source: "model", provider: "anthropic", model: "claude-sonnet-5", content: `Gateway says: Intro for ${rig.tag}`,
      rationale: "gateway model=writer -> anthropic/claude-sonnet-5; fell back from openai:503",
    });
    expect(await rig.fragment("broken")).toMatchObject({ source: "fallback", content: "curated" });
    const incident = (await rig.audit()).find((record) => record.record === "incident");
    expect(incident).toMatchObject({ task_id: "broken", reason: "the gateway answered 502 (upstream_error: Every upstream candidate failed (openai:503).)" });
    expect(rig.calls()).toBe(0);

    const asked = gatewayCalls(rig).length;
    const before = await rig.snapshot();
    expect((await rig.run(["generate"])).code).toBe(0);
    // The failed task is asked again (a gateway may recover); the stored one is not.
    expect(gatewayCalls(rig).length - asked).toBe(1);
    expect(await rig.snapshot()).toEqual(before);
  });

  it("keeps building when the gateway cannot review: the draft waits, and chorus-build approve still settles it", async () => {
    const rig = await gatewayRig();
    await rig.writeFallback("terms.txt", "curated terms");
    await rig.writeMap({
      taskTypes: { longform: "writer" },
      tasks: [{ id: "terms", route: "/terms", type: "longform", requiresApproval: true, fallbackPath: "fallbacks/terms.txt", messages: [{ role: "user", content: `Terms ${rig.tag}` }] }],
    });
    const first = await rig.run(["generate"]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/could not read review decisions from .*GET \/v1\/build\/drafts answered 404 \(not_found/);
    expect(first.stdout).toMatch(/could not submit drafts for review .*PUT \/v1\/build\/drafts\/[0-9a-f]{64} answered 404/);
    expect(await rig.fragment("terms")).toMatchObject({ source: "fallback", content: "curated terms" });
    expect((await rig.run(["pending"])).stderr).toMatch(/pending: could not read the review at /);

    expect((await rig.run(["approve", "terms"])).code).toBe(0);
    const second = await rig.run(["generate"]);
    expect(second.code, second.stderr).toBe(0);
    expect(await rig.fragment("terms")).toMatchObject({ source: "model", content: `Gateway says: Terms ${rig.tag}` });
  });

  it("refuses half a gateway configuration, naming the missing variable", async () => {
    const rig = await gatewayRig();
    const { CHORUS_API_KEY: _, ...env } = rig.env;
    const result = await rig.run(["generate"], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("CHORUS_URL is set but CHORUS_API_KEY is not");
  });
});

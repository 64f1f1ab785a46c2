import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BuildRig } from "../build/build-rig.ts";
import { startAllFakes, type AllFakes } from "../fakes/start-all-fakes.ts";
import { serveGateway, type ServedGateway } from "./served-gateway.ts";

// chorus-build against the served gateway (as `npm start` runs it), with an API key an admin created:
// the x-chorus-* headers it reads are the gateway's real ones.
const ADMIN_TOKEN = "e2e-build-admin-token-0123456789abcdef0123";

let fakes: AllFakes & { env: Record<string, string> };
let gateway: ServedGateway;
let apiKey: string;

beforeAll(async () => {
  fakes = await startAllFakes();
  const writer = { candidates: [{ provider: "openai", model: "gpt-fake~status=503" }, { provider: "anthropic", model: "claude-fake" }] };
  gateway = await serveGateway({
    ...fakes.env, ADMIN_TOKEN, RETRY_BASE_DELAY_MS: "1", RETRY_MAX_DELAY_MS: "5",
    LLM_PROFILES: JSON.stringify({ defaultProfile: "writer", profiles: { writer } }),
  });
  const created = await fetch(`${gateway.url}/admin/api-keys`, {
    method: "POST", headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ userId: "chorus-build-e2e", name: "chorus-build" }),
  });
  expect(created.status).toBe(201);
  apiKey = ((await created.json()) as { key: string }).key;
});

afterAll(async () => {
  await gateway?.stop();
  await Promise.all([fakes?.openai, fakes?.anthropic, fakes?.google].map((fake) => fake?.close()));
});

describe("chorus-build through the served gateway", () => {
  it("stores who served as the gateway says, after its fallback, and asks nothing on a rebuild", async () => {
    const rig = await BuildRig.create(fakes);
    await rig.writeProfiles({ writer: [{ provider: "openai", model: "gpt-fake~status=503" }, { provider: "anthropic", model: "claude-fake" }] });
    await rig.writeMap({ taskTypes: { longform: "writer" }, tasks: [{ id: "intro", route: "/", type: "longform", messages: [{ role: "user", content: `Intro ${rig.tag}` }] }] });
    // No provider variables: every call must go through the gateway.
    const env = { CHORUS_URL: gateway.url, CHORUS_API_KEY: apiKey };
    const first = await rig.run(["generate"], env);
    expect(first.code, first.stderr).toBe(0);
    expect(await rig.fragment("intro")).toMatchObject({
      source: "model", provider: "anthropic", model: "claude-fake", content: `Echo: Intro ${rig.tag}`,
      rationale: expect.stringMatching(/^gateway .*-> anthropic\/claude-fake; fell back from openai:503$/),
    });
    const asked = fakes.anthropic.requests.length;
    const before = await rig.snapshot();
    expect((await rig.run(["generate"], env)).code).toBe(0);
    expect(fakes.anthropic.requests.length).toBe(asked);
    expect(await rig.snapshot()).toEqual(before);
  });
});

import type { BuildDraft } from "@chorus/core";
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

  it("puts requiresApproval drafts up for review; the next build serves what an admin approved and not what was rejected", async () => {
    const rig = await BuildRig.create(fakes);
    await rig.writeProfiles({ writer: [{ provider: "openai", model: "gpt-fake~status=503" }, { provider: "anthropic", model: "claude-fake" }] });
    await rig.writeFallback("terms.md", "Curated terms.");
    await rig.writeFallback("tagline.md", "Curated tagline.");
    const task = (id: string) => ({ id, route: `/${id}`, type: "longform", requiresApproval: true, fallbackPath: `fallbacks/${id}.md`, messages: [{ role: "user", content: `${id} ${rig.tag}` }] });
    await rig.writeMap({ taskTypes: { longform: "writer" }, tasks: [task("terms"), task("tagline")] });
    const env = { CHORUS_URL: gateway.url, CHORUS_API_KEY: apiKey };

    const first = await rig.run(["generate"], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/terms: submitted for review at /);
    expect(await rig.fragment("terms")).toMatchObject({ source: "fallback", content: "Curated terms." });
    expect((await rig.run(["pending"], env)).stdout.match(/\[review: pending in the console\]/g)).toHaveLength(2);

    // The admin's side, as the console does it.
    const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
    const listed = await fetch(`${gateway.url}/admin/build/drafts?status=pending`, { headers: admin });
    const drafts = ((await listed.json()) as { drafts: BuildDraft[] }).drafts.filter((draft) => draft.content.includes(rig.tag));
    expect(drafts.map((draft) => [draft.taskId, draft.provider, draft.submittedBy]).sort()).toEqual([["tagline", "anthropic", "chorus-build-e2e"], ["terms", "anthropic", "chorus-build-e2e"]]);
    const idOf = (taskId: string) => drafts.find((draft) => draft.taskId === taskId)!.id;
    expect((await fetch(`${gateway.url}/admin/build/drafts/${idOf("terms")}/approve`, { method: "POST", headers: admin })).status).toBe(200);
    expect((await fetch(`${gateway.url}/admin/build/drafts/${idOf("tagline")}/reject`, { method: "POST", headers: admin })).status).toBe(200);

    const pending = (await rig.run(["pending"], env)).stdout;
    expect(pending).toMatch(/terms .*\[review: approved by admin-token at .*; the next generate uses it\]/);
    expect(pending).toMatch(/tagline .*\[review: rejected by admin-token at .*; not served/);

    const asked = fakes.anthropic.requests.length;
    const second = await rig.run(["generate"], env);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain("terms: approved in review by admin-token");
    expect(fakes.anthropic.requests.length).toBe(asked);
    expect(await rig.fragment("terms")).toMatchObject({ source: "model", provider: "anthropic", content: `Echo: terms ${rig.tag}` });
    expect(await rig.fragment("tagline")).toMatchObject({
      source: "fallback", content: "Curated tagline.", rationale: expect.stringMatching(/^fallback: its answer [0-9a-f]{12} was rejected in review/),
    });

    // The approval is in the store now: a build without the gateway serves it too.
    const offline = await rig.run(["generate", "--frozen"], rig.env);
    expect(offline.code, offline.stderr).toBe(0);
    expect(await rig.fragment("terms")).toMatchObject({ source: "model", content: `Echo: terms ${rig.tag}` });
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAllFakes, type AllFakes } from "../fakes/start-all-fakes.ts";
import { BuildRig } from "./build-rig.ts";

let fakes: AllFakes & { env: Record<string, string> };

beforeAll(async () => {
  fakes = await startAllFakes();
});

afterAll(async () => {
  await Promise.all([fakes.openai.close(), fakes.anthropic.close(), fakes.google.close()]);
});

/** Requests for this rig's models at one fake. */
const callsAt = (fake: AllFakes[keyof AllFakes], rig: BuildRig) => fake.requests.filter((request) => JSON.stringify(request.body).includes(rig.tag)).length;

describe("chorus-build review (requiresApproval)", () => {
  async function reviewedTask(rig: BuildRig, fallback: boolean): Promise<void> {
    await rig.writeProfiles({ writer: [{ provider: "openai", model: rig.model("gpt-5.4") }] });
    await rig.writeMap({
      taskTypes: { "code-snippet": "writer" },
      tasks: [{ id: "snippet", route: "/docs", type: "code-snippet", requiresApproval: true, messages: [{ role: "user", content: "Show an example." }], ...(fallback ? { fallbackPath: "fallbacks/snippet.txt" } : {}) }],
    });
    await rig.writeFallback("snippet.txt", "curated example");
  }

  it("serves the fallback while the answer is a draft, and the answer once approved, without asking again", async () => {
    const rig = await BuildRig.create(fakes);
    await reviewedTask(rig, true);
    const first = await rig.run(["generate"]);
    expect(first.code, first.stderr).toBe(0);
    expect(await rig.fragment("snippet")).toMatchObject({ source: "fallback", content: "curated example" });

    const pending = await rig.run(["pending"]);
    expect(pending.code).toBe(0);
    const [id] = /^[0-9a-f]{12}/m.exec(pending.stdout) ?? [];
    expect(pending.stdout).toContain(`${id}  snippet  /docs  openai/${rig.model("gpt-5.4")}`);
    expect(pending.stdout).toContain("Echo: Show an example.");

    // Still a draft: a rebuild neither asks again nor serves it.
    expect((await rig.run(["generate"])).code).toBe(0);
    expect(rig.calls()).toBe(1);
    expect(await rig.fragment("snippet")).toMatchObject({ source: "fallback" });

    const approved = await rig.run(["approve", id!]);
    expect(approved.code, approved.stderr).toBe(0);
    expect((await rig.run(["pending"])).stdout).toBe("No answers await review.\n");
    expect((await rig.run(["generate"])).code).toBe(0);
    expect(await rig.fragment("snippet")).toMatchObject({ source: "model", content: "Echo: Show an example.", provider: "openai" });
    expect(rig.calls()).toBe(1);
    expect((await rig.audit()).find((record) => record.record === "answer")).toMatchObject({ approval: "approved", task_id: "snippet" });
  });

  it("fails naming the task when it has no approved answer and no fallback; approve takes the task id too", async () => {
    const rig = await BuildRig.create(fakes);
    await reviewedTask(rig, false);
    const result = await rig.run(["generate"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/task "snippet": its answer awaits review: chorus-build approve [0-9a-f]{12}, and it has no fallbackPath/);

    expect((await rig.run(["approve", "nothing-like-it"])).stderr).toMatch(/approve: no pending answer "nothing-like-it"/);
    expect((await rig.run(["approve", "snippet"])).code).toBe(0);
    expect((await rig.run(["generate"])).code).toBe(0);
    expect(await rig.fragment("snippet")).toMatchObject({ source: "model" });
  });
});

describe("chorus-build refresh --provider", () => {
  async function twoProviders(rig: BuildRig): Promise<void> {
    await rig.writeProfiles({
      writer: [{ provider: "openai", model: rig.model("gpt-5.4") }],
      short: [{ provider: "anthropic", model: rig.model("claude-haiku-5") }],
    });
    await rig.writeMap({
      taskTypes: { longform: "writer", metadata: "short" },
      tasks: [
        { id: "intro", route: "/", type: "longform", messages: [{ role: "user", content: "Intro please." }] },
        { id: "description", route: "/", type: "metadata", messages: [{ role: "user", content: "Description please." }] },
      ],
    });
  }

  it("asks again only where that provider answered", async () => {
    const rig = await BuildRig.create(fakes);
    await twoProviders(rig);
    expect((await rig.run(["generate"])).code).toBe(0);
    expect([callsAt(fakes.openai, rig), callsAt(fakes.anthropic, rig)]).toEqual([1, 1]);

    const refreshed = await rig.run(["refresh", "--provider", "openai"]);
    expect(refreshed.code, refreshed.stderr).toBe(0);
    expect([callsAt(fakes.openai, rig), callsAt(fakes.anthropic, rig)]).toEqual([2, 1]);
    expect(refreshed.stdout).toMatch(/intro: answered \(openai\//);
    expect(refreshed.stdout).toMatch(/description: from the store \(anthropic\//);
  });

  it("keeps the provider's earlier answer when it cannot answer now", async () => {
    const rig = await BuildRig.create(fakes);
    await twoProviders(rig);
    expect((await rig.run(["generate"])).code).toBe(0);
    const before = await rig.fragment("intro");
    const result = await rig.run(["refresh", "--provider", "openai"], { ...rig.env, OPENAI_BASE_URL: "http://127.0.0.1:9/v1" });
    expect(result.code, result.stderr).toBe(0);
    expect(await rig.fragment("intro")).toEqual(before);
  });

  it("needs --provider", async () => {
    const rig = await BuildRig.create(fakes);
    await twoProviders(rig);
    const result = await rig.run(["refresh"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("refresh needs --provider NAME");
  });
});

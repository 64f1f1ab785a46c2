import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadLLMFragment } from "../../packages/build/src/index.ts";
import { startAllFakes, type AllFakes } from "../fakes/start-all-fakes.ts";
import { BuildRig } from "./build-rig.ts";

let fakes: AllFakes & { env: Record<string, string> };

beforeAll(async () => {
  fakes = await startAllFakes();
});

afterAll(async () => {
  await Promise.all([fakes.openai.close(), fakes.anthropic.close(), fakes.google.close()]);
});

const FEATURES_SCHEMA = {
  type: "object",
  properties: { title: { type: "string" }, items: { type: "array", items: { type: "string" }, minItems: 1 } },
  required: ["title", "items"],
  additionalProperties: false,
};

/** Three tasks over three wire formats: a template, inline messages, a JSON list. */
async function threeTasks(rig: BuildRig, directives = ""): Promise<void> {
  await rig.writeProfiles({
    writer: [{ provider: "openai", model: rig.model("gpt-5.4", directives) }, { provider: "anthropic", model: rig.model("claude-sonnet-5", directives) }],
    short: [{ provider: "anthropic", model: rig.model("claude-haiku-5", directives) }, { provider: "google", model: rig.model("gemini-3-flash", directives) }],
    structured: [{ provider: "google", model: rig.model("gemini-3-pro", directives) }, { provider: "openai", model: rig.model("gpt-5.4-mini", directives) }],
  });
  await rig.writeMap({
    taskTypes: { longform: "writer", metadata: "short", json: "structured" },
    tasks: [
      { id: "intro", route: "/", type: "longform", prompt: { name: "summarize", version: 1, variables: { text: "Chorus conducts many models.", audience: "visitors" } }, fallbackPath: "fallbacks/intro.md" },
      { id: "description", route: "/", type: "metadata", messages: [{ role: "user", content: "Describe the home page." }], parameters: { temperature: 0 }, fallbackPath: "fallbacks/description.txt" },
      { id: "features", route: "/features", type: "json", messages: [{ role: "user", content: "List features." }], schema: FEATURES_SCHEMA, fallbackPath: "fallbacks/features.json" },
    ],
  });
  await rig.writeFallback("intro.md", "Curated intro.\n");
  await rig.writeFallback("description.txt", "Curated description.\n");
  await rig.writeFallback("features.json", JSON.stringify({ title: "Curated", items: ["one"] }));
}

describe("chorus-build generate", () => {
  it("serves a rebuild with nothing changed from the store: no model call, the same bytes, the same build id", async () => {
    const rig = await BuildRig.create(fakes);
    await threeTasks(rig);
    const first = await rig.run(["generate"]);
    expect(first.code, first.stderr).toBe(0);
    expect(rig.calls()).toBe(3);
    const before = await rig.snapshot();

    const second = await rig.run(["generate"]);
    expect(second.code, second.stderr).toBe(0);
    expect(rig.calls()).toBe(3);
    expect(await rig.snapshot()).toEqual(before);
    expect(second.stdout).toContain("0 model answers this run");
  });

  it("writes the same files and store rows from an empty store twice (no timestamps, stable key order)", async () => {
    const one = await BuildRig.create(fakes);
    const two = await BuildRig.create(fakes);
    await threeTasks(one);
    await threeTasks(two);
    expect((await one.run(["generate", "--build-id", "fixed"])).code).toBe(0);
    expect((await two.run(["generate", "--build-id", "fixed"])).code).toBe(0);
    // The rigs' model ids differ by their tag; with it removed, artifacts and rows must be the same bytes.
    const untagged = (rig: BuildRig, text: string) => text.replaceAll(rig.tag, "TAG");
    const files = async (rig: BuildRig) => Object.fromEntries(Object.entries((await rig.snapshot()).files).map(([path, text]) => [path, untagged(rig, text)]));
    const oneFiles = await files(one);
    expect(Object.keys(oneFiles).sort()).toEqual(["fixed/description.json", "fixed/features.json", "fixed/intro.json", "fixed/manifest.json", "manifest.json"]);
    // Keys hash the model ids, so they differ between rigs; everything else is equal.
    const keyless = (text: string) => text.replace(/"key": "[0-9a-f]{64}"/g, "\"key\": \"K\"");
    const twoFiles = await files(two);
    for (const [path, text] of Object.entries(oneFiles)) expect(keyless(text)).toBe(keyless(twoFiles[path]!));
    const rows = async (rig: BuildRig) => (await rig.audit()).map((row) => ({ ...row, key: "K", rationale: untagged(rig, String(row.rationale)), model: untagged(rig, String(row.model)) }));
    expect(await rows(one)).toEqual(await rows(two));
  });

  it("gives loadLLMFragment the text of a text task and the parsed JSON of a json task, with who answered", async () => {
    const rig = await BuildRig.create(fakes);
    await threeTasks(rig);
    expect((await rig.run(["generate"])).code).toBe(0);

    const intro = await loadLLMFragment<string>("intro", { dir: rig.outDir });
    expect(intro).toMatchObject({ id: "intro", route: "/", format: "text", source: "model", provider: "openai", prompt: "summarize@1" });
    expect(intro.content).toBe("Echo: Summarise this text:\n\nChorus conducts many models.");
    const features = await loadLLMFragment<{ title: string; items: string[] }>("features", { dir: rig.outDir });
    expect(features).toMatchObject({ format: "json", provider: "google", source: "model" });
    expect(features.content.items.length).toBeGreaterThan(0);
    await expect(loadLLMFragment("nope", { dir: rig.outDir })).rejects.toThrow(/no task "nope"/);
  });

  it("names the build after CHORUS_BUILD_ID when it is set, and keeps only the current build in the out dir", async () => {
    const rig = await BuildRig.create(fakes);
    await threeTasks(rig);
    expect((await rig.run(["generate"])).code).toBe(0);
    expect((await rig.run(["generate"], { ...rig.env, CHORUS_BUILD_ID: "release-7" })).code).toBe(0);
    const files = Object.keys((await rig.snapshot()).files).sort();
    expect(files).toEqual(["manifest.json", "release-7/description.json", "release-7/features.json", "release-7/intro.json", "release-7/manifest.json"]);
    await expect(loadLLMFragment("intro", { dir: rig.outDir })).resolves.toMatchObject({ id: "intro", source: "model" });
  });

  it("--frozen fails naming every task the store lacks, calls nothing and writes nothing", async () => {
    const rig = await BuildRig.create(fakes);
    await threeTasks(rig);
    const result = await rig.run(["generate", "--frozen"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--frozen: the store has no answer for task "intro" \(\/\), "description" \(\/\), "features" \(\/features\)/);
    expect(rig.calls()).toBe(0);
    await expect(loadLLMFragment("intro", { dir: rig.outDir })).rejects.toThrow(/no build manifest/);

    expect((await rig.run(["generate"])).code).toBe(0);
    const frozen = await rig.run(["generate", "--frozen"]);
    expect(frozen.code, frozen.stderr).toBe(0);
    expect(rig.calls()).toBe(3);
  });

  it("with every provider down, serves stored answers and the curated fallbacks, and records the incidents", async () => {
    const rig = await BuildRig.create(fakes);
    await threeTasks(rig);
    expect((await rig.run(["generate"])).code).toBe(0);
    // A new task joins the map while every upstream refuses connections: the stored tasks need none.
    const map = JSON.parse(await (await import("node:fs/promises")).readFile(`${rig.configDir}/content-map.yaml`, "utf8")) as { tasks: unknown[] };
    map.tasks.push({ id: "news", route: "/news", type: "longform", messages: [{ role: "user", content: "Write the news." }], fallbackPath: "fallbacks/intro.md" });
    await rig.writeMap(map);
    const down = { ...rig.env, OPENAI_BASE_URL: "http://127.0.0.1:9/v1", ANTHROPIC_BASE_URL: "http://127.0.0.1:9", GOOGLE_BASE_URL: "http://127.0.0.1:9" };
    const result = await rig.run(["generate"], down);
    expect(result.code, result.stderr).toBe(0);
    expect(await rig.fragment("intro")).toMatchObject({ source: "model", provider: "openai" });
    expect(await rig.fragment("news")).toMatchObject({ source: "fallback", content: "Curated intro.\n", provider: null });
    const incidents = (await rig.audit()).filter((record) => record.record === "incident");
    expect(incidents).toEqual([expect.objectContaining({ task_id: "news", fallback_path: "fallbacks/intro.md", reason: expect.stringMatching(/every candidate failed \(openai:.*anthropic:/) })]);
  });

  it("falls back from a 503 to the next candidate and says so in the rationale", async () => {
    const rig = await BuildRig.create(fakes);
    await rig.writeProfiles({ writer: [{ provider: "openai", model: rig.model("gpt-5.4", "~status=503") }, { provider: "anthropic", model: rig.model("claude-sonnet-5") }] });
    await rig.writeMap({ taskTypes: { longform: "writer" }, tasks: [{ id: "intro", route: "/", type: "longform", messages: [{ role: "user", content: "Hello" }] }] });
    expect((await rig.run(["generate"])).code).toBe(0);
    expect(await rig.fragment("intro")).toMatchObject({ provider: "anthropic", rationale: expect.stringContaining("fell back from openai:503") });
  });

  it("tries the next candidate when an answer violates the task's guardrails, and falls back when none passes", async () => {
    const rig = await BuildRig.create(fakes);
    await rig.writeProfiles({
      mixed: [{ provider: "openai", model: rig.model("gpt-5.4", "~pii") }, { provider: "anthropic", model: rig.model("claude-sonnet-5") }],
      leaky: [{ provider: "openai", model: rig.model("gpt-5.4-mini", "~pii") }, { provider: "google", model: rig.model("gemini-3-flash", "~pii") }],
    });
    const rails = { pii: { detect: ["email", "card"], action: "retry" } };
    await rig.writeMap({
      taskTypes: { longform: "mixed" },
      tasks: [
        { id: "second-passes", route: "/", type: "longform", messages: [{ role: "user", content: "Contact details?" }], guardrails: rails },
        { id: "none-passes", route: "/contact", type: "longform", profile: "leaky", messages: [{ role: "user", content: "Contact details?" }], guardrails: rails, fallbackPath: "fallbacks/contact.txt" },
      ],
    });
    await rig.writeFallback("contact.txt", "Use the contact form.");
    const result = await rig.run(["generate"]);
    expect(result.code, result.stderr).toBe(0);
    expect(await rig.fragment("second-passes")).toMatchObject({ source: "model", provider: "anthropic" });
    expect(await rig.fragment("none-passes")).toMatchObject({ source: "fallback", content: "Use the contact form." });
    const answers = (await rig.audit()).filter((record) => record.record === "answer");
    expect(answers.filter((record) => record.guardrail_status === "violated").map((record) => `${record.task_id}:${record.provider}`).sort())
      .toEqual(["none-passes:google", "none-passes:openai", "second-passes:openai"]);
    expect(answers.find((record) => record.guardrail_status === "violated")?.guardrail_detail).toBe("pii (retry): found email, card");

    // The violations are stored: a rebuild asks nobody again and writes the same build.
    const before = await rig.snapshot();
    const calls = rig.calls();
    expect((await rig.run(["generate"])).code).toBe(0);
    expect(rig.calls()).toBe(calls);
    expect(await rig.snapshot()).toEqual(before);
  });

  it("asks no other candidate after a block rail, as the gateway does, and neither does a rebuild", async () => {
    const rig = await BuildRig.create(fakes);
    await rig.writeProfiles({ writer: [{ provider: "openai", model: rig.model("gpt-5.4", "~pii") }, { provider: "anthropic", model: rig.model("claude-sonnet-5") }] });
    await rig.writeMap({
      taskTypes: { longform: "writer" },
      tasks: [{ id: "contact", route: "/", type: "longform", messages: [{ role: "user", content: "Contact?" }], guardrails: { pii: { detect: ["email"], action: "block" } }, fallbackPath: "fallbacks/contact.txt" }],
    });
    await rig.writeFallback("contact.txt", "Use the contact form.");
    expect((await rig.run(["generate"])).code).toBe(0);
    expect(await rig.fragment("contact")).toMatchObject({ source: "fallback", rationale: "fallback: no answer passed its guardrails (openai:pii)" });
    expect(rig.calls()).toBe(1);
    const before = await rig.snapshot();
    expect((await rig.run(["generate"])).code).toBe(0);
    expect(rig.calls()).toBe(1);
    expect(await rig.snapshot()).toEqual(before);
  });

  it("judges stored answers by the rails as they are now: a rail added later turns a stored answer down", async () => {
    const rig = await BuildRig.create(fakes);
    await rig.writeProfiles({ writer: [{ provider: "openai", model: rig.model("gpt-5.4") }, { provider: "anthropic", model: rig.model("claude-sonnet-5") }] });
    const task = { id: "intro", route: "/", type: "longform", messages: [{ role: "user", content: "Say lorem." }], fallbackPath: "fallbacks/intro.txt" };
    await rig.writeFallback("intro.txt", "curated");
    await rig.writeMap({ taskTypes: { longform: "writer" }, tasks: [task] });
    expect((await rig.run(["generate"])).code).toBe(0);
    expect(await rig.fragment("intro")).toMatchObject({ provider: "openai" });

    await rig.writeMap({ taskTypes: { longform: "writer" }, tasks: [{ ...task, guardrails: { phrases: { deny: ["Say lorem"], action: "retry" } } }] });
    expect((await rig.run(["generate"])).code).toBe(0);
    // openai's stored answer now breaks the rail; anthropic is asked and breaks it too.
    expect(await rig.fragment("intro")).toMatchObject({ source: "fallback", rationale: "fallback: no answer passed its guardrails (openai:phrases,anthropic:phrases)" });
    expect(rig.calls()).toBe(2);
    expect((await rig.audit()).filter((record) => record.record === "answer").map((record) => record.guardrail_status)).toEqual(["violated", "violated"]);
  });

  it("masks personal data in a task's messages before any model sees them (input rail, redact)", async () => {
    const rig = await BuildRig.create(fakes);
    await rig.writeProfiles({ writer: [{ provider: "openai", model: rig.model("gpt-5.4") }] });
    await rig.writeMap({
      taskTypes: { longform: "writer" },
      tasks: [{ id: "intro", route: "/", type: "longform", messages: [{ role: "user", content: "Mail ada@example.com" }], guardrails: { input: { pii: { detect: ["email"], action: "redact" } } } }],
    });
    expect((await rig.run(["generate"])).code).toBe(0);
    expect(await rig.fragment("intro")).toMatchObject({ content: "Echo: Mail [EMAIL]" });
  });

  it("fails naming the task when no answer passes and it has no fallbackPath", async () => {
    const rig = await BuildRig.create(fakes);
    await rig.writeProfiles({ writer: [{ provider: "openai", model: rig.model("gpt-5.4", "~status=500") }] });
    await rig.writeMap({ taskTypes: { longform: "writer" }, tasks: [{ id: "intro", route: "/", type: "longform", messages: [{ role: "user", content: "Hello" }] }] });
    const result = await rig.run(["generate"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/task "intro": every candidate failed \(openai:500\), and it has no fallbackPath/);
  });

  it("stores hashes that are the SHA-256 of the prompt and response it exports", async () => {
    const rig = await BuildRig.create(fakes);
    await threeTasks(rig);
    expect((await rig.run(["generate"])).code).toBe(0);
    const answers = (await rig.audit()).filter((record) => record.record === "answer");
    expect(answers).toHaveLength(3);
    const sha256 = (text: unknown) => createHash("sha256").update(String(text)).digest("hex");
    for (const record of answers) {
      expect(record.prompt_hash).toBe(sha256(record.prompt));
      expect(record.response_hash).toBe(sha256(record.response));
      expect(record).toMatchObject({ guardrail_status: "ok", approval: "none", provider: expect.any(String) });
    }
    expect(await rig.fragment("intro")).toMatchObject({ responseHash: answers.find((record) => record.task_id === "intro")!.response_hash });
  });
});

import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
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

const intro = { id: "intro", route: "/", type: "longform", messages: [{ role: "user", content: "Hi" }] };

async function rigWith(map: unknown): Promise<BuildRig> {
  const rig = await BuildRig.create(fakes);
  await rig.writeProfiles({ writer: [{ provider: "openai", model: rig.model("gpt-5.4") }] });
  await rig.writeMap(map);
  return rig;
}

describe("chorus-build config mistakes", () => {
  it.each([
    ["a task field", { taskTypes: { longform: "writer" }, tasks: [{ ...intro, type: "essay" }] },
      `config/content-map.yaml: tasks[0] (id "intro").type: must be one of longform, metadata, json, code-snippet, got "essay"`],
    ["an unknown field", { taskTypes: { longform: "writer" }, tasks: [{ ...intro, fallback: "x" }] },
      `config/content-map.yaml: tasks[0] (id "intro").fallback: unknown field`],
    ["both prompt and messages", { taskTypes: { longform: "writer" }, tasks: [{ ...intro, prompt: { name: "summarize", variables: {} } }] },
      `tasks[0] (id "intro").prompt: give either prompt {name, version?, variables} or messages, not both or neither`],
    ["a profile llm-profiles.json lacks", { taskTypes: { longform: "writer" }, tasks: [{ ...intro, profile: "fastest" }] },
      `task "intro": profile: "fastest" is not a profile of llm-profiles.json (defined: writer)`],
    ["a type with no profile", { taskTypes: { metadata: "writer" }, tasks: [intro] },
      `tasks[0] (id "intro").type: taskTypes names no profile for "longform"`],
    ["a template variable", { taskTypes: { longform: "writer" }, tasks: [{ id: "intro", route: "/", type: "longform", prompt: { name: "summarize", variables: { text: "t" } } }] },
      `task "intro": prompt.variables: Invalid 'variables.audience'`],
    ["a missing template", { taskTypes: { longform: "writer" }, tasks: [{ id: "intro", route: "/", type: "longform", prompt: { name: "nope", variables: {} } }] },
      `task "intro": prompt.name: no template "nope" in prompts/*.json (found: summarize)`],
    ["a missing fallback file", { taskTypes: { longform: "writer" }, tasks: [{ ...intro, fallbackPath: "fallbacks/none.md" }] },
      `task "intro": fallbackPath: fallbacks/none.md does not exist`],
    ["a duplicate id", { taskTypes: { longform: "writer" }, tasks: [intro, intro] },
      `tasks[1] (id "intro").id: "intro" is used by an earlier task`],
  ])("names %s, calls nothing and exits 1", async (_what, map, message) => {
    const rig = await rigWith(map);
    const result = await rig.run(["generate"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(message);
    expect(rig.calls()).toBe(0);
  });

  it("names YAML that does not parse, and a fallback that misses a json task's schema", async () => {
    const rig = await rigWith("tasks: [\n");
    expect((await rig.run(["generate"])).stderr).toMatch(/^chorus-build: config\/content-map.yaml: not valid YAML/);

    await rig.writeProfiles({ writer: [{ provider: "openai", model: rig.model("gpt-5.4", "~status=503") }] });
    await rig.writeMap({ taskTypes: { json: "writer" }, tasks: [{ id: "list", route: "/", type: "json", messages: [{ role: "user", content: "List" }], schema: { type: "object", required: ["items"] }, fallbackPath: "fallbacks/list.json" }] });
    await rig.writeFallback("list.json", "{\"things\": []}");
    const result = await rig.run(["generate"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`task "list": fallbackPath: fallbacks/list.json does not match the task's schema`);
  });

  it("names unknown commands and options", async () => {
    const rig = await rigWith({ taskTypes: { longform: "writer" }, tasks: [intro] });
    expect(await rig.run(["build"])).toMatchObject({ code: 1, stderr: expect.stringContaining(`unknown command "build"`) });
    expect(await rig.run(["generate", "--provider", "openai"])).toMatchObject({ code: 1, stderr: expect.stringContaining("generate does not take --provider") });
    expect(await rig.run(["generate", "--fast"])).toMatchObject({ code: 1, stderr: expect.stringContaining("Unknown option '--fast'") });
    expect(await rig.run(["audit", "export", "--format", "csv"])).toMatchObject({ code: 1, stderr: expect.stringContaining(`--format: "csv" is not a format`) });
  });

  it("runs as a program whose exit code says whether the build succeeded", async () => {
    const rig = await rigWith({ taskTypes: { longform: "writer" }, tasks: [intro] });
    const bin = fileURLToPath(new URL("../../packages/build/bin/chorus-build.mjs", import.meta.url));
    const frozen = spawnSync(process.execPath, [bin, "generate", "--frozen", "--store", "store/prompts.db", "--out", "out"], { cwd: rig.dir, encoding: "utf8", env: { PATH: process.env.PATH ?? "" } });
    expect(frozen.stderr).toBe(`chorus-build: --frozen: the store has no answer for task "intro" (/): run chorus-build generate without --frozen and commit the store\n`);
    expect(frozen.status).toBe(1);
  });
});

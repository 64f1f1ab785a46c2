import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkPipelineInput } from "./check-pipeline-input.ts";
import { parsePipeline, parsePipelines, PipelineConfigError } from "./parse-pipelines.ts";
import { pipelineForPlan } from "./pipeline-for-plan.ts";

const dir = new URL("../../../../config/pipelines/", import.meta.url);
const shipped = readdirSync(dir).filter((file) => file.endsWith(".json"))
  .map((file) => ({ source: `config/pipelines/${file}`, json: JSON.parse(readFileSync(new URL(file, dir), "utf8")) as unknown }));

const minimal = () => ({
  name: "mini",
  description: "A test pipeline.",
  input: { type: "object", properties: { topic: { type: "string" } }, required: ["topic"] },
  stages: [{ name: "one", workers: [{ name: "a", profile: "fast", messages: [{ role: "user", content: "{{input.topic}}" }] }] }],
});

function problem(json: unknown): PipelineConfigError {
  try {
    parsePipeline(json, "test.json");
  } catch (error) {
    if (error instanceof PipelineConfigError) return error;
    throw error;
  }
  throw new Error("expected the declaration to be refused");
}

describe("shipped pipelines", () => {
  it("all parse, each named after its file, naming only the built-in profiles", () => {
    expect(shipped.length).toBeGreaterThan(0);
    const table = parsePipelines(shipped);
    const builtIn = ["compat", "frontier", "balanced", "fast", "cheap"];
    for (const { source } of shipped) expect(table.has(source.replace(/^.*\/(.*)\.json$/, "$1"))).toBe(true);
    for (const pipeline of table.values()) {
      const calls = [...pipeline.stages.flatMap((stage) => [...stage.workers, ...(stage.aggregator ? [stage.aggregator] : [])]), ...(pipeline.supervisor ? [pipeline.supervisor] : [])];
      for (const call of calls) {
        if (!("profile" in call)) continue;
        for (const route of [call.profile, ...(call.routes ?? [])]) expect(builtIn).toContain(route);
      }
      for (const route of pipeline.emergency?.routes ?? []) expect(builtIn).toContain(route);
    }
  });
});

describe("parsePipeline", () => {
  it("defaults a worker's kind to model and a supervisor's maxRevisions to 2", () => {
    const pipeline = parsePipeline({ ...minimal(), supervisor: { profile: "balanced", rubric: "good", threshold: 7 } }, "test.json");
    expect(pipeline.stages[0]!.workers[0]!.kind).toBe("model");
    expect(pipeline.supervisor!.maxRevisions).toBe(2);
  });

  it("names the field of each mistake", () => {
    const cases: [unknown, string][] = [
      [{ ...minimal(), supervisor: { profile: "balanced", rubric: "good", threshold: 11 } }, "supervisor.threshold"],
      [{ ...minimal(), stages: [{ name: "one", workers: [{ name: "a", messages: [{ role: "user", content: "x" }] }] }] }, "stages[0].workers[0].profile"],
      [{ ...minimal(), stages: [{ name: "one", workers: [{ name: "a", kind: "data", source: "settings", profile: "fast" }] }] }, "stages[0].workers[0].profile"],
      [{ ...minimal(), stages: [{ name: "one", workers: [{ name: "a", kind: "data", source: "weather" }] }] }, "stages[0].workers[0].source"],
      [{ ...minimal(), stages: [{ name: "one", workers: [{ name: "a", profile: "fast", messages: [{ role: "robot", content: "x" }] }] }] }, "stages[0].workers[0].messages[0].role"],
      [{ ...minimal(), tiers: { gold: {} } }, "tiers.gold"],
      [{ ...minimal(), tiers: { free: { workers: ["b"] } } }, "tiers.free.workers[0]"],
      [{ ...minimal(), stages: [{ name: "one", workers: [{ name: "a", kind: "data", source: "settings" }, { name: "a", kind: "data", source: "settings" }] }] }, "stages[0].workers[1].name"],
      [{ ...minimal(), input: { type: "string" } }, "input.type"],
      [{ ...minimal(), extra: true }, "extra"],
      [{ ...minimal(), stages: [{ name: "one", workers: [{ name: "a", profile: "fast" }] }] }, "stages[0].workers[0].messages"],
      [{ ...minimal(), stages: [{ name: "one", workers: [{ name: "a", profile: "fast", prompt: { variables: {} } }] }] }, "stages[0].workers[0].prompt.name"],
      [{ ...minimal(), stages: [{ name: "one", workers: [{ name: "a", profile: "fast", prompt: { name: "Bad Name" } }] }] }, "stages[0].workers[0].prompt.name"],
      [{ ...minimal(), stages: [{ name: "one", workers: [{ name: "a", profile: "fast", prompt: { name: "summarize", version: 0 } }] }] }, "stages[0].workers[0].prompt.version"],
      [{ ...minimal(), stages: [{ name: "one", workers: [{ name: "a", profile: "fast", prompt: { name: "summarize", variables: [] } }] }] }, "stages[0].workers[0].prompt.variables"],
      [{ ...minimal(), stages: [{ name: "one", workers: [{ name: "a", profile: "fast", prompt: { name: "summarize", vars: {} } }] }] }, "stages[0].workers[0].prompt.vars"],
      [{ ...minimal(), stages: [{ name: "one", workers: [{ name: "a", kind: "data", source: "settings", prompt: { name: "summarize" } }] }] }, "stages[0].workers[0].prompt"],
      [{ ...minimal(), stages: [{ name: "one", workers: [{ name: "a", profile: "fast", messages: [{ role: "user", content: "x" }], context: { from: "references", tokens: 10 } }] }] }, "stages[0].workers[0].context.from"],
      [{ ...minimal(), stages: [{ name: "one", workers: [{ name: "a", profile: "fast", messages: [{ role: "user", content: "x" }], cache: { key: "{{input.topic}}", ttlSeconds: 5 } }] }] }, "stages[0].workers[0].cache.ttlSeconds"],
      [{ ...minimal(), stages: [{ ...minimal().stages[0], aggregator: { profile: "fast" } }] }, "stages[0].aggregator.messages"],
      [{ ...minimal(), emergency: { routes: [] } }, "emergency.routes"],
      [{ ...minimal(), emergency: { routes: ["cheap"], facts: "a" } }, "emergency.facts"],
    ];
    for (const [json, path] of cases) {
      const error = problem(json);
      expect(error.path, JSON.stringify(json)).toBe(path);
      expect(error.message).toContain(`test.json: ${path}`);
    }
  });

  it("refuses two pipelines of one name", () => {
    expect(() => parsePipelines([{ source: "a.json", json: minimal() }, { source: "b.json", json: minimal() }])).toThrow(/b\.json: name: another pipeline/);
  });
});

describe("prompt templates, context and the emergency route", () => {
  it("keeps a worker's template, reference budget, cache and the pipeline's emergency route", () => {
    const pipeline = parsePipeline({
      ...minimal(),
      stages: [{ name: "one", workers: [
        { name: "a", profile: "fast", prompt: { name: "summarize", label: "production", variables: { text: "{{input.topic}}" } }, context: { from: "input.refs", tokens: 100 }, cache: { key: "{{input.topic}}" } },
        { name: "facts", kind: "data", source: "earlierResults" },
      ] }],
      emergency: { routes: ["cheap"], facts: "facts" },
    }, "test.json");
    expect(pipeline.stages[0]!.workers[0]).toMatchObject({
      kind: "model", prompt: { name: "summarize", label: "production", variables: { text: "{{input.topic}}" } }, context: { from: "input.refs", tokens: 100 }, cache: { key: "{{input.topic}}", ttlSeconds: 604_800 },
    });
    expect(pipeline.emergency).toEqual({ routes: ["cheap"], facts: "facts" });
  });
});

describe("pipelineForPlan", () => {
  it("runs the tier's workers, supervisor and revisions; a plan without a tier runs everything", () => {
    const pipeline = parsePipelines(shipped).get("summary")!;
    const free = pipelineForPlan(pipeline, "free").pipeline;
    expect(free.stages[0]!.workers.map((worker) => worker.name)).toEqual(["summary"]);
    expect(free.supervisor).toBeUndefined();
    const pro = pipelineForPlan(pipeline, "pro");
    expect(pro.pipeline.stages[0]!.workers.map((worker) => worker.name)).toEqual(["summary", "key-points"]);
    expect(pro.pipeline.supervisor!.maxRevisions).toBe(1);
    expect(pipelineForPlan(pipeline, "premium").retries).toBe(3);
    const itinerary = parsePipelines(shipped).get("itinerary")!;
    const names = (plan: "free" | "pro" | "premium") => pipelineForPlan(itinerary, plan).pipeline.stages[0]!.workers.map((worker) => worker.name);
    expect(names("free")).toEqual(["structure"]);
    expect(pipelineForPlan(itinerary, "free").retries).toBe(0);
    expect(pipelineForPlan(itinerary, "free").pipeline.supervisor).toBeUndefined();
    expect(names("pro")).toEqual(["structure", "locations", "verified-facts"]);
    expect(pipelineForPlan(itinerary, "pro")).toMatchObject({ retries: 1, pipeline: { supervisor: { maxRevisions: 1 } } });
    expect(pipelineForPlan(itinerary, "premium")).toMatchObject({ retries: 3, pipeline: { supervisor: { maxRevisions: 2 } } });
    const untiered = parsePipeline(minimal(), "test.json");
    expect(pipelineForPlan(untiered, "free").pipeline).toEqual(untiered);
  });
});

describe("checkPipelineInput", () => {
  const schema = { type: "object", properties: { topic: { type: "string" }, stops: { type: "array", items: { type: "object", properties: { name: { type: "string" } } } } }, required: ["topic"] };

  it("accepts input that fits and names the field of input that does not", () => {
    expect(checkPipelineInput(schema, { topic: "tides" })).toBeUndefined();
    expect(checkPipelineInput(schema, {})?.param).toBe("input.topic");
    expect(checkPipelineInput(schema, { topic: 3 })?.param).toBe("input.topic");
    expect(checkPipelineInput(schema, { topic: "x", stops: [{ name: 1 }] })?.param).toBe("input.stops[0].name");
    expect(checkPipelineInput(schema, "text")?.param).toBe("input");
  });
});

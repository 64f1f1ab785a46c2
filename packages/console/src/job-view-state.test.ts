import type { JobEvent, JobInfo, PipelineInfo } from "@chorus/sdk";
import { describe, expect, it } from "vitest";
import { applyJobEvent, initialJobView } from "./job-view-state.ts";

const JOB: JobInfo = {
  id: "job_1", pipeline: "summary", status: "queued", progress: 0, stage: null, draft: null, result: null,
  quality: { score: null, approved: null, revisions: 0 }, routes: [], usage: { tokensIn: 0, tokensOut: 0, costUsd: 0 }, error: null,
  createdAt: "2026-01-01T00:00:00.000Z", updatedAt: "2026-01-01T00:00:00.000Z",
};
const PIPELINE: PipelineInfo = {
  name: "summary", description: "", input: {}, supervisor: { threshold: 7, maxRevisions: 2 },
  stages: [{ name: "draft", workers: [{ name: "summary", kind: "model" }], aggregator: true }],
};

let nextId = 1;
const event = (type: string, data: Record<string, unknown>): JobEvent => ({ id: nextId++, type, data: { jobId: "job_1", status: "running", ...data } as JobEvent["data"] });
const replay = (events: JobEvent[], pipeline: PipelineInfo | null = PIPELINE) => events.reduce(applyJobEvent, initialJobView(JOB, pipeline ?? undefined));
const steps = (state: ReturnType<typeof replay>) => state.steps.map((step) => `${step.name}:${step.state}${step.note ? ` (${step.note})` : ""}`);

describe("the job view's state from its events", () => {
  it("follows a job from its stages through the draft, a revision and the review to the result", () => {
    const events = [
      event("job.queued", { status: "queued", progress: 0 }),
      event("stage.started", { progress: 0, stage: "draft" }),
    ];
    expect(steps(replay(events))).toEqual(["draft:running", "review:pending"]);
    events.push(event("stage.completed", { progress: 50, stage: "draft" }), event("draft", { progress: 50, draft: "First draft." }));
    expect(replay(events)).toMatchObject({ progress: 50, draft: "First draft.", result: null, stage: "draft" });
    expect(steps(replay(events))).toEqual(["draft:done", "review:running"]);
    events.push(
      event("review", { progress: 50, review: { score: 4, approved: false, notes: "Too long.", revise: [{ part: "summary", instruction: "Shorter." }] } }),
      event("revision", { progress: 50, round: 1, parts: ["summary"], stage: "draft" }),
    );
    expect(steps(replay(events))).toEqual(["draft:done", "review:running (revision 1 of summary)"]);
    expect(replay(events).quality).toEqual({ score: 4, approved: false, revisions: 1 });
    events.push(
      event("progress", { progress: 75 }),
      event("job.succeeded", { status: "succeeded", progress: 100, result: "Final.", quality: { score: 9, approved: true, revisions: 1 } }),
    );
    expect(replay(events)).toMatchObject({ status: "succeeded", progress: 100, stage: null, draft: "First draft.", result: "Final.", quality: { score: 9, approved: true, revisions: 1 } });
    expect(steps(replay(events))).toEqual(["draft:done", "review:done"]);
  });

  it("marks what never ran as skipped, lists fallbacks, and takes unknown events' progress only", () => {
    const state = replay([
      event("stage.started", { progress: 0, stage: "draft" }),
      event("fallback", { progress: 0, stage: "draft", route: "cheap", reason: "openai:503" }),
      event("stage.mystery", { progress: 30, stage: "elsewhere" }),
      event("job.cancelled", { status: "cancelled", progress: 30 }),
    ]);
    expect(state).toMatchObject({ status: "cancelled", progress: 30, fallbacks: [{ stage: "draft", route: "cheap", reason: "openai:503" }] });
    expect(steps(state)).toEqual(["draft:stopped", "review:skipped"]);
  });

  it("lists a stage the pipeline's description did not name, before the review", () => {
    expect(steps(replay([event("stage.started", { progress: 0, stage: "check" })]))).toEqual(["draft:pending", "check:running", "review:pending"]);
    expect(steps(replay([event("stage.started", { progress: 0, stage: "check" })], null))).toEqual(["check:running"]);
  });
});

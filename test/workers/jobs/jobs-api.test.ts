import { describe, expect, it } from "vitest";
import { call } from "../gateway-client.ts";
import { eventsOf, fakeModel, jobUser, startJob, twoWorkerPipeline, withPipelines } from "./job-helpers.ts";

type ErrorBody = { error: { code: string; type: string; param: string | null; message: string } };

describe("/v1/jobs and /v1/pipelines", () => {
  it("replays the events after Last-Event-ID (header or query) without loss or repeat", async () => {
    const user = jobUser();
    const id = await startJob({ pipeline: "pair", input: { topic: "moons" } }, withPipelines(user, twoWorkerPipeline({ a: fakeModel(), b: fakeModel() })));
    const all = await eventsOf(id, user);
    expect(all.map((event) => event.event)).toEqual(["job.queued", "job.started", "stage.started", "progress", "progress", "stage.completed", "draft", "job.succeeded"]);

    const afterTwo = await eventsOf(id, user, { "last-event-id": "2" });
    expect(afterTwo).toEqual(all.slice(2));
    const afterSix = await eventsOf(id, user, {}, "?lastEventId=6");
    expect(afterSix).toEqual(all.slice(6));
    expect(await eventsOf(id, user, { "last-event-id": String(all.length) })).toEqual([]);

    const bad = await call(`/v1/jobs/${id}/events?lastEventId=soon`, undefined, { user });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorBody).error.param).toBe("lastEventId");
  });

  it("shows a job only to its owner: another user's is 404 job_not_found everywhere, and not listed", async () => {
    const owner = jobUser();
    const other = jobUser();
    const id = await startJob({ pipeline: "pair", input: { topic: "x" } }, withPipelines(owner, twoWorkerPipeline({ a: fakeModel(), b: fakeModel() })));
    for (const [path, method] of [[`/v1/jobs/${id}`, "GET"], [`/v1/jobs/${id}/events`, "GET"], [`/v1/jobs/${id}`, "DELETE"]] as const) {
      const res = await call(path, undefined, { user: other, method });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(((await res.json()) as ErrorBody).error).toMatchObject({ code: "job_not_found", type: "not_found_error" });
    }
    expect(((await (await call("/v1/jobs", undefined, { user: other })).json()) as { data: unknown[] }).data).toEqual([]);
    await eventsOf(id, owner);
    const mine = (await (await call("/v1/jobs?status=succeeded", undefined, { user: owner })).json()) as { data: { id: string; status: string }[] };
    expect(mine.data.map((job) => [job.id, job.status])).toEqual([[id, "succeeded"]]);
    expect(((await (await call("/v1/jobs?status=running", undefined, { user: owner })).json()) as { data: unknown[] }).data).toEqual([]);
    const badStatus = await call("/v1/jobs?status=done", undefined, { user: owner });
    expect(badStatus.status).toBe(400);
    expect(((await badStatus.json()) as ErrorBody).error.param).toBe("status");
  });

  it("refuses input that fails the pipeline's schema naming the field, an unknown pipeline, and new jobs under the kill switch", async () => {
    const user = jobUser();
    const options = withPipelines(user, twoWorkerPipeline({ a: fakeModel(), b: fakeModel() }));
    const cases: [unknown, number, string, string | null][] = [
      [{ pipeline: "pair", input: {} }, 400, "invalid_input", "input.topic"],
      [{ pipeline: "pair", input: { topic: 7 } }, 400, "invalid_input", "input.topic"],
      [{ pipeline: "pair", input: { topic: "x", extra: 1 } }, 400, "invalid_input", "input.extra"],
      [{ input: { topic: "x" } }, 400, "invalid_request", "pipeline"],
      [{ pipeline: "nope", input: {} }, 404, "pipeline_not_found", "pipeline"],
    ];
    for (const [body, status, code, param] of cases) {
      const res = await call("/v1/jobs", body, options);
      const { error } = (await res.json()) as ErrorBody;
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(error.code).toBe(code);
      expect(error.param).toBe(param);
    }
    const off = await call("/v1/jobs", { pipeline: "pair", input: { topic: "x" } }, { ...options, env: { ...options.env, AI_FEATURES_ENABLED: "false" } });
    expect(off.status).toBe(503);
    expect(((await off.json()) as ErrorBody).error.code).toBe("ai_disabled");
    // Nothing was started by the refusals.
    expect(((await (await call("/v1/jobs", undefined, { user })).json()) as { data: unknown[] }).data).toEqual([]);
  });

  it("starts one job for one idempotency key", async () => {
    const user = jobUser();
    const options = withPipelines(user, twoWorkerPipeline({ a: fakeModel(), b: fakeModel() }));
    const body = { pipeline: "pair", input: { topic: "x" }, idempotencyKey: "once" };
    const first = await startJob(body, options);
    expect(await startJob(body, options)).toBe(first);
    expect(((await (await call("/v1/jobs", undefined, { user })).json()) as { data: unknown[] }).data).toHaveLength(1);
    await eventsOf(first, user);
  });

  it("falls back to a worker's next route when its profile fails, with a fallback event and the route recorded", async () => {
    const user = jobUser();
    const broken = fakeModel("~status=400");
    const spare = fakeModel();
    const pipeline = twoWorkerPipeline({ a: broken, b: fakeModel() });
    (pipeline.stages[0]!.workers[0] as { routes?: string[] }).routes = [`openai/${spare}`];
    const id = await startJob({ pipeline: "pair", input: { topic: "x" } }, withPipelines(user, pipeline));
    const events = await eventsOf(id, user);
    const fallback = events.find((event) => event.event === "fallback")!;
    expect(fallback.data).toMatchObject({ stage: "write", route: `openai/${broken}`, next: `openai/${spare}` });
    expect(events.at(-1)!.event).toBe("job.succeeded");
    const job = (await (await call(`/v1/jobs/${id}`, undefined, { user })).json()) as { routes: { route: string; reason: string }[]; result: Record<string, string> };
    expect(job.routes).toContainEqual({ stage: "write", route: `openai/${spare}`, reason: `fallback after openai/${broken}` });
    expect(job.result.a).toBe("Echo: A about x");
  });

  it("lists the shipped pipelines with their input schema and stages", async () => {
    const res = await call("/v1/pipelines", undefined, { user: jobUser() });
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: { name: string; input: { required: string[] }; stages: { name: string; workers: { name: string }[] }[] }[] };
    const summary = data.find((pipeline) => pipeline.name === "summary")!;
    expect(summary.input.required).toEqual(["text"]);
    expect(summary.stages[0]!.workers.map((worker) => worker.name)).toEqual(["summary", "key-points"]);
  });

  it("runs the shipped summary pipeline for a free plan with its tier's single worker and no review", async () => {
    const user = jobUser("free");
    const id = await startJob({ pipeline: "summary", input: { text: "The tide comes in twice a day." } }, { user });
    const events = await eventsOf(id, user);
    expect(events.at(-1)!.event).toBe("job.succeeded");
    expect(events.map((event) => event.event)).not.toContain("review");
    const job = (await (await call(`/v1/jobs/${id}`, undefined, { user })).json()) as { routes: { route: string }[]; result: unknown };
    expect(job.routes.map((route) => route.route)).toEqual(["fast", "balanced"]);
    expect(typeof job.result).toBe("string");
  });
});

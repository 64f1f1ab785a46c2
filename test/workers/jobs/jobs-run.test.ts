import { env, introspectWorkflowInstance } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { eventually, seenBy } from "../fake-upstream.ts";
import { call } from "../gateway-client.ts";
import { eventsOf, fakeModel, jobUser, startJob, twoWorkerPipeline, withPipelines } from "./job-helpers.ts";

type Job = { id: string; status: string; progress: number; stage: string | null; draft: unknown; result: unknown; quality: unknown; routes: unknown[]; usage: { tokensIn: number; tokensOut: number; costUsd: number }; error: unknown };

const workflow = (env as unknown as { JOB_WORKFLOW: Workflow }).JOB_WORKFLOW;

async function jobOf(id: string, user: ReturnType<typeof jobUser>): Promise<Job> {
  const res = await call(`/v1/jobs/${id}`, undefined, { user });
  expect(res.status).toBe(200);
  return (await res.json()) as Job;
}

describe("a job runs its pipeline on Workflows", () => {
  it("runs the workers, merges, reviews and succeeds with the result; every call through the chat path as the owner", async () => {
    const user = jobUser();
    const models = { a: fakeModel(), b: fakeModel(), aggregate: fakeModel(), review: fakeModel() };
    const id = await startJob({ pipeline: "pair", input: { topic: "tides" } }, withPipelines(user, twoWorkerPipeline(models)));

    // Opened at once: what has happened is replayed, the rest arrives live, and the stream closes after the terminal event.
    const events = await eventsOf(id, user);
    expect(events.map((event) => event.event)).toEqual([
      "job.queued", "job.started", "stage.started", "progress", "progress", "stage.completed", "draft", "review", "job.succeeded",
    ]);
    expect(events.map((event) => event.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const event of events) expect(event.data.jobId).toBe(id);
    // A progress event as each worker finishes (of three units: two workers and the merge, then the review), never going back.
    const progressEvents = events.filter((event) => event.event === "progress");
    expect(progressEvents.map((event) => event.data.progress)).toEqual([16, 33]);
    expect(progressEvents.map((event) => event.data.part).sort()).toEqual(["a", "b"]);
    const progress = events.map((event) => event.data.progress);
    expect(progress).toEqual([...progress].sort((x, y) => x - y));
    expect(progress.slice(-3)).toEqual([50, 99, 100]);
    // The draft goes out as soon as the stage is done, before the review.
    expect(events[6]!.data.draft).toBe("Echo: Merge Echo: A about tides and Echo: B about tides");
    expect(events[7]!.data.review).toMatchObject({ score: 10, approved: true, revise: [] });

    const job = await jobOf(id, user);
    expect(job).toMatchObject({
      status: "succeeded", progress: 100, stage: null, error: null,
      result: "Echo: Merge Echo: A about tides and Echo: B about tides",
      quality: { score: 10, approved: true, revisions: 0 },
    });
    expect(job.routes).toEqual([
      { stage: "write", route: `openai/${models.a}`, reason: "primary" },
      { stage: "write", route: `openai/${models.b}`, reason: "primary" },
      { stage: "write", route: `openai/${models.aggregate}`, reason: "primary" },
      { stage: "write", route: `openai/${models.review}`, reason: "primary" },
    ]);
    expect(job.usage.tokensIn).toBeGreaterThan(0);
    expect(job.usage.tokensOut).toBeGreaterThan(0);

    // Each worker was asked once with its prompt filled from the input; the supervisor with a JSON Schema.
    const [sentA] = (await seenBy("openai", models.a)) as unknown as { body: { messages: { content: string }[] } }[];
    expect(sentA!.body.messages.at(-1)!.content).toBe("A about tides");
    const [sentReview] = (await seenBy("openai", models.review)) as unknown as { body: { response_format?: { type: string } } }[];
    expect(sentReview!.body.response_format?.type).toBe("json_schema");

    await using instance = await introspectWorkflowInstance(workflow, id);
    await instance.waitForStatus("complete");
    expect(await instance.getOutput()).toBe(job.result);

    // Billed to its owner as chat requests: the usage of the day counts the job's four calls.
    const requests = async () => ((await (await call("/v1/usage", undefined, { user })).json()) as { days: { requests: number }[] }).days.reduce((sum, day) => sum + day.requests, 0);
    expect(await eventually(async () => (await requests()) === 4)).toBe(true);
  });

  it("runs the workers of a stage in parallel, and a cancel stops the job and aborts the calls in flight", async () => {
    const user = jobUser();
    const models = { a: fakeModel("~hang"), b: fakeModel("~hang") };
    const id = await startJob({ pipeline: "pair", input: { topic: "tides" } }, withPipelines(user, twoWorkerPipeline(models)));

    // Both hanging calls have reached the fake: the second did not wait for the first, which never answers.
    expect(await eventually(async () => (await seenBy("openai", models.a)).length === 1 && (await seenBy("openai", models.b)).length === 1)).toBe(true);

    const cancelled = await call(`/v1/jobs/${id}`, undefined, { user, method: "DELETE" });
    expect(cancelled.status).toBe(200);
    expect(await cancelled.json()).toMatchObject({ id, status: "cancelled" });

    const events = await eventsOf(id, user);
    expect(events.map((event) => event.event)).toEqual(["job.queued", "job.started", "stage.started", "job.cancelled"]);
    expect(events.at(-1)!.data.status).toBe("cancelled");
    expect(await eventually(async () => (await seenBy("openai", models.a))[0]?.abortedByClient === true && (await seenBy("openai", models.b))[0]?.abortedByClient === true)).toBe(true);

    expect((await jobOf(id, user)).status).toBe("cancelled");
    // Nothing more is said once cancelled: the log is closed.
    expect(await eventsOf(id, user, { "last-event-id": "4" })).toEqual([]);
  });
});

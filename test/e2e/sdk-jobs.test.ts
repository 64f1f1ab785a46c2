import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChorusClient, type ChorusClient, type JobEvent } from "../../packages/sdk/src/index.ts";
import { startAllFakes, type AllFakes } from "../fakes/start-all-fakes.ts";
import { jobProfiles } from "./job-profiles.ts";
import { serveGateway, type ServedGateway } from "./served-gateway.ts";

// The served gateway (as `npm start` runs it) driven by the project's own SDK: the shipped summary pipeline run as a job.
let fakes: AllFakes;
let gateway: ServedGateway;
let client: ChorusClient;

beforeAll(async () => {
  const started = await startAllFakes();
  fakes = started;
  gateway = await serveGateway({ ...started.env, LLM_PROFILES: jobProfiles(1_000) });
  const login = await fetch(`${gateway.url}/dev/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ sub: `sdk-jobs-${crypto.randomUUID()}`, plan: "pro" }) });
  const { token } = (await login.json()) as { token: string };
  client = createChorusClient({ baseURL: gateway.url, token });
});

afterAll(async () => {
  await gateway?.stop();
  await Promise.all([fakes?.openai, fakes?.anthropic, fakes?.google].map((fake) => fake?.close()));
});

async function collect(events: AsyncIterable<JobEvent>): Promise<JobEvent[]> {
  const seen: JobEvent[] = [];
  for await (const event of events) seen.push(event);
  return seen;
}

const TEXT = "The tide comes in twice a day. The moon's pull causes it.";

describe("served gateway, the Chorus SDK: pipelines and jobs", () => {
  it("runs the summary pipeline as a job, its events from queued to succeeded, the draft before the review", async () => {
    const summary = (await client.pipelines.list()).find((pipeline) => pipeline.name === "summary");
    expect(summary?.input).toMatchObject({ required: ["text"] });

    const created = await client.jobs.create({ pipeline: "summary", input: { text: TEXT, audience: "children" } });
    expect(created.status).toBe("queued");
    const events = await collect(client.jobs.events(created.id));

    const types = events.map((event) => event.type);
    expect(types[0]).toBe("job.queued");
    expect(types.at(-1)).toBe("job.succeeded");
    expect(types.indexOf("draft")).toBeLessThan(types.indexOf("review"));
    expect(events.map((event) => event.id)).toEqual(events.map((_, at) => at + 1));
    const progress = events.map((event) => event.data.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(100);

    const job = await client.jobs.get(created.id);
    expect(job).toMatchObject({ status: "succeeded", progress: 100, quality: { score: 10, approved: true } });
    expect(job.result).toBe(events.at(-1)!.data.result);
    expect(job.routes.map((route) => route.stage)).toContain("draft");
    expect((await client.jobs.list({ status: "succeeded" })).map((listed) => listed.id)).toContain(created.id);

    // A reader that comes back with the id it last saw gets the rest, and only the rest.
    const resumed = await collect(client.jobs.events(created.id, { lastEventId: 3 }));
    expect(resumed).toEqual(events.slice(3));
  });

  it("cancels a running job: its events end with job.cancelled and the job says so", async () => {
    const created = await client.jobs.create({ pipeline: "summary", input: { text: TEXT } });
    const types: string[] = [];
    for await (const event of client.jobs.events(created.id)) {
      types.push(event.type);
      // The draft stage's workers answered; its aggregator (slow `balanced`) is running.
      if (event.type === "stage.started") expect((await client.jobs.cancel(created.id)).status).toBe("cancelled");
    }
    expect(types.at(-1)).toBe("job.cancelled");
    expect(types).not.toContain("job.succeeded");
    expect(await client.jobs.get(created.id)).toMatchObject({ status: "cancelled" });
  });

  it("names the missing input field", async () => {
    await expect(client.jobs.create({ pipeline: "summary", input: { audience: "anyone" } })).rejects.toMatchObject({ status: 400, param: expect.stringContaining("text") });
  });
});

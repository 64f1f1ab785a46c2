import { expect } from "vitest";
import { call, type CallOptions, type TestUser } from "../gateway-client.ts";

export interface EventFrame {
  id: number;
  event: string;
  data: Record<string, unknown> & { jobId: string; status: string; progress: number };
}

/** A verified user of this test alone, so lists and quotas are theirs only. */
export function jobUser(plan: TestUser["plan"] = "pro"): TestUser {
  return { sub: `jobs-${crypto.randomUUID()}`, plan, emailVerified: true };
}

/** A model id unique to the test, on the fake OpenAI, with fake directives (`~hang`, `~firstTokenMs=`). */
export function fakeModel(directives = ""): string {
  return `job-${crypto.randomUUID()}${directives}`;
}

const call1 = (route: string, content: string) => ({ profile: route, messages: [{ role: "user", content }] });

/**
 * A pipeline of one stage of two parallel model workers (`a`, `b`), with an
 * aggregator and a supervisor when asked; every call on its own fake model
 * (`openai/<model>`), so the fake's record shows what each was sent.
 */
export function twoWorkerPipeline(models: { a: string; b: string; aggregate?: string; review?: string }) {
  return {
    name: "pair",
    description: "Two workers in parallel.",
    input: { type: "object", properties: { topic: { type: "string", minLength: 1 } }, required: ["topic"], additionalProperties: false },
    stages: [{
      name: "write",
      workers: [
        { name: "a", ...call1(`openai/${models.a}`, "A about {{input.topic}}") },
        { name: "b", ...call1(`openai/${models.b}`, "B about {{input.topic}}") },
      ],
      ...(models.aggregate && { aggregator: call1(`openai/${models.aggregate}`, "Merge {{parts.a}} and {{parts.b}}") }),
    }],
    ...(models.review && { supervisor: { profile: `openai/${models.review}`, rubric: "Clear and faithful.", threshold: 7 } }),
  };
}

/** Call options that run `pipelines` (the `PIPELINES` variable) for `user`. */
export function withPipelines(user: TestUser, ...pipelines: unknown[]): CallOptions {
  return { user, env: { PIPELINES: JSON.stringify(pipelines) } };
}

/** Starts a job and answers its id (202 asserted). */
export async function startJob(body: Record<string, unknown>, options: CallOptions): Promise<string> {
  const res = await call("/v1/jobs", body, options);
  const created = (await res.json()) as { id: string; status: string };
  expect(res.status, JSON.stringify(created)).toBe(202);
  expect(res.headers.get("location")).toBe(`/v1/jobs/${created.id}`);
  expect(created.status).toBe("queued");
  return created.id;
}

/** The SSE frames of a whole response (it ends after the job's terminal event). */
export function parseFrames(text: string): EventFrame[] {
  return text.split("\n\n").filter((block) => block.startsWith("id:")).map((block) => {
    const fields = Object.fromEntries(block.split("\n").map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 2)]));
    return { id: Number(fields.id), event: fields.event!, data: JSON.parse(fields.data!) as EventFrame["data"] };
  });
}

/** Every event of job `id` after `lastEventId` (the header), until the stream closes. */
export async function eventsOf(id: string, user: TestUser, headers: Record<string, string> = {}, query = ""): Promise<EventFrame[]> {
  const res = await call(`/v1/jobs/${id}/events${query}`, undefined, { user, headers });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("text/event-stream");
  return parseFrames(await res.text());
}

/** A job as `GET /v1/jobs/{id}` shows it. */
export interface JobView {
  id: string;
  status: string;
  progress: number;
  stage: string | null;
  draft: unknown;
  result: unknown;
  quality: { score: number | null; approved: boolean | null; revisions: number };
  routes: { stage: string; route: string; reason: string }[];
  usage: { tokensIn: number; tokensOut: number; costUsd: number };
  error: { code: string; message: string } | null;
}

export async function jobOf(id: string, user: TestUser): Promise<JobView> {
  const res = await call(`/v1/jobs/${id}`, undefined, { user });
  expect(res.status).toBe(200);
  return (await res.json()) as JobView;
}

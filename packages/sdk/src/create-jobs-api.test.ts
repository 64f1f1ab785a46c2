import type { ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import { fakeGatewayClients } from "../test/fake-gateway-clients.ts";
import { errorBody, sendJson, sleep } from "../test/start-fake-gateway.ts";
import type { JobEvent, JobInfo } from "./job-types.ts";

const JOB: JobInfo = {
  id: "job_1", pipeline: "summary", status: "running", progress: 50, stage: "draft", draft: "A draft.", result: null,
  quality: { score: null, approved: null, revisions: 0 }, routes: [{ stage: "draft", route: "fast", reason: "primary" }],
  usage: { tokensIn: 10, tokensOut: 5, costUsd: 0.0001 }, error: null, createdAt: "2026-01-01T00:00:00.000Z", updatedAt: "2026-01-01T00:00:01.000Z",
};

/** The job's log as the gateway sends it: ids 1..7, the last one terminal. */
const LOG: [type: string, data: Record<string, unknown>][] = [
  ["job.queued", { progress: 0, status: "queued" }],
  ["job.started", { progress: 0, status: "running" }],
  ["stage.started", { progress: 0, status: "running", stage: "draft" }],
  ["stage.completed", { progress: 50, status: "running", stage: "draft" }],
  ["draft", { progress: 50, status: "running", stage: "draft", draft: "A draft." }],
  ["review", { progress: 50, status: "running", review: { score: 9, approved: true, notes: "Good.", revise: [] } }],
  ["job.succeeded", { progress: 100, status: "succeeded", result: "The brief.", quality: { score: 9, approved: true, revisions: 0 } }],
];

const frame = (id: number) => {
  const [type, data] = LOG[id - 1]!;
  return `id: ${id}\nevent: ${type}\ndata: ${JSON.stringify({ jobId: "job_1", ...data })}\n\n`;
};

function startSse(res: ServerResponse): void {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  res.flushHeaders();
}

/** `?lastEventId=` of an events request. */
const lastEventIdOf = (path: string) => Number(new URL(path, "http://x").searchParams.get("lastEventId"));

const gateway = fakeGatewayClients();
const { clientFor } = gateway;

async function collect(events: AsyncIterable<JobEvent>): Promise<JobEvent[]> {
  const seen: JobEvent[] = [];
  for await (const event of events) seen.push(event);
  return seen;
}

describe("client.pipelines and client.jobs", () => {
  it("lists pipelines, starts, lists, reads and cancels jobs at the contract's paths", async () => {
    const pipeline = { name: "summary", description: "Summaries.", input: { type: "object" }, stages: [], supervisor: null };
    const client = await clientFor((request, res) => {
      if (request.path === "/v1/pipelines") return sendJson(res, 200, { data: [pipeline] });
      if (request.method === "POST") return sendJson(res, 202, { id: "job_1", pipeline: "summary", status: "queued", createdAt: JOB.createdAt }, { location: "/v1/jobs/job_1" });
      if (request.path.startsWith("/v1/jobs?") || request.path === "/v1/jobs") return sendJson(res, 200, { data: [JOB] });
      sendJson(res, 200, request.method === "DELETE" ? { ...JOB, status: "cancelled" } : JOB);
    });

    expect(await client.pipelines.list()).toEqual([pipeline]);
    expect(await client.jobs.create({ pipeline: "summary", input: { text: "Hi." }, idempotencyKey: "k1" })).toEqual({ id: "job_1", pipeline: "summary", status: "queued", createdAt: JOB.createdAt });
    expect(await client.jobs.list({ status: "running" })).toEqual([JOB]);
    expect(await client.jobs.list()).toEqual([JOB]);
    expect(await client.jobs.get("job_1")).toEqual(JOB);
    expect((await client.jobs.cancel("job/1")).status).toBe("cancelled");

    expect(gateway.requests.map(({ method, path, body }) => ({ method, path, body }))).toEqual([
      { method: "GET", path: "/v1/pipelines", body: undefined },
      { method: "POST", path: "/v1/jobs", body: { pipeline: "summary", input: { text: "Hi." }, idempotencyKey: "k1" } },
      { method: "GET", path: "/v1/jobs?status=running", body: undefined },
      { method: "GET", path: "/v1/jobs", body: undefined },
      { method: "GET", path: "/v1/jobs/job_1", body: undefined },
      { method: "DELETE", path: "/v1/jobs/job%2F1", body: undefined },
    ]);
  });

  it("throws the gateway's 400 naming the input field", async () => {
    const client = await clientFor((_request, res) => sendJson(res, 400, errorBody("invalid_input", "invalid_request_error", "Invalid 'input.text': is required", "input.text")));
    await expect(client.jobs.create({ pipeline: "summary", input: {} })).rejects.toMatchObject({ status: 400, code: "invalid_input", param: "input.text" });
  });
});

describe("client.jobs.events", () => {
  it("yields every event typed, in order, and ends after the terminal event though the connection stays open", async () => {
    const client = await clientFor((_request, res) => {
      startSse(res);
      // A keep-alive comment, the whole log, then nothing: the iteration must end on `job.succeeded`, not on the close.
      res.write(`: keep-alive\n\n${LOG.map((_, at) => frame(at + 1)).join("")}`);
    });

    const events = await collect(client.jobs.events("job_1"));

    expect(events.map((event) => [event.id, event.type])).toEqual(LOG.map(([type], at) => [at + 1, type]));
    expect(events[4]!.data).toEqual({ jobId: "job_1", status: "running", progress: 50, stage: "draft", draft: "A draft." });
    expect(events.at(-1)!.data).toMatchObject({ status: "succeeded", progress: 100, result: "The brief." });
    expect(gateway.requests.map((request) => [request.path, request.headers.accept])).toEqual([["/v1/jobs/job_1/events?lastEventId=0", "text/event-stream"]]);
  });

  it("reconnects after a cut connection with the last id seen: every event once, none lost, none repeated", async () => {
    const client = await clientFor(async (request, res) => {
      const after = lastEventIdOf(request.path);
      startSse(res);
      if (gateway.requests.length === 1) {
        // Events 1-3, then half of event 4, then the connection dies.
        res.write(frame(1) + frame(2) + frame(3) + frame(4).slice(0, 20));
        await sleep(20);
        res.socket?.destroy();
        return;
      }
      // The replay starts one event early, as a proxy's might: the SDK skips what it has by id.
      res.end(LOG.map((_, at) => at + 1).filter((id) => id >= after).map(frame).join(""));
    });

    const events = await collect(client.jobs.events("job_1", { reconnectDelayMs: 0 }));

    expect(events.map((event) => event.id)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(events.map((event) => event.type)).toEqual(LOG.map(([type]) => type));
    expect(gateway.requests.map((request) => lastEventIdOf(request.path))).toEqual([0, 3]);
  });

  it("reconnects when the stream ends before the job does, and resumes from `lastEventId` when given", async () => {
    const client = await clientFor((request, res) => {
      const after = lastEventIdOf(request.path);
      startSse(res);
      // Two events per connection, then a clean close (a proxy's idle timeout).
      res.end(frame(after + 1) + (after + 2 <= LOG.length ? frame(after + 2) : ""));
    });

    const events = await collect(client.jobs.events("job_1", { lastEventId: 2, reconnectDelayMs: 0 }));

    expect(events.map((event) => event.id)).toEqual([3, 4, 5, 6, 7]);
    expect(gateway.requests.map((request) => lastEventIdOf(request.path))).toEqual([2, 4, 6]);
  });

  it("passes on an event type it does not know", async () => {
    const client = await clientFor((_request, res) => {
      startSse(res);
      res.end(`id: 1\nevent: stage.skipped\ndata: {"jobId":"job_1","status":"running","progress":40,"stage":"check"}\n\n${frame(7).replace("id: 7", "id: 2")}`);
    });

    const events = await collect(client.jobs.events("job_1"));

    expect(events.map((event) => [event.id, event.type])).toEqual([[1, "stage.skipped"], [2, "job.succeeded"]]);
    expect(events[0]!.data.stage).toBe("check");
  });

  it("throws a 404 at once, without reconnecting", async () => {
    const client = await clientFor((_request, res) => sendJson(res, 404, errorBody("job_not_found", "not_found_error", "No job 'job_x'.")));
    await expect(collect(client.jobs.events("job_x", { reconnectDelayMs: 0 }))).rejects.toMatchObject({ status: 404, code: "job_not_found" });
    expect(gateway.requests).toHaveLength(1);
  });

  it("gives up after `maxReconnects` connections in a row with no new event, with the last failure", async () => {
    const client = await clientFor((_request, res) => sendJson(res, 503, errorBody("upstream_error", "api_error", "Down.")));
    await expect(collect(client.jobs.events("job_1", { maxReconnects: 2, reconnectDelayMs: 0 }))).rejects.toMatchObject({ status: 503 });
    expect(gateway.requests).toHaveLength(3);
  });

  it("stops when the caller aborts, closing the connection", async () => {
    let closed: () => void;
    const connectionClosed = new Promise<void>((resolve) => (closed = resolve));
    const client = await clientFor((_request, res) => {
      startSse(res);
      res.write(frame(1));
      res.on("close", () => closed());
    });
    const controller = new AbortController();
    const seen: number[] = [];

    await expect((async () => {
      for await (const event of client.jobs.events("job_1", { signal: controller.signal })) {
        seen.push(event.id);
        controller.abort();
      }
    })()).rejects.toMatchObject({ name: "AbortError" });

    await connectionClosed;
    expect(seen).toEqual([1]);
    expect(gateway.requests).toHaveLength(1);
  });
});

// Issue 14: what running a pipeline as a job (Cloudflare Workflows, the
// job's log, its row) costs over the job's critical path. One pipeline of
// known shape against the timed fake (timed-fake-process.ts): a stage of two
// model workers in parallel, its aggregator, then the supervisor's review,
// each call with its own `firstTokenMs` delay. The critical path of a job is
// the sum over its steps of the slowest upstream call of the step, as the
// fake timed them; the job's wall time runs from `POST /v1/jobs` to the
// terminal event on its SSE stream; the overhead is the difference.
import { request } from "node:http";

/** The fake's delay per call, in ms: the parallel workers `a` and `b`, then the aggregator, then the review. */
export const JOB_DELAYS_MS = { a: 40, b: 60, aggregate: 20, review: 20 };
const CALLS = Object.keys(JOB_DELAYS_MS);
export const JOB_PIPELINE_NAME = "bench-job";
const TERMINAL = new Set(["job.succeeded", "job.failed", "job.cancelled"]);
const JOB_TIMEOUT_MS = 30_000;

/** The clock every process on this machine shares (the timed fake uses the same). */
const clock = () => performance.timeOrigin + performance.now();

const modelFor = (call) => `gpt-bench~firstTokenMs=${JOB_DELAYS_MS[call]}~id=${call}`;
const userMessage = (content) => [{ role: "user", content }];

/** The pipeline as `PIPELINES` declares it, every call to the timed fake as the `openai` provider. */
export function jobPipelines() {
  const route = (call) => `openai/${modelFor(call)}`;
  return [{
    name: JOB_PIPELINE_NAME,
    description: "Two workers in parallel, merged, reviewed: the benchmark's job.",
    input: { type: "object", properties: { topic: { type: "string", minLength: 1 } }, required: ["topic"], additionalProperties: false },
    stages: [{
      name: "write",
      workers: [
        { name: "a", profile: route("a"), messages: userMessage("A about {{input.topic}}") },
        { name: "b", profile: route("b"), messages: userMessage("B about {{input.topic}}") },
      ],
      aggregator: { profile: route("aggregate"), messages: userMessage("Merge {{parts.a}} and {{parts.b}}") },
    }],
    supervisor: { profile: route("review"), rubric: "Clear and faithful.", threshold: 7 },
  }];
}

function send(url, { method = "GET", headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: { ...(body && { "content-type": "application/json", "content-length": Buffer.byteLength(body) }), ...headers } }, (res) => {
      const chunks = [];
      res.on("data", (chunk) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.setTimeout(JOB_TIMEOUT_MS, () => req.destroy(new Error(`no answer within ${JOB_TIMEOUT_MS} ms`)));
    req.on("error", reject);
    req.end(body);
  });
}

/** Reads the job's SSE stream until its terminal event; resolves with each event's type and arrival time. */
function followEvents(url, headers) {
  return new Promise((resolve, reject) => {
    const events = [];
    const req = request(url, { headers: { accept: "text/event-stream", ...headers } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`GET events: HTTP ${res.statusCode}`));
      let buffered = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => {
        const at = clock();
        buffered += chunk;
        const blocks = buffered.split("\n\n");
        buffered = blocks.pop();
        for (const block of blocks) {
          const fields = Object.fromEntries(block.split("\n").filter((line) => !line.startsWith(":")).map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 2)]));
          if (fields.event) events.push({ id: Number(fields.id), type: fields.event, at });
          if (TERMINAL.has(fields.event)) {
            req.destroy();
            return resolve(events);
          }
        }
      });
      res.on("end", () => reject(new Error(`the stream ended without a terminal event after ${events.map((event) => event.type).join(", ")}`)));
    });
    req.setTimeout(JOB_TIMEOUT_MS, () => req.destroy(new Error(`no terminal event within ${JOB_TIMEOUT_MS} ms`)));
    req.on("error", reject);
    req.end();
  });
}

/** The fake's timed calls since the last read (timed-fake-process.ts). */
async function fakeCalls(fakeUrl) {
  return JSON.parse((await send(new URL("/__bench/calls", fakeUrl))).body);
}

/**
 * Where a job's time went, in ms, on the shared clock; the phases between
 * upstream calls add up to the overhead. `calls` by name: `a`, `b`,
 * `aggregate`, `review`, each `{startMs, endMs}` as the fake saw it.
 */
function splitJob(startedAt, answeredAt, terminalAt, calls) {
  const duration = (name) => calls[name].endMs - calls[name].startMs;
  const workersStart = Math.min(calls.a.startMs, calls.b.startMs);
  const workersEnd = Math.max(calls.a.endMs, calls.b.endMs);
  const critical = Math.max(duration("a"), duration("b")) + duration("aggregate") + duration("review");
  const wall = terminalAt - startedAt;
  return {
    wall, critical, overhead: wall - critical,
    phases: {
      accepted: answeredAt - startedAt,
      beforeWorkers: workersStart - startedAt,
      workersSpread: workersEnd - workersStart - Math.max(duration("a"), duration("b")),
      workersToAggregate: calls.aggregate.startMs - workersEnd,
      aggregateToReview: calls.review.startMs - calls.aggregate.endMs,
      reviewToTerminal: terminalAt - calls.review.endMs,
    },
  };
}

/** One job, start to terminal event; `{problem}` when it does not count. */
async function runJob(party, fakeUrl, sequence) {
  await fakeCalls(fakeUrl);
  const headers = { authorization: `Bearer ${party.token}` };
  const startedAt = clock();
  const created = await send(new URL("/v1/jobs", party.base), {
    method: "POST", headers, body: JSON.stringify({ pipeline: JOB_PIPELINE_NAME, input: { topic: `tides ${sequence}` } }),
  });
  const answeredAt = clock();
  if (created.status !== 202) return { problem: `POST /v1/jobs: HTTP ${created.status}: ${created.body.slice(0, 200)}` };
  const { id } = JSON.parse(created.body);
  const events = await followEvents(new URL(`/v1/jobs/${id}/events`, party.base), headers);
  const terminal = events.at(-1);
  if (terminal.type !== "job.succeeded") return { problem: `job ${id} ended with ${terminal.type}` };
  const ids = events.map((event) => event.id);
  if (ids.some((eventId, at) => eventId !== at + 1)) return { problem: `job ${id}: event ids ${ids.join(",")} are not 1, 2, 3, ...` };
  const calls = {};
  for (const call of await fakeCalls(fakeUrl)) {
    const name = /~id=(\w+)$/.exec(call.model)?.[1];
    if (!CALLS.includes(name) || calls[name]) return { problem: `job ${id}: an unexpected upstream call ${call.model}` };
    calls[name] = call;
  }
  const missing = CALLS.filter((name) => !calls[name]);
  if (missing.length > 0) return { problem: `job ${id}: no upstream call for ${missing.join(", ")}` };
  return splitJob(startedAt, answeredAt, terminal.at, calls);
}

/**
 * `samples` jobs one after another (after `warmup` untimed) for each party
 * (`{name, label, base, token}`), the parties taking turns job by job.
 * Answers a Map by party name of `{jobs: [splitJob results], errors, problem}`.
 */
export async function measureJobs(parties, fakeUrl, { warmup, samples }) {
  const results = new Map(parties.map((party) => [party.name, { jobs: [], errors: 0, problem: undefined }]));
  let sequence = 0;
  for (let round = 0; round < warmup + samples; round++) {
    for (const party of parties) {
      const result = results.get(party.name);
      let job;
      try {
        job = await runJob(party, fakeUrl, ++sequence);
      } catch (error) {
        job = { problem: error instanceof Error ? error.message : String(error) };
      }
      if (job.problem) {
        result.errors++;
        result.problem ??= job.problem;
      } else if (round >= warmup) {
        result.jobs.push(job);
      }
    }
  }
  return results;
}

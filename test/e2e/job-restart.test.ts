import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeServer } from "../fakes/fake-server.ts";
import { startOpenAIFake } from "../fakes/openai-fake.ts";
import { serveGateway, type ServedGateway } from "./served-gateway.ts";

// A job outlives the local runtime: `npm start` is killed while the job's upstream call is in flight, started
// again on the same persisted state, and the job finishes there (CONTRACT.md "Pipelines and jobs": jobs are durable).

type Job = { id: string; status: string; result: unknown; error: unknown };
type Frame = { id: number; event: string; data: { jobId: string; status: string } };

/** The first call of this model takes 60 s (the runtime is killed meanwhile); every later call answers at once. */
const SLOW_ONCE = `restart-${crypto.randomUUID()}~firstTokenMs=60000~times=1`;
const PIPELINE = {
  name: "restart",
  description: "One slow worker, then its answer merged.",
  input: { type: "object", properties: { topic: { type: "string", minLength: 1 } }, required: ["topic"], additionalProperties: false },
  stages: [{
    name: "write",
    workers: [{ name: "slow", profile: `openai/${SLOW_ONCE}`, messages: [{ role: "user", content: "About {{input.topic}}" }] }],
    aggregator: { profile: `openai/${SLOW_ONCE.replace(/~.*/, "-merge")}`, messages: [{ role: "user", content: "Merge {{parts.slow}}" }] },
  }],
};
const RESUME_WITHIN_MS = 60_000;

let fake: FakeServer;
let state: string;
let env: Record<string, string>;
const gateways: ServedGateway[] = [];

beforeAll(async () => {
  fake = await startOpenAIFake();
  state = mkdtempSync(join(tmpdir(), "chorus-restart-"));
  env = { OPENAI_API_KEY: "sk-test-openai", OPENAI_BASE_URL: `${fake.url}/v1`, DEMO_PROVIDER: "off", PIPELINES: JSON.stringify([PIPELINE]) };
});

afterAll(async () => {
  for (const gateway of gateways) await gateway.stop();
  await fake?.close();
  if (state) rmSync(state, { recursive: true, force: true });
});

async function serve(): Promise<ServedGateway> {
  const gateway = await serveGateway(env, { stateDir: state });
  gateways.push(gateway);
  return gateway;
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, withinMs: number): Promise<T> {
  const deadline = Date.now() + withinMs;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    value = await read();
  }
  return value;
}

function framesOf(text: string): Frame[] {
  return text.split("\n\n").filter((block) => block.startsWith("id:")).map((block) => {
    const fields = Object.fromEntries(block.split("\n").map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 2)]));
    return { id: Number(fields.id), event: fields.event!, data: JSON.parse(fields.data!) as Frame["data"] };
  });
}

describe("a job survives a restart of the local runtime", () => {
  it("is killed mid-call with npm start, and finishes when npm start serves the same state again", { timeout: 240_000 }, async () => {
    const first = await serve();
    const login = await fetch(`${first.url}/dev/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ sub: `restart-${crypto.randomUUID()}`, plan: "pro" }) });
    const { token } = (await login.json()) as { token: string };
    const auth = { authorization: `Bearer ${token}` };
    const started = await fetch(`${first.url}/v1/jobs`, { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify({ pipeline: "restart", input: { topic: "tides" } }) });
    expect(started.status).toBe(202);
    const { id } = (await started.json()) as { id: string };

    // The slow call has reached the fake: the job is mid-step when the runtime dies.
    const slowCalls = () => fake.requests.filter((request) => (request.body as { model?: string } | undefined)?.model === SLOW_ONCE);
    await until(async () => slowCalls().length, (count) => count === 1, 30_000);
    expect(slowCalls()).toHaveLength(1);
    await first.kill();

    const second = await serve();
    const job = await until(async () => (await (await fetch(`${second.url}/v1/jobs/${id}`, { headers: auth })).json()) as Job, (read) => read.status !== "queued" && read.status !== "running", RESUME_WITHIN_MS);
    expect(job).toMatchObject({ id, status: "succeeded", error: null });
    expect(job.result).toBe(`Echo: Merge Echo: About tides`);
    // The step that died with the runtime ran again, once.
    expect(slowCalls()).toHaveLength(2);

    // The whole log replays after the restart: every event once, ids without a gap, ending with the result.
    const events = framesOf(await (await fetch(`${second.url}/v1/jobs/${id}/events`, { headers: auth })).text());
    expect(events.map((event) => event.event)).toEqual(["job.queued", "job.started", "stage.started", "progress", "stage.completed", "draft", "job.succeeded"]);
    expect(events.map((event) => event.id)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    for (const event of events) expect(event.data.jobId).toBe(id);
  });
});

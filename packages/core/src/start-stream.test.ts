import { describe, expect, it } from "vitest";
import type { ChatCompletionChunk, ChunkDelta, FinishReason } from "./chat-types.ts";
import { ManualClock } from "./manual-clock.ts";
import { isRefusedStream } from "./refusals.ts";
import { routeRequest } from "./route-request.ts";
import type { Candidate, StartedStream } from "./route-types.ts";
import { startStream } from "./start-stream.ts";
import { UpstreamError } from "./upstream-error.ts";

function chunk(delta: ChunkDelta, finish: FinishReason | null = null): ChatCompletionChunk {
  return { id: "c", object: "chat.completion.chunk", created: 0, model: "m", choices: [{ index: 0, delta, finish_reason: finish }] };
}

const ROLE = chunk({ role: "assistant", content: "" });
const HELLO = chunk({ content: "Hello" });
const WORLD = chunk({ content: " world" });
const STOP = chunk({}, "stop");

type Step = { after: number; chunk: ChatCompletionChunk } | { after: number; error: unknown };

/** An upstream stream paced by the clock, stoppable through `upstream`, that records being closed. */
function source(clock: ManualClock, steps: Step[]) {
  const upstream = new AbortController();
  const state = { closed: false };
  async function* generate(): AsyncGenerator<ChatCompletionChunk> {
    try {
      for (const step of steps) {
        await clock.sleep(step.after, upstream.signal);
        if ("error" in step) throw step.error;
        yield step.chunk;
      }
    } finally {
      state.closed = true;
    }
  }
  return { stream: generate(), upstream, state };
}

const timeouts = { firstTokenMs: 500, streamIdleMs: 300 };

async function drain(started: StartedStream, clock: ManualClock): Promise<ChatCompletionChunk[]> {
  const read = async () => {
    const chunks: ChatCompletionChunk[] = [];
    for await (const item of started.rest) chunks.push(item);
    return chunks;
  };
  return clock.run(read());
}

function start(clock: ManualClock, steps: Step[], signal = new AbortController().signal) {
  const upstream = source(clock, steps);
  const started = startStream(upstream.stream, {
    timeouts, clock, signal, provider: "openai",
    abortUpstream: (reason) => upstream.upstream.abort(reason),
  });
  return { upstream, started };
}

describe("startStream", () => {
  it("keeps the role chunk in head with the first content chunk, then passes the rest through", async () => {
    const clock = new ManualClock();
    const { started } = start(clock, [{ after: 10, chunk: ROLE }, { after: 10, chunk: HELLO }, { after: 10, chunk: WORLD }, { after: 10, chunk: STOP }]);
    const stream = await clock.run(started);
    expect(stream.head).toEqual([ROLE, HELLO]);
    expect(await drain(stream, clock)).toEqual([WORLD, STOP]);
    expect(clock.pendingSleeps).toBe(0);
  });

  it("times out waiting for the first token and stops the upstream", async () => {
    const clock = new ManualClock();
    const { started, upstream } = start(clock, [{ after: 10, chunk: ROLE }, { after: 1_000, chunk: HELLO }]);
    const error: unknown = await clock.run(started).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ kind: "timeout", provider: "openai", message: "openai sent no first token within 500 ms." });
    expect(clock.now()).toBe(500);
    expect(upstream.upstream.signal.reason).toBe(error);
    await clock.advance(0);
    expect(upstream.state.closed).toBe(true);
  });

  it("times out an idle stream after it started", async () => {
    const clock = new ManualClock();
    const { started, upstream } = start(clock, [{ after: 10, chunk: HELLO }, { after: 100, chunk: WORLD }, { after: 400, chunk: STOP }]);
    const stream = await clock.run(started);
    const received: ChatCompletionChunk[] = [];
    const reading = (async () => {
      for await (const item of stream.rest) received.push(item);
    })();
    const error: unknown = await clock.run(reading).catch((caught: unknown) => caught);
    expect(received).toEqual([WORLD]);
    expect(error).toMatchObject({ kind: "timeout", message: "openai stream went idle for 300 ms." });
    expect(upstream.upstream.signal.aborted).toBe(true);
  });

  it("turns a failure after the start into stream_cut, keeping the cause internal", async () => {
    const clock = new ManualClock();
    const cause = new Error("socket hang up");
    const { started } = start(clock, [{ after: 10, chunk: HELLO }, { after: 10, error: cause }]);
    const stream = await clock.run(started);
    const error: unknown = await drain(stream, clock).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ kind: "stream_cut", raw: cause, message: "openai stream failed after it started." });
  });

  it("passes an UpstreamError raised mid-stream through unchanged", async () => {
    const clock = new ManualClock();
    const overloaded = new UpstreamError({ provider: "openai", kind: "overloaded", message: "overloaded" });
    const { started } = start(clock, [{ after: 10, chunk: HELLO }, { after: 10, error: overloaded }]);
    const stream = await clock.run(started);
    await expect(drain(stream, clock)).rejects.toBe(overloaded);
  });

  it("reports a stream that ends before its first token as stream_cut", async () => {
    const clock = new ManualClock();
    const { started } = start(clock, [{ after: 10, chunk: ROLE }]);
    await expect(clock.run(started)).rejects.toMatchObject({ kind: "stream_cut" });
  });

  it("stops the upstream on cancel and ends rest quietly", async () => {
    const clock = new ManualClock();
    const { started, upstream } = start(clock, [{ after: 10, chunk: HELLO }, { after: 100, chunk: WORLD }]);
    const stream = await clock.run(started);
    const reading = drain(stream, clock);
    stream.cancel();
    await expect(reading).resolves.toEqual([]);
    expect(upstream.upstream.signal.aborted).toBe(true);
    expect(upstream.state.closed).toBe(true);
  });

  it("stops the upstream when the consumer stops reading early", async () => {
    const clock = new ManualClock();
    const { started, upstream } = start(clock, [{ after: 10, chunk: HELLO }, { after: 10, chunk: WORLD }, { after: 10, chunk: STOP }]);
    const stream = await clock.run(started);
    const readOne = async () => {
      for await (const item of stream.rest) return item;
      return undefined;
    };
    await expect(clock.run(readOne())).resolves.toEqual(WORLD);
    await clock.advance(0);
    expect(upstream.state.closed).toBe(true);
  });

  it("rejects with the signal's reason when the attempt is aborted before the first token", async () => {
    const clock = new ManualClock();
    const controller = new AbortController();
    const { started } = start(clock, [{ after: 100, chunk: HELLO }], controller.signal);
    const gone = new Error("gone");
    controller.abort(gone);
    await expect(clock.run(started)).rejects.toBe(gone);
  });

  it("lets the router fall back when the first token is late", async () => {
    const clock = new ManualClock();
    const late = source(clock, [{ after: 900, chunk: HELLO }]);
    const quick = source(clock, [{ after: 10, chunk: HELLO }, { after: 10, chunk: STOP }]);
    const sources = [late, quick];
    const candidates: Candidate[] = [{ provider: "openai", model: "a" }, { provider: "anthropic", model: "b" }];
    const result = await clock.run(routeRequest(
      candidates,
      (candidate, signal) => startStream(sources[candidates.indexOf(candidate)]?.stream ?? quick.stream, { timeouts, clock, signal, provider: candidate.provider }),
      {
        clock, random: () => 0, signal: new AbortController().signal, isRefusal: isRefusedStream,
        timeouts: { upstreamMs: 1_000, deadlineMs: 10_000, ...timeouts },
        retry: { attemptsPerCandidate: 2, baseDelayMs: 10, maxDelayMs: 10 },
      },
    ));
    expect(result.candidate.provider).toBe("anthropic");
    expect(result.fallbacks).toEqual([{ provider: "openai", reason: "timeout" }]);
    expect(result.value.head).toEqual([HELLO]);
  });
});

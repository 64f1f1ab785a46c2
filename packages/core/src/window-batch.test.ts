import { describe, expect, it } from "vitest";
import { ManualClock } from "./manual-clock.ts";
import { WindowBatch } from "./window-batch.ts";

function batch(options: { windowMs?: number; maxItems?: number } = {}) {
  const clock = new ManualClock();
  const sent: string[][] = [];
  const queue = new WindowBatch<string>({
    windowMs: options.windowMs ?? 50, maxItems: options.maxItems ?? 10, clock,
    send: async (items) => void sent.push(items),
  });
  return { clock, sent, queue };
}

describe("WindowBatch", () => {
  it("sends what arrived within the window as one batch, in order, when the window ends", async () => {
    const { clock, sent, queue } = batch();
    const started = queue.add("a");
    expect(started).toBeInstanceOf(Promise);
    await clock.advance(20);
    expect(queue.add("b")).toBeUndefined();
    await clock.advance(29);
    expect(sent).toEqual([]);
    await clock.advance(1);
    await started;
    expect(sent).toEqual([["a", "b"]]);
    expect(queue.pending).toBe(0);
  });

  it("opens a new window for the next item after a send", async () => {
    const { clock, sent, queue } = batch();
    queue.add("a");
    await clock.advance(50);
    const next = queue.add("b");
    expect(next).toBeInstanceOf(Promise);
    await clock.advance(50);
    await next;
    expect(sent).toEqual([["a"], ["b"]]);
  });

  it("sends at once when the batch is full", async () => {
    const { sent, queue } = batch({ maxItems: 3 });
    queue.add("a");
    queue.add("b");
    await queue.add("c");
    expect(sent).toEqual([["a", "b", "c"]]);
  });

  it("sends an urgent item at once, with what waited before it", async () => {
    const { clock, sent, queue } = batch();
    queue.add("ok-1");
    queue.add("ok-2");
    await queue.add("failure", true);
    expect(sent).toEqual([["ok-1", "ok-2", "failure"]]);
    await clock.advance(50);
    expect(sent).toHaveLength(1);
  });

  it("passes a failed send to the caller that keeps it alive", async () => {
    const clock = new ManualClock();
    const queue = new WindowBatch<number>({ windowMs: 10, maxItems: 5, clock, send: async () => Promise.reject(new Error("D1 down")) });
    const started = queue.add(1)!;
    const outcome = started.then(() => "sent", (error: Error) => error.message);
    await clock.advance(10);
    expect(await outcome).toBe("D1 down");
  });

  it("refuses a window or size that cannot work", () => {
    const send = async () => {};
    expect(() => new WindowBatch({ windowMs: -1, maxItems: 1, clock: new ManualClock(), send })).toThrow(/windowMs/);
    expect(() => new WindowBatch({ windowMs: 1, maxItems: 0, clock: new ManualClock(), send })).toThrow(/maxItems/);
  });
});

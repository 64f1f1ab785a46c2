import { describe, expect, it } from "vitest";
import type { ChatCompletionChunk } from "./chat-types.ts";
import { observeStream } from "./observe-stream.ts";

const chunk = (content: string): ChatCompletionChunk => ({
  id: "c", object: "chat.completion.chunk", created: 0, model: "m", choices: [{ index: 0, delta: { content }, finish_reason: null }],
});

function watch(rest: AsyncIterable<ChatCompletionChunk>) {
  const seen: string[] = [];
  let completed = false;
  let cancelled = false;
  const observed = observeStream(
    { head: [chunk("a")], rest, cancel: () => { cancelled = true; } },
    { onChunk: (item) => seen.push(String(item.choices[0]?.delta.content)), onComplete: () => { completed = true; } },
  );
  return { observed, seen, completed: () => completed, cancelled: () => cancelled };
}

describe("observeStream", () => {
  it("shows each chunk as it passes and reports a normal end", async () => {
    async function* rest() {
      yield chunk("b");
      yield chunk("c");
    }
    const { observed, seen, completed } = watch(rest());
    expect(seen).toEqual(["a"]);
    const iterator = observed.rest[Symbol.asyncIterator]();
    await iterator.next();
    expect(seen).toEqual(["a", "b"]);
    expect(completed()).toBe(false);
    await iterator.next();
    expect((await iterator.next()).done).toBe(true);
    expect(seen).toEqual(["a", "b", "c"]);
    expect(completed()).toBe(true);
  });

  it("never reports completion for a stream that fails, and passes cancel on", async () => {
    async function* rest(): AsyncGenerator<ChatCompletionChunk> {
      yield chunk("b");
      throw new Error("cut");
    }
    const { observed, completed, cancelled } = watch(rest());
    const drain = async () => {
      for await (const item of observed.rest) void item;
    };
    await expect(drain()).rejects.toThrow("cut");
    expect(completed()).toBe(false);
    observed.cancel();
    expect(cancelled()).toBe(true);
  });
});

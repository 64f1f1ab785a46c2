import type { ChatCompletionChunk, StartedStream } from "@chorus/core";
import { describe, expect, it } from "vitest";
import { disclaimCompletion, disclaimerFor, disclaimStream } from "../../workers/gateway/src/edge/degraded-answer.ts";

const chunk = (delta: ChatCompletionChunk["choices"][number]["delta"], finish: "stop" | "tool_calls" | null = null): ChatCompletionChunk =>
  ({ id: "c", object: "chat.completion.chunk", created: 0, model: "m", choices: [{ index: 0, delta, finish_reason: finish }] });

async function all(started: StartedStream): Promise<ChatCompletionChunk[]> {
  const out = [...started.head];
  for await (const next of started.rest) out.push(next);
  return out;
}

function streamOf(head: ChatCompletionChunk[], rest: ChatCompletionChunk[]): StartedStream {
  return { head, rest: (async function* () { yield* rest; })(), cancel: () => undefined };
}

const text = (chunks: ChatCompletionChunk[]) => chunks.map((c) => c.choices[0]?.delta.content ?? "").join("");

describe("degraded answers", () => {
  it("take the disclaimer only from a degraded candidate", () => {
    expect(disclaimerFor({ provider: "local", model: "tiny", degraded: true }, { disclaimer: "d" })).toBe("d");
    expect(disclaimerFor({ provider: "local", model: "tiny" }, { disclaimer: "d" })).toBeUndefined();
    expect(disclaimerFor({ provider: "local", model: "tiny", degraded: true }, undefined)).toBeUndefined();
  });

  it("suffix the text of a completion, leaving a tool call alone", () => {
    const completion = {
      id: "x", object: "chat.completion" as const, created: 0, model: "m",
      choices: [{ index: 0, message: { role: "assistant" as const, content: "Hi." }, finish_reason: "stop" as const, logprobs: null }],
    };
    expect(disclaimCompletion(completion, "Smaller model.").choices[0]!.message.content).toBe("Hi.\n\nSmaller model.");
    const tool = { ...completion, choices: [{ ...completion.choices[0]!, message: { role: "assistant" as const, content: null }, finish_reason: "tool_calls" as const }] };
    expect(disclaimCompletion(tool, "Smaller model.")).toEqual(tool);
  });

  it("add one content chunk before the finish, splitting a finish that carries text", async () => {
    const plain = await all(disclaimStream(streamOf([chunk({ role: "assistant" }), chunk({ content: "Hi" })], [chunk({}, "stop")]), "D"));
    expect(text(plain)).toBe("Hi\n\nD");
    expect(plain.at(-1)!.choices[0]!.finish_reason).toBe("stop");
    const split = await all(disclaimStream(streamOf([chunk({ content: "Hi" })], [chunk({ content: " there" }, "stop")]), "D"));
    expect(text(split)).toBe("Hi there\n\nD");
    expect(split.filter((c) => c.choices[0]?.finish_reason)).toHaveLength(1);
    expect(split.at(-1)!.choices[0]!.finish_reason).toBe("stop");
  });

  it("leave a stream that said no text (a tool call) alone", async () => {
    const chunks = [chunk({ tool_calls: [{ index: 0, id: "t", type: "function", function: { name: "f", arguments: "{}" } }] }), chunk({}, "tool_calls")];
    expect(await all(disclaimStream(streamOf(chunks, []), "D"))).toEqual(chunks);
  });
});

import { describe, expect, it } from "vitest";
import type { ChatCompletionChunk, ChunkDelta, FinishReason } from "../chat-types.ts";
import { responsesRequestSchema } from "./responses-request-schema.ts";
import { ResponsesStreamTranslator, responsesSseFrames } from "./responses-stream-translator.ts";
import type { ResponseStreamEvent } from "./responses-types.ts";

const request = responsesRequestSchema.parse({ input: "hi", stream: true });
const translator = () => new ResponsesStreamTranslator({ request, identity: { id: "resp_s", createdAt: 5 }, model: "gpt-fake" });

function chunk(delta: ChunkDelta, finish: FinishReason | null = null): ChatCompletionChunk {
  return { id: "c", object: "chat.completion.chunk", created: 1, model: "gpt-fake", choices: [{ index: 0, delta, finish_reason: finish }] };
}
const usageChunk: ChatCompletionChunk = { id: "c", object: "chat.completion.chunk", created: 1, model: "gpt-fake", choices: [], usage: { prompt_tokens: 2, completion_tokens: 4, total_tokens: 6 } };

function run(chunks: ChatCompletionChunk[]): ResponseStreamEvent[] {
  const t = translator();
  return [...chunks.flatMap((c) => t.add(c)), ...t.end()];
}

describe("ResponsesStreamTranslator", () => {
  it("streams a text answer as the Responses event sequence, numbered from 0", () => {
    const events = run([chunk({ role: "assistant", content: "" }), chunk({ content: "Echo: " }), chunk({ content: "hi" }), chunk({}, "stop"), usageChunk]);
    expect(events.map((e) => e.type)).toEqual([
      "response.created", "response.in_progress", "response.output_item.added", "response.content_part.added",
      "response.output_text.delta", "response.output_text.delta", "response.output_text.done", "response.content_part.done",
      "response.output_item.done", "response.completed",
    ]);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, index) => index));
    expect(events[0]).toMatchObject({ response: { id: "resp_s", status: "in_progress", output: [], model: "gpt-fake" } });
    expect(events.filter((e) => e.type === "response.output_text.delta").map((e) => e.delta)).toEqual(["Echo: ", "hi"]);
    expect(events[6]).toMatchObject({ item_id: "msg_s", output_index: 0, content_index: 0, text: "Echo: hi" });
    expect(events.at(-1)).toMatchObject({
      response: {
        status: "completed",
        output: [{ type: "message", id: "msg_s", status: "completed", content: [{ type: "output_text", text: "Echo: hi" }] }],
        usage: { input_tokens: 2, output_tokens: 4, total_tokens: 6 },
      },
    });
  });

  it("streams a tool call as a function_call item with argument deltas", () => {
    const events = run([
      chunk({ role: "assistant", tool_calls: [{ index: 0, id: "call_1", type: "function", function: { name: "get_weather", arguments: "" } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: "{\"city\":" } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: "\"Oslo\"}" } }] }),
      chunk({}, "tool_calls"),
    ]);
    expect(events.map((e) => e.type)).toEqual([
      "response.created", "response.in_progress", "response.output_item.added",
      "response.function_call_arguments.delta", "response.function_call_arguments.delta",
      "response.function_call_arguments.done", "response.output_item.done", "response.completed",
    ]);
    expect(events[2]).toMatchObject({ output_index: 0, item: { type: "function_call", id: "fc_s_0", call_id: "call_1", name: "get_weather", arguments: "", status: "in_progress" } });
    expect(events[5]).toMatchObject({ item_id: "fc_s_0", name: "get_weather", arguments: "{\"city\":\"Oslo\"}" });
    expect(events.at(-1)).toMatchObject({ response: { output: [{ type: "function_call", call_id: "call_1", arguments: "{\"city\":\"Oslo\"}", status: "completed" }] } });
  });

  it("closes the text item before a tool call opens, each with its own output index", () => {
    const events = run([
      chunk({ content: "Let me check." }),
      chunk({ tool_calls: [{ index: 0, id: "a", function: { name: "f", arguments: "{}" } }] }),
      chunk({ tool_calls: [{ index: 1, id: "b", function: { name: "g", arguments: "{}" } }] }),
      chunk({}, "tool_calls"),
    ]);
    const added = events.filter((e) => e.type === "response.output_item.added").map((e) => e.output_index);
    const done = events.filter((e) => e.type === "response.output_item.done").map((e) => e.output_index);
    expect(added).toEqual([0, 1, 2]);
    expect(done).toEqual([0, 1, 2]);
    expect(events.findIndex((e) => e.type === "response.output_item.done")).toBeLessThan(events.findIndex((e) => e.type === "response.function_call_arguments.delta"));
  });

  it("ends a stream cut by the token limit with response.incomplete", () => {
    const events = run([chunk({ content: "Hel" }, "length")]);
    expect(events.at(-1)).toMatchObject({ type: "response.incomplete", response: { status: "incomplete", incomplete_details: { reason: "max_output_tokens" } } });
  });

  it("ends a failed stream with response.failed and an error event, the text so far kept", () => {
    const t = translator();
    const events = [...t.add(chunk({ content: "partial" })), ...t.fail({ error: { message: "upstream cut", type: "api_error", code: "upstream_error", param: null } })];
    expect(events.slice(-2)).toEqual([
      expect.objectContaining({ type: "response.failed", response: expect.objectContaining({ status: "failed", error: { code: "upstream_error", message: "upstream cut" } }) }),
      { type: "error", sequence_number: events.length - 1, code: "upstream_error", message: "upstream cut", param: null },
    ]);
  });

  it("writes each event as an SSE event line and a data line, with no [DONE]", () => {
    const t = translator();
    const text = responsesSseFrames([...t.add(chunk({ content: "x" }, "stop")), ...t.end()]);
    const blocks = text.trimEnd().split("\n\n");
    for (const block of blocks) {
      const [eventLine, dataLine] = block.split("\n");
      expect(JSON.parse(dataLine!.replace(/^data: /, "")).type).toBe(eventLine!.replace(/^event: /, ""));
    }
    expect(text).not.toContain("[DONE]");
  });
});

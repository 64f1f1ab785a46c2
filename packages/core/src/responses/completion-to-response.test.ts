import { describe, expect, it } from "vitest";
import type { ChatCompletion } from "../chat-types.ts";
import { completionToResponse } from "./completion-to-response.ts";
import { responsesRequestSchema } from "./responses-request-schema.ts";

const identity = { id: "resp_abc", createdAt: 1_700_000_000 };
const usage = { prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 };

function completion(message: ChatCompletion["choices"][number]["message"], finish: ChatCompletion["choices"][number]["finish_reason"]): ChatCompletion {
  return { id: "chatcmpl-1", object: "chat.completion", created: 1, model: "gpt-fake", choices: [{ index: 0, message, finish_reason: finish, logprobs: null }], usage };
}

describe("completionToResponse", () => {
  const request = responsesRequestSchema.parse({ input: "hi", instructions: "Be kind.", metadata: { app: "test" }, temperature: 0.5 });

  it("gives a text answer as one message item with output_text, and the usage in Responses' names", () => {
    const response = completionToResponse(completion({ role: "assistant", content: "Hello!" }, "stop"), request, identity);
    expect(response).toMatchObject({
      id: "resp_abc", object: "response", created_at: 1_700_000_000, status: "completed", model: "gpt-fake",
      instructions: "Be kind.", metadata: { app: "test" }, temperature: 0.5, error: null, incomplete_details: null,
      output: [{ type: "message", id: "msg_abc", status: "completed", role: "assistant", content: [{ type: "output_text", text: "Hello!", annotations: [] }] }],
      usage: { input_tokens: 7, output_tokens: 3, total_tokens: 10, input_tokens_details: { cached_tokens: 0 }, output_tokens_details: { reasoning_tokens: 0 } },
    });
  });

  it("gives tool calls as function_call items with call_id, name and arguments", () => {
    const response = completionToResponse(completion({
      role: "assistant", content: null,
      tool_calls: [{ id: "call_1", type: "function", function: { name: "get_weather", arguments: "{\"city\":\"Oslo\"}" } }],
    }, "tool_calls"), request, identity);
    expect(response.output).toEqual([
      { type: "function_call", id: "fc_abc_0", call_id: "call_1", name: "get_weather", arguments: "{\"city\":\"Oslo\"}", status: "completed" },
    ]);
    expect(response.status).toBe("completed");
  });

  it("marks an answer cut by the token limit incomplete", () => {
    const response = completionToResponse(completion({ role: "assistant", content: "Hel" }, "length"), request, identity);
    expect(response.status).toBe("incomplete");
    expect(response.incomplete_details).toEqual({ reason: "max_output_tokens" });
    expect(response.output[0]).toMatchObject({ status: "incomplete" });
  });
});

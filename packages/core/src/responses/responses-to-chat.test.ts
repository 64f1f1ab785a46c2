import { describe, expect, it } from "vitest";
import { chatRequestSchema } from "../schemas/chat-request-schema.ts";
import { refuseStatefulResponsesFields } from "./refuse-stateful-responses-fields.ts";
import { responsesRequestSchema } from "./responses-request-schema.ts";
import { responsesToChat } from "./responses-to-chat.ts";

const parse = (body: unknown) => responsesRequestSchema.parse(body);

describe("responsesToChat", () => {
  it("turns a string input and instructions into a system and a user message", () => {
    const chat = responsesToChat(parse({ model: "fast", input: "hello", instructions: "Be brief." }));
    expect(chat).toEqual({ model: "fast", stream: false, messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "hello" }] });
  });

  it("keeps a conversation of items in order, function calls joined to the assistant turn before them", () => {
    const chat = responsesToChat(parse({
      input: [
        { role: "developer", content: "Use tools." },
        { type: "message", role: "user", content: [{ type: "input_text", text: "weather " }, { type: "input_text", text: "in Oslo?" }] },
        { role: "assistant", content: [{ type: "output_text", text: "Checking." }] },
        { type: "function_call", call_id: "call_1", name: "get_weather", arguments: "{\"city\":\"Oslo\"}" },
        { type: "function_call", call_id: "call_2", name: "get_time", arguments: "{}" },
        { type: "function_call_output", call_id: "call_1", output: "sunny" },
        { type: "function_call_output", call_id: "call_2", output: [{ type: "input_text", text: "noon" }] },
      ],
    }));
    expect(chat.messages).toEqual([
      { role: "developer", content: "Use tools." },
      { role: "user", content: [{ type: "text", text: "weather " }, { type: "text", text: "in Oslo?" }] },
      {
        role: "assistant", content: "Checking.",
        tool_calls: [
          { id: "call_1", type: "function", function: { name: "get_weather", arguments: "{\"city\":\"Oslo\"}" } },
          { id: "call_2", type: "function", function: { name: "get_time", arguments: "{}" } },
        ],
      },
      { role: "tool", tool_call_id: "call_1", content: "sunny" },
      { role: "tool", tool_call_id: "call_2", content: "noon" },
    ]);
    // What the chat stages validate against accepts it as it is.
    expect(chatRequestSchema.safeParse(chat).success).toBe(true);
  });

  it("starts a fresh assistant turn for a function call that follows a user message", () => {
    const chat = responsesToChat(parse({ input: [{ role: "user", content: "hi" }, { type: "function_call", call_id: "c", name: "f", arguments: "{}" }] }));
    expect(chat.messages[1]).toEqual({ role: "assistant", content: null, tool_calls: [{ id: "c", type: "function", function: { name: "f", arguments: "{}" } }] });
  });

  it("maps tools, tool_choice, text.format and sampling onto their chat fields", () => {
    const schema = { type: "object", properties: { n: { type: "number" } }, required: ["n"], additionalProperties: false };
    const chat = responsesToChat(parse({
      input: "go", stream: true, temperature: 0.2, top_p: 0.9, max_output_tokens: 50, parallel_tool_calls: false, metadata: { app: "x" },
      tools: [{ type: "function", name: "f", description: "does f", parameters: { type: "object" }, strict: true }],
      tool_choice: { type: "function", name: "f" },
      text: { format: { type: "json_schema", name: "answer", schema, strict: true } },
    }));
    expect(chat).toMatchObject({
      stream: true, temperature: 0.2, top_p: 0.9, max_completion_tokens: 50, parallel_tool_calls: false,
      tools: [{ type: "function", function: { name: "f", description: "does f", parameters: { type: "object" }, strict: true } }],
      tool_choice: { type: "function", function: { name: "f" } },
      response_format: { type: "json_schema", json_schema: { name: "answer", schema, strict: true } },
    });
    expect(responsesToChat(parse({ input: "go", text: { format: { type: "json_object" } } })).response_format).toEqual({ type: "json_object" });
    expect(responsesToChat(parse({ input: "go", tool_choice: "required" })).tool_choice).toBe("required");
  });
});

describe("responsesRequestSchema", () => {
  it("names the field of a bad input item", () => {
    const parsed = responsesRequestSchema.safeParse({ input: "x", tools: [{ type: "function", name: "has space" }] });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(["tools", 0, "name"]);
  });

  it("refuses tools other than functions", () => {
    expect(responsesRequestSchema.safeParse({ input: "x", tools: [{ type: "web_search" }] }).success).toBe(false);
  });
});

describe("refuseStatefulResponsesFields", () => {
  it("refuses previous_response_id and store: true, naming the field", () => {
    expect(() => refuseStatefulResponsesFields({ input: "x", previous_response_id: "resp_1" }))
      .toThrow(expect.objectContaining({ status: 400, code: "unsupported_parameter", param: "previous_response_id" }));
    expect(() => refuseStatefulResponsesFields({ input: "x", store: true }))
      .toThrow(expect.objectContaining({ status: 400, code: "unsupported_parameter", param: "store" }));
  });

  it("refuses an item_reference input item, naming it", () => {
    expect(() => refuseStatefulResponsesFields({ input: [{ role: "user", content: "hi" }, { type: "item_reference", id: "msg_1" }] }))
      .toThrow(expect.objectContaining({ status: 400, code: "unsupported_parameter", param: "input[1]" }));
  });

  it("lets store: false and a null previous_response_id through", () => {
    expect(() => refuseStatefulResponsesFields({ input: "x", store: false, previous_response_id: null })).not.toThrow();
  });
});

import { describe, expect, it } from "vitest";
import { chatRequestSchema } from "./chat-request-schema.ts";

function deepSchema(depth: number): Record<string, unknown> {
  let schema: Record<string, unknown> = { type: "string" };
  for (let level = 0; level < depth; level += 1) schema = { type: "object", properties: { child: schema } };
  return schema;
}

const ask = { messages: [{ role: "user", content: "hi" }] };

/** The first issue as readJsonBody reports it: the path and the message. */
function firstIssue(body: unknown): { path: PropertyKey[]; message: string } | undefined {
  const parsed = chatRequestSchema.safeParse(body);
  return parsed.success ? undefined : { path: parsed.error.issues[0]!.path, message: parsed.error.issues[0]!.message };
}

describe("chatRequestSchema bounds every free-form value", () => {
  it("refuses a tool's parameters nested 1,600 levels, naming the field", () => {
    expect(firstIssue({ ...ask, tools: [{ type: "function", function: { name: "f", parameters: deepSchema(1_600) } }] }))
      .toEqual({ path: ["tools", 0, "function", "parameters"], message: "nests deeper than 64 levels" });
  });

  it("refuses a response format's schema nested too deep", () => {
    const body = { ...ask, response_format: { type: "json_schema", json_schema: { name: "x", schema: deepSchema(100) } } };
    expect(firstIssue(body)?.path).toEqual(["response_format", "json_schema", "schema"]);
  });

  it("accepts schemas of ordinary depth and keeps them whole", () => {
    const parameters = deepSchema(20);
    const parsed = chatRequestSchema.parse({ ...ask, tools: [{ type: "function", function: { name: "f", parameters } }] });
    expect(parsed.tools?.[0]?.function.parameters).toEqual(parameters);
  });

  it("refuses tool-call arguments and tool results that are JSON nested too deep", () => {
    const deep = `${"[".repeat(5_000)}${"]".repeat(5_000)}`;
    const call = { id: "c1", type: "function", function: { name: "f", arguments: deep } };
    expect(firstIssue({ messages: [{ role: "assistant", tool_calls: [call] }] }))
      .toEqual({ path: ["messages", 0, "tool_calls", 0, "function", "arguments"], message: "is JSON nested deeper than 64 levels" });
    // Split across text parts, as an adapter joins them before parsing.
    const parts = [{ type: "text", text: "[".repeat(5_000) }, { type: "text", text: "]".repeat(5_000) }];
    expect(firstIssue({ messages: [{ role: "tool", tool_call_id: "c1", content: parts }] })?.path).toEqual(["messages", 0, "content"]);
  });

  it("leaves text that only looks deep alone when it is not JSON", () => {
    const brackets = `${"[".repeat(100)} not JSON`;
    expect(firstIssue({ messages: [{ role: "tool", tool_call_id: "c1", content: brackets }] })).toBeUndefined();
    expect(firstIssue({ messages: [{ role: "tool", tool_call_id: "c1", content: JSON.stringify({ text: "[".repeat(100) }) }] })).toBeUndefined();
  });

  it("refuses more than 128 tools", () => {
    const tools = Array.from({ length: 129 }, (_, index) => ({ type: "function", function: { name: `f${index}` } }));
    expect(firstIssue({ ...ask, tools })).toEqual({ path: ["tools"], message: "must list at most 128 tools" });
  });

  it("leaves the model to the client: absent is valid", () => {
    expect(chatRequestSchema.parse(ask).model).toBeUndefined();
  });
});

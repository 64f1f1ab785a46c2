import { describe, expect, it } from "vitest";
import { call, chat } from "./gateway-client.ts";

type ErrorBody = { error: { message: string; type: string; code: string; param: string | null } };

/** A JSON Schema nested `depth` objects deep, as a client might send by mistake or on purpose. */
function deepSchema(depth: number): Record<string, unknown> {
  let schema: Record<string, unknown> = { type: "string" };
  for (let level = 0; level < depth; level += 1) schema = { type: "object", properties: { child: schema } };
  return schema;
}

const deepTool = (depth: number) => [{ type: "function", function: { name: "nest", parameters: deepSchema(depth) } }];

describe("caller input too deep or too large for any walk of it is a 400 naming the param", () => {
  it.each(["google/gemini-3-flash", "openai/gpt-5.4-mini", "anthropic/claude-haiku-5", "groq/llama-3.3-70b-versatile", "demo/chorus-demo"])(
    "a 1,600-level tool schema sent to %s",
    async (model) => {
      for (const stream of [false, true]) {
        const res = await chat({ model, stream, tools: deepTool(1_600) });
        expect(res.status).toBe(400);
        expect(((await res.json()) as ErrorBody).error).toMatchObject({
          type: "invalid_request_error", code: "invalid_request", param: "tools[0].function.parameters",
        });
      }
    },
  );

  it("a 1,600-level response_format schema", async () => {
    const res = await chat({
      model: "google/gemini-3-flash",
      response_format: { type: "json_schema", json_schema: { name: "deep", schema: deepSchema(1_600) } },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).error).toMatchObject({ code: "invalid_request", param: "response_format.json_schema.schema" });
  });

  it("a schema whose $refs expand past any budget, though small as sent", async () => {
    // Each definition uses the next one twice: 40 lines of JSON that inline to 2^30 nodes.
    const $defs: Record<string, unknown> = { d40: { type: "string" } };
    for (let level = 39; level >= 0; level -= 1) {
      $defs[`d${level}`] = { type: "object", properties: { a: { $ref: `#/$defs/d${level + 1}` }, b: { $ref: `#/$defs/d${level + 1}` } } };
    }
    const parameters = { $ref: "#/$defs/d0", $defs };
    const res = await chat({ model: "google/gemini-3-flash", tools: [{ type: "function", function: { name: "wide", parameters } }] });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).error).toMatchObject({ code: "invalid_request", param: "tools[0].function.parameters" });
  });

  it("still serves a schema of ordinary depth on google", async () => {
    const res = await chat({ model: "google/gemini-3-flash", tools: deepTool(20) });
    expect(res.status).toBe(200);
  });

  it.each(["google/gemini-3-flash", "anthropic/claude-haiku-5", "openai/gpt-5.4-mini"])("tool-call arguments and tool results of JSON 5,000 levels deep, sent to %s", async (model) => {
    const deep = `${"[".repeat(5_000)}${"]".repeat(5_000)}`;
    const call = { id: "call_1", type: "function", function: { name: "f", arguments: deep } };
    const asked = { role: "user", content: "go" };
    const withArguments = await chat({ model, messages: [asked, { role: "assistant", content: null, tool_calls: [call] }] });
    expect(withArguments.status).toBe(400);
    expect(((await withArguments.json()) as ErrorBody).error).toMatchObject({ code: "invalid_request", param: "messages[1].tool_calls[0].function.arguments" });

    const plain = { ...call, function: { name: "f", arguments: "{}" } };
    const withResult = await chat({ model, messages: [asked, { role: "assistant", content: null, tool_calls: [plain] }, { role: "tool", tool_call_id: "call_1", content: deep }] });
    expect(withResult.status).toBe(400);
    expect(((await withResult.json()) as ErrorBody).error).toMatchObject({ code: "invalid_request", param: "messages[2].content" });
  });

  it("a body nested far past any schema, in a field Chorus does not read, with an Idempotency-Key", async () => {
    const body = `{"messages":[{"role":"user","content":"hi"}],"model":"openai/gpt-5.4-mini","metadata":${"[".repeat(50_000)}${"]".repeat(50_000)}}`;
    const res = await call("/v1/chat/completions", body, { headers: { "idempotency-key": "deep-body-1" } });
    expect(res.status).toBeLessThan(500);
  });
});

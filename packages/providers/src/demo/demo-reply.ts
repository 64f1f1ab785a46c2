import type { ChatRequest, ToolCall } from "@chorus/core";
import { exampleForSchema } from "./example-for-schema.ts";

/** What the demo model says: deterministic, and plainly not a real model. */
export type DemoReply = { kind: "text"; text: string } | { kind: "tool_call"; call: ToolCall };

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content.map((part: { type?: string; text?: string }) => (part.type === "text" ? part.text ?? "" : "")).join(" ");
}

export function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

export function promptText(request: ChatRequest): string {
  return request.messages.map((message) => textOf(message.content)).join(" ");
}

export function demoReply(request: ChatRequest): DemoReply {
  const last = request.messages.at(-1);
  const tools = request.tools ?? [];
  if (tools.length > 0 && request.tool_choice !== "none" && last?.role !== "tool") {
    const choice = request.tool_choice;
    const named = typeof choice === "object" ? tools.find((tool) => tool.function.name === choice.function.name) : undefined;
    const tool = named ?? tools[0]!;
    const args = exampleForSchema(tool.function.parameters ?? { type: "object" });
    return { kind: "tool_call", call: { id: `call_demo_${tool.function.name}`, type: "function", function: { name: tool.function.name, arguments: JSON.stringify(args) } } };
  }
  const format = request.response_format;
  if (format?.type === "json_schema") return { kind: "text", text: JSON.stringify(exampleForSchema(format.json_schema.schema ?? { type: "object" })) };
  const lastUser = [...request.messages].reverse().find((message) => message.role === "user");
  const said = textOf(lastUser?.content).trim();
  if (format?.type === "json_object") return { kind: "text", text: JSON.stringify({ demo: true, youSaid: said }) };
  if (last?.role === "tool") return { kind: "text", text: `[demo model] The tool answered: ${textOf(last.content)}` };
  return {
    kind: "text",
    text: `[demo model] You said: "${said}". This is Chorus's built-in demo model, a deterministic echo so the gateway works with no keys. Set OPENAI_API_KEY, ANTHROPIC_API_KEY, GOOGLE_API_KEY, GROQ_API_KEY or LOCAL_BASE_URL for real answers.`,
  };
}

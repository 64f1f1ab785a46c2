import type { ChatRequest, FunctionTool, JsonSchema } from "@chorus/core";
import type { Tool, ToolChoice } from "@anthropic-ai/sdk/resources/messages";

/** Anthropic insists a tool's input is an object; a tool without parameters takes an empty one. */
export function toInputSchema(parameters: JsonSchema | undefined): Tool.InputSchema {
  return { ...parameters, type: "object" };
}

export function toAnthropicTool(tool: FunctionTool): Tool {
  const { name, description, parameters } = tool.function;
  return { name, ...(description ? { description } : {}), input_schema: toInputSchema(parameters) };
}

/** OpenAI's tool_choice and parallel_tool_calls as one Anthropic tool_choice; undefined leaves Anthropic's default. */
export function toAnthropicToolChoice(request: Pick<ChatRequest, "tool_choice" | "parallel_tool_calls">): ToolChoice | undefined {
  const choice = request.tool_choice;
  if (choice === "none") return { type: "none" };
  const serial = request.parallel_tool_calls === false ? { disable_parallel_tool_use: true } : {};
  if (choice === "required") return { type: "any", ...serial };
  if (typeof choice === "object") return { type: "tool", name: choice.function.name, ...serial };
  if (choice === "auto" || request.parallel_tool_calls === false) return { type: "auto", ...serial };
  return undefined;
}

import type { ChatRequest } from "@chorus/core";
import type { MessageCreateParamsBase, ToolChoice } from "@anthropic-ai/sdk/resources/messages";
import { toAnthropicMessages } from "./to-anthropic-messages.ts";
import { toAnthropicJsonPlan } from "./to-anthropic-response-format.ts";
import { toAnthropicTool, toAnthropicToolChoice } from "./to-anthropic-tools.ts";

/** Anthropic requires max_tokens; this is the budget when the client names none. */
export const DEFAULT_MAX_TOKENS = 4096;

export interface AnthropicRequestPlan {
  /** The Messages API body, without `stream`. */
  params: MessageCreateParamsBase;
  /** In JSON mode, the forced tool whose input is the answer's text. */
  jsonTool: string | undefined;
}

/** JSON mode forces its tool, unless the client's own tools may be called (then some tool must be). */
function jsonToolChoice(request: ChatRequest, jsonTool: string, clientChoice: ToolChoice | undefined): ToolChoice {
  const clientTools = (request.tools?.length ?? 0) > 0 && request.tool_choice !== "none";
  if (!clientTools) return { type: "tool", name: jsonTool };
  if (clientChoice?.type === "tool") return clientChoice;
  return { type: "any", ...(request.parallel_tool_calls === false ? { disable_parallel_tool_use: true } : {}) };
}

function stopSequences(stop: ChatRequest["stop"]): string[] {
  if (stop === null || stop === undefined) return [];
  return typeof stop === "string" ? [stop] : stop;
}

/**
 * An OpenAI chat request as a Messages API body for `model`. `temperature`
 * and `top_p` are not sent: API version 2026-10-21 (the one this SDK speaks)
 * rejects them with a 400, and the SDK no longer types them.
 */
export function toAnthropicRequest(request: ChatRequest, model: string): AnthropicRequestPlan {
  const conversation = toAnthropicMessages(request.messages);
  const json = toAnthropicJsonPlan(request.response_format);
  const tools = (request.tools ?? []).map(toAnthropicTool);
  let toolChoice = tools.length > 0 ? toAnthropicToolChoice(request) : undefined;
  const system = [conversation.system];
  if (json.kind === "tool") {
    toolChoice = jsonToolChoice(request, json.tool.name, toolChoice);
    tools.push(json.tool);
    system.push(json.instruction);
  }
  const systemText = system.filter((text) => text !== undefined).join("\n\n");
  const stop = stopSequences(request.stop);
  const params: MessageCreateParamsBase = {
    model,
    max_tokens: request.max_completion_tokens ?? request.max_tokens ?? DEFAULT_MAX_TOKENS,
    messages: conversation.messages,
    ...(systemText ? { system: systemText } : {}),
    ...(tools.length > 0 ? { tools } : {}),
    ...(toolChoice ? { tool_choice: toolChoice } : {}),
    ...(stop.length > 0 ? { stop_sequences: stop } : {}),
    ...(json.kind === "native" ? { output_config: json.outputConfig } : {}),
  };
  return { params, jsonTool: json.kind === "tool" ? json.tool.name : undefined };
}

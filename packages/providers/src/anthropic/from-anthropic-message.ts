import type { ChatCompletion, FinishReason, ToolCall } from "@chorus/core";
import type { Message } from "@anthropic-ai/sdk/resources/messages";
import { fromAnthropicUsage } from "./from-anthropic-usage.ts";
import { mapAnthropicStopReason } from "./map-anthropic-stop-reason.ts";

/**
 * The finish reason a client should see. Calling the JSON-mode tool is how a
 * JSON answer arrives, so it reads as a plain stop when no real tool was called.
 */
export function finishReasonFor(stopReason: string | null, realToolCalls: number): FinishReason {
  const finish = mapAnthropicStopReason(stopReason);
  return finish === "tool_calls" && realToolCalls === 0 ? "stop" : finish;
}

/** A Messages API answer as an OpenAI chat completion; `jsonTool`'s input, if any, becomes the text. */
export function fromAnthropicMessage(message: Message, jsonTool: string | undefined): ChatCompletion {
  let text = "";
  const toolCalls: ToolCall[] = [];
  for (const block of message.content) {
    if (block.type === "text") text += block.text;
    else if (block.type === "tool_use" && block.name === jsonTool) text += JSON.stringify(block.input);
    else if (block.type === "tool_use") {
      toolCalls.push({ id: block.id, type: "function", function: { name: block.name, arguments: JSON.stringify(block.input) } });
    }
  }
  const refusal = message.stop_reason === "refusal" ? (message.stop_details?.explanation ?? null) : null;
  return {
    id: message.id,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: message.model,
    choices: [{
      index: 0,
      message: {
        role: "assistant",
        content: text === "" ? null : text,
        ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
        ...(refusal ? { refusal } : {}),
      },
      finish_reason: finishReasonFor(message.stop_reason, toolCalls.length),
      logprobs: null,
    }],
    usage: fromAnthropicUsage(message.usage),
  };
}

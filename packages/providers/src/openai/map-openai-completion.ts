import type { AssistantMessage, ChatCompletion, ToolCall } from "@chorus/core";
import type {
  ChatCompletion as OpenAIChatCompletion,
  ChatCompletionMessage,
  ChatCompletionMessageToolCall,
} from "openai/resources/chat/completions";
import { mapOpenAIFinishReason } from "./map-openai-finish-reason.ts";
import { mapOpenAIUsage } from "./map-openai-usage.ts";

/** Function tool calls only: the contract offers no custom tools, so none can be asked for. */
function functionCalls(calls: ChatCompletionMessageToolCall[] | undefined): ToolCall[] {
  return (calls ?? []).flatMap((call) =>
    call.type === "function" ? [{ id: call.id, type: "function" as const, function: { name: call.function.name, arguments: call.function.arguments } }] : [],
  );
}

function mapMessage(message: ChatCompletionMessage): AssistantMessage {
  const toolCalls = functionCalls(message.tool_calls);
  return {
    role: "assistant",
    content: message.content ?? null,
    ...(toolCalls.length > 0 && { tool_calls: toolCalls }),
    ...(message.refusal != null && { refusal: message.refusal }),
  };
}

/** The contract's completion from the SDK's, keeping only fields the contract defines. */
export function mapOpenAICompletion(completion: OpenAIChatCompletion): ChatCompletion {
  return {
    id: completion.id,
    object: "chat.completion",
    created: completion.created,
    model: completion.model,
    choices: completion.choices.map((choice) => ({
      index: choice.index,
      message: mapMessage(choice.message),
      finish_reason: mapOpenAIFinishReason(choice.finish_reason),
      logprobs: null,
    })),
    ...(completion.usage && { usage: mapOpenAIUsage(completion.usage) }),
  };
}

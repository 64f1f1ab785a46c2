import type { ChatCompletionChunk, ChunkDelta, ToolCallDelta } from "@chorus/core";
import type { ChatCompletionChunk as OpenAIChatCompletionChunk } from "openai/resources/chat/completions";
import { mapOpenAIFinishReason } from "./map-openai-finish-reason.ts";
import { mapOpenAIUsage } from "./map-openai-usage.ts";

type OpenAIDelta = OpenAIChatCompletionChunk.Choice.Delta;

function mapToolCallDeltas(calls: NonNullable<OpenAIDelta["tool_calls"]>): ToolCallDelta[] {
  return calls.flatMap((call) => {
    if (call.type === "custom") return [];
    return [{
      index: call.index,
      ...(call.id !== undefined && { id: call.id }),
      ...(call.type !== undefined && { type: call.type }),
      ...(call.function !== undefined && { function: call.function }),
    }];
  });
}

/** Keeps each field the upstream sent, as it sent it: clients rely on e.g. the empty first `content`. */
function mapDelta(delta: OpenAIDelta): ChunkDelta {
  return {
    ...(delta.role === "assistant" && { role: "assistant" }),
    ...(delta.content !== undefined && { content: delta.content }),
    ...(delta.tool_calls !== undefined && { tool_calls: mapToolCallDeltas(delta.tool_calls) }),
    ...(delta.refusal !== undefined && { refusal: delta.refusal }),
  };
}

/** The contract's chunk from the SDK's, including the final usage-only chunk. */
export function mapOpenAIChunk(chunk: OpenAIChatCompletionChunk): ChatCompletionChunk {
  return {
    id: chunk.id,
    object: "chat.completion.chunk",
    created: chunk.created,
    model: chunk.model,
    // Some compatible servers send the usage chunk with no `choices` at all; the SDK passes it on as is.
    choices: (chunk.choices ?? []).map((choice) => ({
      index: choice.index,
      delta: mapDelta(choice.delta),
      finish_reason: choice.finish_reason === null ? null : mapOpenAIFinishReason(choice.finish_reason),
    })),
    ...(chunk.usage !== undefined && { usage: chunk.usage && mapOpenAIUsage(chunk.usage) }),
  };
}

import type { ChatCompletion, ChatCompletionChunk, ChunkDelta } from "./chat-types.ts";

/**
 * A whole answer as the chunks of a stream: per choice one delta with the
 * role, text and tool calls, then its finish; then a usage-only chunk (empty
 * `choices`) when the answer has usage. Replaying a cached answer as SSE
 * needs nothing finer: clients join deltas whatever their size.
 */
export function completionToChunks(completion: ChatCompletion): ChatCompletionChunk[] {
  const base = { id: completion.id, object: "chat.completion.chunk" as const, created: completion.created, model: completion.model };
  const chunks: ChatCompletionChunk[] = [];
  for (const choice of completion.choices) {
    const { message } = choice;
    const delta: ChunkDelta = { role: "assistant", content: message.content ?? "" };
    if (message.tool_calls?.length) {
      delta.tool_calls = message.tool_calls.map((call, index) => ({ index, id: call.id, type: call.type, function: { ...call.function } }));
    }
    if (message.refusal) delta.refusal = message.refusal;
    chunks.push({ ...base, choices: [{ index: choice.index, delta, finish_reason: null }] });
    chunks.push({ ...base, choices: [{ index: choice.index, delta: {}, finish_reason: choice.finish_reason }] });
  }
  if (completion.usage) chunks.push({ ...base, choices: [], usage: completion.usage });
  return chunks;
}

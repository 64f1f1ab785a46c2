import { UpstreamError, type ChatCompletionChunk, type ChunkDelta, type FinishReason } from "@chorus/core";
import type { RawMessageStreamEvent } from "@anthropic-ai/sdk/resources/messages";
import { finishReasonFor } from "./from-anthropic-message.ts";
import { fromAnthropicUsage, type AnthropicTokenCounts } from "./from-anthropic-usage.ts";

/**
 * Anthropic's raw stream events as OpenAI chunks: the role chunk goes out with
 * the first content (so an error before any content can still be retried),
 * tool_use blocks become tool_calls deltas numbered in call order, the JSON-mode
 * tool's input streams as text, and after the finish chunk comes a usage chunk
 * (`choices: []`) that the gateway drops unless the client asked for it.
 */
export async function* anthropicStreamToChunks(
  events: AsyncIterable<RawMessageStreamEvent>,
  jsonTool: string | undefined,
): AsyncGenerator<ChatCompletionChunk> {
  let id = "";
  let model = "";
  const created = Math.floor(Date.now() / 1000);
  let counts: AnthropicTokenCounts = { input_tokens: 0, output_tokens: 0 };
  let stopReason: string | null = null;
  let started = false;
  let stopped = false;
  const toolCallIndex = new Map<number, number>();
  const jsonBlocks = new Set<number>();

  const chunk = (delta: ChunkDelta, finishReason: FinishReason | null = null): ChatCompletionChunk => ({
    id, object: "chat.completion.chunk", created, model,
    choices: [{ index: 0, delta, finish_reason: finishReason }],
  });
  function* begin(): Generator<ChatCompletionChunk> {
    if (started) return;
    started = true;
    yield chunk({ role: "assistant", content: "" });
  }
  function* emit(delta: ChunkDelta): Generator<ChatCompletionChunk> {
    yield* begin();
    yield chunk(delta);
  }

  for await (const event of events) {
    switch (event.type) {
      case "message_start":
        ({ id, model } = event.message);
        counts = { ...event.message.usage };
        break;
      case "content_block_start": {
        const block = event.content_block;
        if (block.type === "text" && block.text) yield* emit({ content: block.text });
        if (block.type !== "tool_use") break;
        if (block.name === jsonTool) {
          jsonBlocks.add(event.index);
          break;
        }
        const index = toolCallIndex.size;
        toolCallIndex.set(event.index, index);
        yield* emit({ tool_calls: [{ index, id: block.id, type: "function", function: { name: block.name, arguments: "" } }] });
        break;
      }
      case "content_block_delta": {
        const delta = event.delta;
        if (delta.type === "text_delta" && delta.text) yield* emit({ content: delta.text });
        if (delta.type !== "input_json_delta" || !delta.partial_json) break;
        const index = toolCallIndex.get(event.index);
        if (jsonBlocks.has(event.index)) yield* emit({ content: delta.partial_json });
        else if (index !== undefined) yield* emit({ tool_calls: [{ index, function: { arguments: delta.partial_json } }] });
        break;
      }
      case "message_delta":
        stopReason = event.delta.stop_reason ?? stopReason;
        // output_tokens is cumulative: the latest value is the total, never a part to add.
        counts = { ...counts, output_tokens: event.usage.output_tokens };
        break;
      case "message_stop":
        stopped = true;
        yield* begin();
        yield chunk({}, finishReasonFor(stopReason, toolCallIndex.size));
        yield { id, object: "chat.completion.chunk", created, model, choices: [], usage: fromAnthropicUsage(counts) };
        break;
    }
  }
  if (!stopped) {
    throw new UpstreamError({ provider: "anthropic", kind: "stream_cut", message: "anthropic stream ended before message_stop" });
  }
}

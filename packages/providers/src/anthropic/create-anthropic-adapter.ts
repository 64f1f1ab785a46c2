import type { AdapterOptions, CallContext, ChatAdapter, ChatCompletion, ChatCompletionChunk, ChatRequest } from "@chorus/core";
import { anthropicStreamToChunks } from "./anthropic-stream-to-chunks.ts";
import { createAnthropicClient } from "./create-anthropic-client.ts";
import { fromAnthropicMessage } from "./from-anthropic-message.ts";
import { mapAnthropicError } from "./map-anthropic-error.ts";
import { toAnthropicRequest } from "./to-anthropic-request.ts";

/**
 * A chat adapter over the official Anthropic SDK, one client per adapter.
 * Anthropic has no embeddings, so `embed` is not offered.
 */
export function createAnthropicAdapter(options: AdapterOptions): ChatAdapter {
  const client = createAnthropicClient(options);

  async function chat(request: ChatRequest, context: CallContext): Promise<ChatCompletion> {
    try {
      const plan = toAnthropicRequest(request, context.model);
      const message = await client.messages.create({ ...plan.params, stream: false }, { signal: context.signal });
      return fromAnthropicMessage(message, plan.jsonTool);
    } catch (error) {
      if (context.signal.aborted) throw context.signal.reason;
      throw mapAnthropicError(error);
    }
  }

  async function* stream(request: ChatRequest, context: CallContext): AsyncGenerator<ChatCompletionChunk> {
    let started = false;
    try {
      const plan = toAnthropicRequest(request, context.model);
      const events = await client.messages.create({ ...plan.params, stream: true }, { signal: context.signal });
      for await (const chunk of anthropicStreamToChunks(events, plan.jsonTool)) {
        started = true;
        yield chunk;
      }
    } catch (error) {
      if (context.signal.aborted) throw context.signal.reason;
      throw mapAnthropicError(error, { started });
    }
  }

  return { chat, stream };
}

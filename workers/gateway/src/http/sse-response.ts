import type { ChatCompletionChunk, StartedStream } from "@chorus/core";
import { toGatewayError } from "./to-gateway-error.ts";

export interface SseOptions {
  /** The served model id, written into every chunk. */
  model: string;
  /** Whether the client asked for the usage chunk (it is always read, for metering). */
  includeUsage: boolean;
  headers: Record<string, string>;
  /** Stops the upstream call when the client goes away. */
  abort: AbortController;
  /** Called once the stream has ended, with the usage the provider reported. */
  onEnd?: (end: { usage: ChatCompletionChunk["usage"]; error?: unknown }) => void;
}

const encoder = new TextEncoder();
const frame = (data: string) => encoder.encode(`data: ${data}\n\n`);
const DONE = frame("[DONE]");

/**
 * Passes a started stream through as SSE, one upstream chunk per pull so
 * nothing is buffered. A failure after the first byte ends the stream with an
 * OpenAI-shaped error event and `[DONE]`, since the status line is already sent.
 */
export function sseResponse(started: StartedStream, options: SseOptions): Response {
  const iterator = started.rest[Symbol.asyncIterator]();
  const pending = [...started.head];
  let usage: ChatCompletionChunk["usage"];
  let finished = false;
  const finish = (controller: ReadableStreamDefaultController<Uint8Array>, error?: unknown) => {
    finished = true;
    if (error !== undefined) {
      const { error: gatewayError, log } = toGatewayError(error);
      if (log) console.error(JSON.stringify({ status: gatewayError.status, error: log }));
      controller.enqueue(frame(JSON.stringify(gatewayError.toBody())));
    }
    controller.enqueue(DONE);
    controller.close();
    options.onEnd?.({ usage, error });
  };

  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        for (;;) {
          const next = pending.shift() ?? (await nextChunk());
          if (next === undefined) return finish(controller);
          if (next.usage) usage = next.usage;
          if (next.choices.length === 0 && !options.includeUsage) continue;
          next.model = options.model;
          controller.enqueue(frame(JSON.stringify(next)));
          return;
        }
      } catch (error) {
        if (!finished) finish(controller, error);
      }
    },
    cancel(reason) {
      options.abort.abort(reason);
      started.cancel();
    },
  });

  async function nextChunk(): Promise<ChatCompletionChunk | undefined> {
    const result = await iterator.next();
    return result.done ? undefined : result.value;
  }

  return new Response(body, {
    headers: { ...options.headers, "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", connection: "keep-alive" },
  });
}

import { CompletionAssembler, type ChatCompletion, type ChatCompletionChunk, type OpenAIErrorBody, type StartedStream, type Usage } from "@chorus/core";
import { toGatewayError } from "./to-gateway-error.ts";

/** How a stream sent as SSE ended, with what passed through it. */
export interface SseEnd {
  usage?: Usage;
  /** Its failure after the first byte (sent as an error event). */
  error?: unknown;
  /** The client went away before the end. */
  cancelled: boolean;
  /** The answer as one completion, when the stream ended whole. */
  completion?: ChatCompletion;
  /** The text of the choices' content and tool calls. */
  text: string;
  /** The bytes sent, when `keepBytes` allowed it. */
  body?: string;
}

/** How a stream's chunks are written: Chat Completions' `data:` frames ending `[DONE]`, unless another API's wire is given. */
export interface SseWire {
  /** The frames for one chunk ("" sends nothing). */
  chunk(chunk: ChatCompletionChunk): string;
  /** The frames after the last chunk. */
  end(): string;
  /** The frames that end a stream that failed after its first byte. */
  fail(error: OpenAIErrorBody): string;
}

export interface SseOptions {
  /** The served model id, written into every chunk. */
  model: string;
  /** Whether the client asked for the usage chunk (it is always read, for metering). */
  includeUsage: boolean;
  headers: Record<string, string>;
  /** Keep up to this many bytes of the body for `onEnd` (0: none). */
  keepBytes?: number;
  /** Called once when the stream has ended, whichever way. */
  onEnd?: (end: SseEnd) => void;
  /** How chunks are written; Chat Completions' frames when absent. */
  wire?: SseWire;
  /** Asked once after the last chunk of a whole stream: named events sent before the wire's end. */
  trailers?: () => { event: string; data: unknown }[];
}

const encoder = new TextEncoder();
const DONE = "data: [DONE]\n\n";

function chatWire(includeUsage: boolean): SseWire {
  return {
    chunk: (chunk) => (chunk.choices.length === 0 && !includeUsage ? "" : `data: ${JSON.stringify(chunk)}\n\n`),
    end: () => DONE,
    fail: (error) => `data: ${JSON.stringify(error)}\n\n${DONE}`,
  };
}

function chunkText(chunk: ChatCompletionChunk): string {
  return chunk.choices.map(({ delta }) =>
    (delta.content ?? "") + (delta.tool_calls ?? []).map((call) => (call.function?.name ?? "") + (call.function?.arguments ?? "")).join("")).join("");
}

/**
 * Passes a started stream through as SSE, one upstream chunk per pull so
 * nothing is buffered; the one wrap of an answer's stream, which also tallies
 * what passes (usage, text, the whole completion, the bytes if asked) for
 * `onEnd`. A failure after the first byte ends the stream with the wire's
 * error frames (chat: an OpenAI-shaped error event and `[DONE]`), since the
 * status line is already sent.
 */
export function sseResponse(started: StartedStream, options: SseOptions): Response {
  const iterator = started.rest[Symbol.asyncIterator]();
  const pending = [...started.head];
  const assembler = new CompletionAssembler();
  const keepBytes = options.keepBytes ?? 0;
  const wire = options.wire ?? chatWire(options.includeUsage);
  let usage: Usage | undefined;
  let text = "";
  let body: string | undefined = keepBytes > 0 ? "" : undefined;
  let size = 0;
  let ended = false;

  const send = (controller: ReadableStreamDefaultController<Uint8Array>, frame: string) => {
    const bytes = encoder.encode(frame);
    size += bytes.byteLength;
    if (body !== undefined) body = size > keepBytes ? undefined : body + frame;
    controller.enqueue(bytes);
  };
  const end = (how: { error?: unknown; cancelled: boolean }) => {
    if (ended) return;
    ended = true;
    const whole = how.error === undefined && !how.cancelled;
    options.onEnd?.({ ...how, usage, text, completion: whole ? assembler.completion() : undefined, body: whole ? body : undefined });
  };
  const finish = (controller: ReadableStreamDefaultController<Uint8Array>, error?: unknown) => {
    if (error !== undefined) {
      const { error: gatewayError, log } = toGatewayError(error);
      if (log) console.error(JSON.stringify({ status: gatewayError.status, error: log }));
      send(controller, wire.fail(gatewayError.toBody()));
    } else {
      for (const trailer of options.trailers?.() ?? []) send(controller, `event: ${trailer.event}\ndata: ${JSON.stringify(trailer.data)}\n\n`);
      send(controller, wire.end());
    }
    controller.close();
    end({ error, cancelled: false });
  };

  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        for (;;) {
          const next = pending.shift() ?? (await nextChunk());
          if (next === undefined) return finish(controller);
          if (next.usage) usage = next.usage;
          assembler.add(next);
          text += chunkText(next);
          next.model = options.model;
          const frame = wire.chunk(next);
          if (!frame) continue;
          send(controller, frame);
          return;
        }
      } catch (error) {
        if (!ended) finish(controller, error);
      }
    },
    cancel() {
      started.cancel();
      end({ cancelled: true });
    },
  });

  async function nextChunk(): Promise<ChatCompletionChunk | undefined> {
    const result = await iterator.next();
    return result.done ? undefined : result.value;
  }

  return new Response(stream, {
    headers: { ...options.headers, "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", connection: "keep-alive" },
  });
}

import type { ChatCompletionChunk } from "./chat-types.ts";
import { ChorusError, chorusErrorFromStreamEvent } from "./chorus-error.ts";
import { parseSse } from "./parse-sse.ts";
import { readChorusMeta, type ChorusMeta } from "./read-chorus-meta.ts";

/**
 * A streamed chat answer. Iterate it for chunks as they arrive; it can be
 * read once, so `text()` after a loop that ran to the end returns the text
 * already read. The request is sent as soon as the stream is created.
 */
export interface ChorusChatStream<C extends ChatCompletionChunk = ChatCompletionChunk> extends AsyncIterable<C> {
  /** Resolves once the response headers arrived; rejects with the request's error if it failed. */
  readonly meta: Promise<ChorusMeta>;
  /** Reads the stream to its end and resolves the whole assistant text, chunks already iterated included. */
  text(): Promise<string>;
}

function parseChunk(data: string, requestId: string | undefined): unknown {
  try {
    return JSON.parse(data);
  } catch (cause) {
    throw new ChorusError({
      message: `Chorus sent a stream event that is not JSON: ${data.slice(0, 200)}`,
      type: "api_error",
      code: "invalid_stream_event",
      requestId,
      cause,
    });
  }
}

/**
 * Reads the SSE answer of `response` (already checked to be 2xx). `signal`
 * tells the caller's abort apart from a network failure mid-stream.
 */
export function createChorusChatStream<C extends ChatCompletionChunk = ChatCompletionChunk>(response: Promise<Response>, signal: AbortSignal | undefined): ChorusChatStream<C> {
  const meta = response.then((answer) => readChorusMeta(answer.headers));
  // Callers who only iterate never look at `meta`; its rejection is reported
  // by the iteration, so it must not also surface as an unhandled rejection.
  meta.catch(() => undefined);
  let text = "";

  async function* readChunks(): AsyncGenerator<C, void, undefined> {
    const answer = await response;
    const requestId = answer.headers.get("x-chorus-request-id") ?? undefined;
    if (answer.body === null) throw incomplete(requestId);
    try {
      for await (const data of parseSse(answer.body)) {
        if (data === "[DONE]") return;
        const event = parseChunk(data, requestId);
        const failure = chorusErrorFromStreamEvent(event, requestId);
        if (failure) throw failure;
        const chunk = event as C;
        // `n` is always 1 at the gateway, so the answer is choice 0.
        text += chunk.choices?.find((choice) => choice.index === 0)?.delta?.content ?? "";
        yield chunk;
      }
    } catch (error) {
      if (error instanceof ChorusError || signal?.aborted) throw error;
      throw new ChorusError({
        message: `The Chorus stream was interrupted: ${error instanceof Error ? error.message : String(error)}`,
        type: "api_error",
        code: "network_error",
        requestId,
        cause: error,
      });
    }
    throw incomplete(requestId);
  }

  const chunks = readChunks();
  return {
    meta,
    [Symbol.asyncIterator]: () => chunks,
    async text() {
      // Reading each chunk adds its text; only reaching the end matters here.
      while (!(await chunks.next()).done);
      return text;
    },
  };
}

/** The gateway always ends with `[DONE]`, even after an error; without it the answer is cut short. */
function incomplete(requestId: string | undefined): ChorusError {
  return new ChorusError({
    message: "The Chorus stream ended before [DONE]; the answer is incomplete",
    type: "api_error",
    code: "stream_incomplete",
    requestId,
  });
}

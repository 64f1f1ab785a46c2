import type { ChatCompletionChunk } from "./chat-types.ts";
import type { StartedStream } from "./route-types.ts";

export interface StreamObserver {
  /** Each chunk as it passes, head first. */
  onChunk(chunk: ChatCompletionChunk): void;
  /** The upstream stream ended normally; never called after a failure or a cancel. */
  onComplete(): void;
}

/**
 * The same started stream, with an observer watching its chunks pass. It
 * holds nothing back: each chunk goes on to the reader as soon as it arrives.
 */
export function observeStream(started: StartedStream, observer: StreamObserver): StartedStream {
  for (const chunk of started.head) observer.onChunk(chunk);
  async function* rest(): AsyncGenerator<ChatCompletionChunk> {
    for await (const chunk of started.rest) {
      observer.onChunk(chunk);
      yield chunk;
    }
    observer.onComplete();
  }
  return { head: started.head, rest: rest(), cancel: () => started.cancel() };
}

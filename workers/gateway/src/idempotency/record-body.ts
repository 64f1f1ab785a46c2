export interface RecordBodyOptions {
  /** Past this many bytes the text is no longer kept, and `onEnd` gets undefined. */
  limitBytes: number;
  /** Called once: with the whole text when the body was read to its end; undefined when it failed, was cancelled or grew too large. */
  onEnd: (text: string | undefined) => void;
}

/**
 * Passes a body through chunk by chunk, pulled only as the client reads
 * (high-water mark 0, so nothing is read ahead), while keeping a copy of its
 * text. A client that goes away cancels the source, so the upstream call
 * still stops.
 */
export function recordBody(body: ReadableStream<Uint8Array>, options: RecordBodyOptions): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text: string | undefined = "";
  let size = 0;
  let ended = false;
  const end = (result: string | undefined) => {
    if (ended) return;
    ended = true;
    options.onEnd(result);
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          controller.close();
          return end(text === undefined ? undefined : text + decoder.decode());
        }
        size += value.byteLength;
        if (text !== undefined) text = size > options.limitBytes ? undefined : text + decoder.decode(value, { stream: true });
        controller.enqueue(value);
      } catch (error) {
        controller.error(error);
        end(undefined);
      }
    },
    async cancel(reason) {
      end(undefined);
      await reader.cancel(reason);
    },
  }, { highWaterMark: 0 });
}

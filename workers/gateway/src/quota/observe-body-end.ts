/** How a response body ended: read to its end, left by the client, or broken. */
export type BodyEnd = "complete" | "cancelled" | "failed";

/**
 * The same body, pulled only as the client reads (nothing is read ahead),
 * calling `onEnd` once when it ends. A client that goes away cancels the
 * source, so the upstream call still stops.
 */
export function observeBodyEnd(body: ReadableStream<Uint8Array>, onEnd: (end: BodyEnd) => void): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let ended = false;
  const end = (how: BodyEnd) => {
    if (ended) return;
    ended = true;
    onEnd(how);
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (!done) return controller.enqueue(value);
        controller.close();
        end("complete");
      } catch (error) {
        controller.error(error);
        end("failed");
      }
    },
    async cancel(reason) {
      end("cancelled");
      await reader.cancel(reason);
    },
  }, { highWaterMark: 0 });
}

import { createParser, type EventSourceMessage } from "eventsource-parser";

/** One server-sent event: its `data`, and its `event:` and `id:` fields when sent. */
export type SseEvent = EventSourceMessage;

/**
 * Yields each server-sent event in `body`, parsed by eventsource-parser
 * (line endings, events split across reads, comments, multi-line data).
 * Stopping early (a `break` in the caller's loop) cancels the body, which
 * closes the connection.
 */
export async function* parseSseEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<SseEvent, void, undefined> {
  const events: SseEvent[] = [];
  const parser = createParser({ onEvent: (event) => events.push(event) });
  // A reader rather than `for await (... of body)`: Safari's ReadableStream is not async-iterable.
  const reader = body.getReader();
  // `stream: true` keeps a multi-byte character split across reads intact.
  const decoder = new TextDecoder();
  let finished = false;
  try {
    while (!finished) {
      const read = await reader.read();
      finished = read.done;
      // The spec drops an event left unterminated at the end of the body; a proxy
      // that trims the final blank line should not cost the caller its last event.
      parser.feed(finished ? `${decoder.decode()}\n\n` : decoder.decode(read.value, { stream: true }));
      while (events.length > 0) yield events.shift()!;
    }
  } finally {
    // Cancelling after an abort or a network error rejects again with the failure already reported.
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

/** The `data` of each server-sent event in `body` (see `parseSseEvents`). */
export async function* parseSse(body: ReadableStream<Uint8Array>): AsyncGenerator<string, void, undefined> {
  for await (const event of parseSseEvents(body)) yield event.data;
}

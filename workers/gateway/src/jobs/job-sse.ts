import type { JobEvent } from "@chorus/core";
import type { EventsAfter } from "../durable/job-log.ts";

/** How long one read waits for the next event before a keep-alive comment is sent, in ms. */
const WAIT_MS = 15_000;

/** Where a job's events are read from: its log (`JobLog.after`). */
export type ReadEvents = (lastId: number, waitMs: number) => Promise<EventsAfter>;

function frame(event: JobEvent): string {
  return `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`;
}

/**
 * A job's events after `lastId` as SSE (`id:`, `event:`, `data:`): what the
 * log holds first, then each event as it is appended, one waiting read at
 * a time; closed after the terminal event, or when the client leaves.
 */
export function jobEventStream(read: ReadEvents, lastId: number, signal: AbortSignal): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let last = lastId;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (signal.aborted) return controller.close();
      const { events, closed } = await read(last, WAIT_MS);
      if (events.length === 0 && !closed) return controller.enqueue(encoder.encode(": keep-alive\n\n"));
      if (events.length > 0) {
        controller.enqueue(encoder.encode(events.map(frame).join("")));
        last = events.at(-1)!.id;
      }
      if (closed) controller.close();
    },
  });
}

import type { JobEvent } from "@chorus/sdk";
import { useEffect, useRef, useState } from "preact/hooks";
import { chorus, signOutOnAuthFailure } from "./api.ts";

export interface JobEvents {
  /** Every event of the job so far, from the first. */
  events: JobEvent[];
  /** True until the terminal event arrived (or the stream failed for good). */
  live: boolean;
  error: unknown;
}

/**
 * Job `id`'s events as they happen: the SDK's iterator (fetch streaming with
 * the signed-in token, which `EventSource` cannot send; it reconnects with
 * the last id when the connection drops). `onEvent` sees each one as it comes.
 */
export function useJobEvents(id: string, onEvent: (event: JobEvent) => void): JobEvents {
  const [events, setEvents] = useState<JobEvent[]>([]);
  const [live, setLive] = useState(true);
  const [error, setError] = useState<unknown>();
  const latest = useRef(onEvent);
  latest.current = onEvent;
  useEffect(() => {
    const controller = new AbortController();
    setEvents([]);
    setLive(true);
    setError(undefined);
    void (async () => {
      try {
        for await (const event of chorus.jobs.events(id, { signal: controller.signal })) {
          setEvents((seen) => [...seen, event]);
          latest.current(event);
        }
      } catch (failure) {
        if (controller.signal.aborted) return;
        signOutOnAuthFailure(failure);
        setError(failure);
      }
      setLive(false);
    })();
    return () => controller.abort();
  }, [id]);
  return { events, live, error };
}

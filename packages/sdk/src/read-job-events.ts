import { ChorusError } from "./chorus-error.ts";
import type { JobEvent, JobEventData } from "./job-types.ts";
import { parseSseEvents } from "./parse-sse.ts";

/** The events after which a job's stream ends: the job will not change again. */
const TERMINAL = new Set(["job.succeeded", "job.failed", "job.cancelled"]);

export interface JobEventsOptions {
  /** Resume after this event id (what `Last-Event-ID` carries); default 0, every event from the first. */
  lastEventId?: number;
  /** Stops reading and closes the connection. */
  signal?: AbortSignal;
  /** Reconnections in a row without a new event before the last failure is thrown; default 5. */
  maxReconnects?: number;
  /** Wait before the second and later reconnections in a row, in ms (the first is at once); default 1000. */
  reconnectDelayMs?: number;
}

/** Opens the job's stream after `lastEventId` (checked: errors thrown as `ChorusError`). */
export type OpenJobEvents = (lastEventId: number, signal: AbortSignal | undefined) => Promise<Response>;

function parseData(data: string, type: string): JobEventData {
  try {
    return JSON.parse(data) as JobEventData;
  } catch (cause) {
    throw new ChorusError({ message: `Chorus sent a job event (${type}) that is not JSON: ${data.slice(0, 200)}`, type: "api_error", code: "invalid_stream_event", cause });
  }
}

/**
 * A connection that failed or broke is worth another, as are the gateway's
 * 5xx and 429; a 404 or 401 is not, nor an event that is not JSON.
 */
function worthReconnecting(error: unknown): boolean {
  if (!(error instanceof ChorusError)) return true;
  return error.status === undefined ? error.code === "network_error" || error.code === "stream_incomplete" : error.isRetryable;
}

function wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", abort);
      resolve();
    }, ms);
    const abort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", abort, { once: true });
  });
}

/**
 * A job's events, in order, each once: when the connection drops (or the
 * stream ends before the job does), it reconnects with the id of the last
 * event seen, so the gateway replays what was missed and nothing twice; an
 * event the gateway sends again anyway is skipped by its id. Ends after
 * the terminal event (`job.succeeded`, `job.failed`, `job.cancelled`).
 * Event types this SDK does not know are passed on as they come.
 */
export async function* readJobEvents(open: OpenJobEvents, options: JobEventsOptions = {}): AsyncGenerator<JobEvent, void, undefined> {
  const { signal, maxReconnects = 5, reconnectDelayMs = 1000 } = options;
  let last = options.lastEventId ?? 0;
  let failures = 0;
  let lastFailure: unknown;
  for (;;) {
    try {
      const response = await open(last, signal);
      if (response.body === null) throw new ChorusError({ message: "Chorus answered the job's events with no body", type: "api_error", code: "stream_incomplete" });
      for await (const sse of parseSseEvents(response.body)) {
        const type = sse.event ?? "message";
        const id = sse.id === undefined ? undefined : Number(sse.id);
        if (id !== undefined && Number.isInteger(id)) {
          if (id <= last) continue;
          last = id;
        }
        failures = 0;
        yield { id: id ?? last, type, data: parseData(sse.data, type) };
        if (TERMINAL.has(type)) return;
      }
      lastFailure = new ChorusError({ message: "The job's event stream ended before the job did", type: "api_error", code: "stream_incomplete" });
    } catch (error) {
      if (signal?.aborted || !worthReconnecting(error)) throw error;
      lastFailure = error;
    }
    if (++failures > maxReconnects) throw lastFailure;
    await wait(failures === 1 ? 0 : reconnectDelayMs, signal);
  }
}

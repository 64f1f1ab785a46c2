import type { ChatCompletionChunk, ProviderId } from "./chat-types.ts";
import type { Clock } from "./clock.ts";
import type { StartedStream, Timeouts } from "./route-types.ts";
import { UpstreamError } from "./upstream-error.ts";
import { watchdog } from "./watchdog.ts";

export interface StartStreamOptions {
  timeouts: Pick<Timeouts, "firstTokenMs" | "streamIdleMs">;
  clock: Clock;
  /** The attempt's signal: aborting it stops the read (client gone, deadline). */
  signal: AbortSignal;
  provider: ProviderId;
  /**
   * Aborts the upstream call itself (the controller whose signal the adapter
   * got). Called on idle timeout, cut and cancel, since a pending read cannot
   * be stopped by `return()` alone.
   */
  abortUpstream?: (reason: unknown) => void;
}

/** The first chunk that commits the answer: content, a tool call, a refusal or a finish. */
function isDecisive(chunk: ChatCompletionChunk): boolean {
  return chunk.choices.some(
    (choice) => choice.finish_reason != null || Boolean(choice.delta.content) || Boolean(choice.delta.refusal) || (choice.delta.tool_calls?.length ?? 0) > 0,
  );
}

/**
 * Reads a stream up to its first decisive chunk within `firstTokenMs`, so the
 * router may still fall back before a byte reaches the client. Role-only and
 * usage-only chunks read on the way are kept in `head`. Afterwards `rest`
 * waits at most `streamIdleMs` per chunk and turns any failure into an
 * `UpstreamError` (`timeout`, or `stream_cut` unless it already was one).
 */
export async function startStream(source: AsyncIterable<ChatCompletionChunk>, options: StartStreamOptions): Promise<StartedStream> {
  const { clock, provider, timeouts } = options;
  const iterator = source[Symbol.asyncIterator]();
  const cancelled = new AbortController();
  let open = true;
  const stop = (reason: unknown) => {
    if (!open) return;
    open = false;
    options.abortUpstream?.(reason);
    // Not awaited: a generator's return() waits for its pending read, which may never settle.
    Promise.resolve().then(() => iterator.return?.()).catch(() => undefined);
  };
  const next = async (ms: number, message: string): Promise<IteratorResult<ChatCompletionChunk>> => {
    const guard = watchdog({
      clock, ms, signals: [options.signal, cancelled.signal],
      onExpire: () => new UpstreamError({ provider, kind: "timeout", message }),
    });
    try {
      const result = await Promise.race([iterator.next(), guard.promise]);
      if (result.done) open = false;
      return result;
    } finally {
      guard.dispose();
    }
  };

  const head: ChatCompletionChunk[] = [];
  const firstTokenBy = clock.now() + timeouts.firstTokenMs;
  try {
    for (;;) {
      const result = await next(firstTokenBy - clock.now(), `${provider} sent no first token within ${timeouts.firstTokenMs} ms.`);
      if (result.done) throw new UpstreamError({ provider, kind: "stream_cut", message: `${provider} ended the stream before its first token.` });
      head.push(result.value);
      if (isDecisive(result.value)) break;
    }
  } catch (error) {
    stop(error);
    throw error;
  }

  async function* rest(): AsyncGenerator<ChatCompletionChunk> {
    try {
      for (;;) {
        const result = await next(timeouts.streamIdleMs, `${provider} stream went idle for ${timeouts.streamIdleMs} ms.`);
        if (result.done) return;
        yield result.value;
      }
    } catch (error) {
      if (cancelled.signal.aborted) return;
      const failure = error instanceof UpstreamError
        ? error
        : new UpstreamError({ provider, kind: "stream_cut", message: `${provider} stream failed after it started.`, raw: error });
      stop(failure);
      throw failure;
    } finally {
      // Reached also when the consumer stops early (break / return()).
      stop(cancelled.signal.reason);
    }
  }

  return {
    head,
    rest: rest(),
    cancel() {
      cancelled.abort(new UpstreamError({ provider, kind: "stream_cut", message: `${provider} stream cancelled.` }));
      stop(cancelled.signal.reason);
    },
  };
}

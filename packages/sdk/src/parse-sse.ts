/**
 * Yields the `data` of each server-sent event in `body`, following the
 * WHATWG event-stream rules: `\r\n`, `\r` or `\n` line endings, events split
 * across reads or several in one read, comment lines (`: ping`) skipped,
 * multi-line data joined with `\n`, other fields (`event`, `id`, `retry`)
 * ignored. Stopping early (a `break` in the caller's loop) cancels the body,
 * which closes the connection.
 */
export async function* parseSse(body: ReadableStream<Uint8Array>): AsyncGenerator<string, void, undefined> {
  // One per stream: a shared global regex's `lastIndex` would be clobbered by
  // another stream parsed while this generator waits at a `yield`.
  const lineEnd = /\r\n|\r|\n/g;
  let data: string[] | undefined;
  /** Applies one line to the event being read; returns the event's data when the line ends it. */
  const takeLine = (line: string): string | undefined => {
    if (line === "") {
      const event = data?.join("\n");
      data = undefined;
      return event;
    }
    if (line.startsWith(":")) return undefined;
    const colon = line.indexOf(":");
    if ((colon === -1 ? line : line.slice(0, colon)) === "data") {
      const value = colon === -1 ? "" : line.slice(colon + 1);
      (data ??= []).push(value.startsWith(" ") ? value.slice(1) : value);
    }
    return undefined;
  };

  // A reader rather than `for await (... of body)`: Safari's ReadableStream is not async-iterable.
  const reader = body.getReader();
  // `stream: true` keeps a multi-byte character split across reads intact.
  const decoder = new TextDecoder();
  let buffer = "";
  let finished = false;
  try {
    while (!finished) {
      const read = await reader.read();
      finished = read.done;
      buffer += finished ? decoder.decode() : decoder.decode(read.value, { stream: true });

      let start = 0;
      lineEnd.lastIndex = 0;
      for (let match = lineEnd.exec(buffer); match !== null; match = lineEnd.exec(buffer)) {
        // A `\r` at the end of a read may be the first half of a `\r\n` split across reads.
        if (match[0] === "\r" && lineEnd.lastIndex === buffer.length && !finished) break;
        const event = takeLine(buffer.slice(start, match.index));
        start = lineEnd.lastIndex;
        if (event !== undefined) yield event;
      }
      buffer = buffer.slice(start);
    }
    // The spec drops an event left unterminated at the end of the body; a proxy
    // that trims the final blank line should not cost the caller its last event.
    if (buffer !== "") takeLine(buffer);
    const last = takeLine("");
    if (last !== undefined) yield last;
  } finally {
    // Cancelling after an abort or a network error rejects again with the failure already reported.
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

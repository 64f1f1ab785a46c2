import type { Candidate, ChatCompletion, ChatCompletionChunk, StartedStream } from "@chorus/core";

/** `x-chorus-degraded: true` when a candidate marked `degraded` served (CONTRACT.md). */
export function degradedHeaders(candidate: Candidate): Record<string, string> {
  return candidate.degraded ? { "x-chorus-degraded": "true" } : {};
}

/** Where the disclaimer goes: after the answer, so the answer's own first words stay first. */
function suffix(disclaimer: string): string {
  return `\n\n${disclaimer}`;
}

/** A non-streamed answer with the disclaimer after each choice's text. Tool calls (no text) are left as they are. */
export function disclaimCompletion(completion: ChatCompletion, disclaimer: string): ChatCompletion {
  return {
    ...completion,
    choices: completion.choices.map((choice) =>
      typeof choice.message.content === "string" && choice.message.content !== ""
        ? { ...choice, message: { ...choice.message, content: choice.message.content + suffix(disclaimer) } }
        : choice),
  };
}

function hasDelta(chunk: ChatCompletionChunk): boolean {
  return chunk.choices.some((choice) => Boolean(choice.delta.content) || Boolean(choice.delta.role) || (choice.delta.tool_calls?.length ?? 0) > 0 || Boolean(choice.delta.refusal));
}

/**
 * A stream with one extra content chunk carrying the disclaimer, just before
 * the finish of an answer that said some text (requests have one choice). A
 * finishing chunk that also carries text is split so the disclaimer comes
 * after that text. A stream that breaks first ends without it (it ends with
 * an error event instead).
 */
export function disclaimStream(started: StartedStream, disclaimer: string): StartedStream {
  let said = false;
  let done = false;
  const expand = (chunk: ChatCompletionChunk): ChatCompletionChunk[] => {
    if (chunk.choices.some((choice) => Boolean(choice.delta.content))) said = true;
    const finishing = chunk.choices.find((choice) => choice.finish_reason != null);
    if (done || !said || !finishing) return [chunk];
    done = true;
    const body: ChatCompletionChunk = { ...chunk, choices: chunk.choices.map((choice) => ({ ...choice, finish_reason: null })), usage: null };
    const extra: ChatCompletionChunk = { ...body, choices: [{ index: finishing.index, delta: { content: suffix(disclaimer) }, finish_reason: null }] };
    const end: ChatCompletionChunk = { ...chunk, choices: [{ index: finishing.index, delta: {}, finish_reason: finishing.finish_reason }] };
    return hasDelta(body) ? [body, extra, end] : [extra, end];
  };
  async function* rest(): AsyncGenerator<ChatCompletionChunk> {
    for await (const chunk of started.rest) yield* expand(chunk);
  }
  return { head: started.head.flatMap(expand), rest: rest(), cancel: () => started.cancel() };
}

/** The disclaimer an answer gets: the profile's, when a degraded candidate served it. */
export function disclaimerFor(candidate: Candidate, profile: { disclaimer?: string } | undefined): string | undefined {
  return candidate.degraded ? profile?.disclaimer : undefined;
}

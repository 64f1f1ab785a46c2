import {
  checkJsonSchema, completionToChunks,
  type ChatCompletion, type ChatCompletionChunk, type StartedStream, type StructuredOutcome, type StructuredRequest,
} from "@chorus/core";
import type { JsonAnswer, StreamAnswer } from "../request/answer.ts";

export const STRUCTURED_EVENT = "chorus.structured";

/** At most this many validation errors are named (in the event, in a 422). */
export const MAX_NAMED_ERRORS = 5;

async function* nothingMore(): AsyncGenerator<ChatCompletionChunk> {}

/** The first choice's text in a chunk: what a structured answer is. */
function contentOf(chunk: ChatCompletionChunk): string {
  const content = chunk.choices.find((choice) => choice.index === 0)?.delta.content;
  return typeof content === "string" ? content : "";
}

/**
 * A held answer, checked whole, as the stream the client asked for: the
 * usual chunks of a chat completion (`completionToChunks`), all at once.
 */
export function heldStream(answer: JsonAnswer, completion: ChatCompletion, includeUsage: boolean): StreamAnswer {
  const stream: StartedStream = { head: completionToChunks(completion), rest: nothingMore(), cancel: () => undefined };
  return {
    kind: "stream", stream, model: answer.served?.model ?? completion.model, includeUsage,
    headers: answer.headers, served: answer.served, verdicts: answer.verdicts, held: true,
  };
}

/**
 * A stream passed through chunk by chunk, its text validated against the
 * schema once it has all passed: nothing can be repaired by then, so the
 * outcome goes in a last `chorus.structured` event, `{status: "valid"}` or
 * `{status: "fallback", errors}`, after any event of the stages inside.
 */
export function checkedStream(answer: StreamAnswer, request: StructuredRequest): StreamAnswer {
  // The verdicts of the stages inside are still being filled in as their streams end: one object for all.
  const verdicts = answer.verdicts ?? {};
  const source = answer.stream;
  let outcome: { status: StructuredOutcome; errors?: string[] } | undefined;

  async function* checked(): AsyncGenerator<ChatCompletionChunk> {
    let text = "";
    for (const chunk of source.head) {
      text += contentOf(chunk);
      yield chunk;
    }
    for await (const chunk of source.rest) {
      text += contentOf(chunk);
      yield chunk;
    }
    const verdict = checkJsonSchema(text, request.schema);
    verdicts.structured = verdict.valid ? "valid" : "fallback";
    outcome = verdict.valid ? { status: "valid" } : { status: "fallback", errors: verdict.errors.slice(0, MAX_NAMED_ERRORS) };
  }

  return {
    ...answer,
    stream: { head: [], rest: checked(), cancel: () => source.cancel() },
    verdicts,
    trailers: () => [...(answer.trailers?.() ?? []), ...(outcome ? [{ event: STRUCTURED_EVENT, data: outcome }] : [])],
  };
}

import type { ChatCompletion } from "./chat-types.ts";
import type { StartedStream } from "./route-types.ts";

/**
 * `isRefusal` for streams: the first decisive chunk finishes with
 * `content_filter` and nothing was said before it.
 */
export function isRefusedStream(started: StartedStream): boolean {
  const said = started.head.some((chunk) => chunk.choices.some((choice) => Boolean(choice.delta.content) || (choice.delta.tool_calls?.length ?? 0) > 0));
  const decisive = started.head.at(-1);
  return !said && (decisive?.choices.some((choice) => choice.finish_reason === "content_filter") ?? false);
}

/** `isRefusal` for completions: every choice finished with `content_filter` and said nothing. */
export function isRefusedCompletion(completion: ChatCompletion): boolean {
  return completion.choices.length > 0 && completion.choices.every(
    (choice) => choice.finish_reason === "content_filter" && !choice.message.content && (choice.message.tool_calls?.length ?? 0) === 0,
  );
}

import { responsesSseFrames, type ResponsesStreamTranslator } from "@chorus/core";
import type { SseWire } from "../http/sse-response.ts";

/** A chat stream written as the Responses API's events (`event:` + `data:`, no `[DONE]`). */
export function responsesWire(translator: ResponsesStreamTranslator): SseWire {
  return {
    chunk: (chunk) => responsesSseFrames(translator.add(chunk)),
    end: () => responsesSseFrames(translator.end()),
    fail: (error) => responsesSseFrames(translator.fail(error)),
  };
}

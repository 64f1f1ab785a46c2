import { completionToResponse, ResponsesStreamTranslator, type ChatCompletion, type ResponseIdentity, type ResponsesRequest } from "@chorus/core";
import type { Answer } from "../request/answer.ts";
import { responsesWire } from "./responses-wire.ts";

/**
 * A chat answer as the Responses API gives it, shaped at the edge after every
 * stage: a completion as a `response` object, a stream as Responses events.
 * The chat completion stays on the answer, so cache, metering and the
 * idempotency record see what they see for chat; a replay goes out as stored.
 */
export function responsesAnswer(answer: Answer, request: ResponsesRequest, identity: ResponseIdentity): Answer {
  if (answer.kind === "ready") return answer;
  if (answer.kind === "stream") {
    return { ...answer, wire: responsesWire(new ResponsesStreamTranslator({ request, identity, model: answer.model })) };
  }
  // A chat stage's JSON body is always a completion; a cache hit carries it only as the body.
  const completion = answer.completion ?? (answer.body as ChatCompletion);
  return { ...answer, body: completionToResponse(completion, request, identity) };
}

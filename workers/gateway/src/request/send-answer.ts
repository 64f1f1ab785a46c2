import { sseResponse } from "../http/sse-response.ts";
import type { Answer } from "./answer.ts";
import type { AnswerEnded } from "./answer-ended.ts";
import type { RequestScope } from "./request-scope.ts";

/** Publishes the request's outcome, logging what a subscriber threw: the answer has gone out. */
export function publishEnded(scope: RequestScope, ended: AnswerEnded): void {
  for (const failure of scope.ended.publish(ended)) scope.warn("answer-ended subscriber failed", failure);
}

/** Publishes from the next turn, once the runtime has taken the response: started now, the work would compete with sending it. */
function publishLater(scope: RequestScope, ended: AnswerEnded): void {
  scope.later("answer ended", scope.clock.sleep(0).then(() => publishEnded(scope, ended)));
}

/**
 * The answer as the one Response, and its `AnswerEnded` published once it
 * has gone out: a JSON or ready answer from the next turn, a stream when it
 * ends, whichever way.
 */
export function sendAnswer(scope: RequestScope, answer: Answer): Response {
  const servedBy = answer.served;
  if (answer.kind === "stream") {
    return sseResponse(answer.stream, {
      model: answer.model, includeUsage: answer.includeUsage, headers: answer.headers, keepBytes: scope.ended.keptBytes, wire: answer.wire,
      trailers: answer.trailers,
      onEnd: (end) => publishEnded(scope, {
        status: 200, servedBy, usage: end.usage, error: end.error, cancelled: end.cancelled,
        completion: end.completion, streamedText: end.text, body: end.body, streamed: answer.held !== true, verdicts: answer.verdicts,
      }),
    });
  }
  if (answer.kind === "ready") {
    publishLater(scope, { status: answer.response.status, servedBy, cancelled: false, streamed: false });
    return answer.response;
  }
  // Built in one step: `c.json` would build a Headers object and set each header on it, on every AI request.
  const text = JSON.stringify(answer.body);
  const kept = scope.ended.keptBytes > 0 && new TextEncoder().encode(text).byteLength <= scope.ended.keptBytes;
  publishLater(scope, {
    status: 200, servedBy, usage: answer.usage, completion: answer.completion, cancelled: false, streamed: false, verdicts: answer.verdicts,
    ...(kept && { body: text }),
  });
  return new Response(text, { headers: { "content-type": "application/json", ...answer.headers } });
}

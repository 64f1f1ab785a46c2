import {
  AnswerRejected, checkStructured, GatewayError, repairRequest, structuredRequestOf,
  type ChatCompletion, type ChatRequest, type StructuredOutcome, type StructuredRequest, type Usage,
} from "@chorus/core";
import type { ChatAnswerCheck } from "../request/answer-check.ts";
import type { Answer } from "../request/answer.ts";
import { recordVerdicts } from "../request/record-verdicts.ts";
import type { RequestScope } from "../request/request-scope.ts";
import type { Next, Stage } from "../request/stage.ts";
import { checkedStream, heldStream, MAX_NAMED_ERRORS } from "./structured-stream.ts";

const HEADER = "x-chorus-structured";
const REASON = "structured_invalid";

/** Both calls' tokens: the repair was paid for too. */
function addUsage(first: Usage | undefined, second: Usage | undefined): Usage | undefined {
  if (!first || !second) return second ?? first;
  return {
    ...second,
    prompt_tokens: first.prompt_tokens + second.prompt_tokens,
    completion_tokens: first.completion_tokens + second.completion_tokens,
    total_tokens: first.total_tokens + second.total_tokens,
  };
}

/** Valid as it came, or repaired once with the validation errors; still invalid: the next candidate when strict, else the text. */
function schemaCheck(request: StructuredRequest, body: ChatRequest, state: { outcome?: StructuredOutcome }): ChatAnswerCheck {
  return async (completion, { ask }) => {
    const first = checkStructured(completion, request);
    if (first.valid) {
      state.outcome = "valid";
      return { ok: true, value: completion };
    }
    const repaired: ChatCompletion = await ask(repairRequest(body, completion, first.errors));
    const answer = { ...repaired, usage: addUsage(completion.usage, repaired.usage) };
    const second = checkStructured(repaired, request);
    if (second.valid) {
      state.outcome = "repaired";
      return { ok: true, value: answer };
    }
    if (request.strict) return { ok: false, reason: REASON, detail: second.errors };
    state.outcome = "fallback";
    return { ok: true, value: answer };
  };
}

type ChatScope = RequestScope<ChatRequest>;

/** The answer checked inside the routing loop, marked `x-chorus-structured`; none valid with strict: 422. */
async function validated(scope: ChatScope, next: Next<ChatRequest>, request: StructuredRequest): Promise<Answer> {
  const state: { outcome?: StructuredOutcome } = {};
  try {
    const answer = await next({ ...scope, checks: [...(scope.checks ?? []), schemaCheck(request, scope.body, state)] });
    if (answer.kind === "ready" || !state.outcome) return answer;
    return { ...answer, headers: { ...answer.headers, [HEADER]: state.outcome }, verdicts: { ...answer.verdicts, structured: state.outcome } };
  } catch (error) {
    if (!(error instanceof AnswerRejected) || error.last.reason !== REASON) throw error;
    const errors = (error.last.detail as string[]).slice(0, MAX_NAMED_ERRORS).join("; ");
    throw new GatewayError({ status: 422, code: "structured_output_invalid", param: "response_format", message: `No answer matched the response_format schema, even after a repair (${errors}).` });
  }
}

/**
 * `response_format: json_schema` held at the gateway, on any provider: the
 * JSON answer is validated (JSON Schema 2020-12) inside the routing loop,
 * repaired once by asking the same candidate again with the errors; still
 * invalid, `strict: true` moves to the next candidate (none left: 422
 * `structured_output_invalid`), else the text is served marked `fallback`.
 * `x-chorus-structured` says which. A strict stream is held: the answer is
 * asked for whole and checked the same way, then sent as chunks (nothing
 * goes out before it is known valid); any other stream passes through and
 * is validated at its end (`chorus.structured` event, `checkedStream`).
 */
export const structuredOutput: Stage<ChatRequest> = async (scope, next) => {
  const request = structuredRequestOf(scope.body);
  if (!request) return next();
  recordVerdicts(scope);
  if (!scope.body.stream) return validated(scope, next, request);
  if (!request.strict) {
    const answer = await next();
    return answer.kind === "stream" ? checkedStream(answer, request) : answer;
  }
  const answer = await validated({ ...scope, body: { ...scope.body, stream: false } }, next, request);
  if (answer.kind !== "json" || !answer.completion) return answer;
  return heldStream(answer, answer.completion, scope.body.stream_options?.include_usage === true);
};

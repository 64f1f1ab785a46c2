import {
  AnswerRejected, answerText, checkOutputText, GatewayError, hasOutputRails,
  type ChatCompletion, type ChatRequest, type FeatureConfig, type Guardrails, type ProviderId, type Violation,
} from "@chorus/core";
import type { GuardrailPenalties } from "../edge/guardrail-penalties.ts";
import type { ChatAnswerCheck } from "../request/answer-check.ts";
import type { Answer, AnswerVerdicts, JsonAnswer } from "../request/answer.ts";
import type { RequestScope } from "../request/request-scope.ts";
import { featureOf } from "../request/feature-of.ts";
import { recordVerdicts } from "../request/record-verdicts.ts";
import type { Stage } from "../request/stage.ts";
import { guardedStream } from "./guarded-stream.ts";

const HEADER = "x-chorus-guardrails";
const REASON = "guardrail_";

export function violationError(violation: Violation): GatewayError {
  return new GatewayError({
    status: 422, code: "guardrail_violation", param: violation.rail,
    message: `The answer broke this feature's ${violation.rail} rail (${violation.detail}).`,
  });
}

function withContent(completion: ChatCompletion, content: string): ChatCompletion {
  return { ...completion, choices: completion.choices.map((choice, index) => (index === 0 ? { ...choice, message: { ...choice.message, content } } : choice)) };
}

/** The feature's `fallback.content` as a completion no model served. */
function fallbackAnswer(scope: RequestScope<ChatRequest>, content: string, violation: Violation, headers: Record<string, string>): JsonAnswer {
  const completion: ChatCompletion = {
    id: `chatcmpl-${scope.requestId}`, object: "chat.completion", created: Math.floor(scope.clock.now() / 1000), model: scope.body.model ?? scope.plan.profile,
    choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop", logprobs: null }],
  };
  return { kind: "json", body: completion, completion, headers: { ...headers, [HEADER]: "fallback" }, verdicts: { guardrails: "fallback", violation: violation.rail } };
}

/** The check the router runs on each JSON answer: a violation turns it down (`block`: no other candidate is asked). */
function railCheck(rails: Guardrails, state: { redacted: boolean; retried: boolean }, penalize: (provider: ProviderId) => void): ChatAnswerCheck {
  return async (completion, { candidate }) => {
    const verdict = checkOutputText(answerText(completion), rails);
    if (!verdict.ok) {
      penalize(candidate.provider);
      state.retried = true;
      const { violation } = verdict;
      return { ok: false, reason: `${REASON}${violation.rail}`, detail: violation, stop: violation.action === "block" };
    }
    state.redacted = verdict.redacted;
    return { ok: true, value: verdict.redacted ? withContent(completion, verdict.text) : completion };
  };
}

function marked(answer: Answer, verdicts: AnswerVerdicts): Answer {
  if (answer.kind === "ready" || !verdicts.guardrails) return answer;
  return { ...answer, headers: { ...answer.headers, [HEADER]: verdicts.guardrails }, verdicts: { ...answer.verdicts, ...verdicts } };
}

async function guardJson(scope: RequestScope<ChatRequest>, next: (scope: RequestScope<ChatRequest>) => Promise<Answer>, feature: FeatureConfig, rails: Guardrails, penalize: (provider: ProviderId) => void): Promise<Answer> {
  const state = { redacted: false, retried: false };
  try {
    const answer = await next({ ...scope, checks: [...(scope.checks ?? []), railCheck(rails, state, penalize)] });
    return marked(answer, { guardrails: state.redacted ? "redacted" : state.retried ? "retried" : "passed" });
  } catch (error) {
    if (!(error instanceof AnswerRejected) || !error.last.reason.startsWith(REASON)) throw error;
    const violation = error.last.detail as Violation;
    if (!feature.fallback) throw violationError(violation);
    return fallbackAnswer(scope, feature.fallback.content, violation, {});
  }
}

/**
 * A feature's output rails (CONTRACT.md "Guardrails and structured
 * output"), just before the route stage. A JSON answer is checked inside the
 * routing loop (a check on `scope.checks`): `retry` asks the next candidate,
 * and when none passes the feature's fallback is served, else 422
 * `guardrail_violation`. A stream is checked as it passes
 * (`guardedStream`). Providers whose answers broke a rail rank last for
 * the feature for `GUARDRAIL_PENALTY_MS`, in every isolate (`penalties`).
 */
export function outputGuardrails(penalties: GuardrailPenalties): Stage<ChatRequest> {
  return async function outputGuardrails(scope, next) {
    const feature = featureOf(scope);
    const rails = feature?.config.guardrails;
    if (!feature || !hasOutputRails(rails)) return next();
    recordVerdicts(scope);
    const penalize = (provider: ProviderId) => penalties.penalize(scope, feature.name, provider, scope.config.guardrailPenaltyMs);
    const candidates = await penalties.rank(scope, feature.name, scope.plan.candidates);
    const ranked = candidates === scope.plan.candidates ? scope : { ...scope, plan: { ...scope.plan, candidates: [...candidates] } };
    if (!scope.body.stream) return guardJson(ranked, next, feature.config, rails, penalize);
    const answer = await next(ranked);
    if (answer.kind !== "stream") return answer;
    return guardedStream(answer, rails, () => {
      if (answer.served) penalize(answer.served.provider);
    }, violationError);
  };
}

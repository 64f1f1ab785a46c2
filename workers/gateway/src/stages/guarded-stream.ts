import { checkWholeText, StreamTextRail, type ChatCompletionChunk, type Guardrails, type StartedStream, type StreamStep, type Violation } from "@chorus/core";
import type { AnswerVerdicts, StreamAnswer } from "../request/answer.ts";

export const GUARDRAILS_EVENT = "chorus.guardrails";

/** The end of the text that was held back, as one more content chunk like the last one seen. */
function heldChunk(last: ChatCompletionChunk, content: string): ChatCompletionChunk {
  return { ...last, choices: [{ index: 0, delta: { content }, finish_reason: null }], usage: undefined };
}

/**
 * A stream through a feature's rails as it passes: PII and deny phrases per
 * chunk (`StreamTextRail`, holding back at most 64 characters), a violation
 * that cannot be redacted ending the stream with `fail(violation)`'s error
 * event; markdown and the JSON Schema over the whole text at the end, the
 * outcome in a last `chorus.guardrails` event. `onViolation` hears every
 * violation (the provider's penalty).
 */
export function guardedStream(answer: StreamAnswer, rails: Guardrails, onViolation: (violation: Violation) => void, fail: (violation: Violation) => Error): StreamAnswer {
  const rail = new StreamTextRail(rails);
  const verdicts: AnswerVerdicts = { ...answer.verdicts, guardrails: "passed" };
  const source = answer.stream;
  let sent = "";
  let outcome: Record<string, unknown> = { outcome: "passed" };

  const pass = (step: StreamStep): string => {
    if (step.ok) return step.emit;
    verdicts.violation = step.violation.rail;
    onViolation(step.violation);
    throw fail(step.violation);
  };

  async function* guarded(): AsyncGenerator<ChatCompletionChunk> {
    let last: ChatCompletionChunk | undefined;
    let flushed = false;
    const all = async function* () {
      yield* source.head;
      yield* source.rest;
    };
    for await (const chunk of all()) {
      last = chunk;
      const choice = chunk.choices[0];
      if (choice) {
        const content = choice.delta.content;
        let emit = typeof content === "string" && content !== "" ? pass(rail.push(content)) : undefined;
        if (choice.finish_reason) {
          emit = (emit ?? "") + pass(rail.flush());
          flushed = true;
        }
        if (emit !== undefined) {
          sent += emit;
          chunk.choices[0] = { ...choice, delta: { ...choice.delta, content: emit } };
        }
      }
      yield chunk;
    }
    if (!flushed) {
      const rest = pass(rail.flush());
      if (rest && last) {
        sent += rest;
        yield heldChunk(last, rest);
      }
    }
    verdicts.guardrails = rail.redacted ? "redacted" : "passed";
    outcome = { outcome: verdicts.guardrails };
    const violation = checkWholeText(sent, rails);
    if (violation) {
      verdicts.violation = violation.rail;
      onViolation(violation);
      outcome = { outcome: "violation", rail: violation.rail, detail: violation.detail };
    }
  }

  const stream: StartedStream = { head: [], rest: guarded(), cancel: () => source.cancel() };
  return { ...answer, stream, verdicts, trailers: () => [...(answer.trailers?.() ?? []), { event: GUARDRAILS_EVENT, data: outcome }] };
}

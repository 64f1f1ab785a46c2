import { checkJsonSchema } from "./check-json-schema.ts";
import { checkMarkdown } from "./check-markdown.ts";
import { findPhrase } from "./find-phrase.ts";
import { findPii, maskPii } from "./find-pii.ts";
import type { Guardrails, Violation } from "./guardrail-types.ts";

export type TextVerdict = { ok: true; text: string; redacted: boolean } | { ok: false; violation: Violation };

/** The rails that read an answer's text, whole or as it streams. */
export function hasOutputRails(rails: Guardrails | undefined): rails is Guardrails {
  return rails !== undefined && (rails.jsonSchema !== undefined || rails.markdown !== undefined || rails.pii !== undefined || rails.phrases !== undefined);
}

/** The rails that can only judge a whole answer: run at a stream's end. */
export function checkWholeText(text: string, rails: Pick<Guardrails, "jsonSchema" | "markdown">): Violation | undefined {
  if (rails.markdown) {
    const problem = checkMarkdown(text, rails.markdown);
    if (problem) return { rail: "markdown", action: "retry", detail: problem };
  }
  if (rails.jsonSchema) {
    const verdict = checkJsonSchema(text, rails.jsonSchema);
    if (!verdict.valid) return { rail: "jsonSchema", action: "retry", detail: verdict.errors.join("; ") };
  }
  return undefined;
}

/**
 * A whole answer's text through a feature's output rails: deny phrases, then
 * PII (masked when its action is `redact`), then markdown and the JSON
 * Schema over what would be served.
 */
export function checkOutputText(text: string, rails: Guardrails): TextVerdict {
  if (rails.phrases) {
    const found = findPhrase(text, rails.phrases.deny);
    if (found) return { ok: false, violation: { rail: "phrases", action: rails.phrases.action, detail: `a denied phrase at ${found.start}` } };
  }
  let served = text;
  let redacted = false;
  if (rails.pii) {
    const matches = findPii(text, rails.pii.detect);
    if (matches.length > 0) {
      const kinds = [...new Set(matches.map((match) => match.kind))].join(", ");
      if (rails.pii.action !== "redact") return { ok: false, violation: { rail: "pii", action: rails.pii.action, detail: `found ${kinds}` } };
      served = maskPii(text, matches);
      redacted = true;
    }
  }
  const violation = checkWholeText(served, rails);
  return violation ? { ok: false, violation } : { ok: true, text: served, redacted };
}

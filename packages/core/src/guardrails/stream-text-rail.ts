import { findPhrase } from "./find-phrase.ts";
import { findPii, maskPii, type PiiMatch } from "./find-pii.ts";
import type { Guardrails, Violation } from "./guardrail-types.ts";

/** The most text a stream's rails hold back: longer than any PII form they look for but a very long e-mail address. */
export const STREAM_HOLD_MAX = 64;

export type StreamStep = { ok: true; emit: string } | { ok: false; violation: Violation };

/**
 * PII and deny-phrase rails over a streamed answer's text as it passes. Each
 * `push` returns what may go out now; the last characters are held back
 * (the longest phrase less one, 64 with PII rails) so that a phrase or a
 * number split across chunks is still seen whole. A match already in the
 * text that must go out is taken as it stands.
 */
export class StreamTextRail {
  readonly #rails: Pick<Guardrails, "pii" | "phrases">;
  readonly #hold: number;
  #held = "";
  #redacted = false;

  constructor(rails: Pick<Guardrails, "pii" | "phrases">) {
    this.#rails = rails;
    const longestPhrase = Math.max(0, ...(rails.phrases?.deny ?? []).map((phrase) => phrase.length - 1));
    this.#hold = Math.min(STREAM_HOLD_MAX, rails.pii ? STREAM_HOLD_MAX : longestPhrase);
  }

  /** Whether any PII was masked so far. */
  get redacted(): boolean {
    return this.#redacted;
  }

  /** How many characters are held back now. */
  get held(): number {
    return this.#held.length;
  }

  push(text: string): StreamStep {
    this.#held += text;
    return this.#release(Math.max(0, this.#held.length - this.#hold));
  }

  /** Everything still held, at the stream's end. */
  flush(): StreamStep {
    return this.#release(this.#held.length);
  }

  #release(cut: number): StreamStep {
    const text = this.#held;
    const phrases = this.#rails.phrases;
    const found = phrases && findPhrase(text, phrases.deny);
    if (phrases && found) return { ok: false, violation: { rail: "phrases", action: phrases.action, detail: `a denied phrase` } };
    let matches: PiiMatch[] = [];
    const pii = this.#rails.pii;
    if (pii) {
      // A match that begins before the cut goes out whole (masked); one after it waits for more text.
      matches = findPii(text, pii.detect).filter((match) => match.start < cut);
      for (const match of matches) cut = Math.max(cut, match.end);
      if (matches.length > 0 && pii.action !== "redact") {
        return { ok: false, violation: { rail: "pii", action: pii.action, detail: `found ${matches.map((match) => match.kind).join(", ")}` } };
      }
    }
    if (cut === 0) return { ok: true, emit: "" };
    if (matches.length > 0) this.#redacted = true;
    this.#held = text.slice(cut);
    return { ok: true, emit: maskPii(text.slice(0, cut), matches) };
  }
}

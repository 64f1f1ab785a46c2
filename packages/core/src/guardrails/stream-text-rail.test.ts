import { describe, expect, it } from "vitest";
import { STREAM_HOLD_MAX, StreamTextRail, type StreamStep } from "./stream-text-rail.ts";

/** Feeds `chunks` and returns what went out, the most held at any time and the violation if any. */
function run(rail: StreamTextRail, chunks: string[]) {
  let out = "";
  let maxHeld = 0;
  const take = (step: StreamStep) => {
    if (!step.ok) return step.violation;
    out += step.emit;
    return undefined;
  };
  for (const chunk of chunks) {
    const violation = take(rail.push(chunk));
    maxHeld = Math.max(maxHeld, rail.held);
    if (violation) return { out, maxHeld, violation };
  }
  const violation = take(rail.flush());
  return { out, maxHeld, violation };
}

describe("StreamTextRail", () => {
  it("masks an e-mail address split across chunks", () => {
    const rail = new StreamTextRail({ pii: { detect: ["email"], action: "redact" } });
    const result = run(rail, ["Write to ja", "ne.doe@exa", "mple.com", " soon. ", "x".repeat(100)]);
    expect(result.out).toBe(`Write to [EMAIL] soon. ${"x".repeat(100)}`);
    expect(result.violation).toBeUndefined();
    expect(rail.redacted).toBe(true);
  });

  it("masks a card number split digit-group by digit-group", () => {
    const result = run(new StreamTextRail({ pii: { detect: ["card"], action: "redact" } }), ["Card 4111 ", "1111 11", "11 1111", " thanks"]);
    expect(result.out).toBe("Card [CARD] thanks");
  });

  it("never holds more than 64 characters, and passes text on once it cannot be part of a match", () => {
    const rail = new StreamTextRail({ pii: { detect: ["email", "card"], action: "redact" } });
    const result = run(rail, Array.from({ length: 40 }, () => "lorem ipsum "));
    expect(result.maxHeld).toBeLessThanOrEqual(STREAM_HOLD_MAX);
    expect(result.out).toBe("lorem ipsum ".repeat(40));
  });

  it("holds only the longest phrase less one when only phrases are checked", () => {
    const rail = new StreamTextRail({ phrases: { deny: ["top secret"], action: "block" } });
    expect(rail.push("hello world, all is fine")).toEqual({ ok: true, emit: "hello world, al" });
    expect(rail.held).toBe("top secret".length - 1);
  });

  it("catches a denied phrase split across chunks, case-insensitive, before it goes out", () => {
    const result = run(new StreamTextRail({ phrases: { deny: ["Top Secret"], action: "block" } }), ["This is to", "p sec", "ret stuff"]);
    expect(result.violation).toMatchObject({ rail: "phrases", action: "block" });
    expect(result.out).not.toContain("top");
  });

  it("reports PII as a violation when its action is not redact", () => {
    const result = run(new StreamTextRail({ pii: { detect: ["ssn"], action: "block" } }), ["SSN 123-4", "5-6789 ok"]);
    expect(result.violation).toMatchObject({ rail: "pii", action: "block" });
    expect(result.out).toBe("");
  });
});

import { describe, expect, it } from "vitest";
import { estimateMessageTokens, estimatePromptTokens, estimateTextTokens } from "./token-estimate.ts";

describe("token estimate", () => {
  it("grows with the text and is zero for none", () => {
    expect(estimateTextTokens("")).toBe(0);
    const short = estimateTextTokens("The sea is calm tonight.");
    const long = estimateTextTokens("The sea is calm tonight. ".repeat(40));
    expect(short).toBeGreaterThan(0);
    expect(long).toBeGreaterThan(30 * short);
  });

  it("is in the range real tokenizers give for English prose (about four characters a token)", () => {
    const prose = "Chorus is an edge gateway that conducts many language models behind one endpoint. ".repeat(10);
    const tokens = estimateTextTokens(prose);
    expect(tokens).toBeGreaterThan(prose.length / 6);
    expect(tokens).toBeLessThan(prose.length / 3);
  });

  it("adds each message's overhead and counts only text parts", () => {
    const text = "hello there";
    expect(estimateMessageTokens({ role: "user", content: text })).toBe(4 + estimateTextTokens(text));
    expect(estimateMessageTokens({ role: "user", content: [{ type: "text", text }, { type: "image_url", image_url: { url: "https://x/y.png" } }] }))
      .toBe(4 + estimateTextTokens(text));
    expect(estimatePromptTokens([{ role: "system", content: text }, { role: "assistant", content: null }])).toBe(8 + estimateTextTokens(text));
  });
});

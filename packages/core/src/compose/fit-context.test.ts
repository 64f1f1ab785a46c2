import { describe, expect, it } from "vitest";
import { chatRequestSchema } from "../schemas/chat-request-schema.ts";
import { estimateTextTokens } from "../tokens/token-estimate.ts";
import { fitContext } from "./fit-context.ts";

const block = (text: string, priority: number) => ({ text, priority });
const words = (count: number, word: string) => Array.from({ length: count }, () => word).join(" ");

describe("fitContext", () => {
  it("keeps every block, highest priority first, when the budget allows", () => {
    const fitted = fitContext([block("low", 1), block("high", 9), block("mid", 5)], 1_000);
    expect(fitted).toEqual({ kept: [block("high", 9), block("mid", 5), block("low", 1)], dropped: 0 });
  });

  it("keeps blocks of equal priority in the order sent", () => {
    expect(fitContext([block("first", 3), block("second", 3)], 1_000).kept.map((kept) => kept.text)).toEqual(["first", "second"]);
  });

  it("stays within the budget, as the sessions' estimator counts it", () => {
    const blocks = [block(words(40, "alpha"), 3), block(words(40, "beta"), 2), block(words(40, "gamma"), 1)];
    const budget = estimateTextTokens(blocks[0]!.text) + estimateTextTokens(blocks[1]!.text);
    const fitted = fitContext(blocks, budget);
    expect(fitted.kept.map((kept) => kept.priority)).toEqual([3, 2]);
    expect(fitted.dropped).toBe(1);
    expect(fitted.kept.reduce((sum, kept) => sum + estimateTextTokens(kept.text), 0)).toBeLessThanOrEqual(budget);
  });

  it("drops the lowest first: a small low block never takes the place of a larger higher one", () => {
    const big = block(words(200, "important"), 5);
    const small = block("tiny", 1);
    const fitted = fitContext([small, big], estimateTextTokens(big.text) - 1);
    expect(fitted).toEqual({ kept: [], dropped: 2 });
  });

  it("drops nothing from no blocks", () => {
    expect(fitContext([], 10)).toEqual({ kept: [], dropped: 0 });
  });
});

describe("the chat request's chorus field", () => {
  const ask = { messages: [{ role: "user", content: "hi" }] };
  const pathOf = (body: unknown) => {
    const parsed = chatRequestSchema.safeParse(body);
    return parsed.success ? undefined : parsed.error.issues[0]!.path;
  };

  it("accepts context blocks and a budget", () => {
    const parsed = chatRequestSchema.parse({ ...ask, chorus: { context: [block("x", 1)], contextTokens: 100 } });
    expect(parsed.chorus).toEqual({ context: [block("x", 1)], contextTokens: 100 });
  });

  it("names the field that is out of bounds", () => {
    expect(pathOf({ ...ask, chorus: { context: Array.from({ length: 51 }, () => block("x", 1)) } })).toEqual(["chorus", "context"]);
    expect(pathOf({ ...ask, chorus: { context: [block("x".repeat(20_001), 1)] } })).toEqual(["chorus", "context", 0, "text"]);
    expect(pathOf({ ...ask, chorus: { context: [{ text: "x" }] } })).toEqual(["chorus", "context", 0, "priority"]);
    expect(pathOf({ ...ask, chorus: { contextTokens: 0 } })).toEqual(["chorus", "contextTokens"]);
  });
});

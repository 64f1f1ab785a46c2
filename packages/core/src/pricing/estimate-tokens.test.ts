import { describe, expect, it } from "vitest";
import { estimateChatUsage, estimateTokens } from "./estimate-tokens.ts";

describe("estimateTokens", () => {
  it("counts about one token per four characters, rounding up", () => {
    expect(estimateTokens("")).toBe(0);
    expect(estimateTokens("abc")).toBe(1);
    expect(estimateTokens("abcd")).toBe(1);
    expect(estimateTokens("abcde")).toBe(2);
    expect(estimateTokens("x".repeat(4000))).toBe(1000);
  });
});

describe("estimateChatUsage", () => {
  it("estimates prompt and completion and marks the result estimated", () => {
    const usage = estimateChatUsage([
      { role: "system", content: "be brief" },
      { role: "user", content: [{ type: "text", text: "hello world!" }, { type: "image_url", image_url: { url: "https://x/y.png" } }] },
    ], "x".repeat(40));
    // 4 per message + "be brief" (2) + "hello world!" (3); images are not counted as text.
    expect(usage).toEqual({ tokensIn: 4 + 2 + 4 + 3, tokensOut: 10, cachedTokens: 0, estimated: true });
  });

  it("counts tool calls the assistant made", () => {
    const usage = estimateChatUsage([
      { role: "assistant", content: null, tool_calls: [{ id: "c1", type: "function", function: { name: "weat", arguments: '{"city":"Oslo"}' } }] },
      { role: "tool", tool_call_id: "c1", content: "cold" },
    ], "");
    expect(usage.tokensIn).toBe(4 + estimateTokens('weat\n{"city":"Oslo"}') + 4 + 1);
    expect(usage.tokensOut).toBe(0);
  });
});

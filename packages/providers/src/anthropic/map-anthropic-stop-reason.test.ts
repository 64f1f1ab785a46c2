import { describe, expect, it } from "vitest";
import { ANTHROPIC_STOP_REASONS, mapAnthropicStopReason } from "./map-anthropic-stop-reason.ts";

describe("mapAnthropicStopReason", () => {
  it.each([
    ["end_turn", "stop"],
    ["stop_sequence", "stop"],
    ["pause_turn", "stop"],
    ["max_tokens", "length"],
    ["model_context_window_exceeded", "length"],
    ["tool_use", "tool_calls"],
    ["refusal", "content_filter"],
  ])("%s -> %s", (reason, finish) => {
    expect(mapAnthropicStopReason(reason)).toBe(finish);
  });

  it("covers exactly the reasons the table lists", () => {
    expect(Object.keys(ANTHROPIC_STOP_REASONS).sort()).toEqual(
      ["end_turn", "max_tokens", "model_context_window_exceeded", "pause_turn", "refusal", "stop_sequence", "tool_use"],
    );
  });

  it("reads an unknown or missing reason as stop", () => {
    expect(mapAnthropicStopReason("something_new")).toBe("stop");
    expect(mapAnthropicStopReason(null)).toBe("stop");
  });
});

import type { FinishReason } from "@chorus/core";
import type { StopReason } from "@anthropic-ai/sdk/resources/messages";

/** Every Anthropic stop reason and the OpenAI finish reason a client expects for it. */
export const ANTHROPIC_STOP_REASONS: Readonly<Record<StopReason, FinishReason>> = {
  end_turn: "stop",
  stop_sequence: "stop",
  // A paused server-tool turn is complete as far as an OpenAI client can tell.
  pause_turn: "stop",
  max_tokens: "length",
  model_context_window_exceeded: "length",
  tool_use: "tool_calls",
  refusal: "content_filter",
};

/** Unknown or missing reasons (newer API values) read as a normal stop. */
export function mapAnthropicStopReason(reason: StopReason | string | null | undefined): FinishReason {
  return reason && Object.hasOwn(ANTHROPIC_STOP_REASONS, reason) ? ANTHROPIC_STOP_REASONS[reason as StopReason] : "stop";
}

import type { ToolCall } from "@chorus/core";

/**
 * Gemini's function calls carry no id. The id is made from the call's
 * position and name, so the same answer always gets the same ids and a
 * retried or cached answer stays consistent with the client's history.
 */
export function toOpenAIToolCall(call: { name: string; args?: object }, index: number): ToolCall {
  return {
    id: `call_${index}_${call.name}`,
    type: "function",
    function: { name: call.name, arguments: JSON.stringify(call.args ?? {}) },
  };
}

import type { AssistantMessage, ChatCompletion, ChatCompletionChunk, FinishReason, ToolCall, Usage } from "./chat-types.ts";

interface ChoiceState {
  content: string;
  sawContent: boolean;
  refusal: string | undefined;
  toolCalls: ToolCall[];
  finish: FinishReason | null;
}

/**
 * Folds a stream's chunks into the `chat.completion` they add up to, as they
 * pass, keeping only the text and tool calls so far (never the chunks). The
 * cache stores this one form, and replays it as JSON or as SSE.
 */
export class CompletionAssembler {
  #id = "";
  #created = 0;
  #model = "";
  #usage: Usage | undefined;
  readonly #choices = new Map<number, ChoiceState>();

  add(chunk: ChatCompletionChunk): void {
    this.#id ||= chunk.id;
    this.#created ||= chunk.created;
    this.#model ||= chunk.model;
    if (chunk.usage) this.#usage = chunk.usage;
    for (const choice of chunk.choices) {
      const state = this.#choice(choice.index);
      const { delta } = choice;
      if (typeof delta.content === "string") {
        state.content += delta.content;
        state.sawContent = true;
      }
      if (typeof delta.refusal === "string") state.refusal = (state.refusal ?? "") + delta.refusal;
      for (const call of delta.tool_calls ?? []) {
        const target = (state.toolCalls[call.index] ??= { id: "", type: "function", function: { name: "", arguments: "" } });
        if (call.id) target.id = call.id;
        target.function.name += call.function?.name ?? "";
        target.function.arguments += call.function?.arguments ?? "";
      }
      if (choice.finish_reason) state.finish = choice.finish_reason;
    }
  }

  /** The whole answer, or undefined while no choice was seen or any choice has not finished. */
  completion(): ChatCompletion | undefined {
    const states = [...this.#choices.entries()].sort(([a], [b]) => a - b);
    if (states.length === 0) return undefined;
    const choices: ChatCompletion["choices"] = [];
    for (const [index, state] of states) {
      if (state.finish === null) return undefined;
      choices.push({ index, message: messageOf(state), finish_reason: state.finish, logprobs: null });
    }
    const completion: ChatCompletion = { id: this.#id, object: "chat.completion", created: this.#created, model: this.#model, choices };
    if (this.#usage) completion.usage = this.#usage;
    return completion;
  }

  #choice(index: number): ChoiceState {
    let state = this.#choices.get(index);
    if (!state) {
      state = { content: "", sawContent: false, refusal: undefined, toolCalls: [], finish: null };
      this.#choices.set(index, state);
    }
    return state;
  }
}

function messageOf(state: ChoiceState): AssistantMessage {
  const toolCalls = state.toolCalls.filter(Boolean);
  // As a non-streamed answer has it: no text beside tool calls is `null`, not "".
  const content = state.sawContent && (state.content !== "" || toolCalls.length === 0) ? state.content : null;
  const message: AssistantMessage = { role: "assistant", content };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  if (state.refusal !== undefined) message.refusal = state.refusal;
  return message;
}

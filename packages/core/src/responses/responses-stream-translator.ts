import type { ChatCompletionChunk, FinishReason, ToolCallDelta, Usage } from "../chat-types.ts";
import type { OpenAIErrorBody } from "../gateway-error.ts";
import { functionCallItemId, messageItemId, responseShell, responseUsage, statusOf } from "./completion-to-response.ts";
import type { FunctionCallItem, OutputItem, OutputMessageItem, ResponseIdentity, ResponseObject, ResponsesRequest, ResponseStreamEvent } from "./responses-types.ts";

interface OpenText {
  item: OutputMessageItem;
  outputIndex: number;
  text: string;
}

interface OpenCall {
  item: FunctionCallItem;
  outputIndex: number;
}

export interface ResponsesStreamInit {
  request: ResponsesRequest;
  identity: ResponseIdentity;
  /** The served model id. */
  model: string;
}

/**
 * Turns a chat answer's chunks, as they pass, into the Responses API's event
 * sequence: `response.created` and `response.in_progress` first, an output
 * item per text answer or tool call (opened, filled by deltas, closed), then
 * `response.completed` (`response.incomplete` when cut short) with the whole
 * response, or `response.failed` and `error` when the stream failed. Every
 * event carries the next `sequence_number`, from 0.
 */
export class ResponsesStreamTranslator {
  readonly #init: ResponsesStreamInit;
  #sequence = 0;
  #started = false;
  readonly #output: OutputItem[] = [];
  #text: OpenText | undefined;
  readonly #calls = new Map<number, OpenCall>();
  #openCall: OpenCall | undefined;
  #finish: FinishReason | null = null;
  #usage: Usage | undefined;

  constructor(init: ResponsesStreamInit) {
    this.#init = init;
  }

  /** The events one chunk adds (the first chunk also opens the response). */
  add(chunk: ChatCompletionChunk): ResponseStreamEvent[] {
    const events = this.#start();
    if (chunk.usage) this.#usage = chunk.usage;
    const choice = chunk.choices[0];
    if (!choice) return events;
    if (typeof choice.delta.content === "string" && choice.delta.content !== "") events.push(...this.#addText(choice.delta.content));
    for (const call of choice.delta.tool_calls ?? []) events.push(...this.#addCall(call));
    if (choice.finish_reason) this.#finish = choice.finish_reason;
    return events;
  }

  /** The events that close a stream that ended whole: open items done, then the whole response. */
  end(): ResponseStreamEvent[] {
    const events = this.#start();
    const { status, incomplete_details } = statusOf(this.#finish);
    events.push(...this.#closeOpen(status === "completed" ? "completed" : "incomplete"));
    const response: ResponseObject = { ...this.#shell(status), incomplete_details, usage: this.#usage ? responseUsage(this.#usage) : null };
    events.push(this.#event(status === "completed" ? "response.completed" : "response.incomplete", { response }));
    return events;
  }

  /** The events that end a stream that failed after its first byte: the response failed, then OpenAI's `error` event. */
  fail(failure: OpenAIErrorBody): ResponseStreamEvent[] {
    const events = this.#start();
    const { code, message, param } = failure.error;
    const response: ResponseObject = { ...this.#shell("failed"), error: { code, message } };
    events.push(this.#event("response.failed", { response }));
    events.push(this.#event("error", { code, message, param }));
    return events;
  }

  #event(type: string, fields: Record<string, unknown>): ResponseStreamEvent {
    return { type, sequence_number: this.#sequence++, ...structuredClone(fields) };
  }

  #shell(status: ResponseObject["status"]): ResponseObject {
    return { ...responseShell(this.#init.request, this.#init.identity, this.#init.model, status), output: structuredClone(this.#output) };
  }

  #start(): ResponseStreamEvent[] {
    if (this.#started) return [];
    this.#started = true;
    const response = this.#shell("in_progress");
    return [this.#event("response.created", { response }), this.#event("response.in_progress", { response })];
  }

  #addText(delta: string): ResponseStreamEvent[] {
    const events: ResponseStreamEvent[] = [];
    if (!this.#text) {
      events.push(...this.#closeCall("completed"));
      const item: OutputMessageItem = { type: "message", id: messageItemId(this.#init.identity.id), status: "in_progress", role: "assistant", content: [] };
      const outputIndex = this.#output.push(item) - 1;
      this.#text = { item, outputIndex, text: "" };
      events.push(this.#event("response.output_item.added", { output_index: outputIndex, item }));
      events.push(this.#event("response.content_part.added", {
        item_id: item.id, output_index: outputIndex, content_index: 0, part: { type: "output_text", text: "", annotations: [] },
      }));
    }
    const open = this.#text;
    open.text += delta;
    events.push(this.#event("response.output_text.delta", { item_id: open.item.id, output_index: open.outputIndex, content_index: 0, delta, logprobs: [] }));
    return events;
  }

  #addCall(delta: ToolCallDelta): ResponseStreamEvent[] {
    const events: ResponseStreamEvent[] = [];
    let call = this.#calls.get(delta.index);
    if (!call) {
      events.push(...this.#closeText("completed"), ...this.#closeCall("completed"));
      const item: FunctionCallItem = {
        type: "function_call", id: functionCallItemId(this.#init.identity.id, this.#calls.size),
        call_id: delta.id ?? "", name: delta.function?.name ?? "", arguments: "", status: "in_progress",
      };
      call = { item, outputIndex: this.#output.push(item) - 1 };
      this.#calls.set(delta.index, call);
      this.#openCall = call;
      events.push(this.#event("response.output_item.added", { output_index: call.outputIndex, item }));
    } else {
      if (delta.id) call.item.call_id = delta.id;
      call.item.name += delta.function?.name ?? "";
    }
    const fragment = delta.function?.arguments ?? "";
    if (fragment !== "") {
      call.item.arguments += fragment;
      events.push(this.#event("response.function_call_arguments.delta", { item_id: call.item.id, output_index: call.outputIndex, delta: fragment }));
    }
    return events;
  }

  #closeOpen(status: "completed" | "incomplete"): ResponseStreamEvent[] {
    return [...this.#closeText(status), ...this.#closeCall(status)];
  }

  #closeText(status: "completed" | "incomplete"): ResponseStreamEvent[] {
    const open = this.#text;
    if (!open) return [];
    this.#text = undefined;
    const part = { type: "output_text" as const, text: open.text, annotations: [] as [], logprobs: [] as [] };
    open.item.content = [part];
    open.item.status = status;
    const at = { item_id: open.item.id, output_index: open.outputIndex, content_index: 0 };
    return [
      this.#event("response.output_text.done", { ...at, text: open.text, logprobs: [] }),
      this.#event("response.content_part.done", { ...at, part }),
      this.#event("response.output_item.done", { output_index: open.outputIndex, item: open.item }),
    ];
  }

  #closeCall(status: "completed" | "incomplete"): ResponseStreamEvent[] {
    const open = this.#openCall;
    if (!open) return [];
    this.#openCall = undefined;
    open.item.status = status;
    return [
      this.#event("response.function_call_arguments.done", { item_id: open.item.id, output_index: open.outputIndex, name: open.item.name, arguments: open.item.arguments }),
      this.#event("response.output_item.done", { output_index: open.outputIndex, item: open.item }),
    ];
  }
}

/** Events as SSE: an `event:` line naming each, its JSON on a `data:` line (the Responses API sends no `[DONE]`). */
export function responsesSseFrames(events: readonly ResponseStreamEvent[]): string {
  return events.map((event) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`).join("");
}

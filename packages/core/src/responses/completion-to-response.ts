import type { ChatCompletion, FinishReason, Usage } from "../chat-types.ts";
import type { OutputItem, ResponseIdentity, ResponseObject, ResponsesRequest, ResponseStatus, ResponseUsage } from "./responses-types.ts";

/** The id part of a response's own id, shared by its items' ids (`resp_x` -> `msg_x`, `fc_x_0`). */
function stem(responseId: string): string {
  return responseId.replace(/^resp_/, "");
}

export function messageItemId(responseId: string): string {
  return `msg_${stem(responseId)}`;
}

export function functionCallItemId(responseId: string, index: number): string {
  return `fc_${stem(responseId)}_${index}`;
}

export function responseUsage(usage: Usage): ResponseUsage {
  return {
    input_tokens: usage.prompt_tokens,
    input_tokens_details: { cached_tokens: usage.prompt_tokens_details?.cached_tokens ?? 0 },
    output_tokens: usage.completion_tokens,
    output_tokens_details: { reasoning_tokens: usage.completion_tokens_details?.reasoning_tokens ?? 0 },
    total_tokens: usage.total_tokens,
  };
}

/** How a chat answer's finish reads as a response's status: cut short by the token limit or a filter is `incomplete`. */
export function statusOf(finish: FinishReason | null | undefined): Pick<ResponseObject, "status" | "incomplete_details"> {
  if (finish === "length") return { status: "incomplete", incomplete_details: { reason: "max_output_tokens" } };
  if (finish === "content_filter") return { status: "incomplete", incomplete_details: { reason: "content_filter" } };
  return { status: "completed", incomplete_details: null };
}

/** The response object before any output: the request's settings echoed, as the API does. */
export function responseShell(request: ResponsesRequest, identity: ResponseIdentity, model: string, status: ResponseStatus): ResponseObject {
  return {
    id: identity.id, object: "response", created_at: identity.createdAt, status, error: null, incomplete_details: null,
    instructions: request.instructions ?? null,
    max_output_tokens: request.max_output_tokens ?? null,
    model, output: [],
    parallel_tool_calls: request.parallel_tool_calls ?? true,
    temperature: request.temperature ?? null,
    top_p: request.top_p ?? null,
    tool_choice: request.tool_choice ?? "auto",
    tools: request.tools ?? [],
    text: { format: request.text?.format ?? { type: "text" } },
    metadata: request.metadata ?? {},
    store: false,
    usage: null,
  };
}

/** A chat completion as the `response` object of the Responses API: its text as a `message` item, its tool calls as `function_call` items. */
export function completionToResponse(completion: ChatCompletion, request: ResponsesRequest, identity: ResponseIdentity): ResponseObject {
  const choice = completion.choices[0];
  const message = choice?.message;
  const { status, incomplete_details } = statusOf(choice?.finish_reason);
  const output: OutputItem[] = [];
  const content = [
    ...(message?.content ? [{ type: "output_text" as const, text: message.content, annotations: [] as [], logprobs: [] as [] }] : []),
    ...(message?.refusal ? [{ type: "refusal" as const, refusal: message.refusal }] : []),
  ];
  const itemStatus = status === "completed" ? "completed" : "incomplete";
  if (content.length > 0) output.push({ type: "message", id: messageItemId(identity.id), status: itemStatus, role: "assistant", content });
  (message?.tool_calls ?? []).forEach((call, index) => {
    output.push({ type: "function_call", id: functionCallItemId(identity.id, index), call_id: call.id, name: call.function.name, arguments: call.function.arguments, status: "completed" });
  });
  return {
    ...responseShell(request, identity, completion.model, status),
    incomplete_details, output,
    usage: completion.usage ? responseUsage(completion.usage) : null,
  };
}

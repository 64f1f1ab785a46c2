import type { ChatMessage, ChatRequest, ContentPart, ResponseFormat, ToolChoice } from "../chat-types.ts";
import type { ResponsesContentPart, ResponsesInputItem, ResponsesRequest, ResponsesTextFormat, ResponsesToolChoice } from "./responses-types.ts";

type AssistantChatMessage = Extract<ChatMessage, { role: "assistant" }>;

function textOf(content: string | ResponsesContentPart[]): string {
  return typeof content === "string" ? content : content.flatMap((part) => (part.type === "input_image" ? [] : [part.text])).join("");
}

function userContent(content: string | ResponsesContentPart[]): string | ContentPart[] {
  if (typeof content === "string") return content;
  return content.map((part): ContentPart => part.type === "input_image"
    ? { type: "image_url", image_url: { url: part.image_url, ...(part.detail && { detail: part.detail }) } }
    : { type: "text", text: part.text });
}

/** A function call joins the assistant message before it (text, then calls), as Chat Completions has them in one message. */
function assistantFor(messages: ChatMessage[]): AssistantChatMessage {
  const last = messages.at(-1);
  if (last?.role === "assistant") return last;
  const fresh: AssistantChatMessage = { role: "assistant", content: null };
  messages.push(fresh);
  return fresh;
}

function addItem(messages: ChatMessage[], item: ResponsesInputItem): void {
  if (item.type === "function_call") {
    const assistant = assistantFor(messages);
    (assistant.tool_calls ??= []).push({ id: item.call_id, type: "function", function: { name: item.name, arguments: item.arguments } });
    return;
  }
  if (item.type === "function_call_output") {
    messages.push({ role: "tool", tool_call_id: item.call_id, content: typeof item.output === "string" ? item.output : item.output.map((part) => part.text).join("") });
    return;
  }
  if (item.role === "user") messages.push({ role: "user", content: userContent(item.content) });
  else messages.push({ role: item.role, content: textOf(item.content) });
}

function toolChoiceOf(choice: ResponsesToolChoice): ToolChoice {
  return typeof choice === "string" ? choice : { type: "function", function: { name: choice.name } };
}

function responseFormatOf(format: ResponsesTextFormat): ResponseFormat {
  if (format.type !== "json_schema") return format;
  const { name, description, schema, strict } = format;
  return { type: "json_schema", json_schema: { name, schema, ...(description !== undefined && { description }), ...(strict != null && { strict }) } };
}

/** The chat messages a Responses `input` (and its `instructions`, first as a system message) stands for. */
export function responsesMessages(request: Pick<ResponsesRequest, "input" | "instructions">): ChatMessage[] {
  const messages: ChatMessage[] = [];
  if (request.instructions) messages.push({ role: "system", content: request.instructions });
  if (typeof request.input === "string") messages.push({ role: "user", content: request.input });
  else for (const item of request.input ?? []) addItem(messages, item);
  return messages;
}

/**
 * A Responses request as the Chat Completions request every stage and
 * adapter already speaks: the same model, tools, format and sampling, so
 * routing, cache, quotas and personas treat it as that chat request.
 */
export function responsesToChat(request: ResponsesRequest): ChatRequest {
  const chat: ChatRequest = { messages: responsesMessages(request), stream: request.stream === true };
  if (request.model !== undefined) chat.model = request.model;
  if (request.prompt) chat.prompt = request.prompt;
  if (request.tools?.length) {
    chat.tools = request.tools.map((tool) => ({
      type: "function",
      function: {
        name: tool.name,
        ...(tool.description != null && { description: tool.description }),
        ...(tool.parameters != null && { parameters: tool.parameters }),
        ...(tool.strict != null && { strict: tool.strict }),
      },
    }));
  }
  if (request.tool_choice !== undefined) chat.tool_choice = toolChoiceOf(request.tool_choice);
  if (request.parallel_tool_calls != null) chat.parallel_tool_calls = request.parallel_tool_calls;
  if (request.text?.format) chat.response_format = responseFormatOf(request.text.format);
  if (request.temperature != null) chat.temperature = request.temperature;
  if (request.top_p != null) chat.top_p = request.top_p;
  if (request.max_output_tokens != null) chat.max_completion_tokens = request.max_output_tokens;
  if (request.chorus !== undefined) chat.chorus = request.chorus;
  return chat;
}

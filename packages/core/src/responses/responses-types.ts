import type * as z from "zod";
import type {
  responsesContentPartSchema, responsesFunctionToolSchema, responsesInputItemSchema, responsesRequestSchema,
  responsesTextFormatSchema, responsesToolChoiceSchema,
} from "./responses-request-schema.ts";

/** A validated Responses body (the stateless subset). */
export type ResponsesRequest = z.infer<typeof responsesRequestSchema>;
export type ResponsesInputItem = z.infer<typeof responsesInputItemSchema>;
export type ResponsesContentPart = z.infer<typeof responsesContentPartSchema>;
export type ResponsesFunctionTool = z.infer<typeof responsesFunctionToolSchema>;
export type ResponsesToolChoice = z.infer<typeof responsesToolChoiceSchema>;
export type ResponsesTextFormat = z.infer<typeof responsesTextFormatSchema>;

export type ResponseStatus = "in_progress" | "completed" | "incomplete" | "failed";

export type OutputContentPart =
  | { type: "output_text"; text: string; annotations: []; logprobs: [] }
  | { type: "refusal"; refusal: string };

export interface OutputMessageItem {
  type: "message";
  id: string;
  status: "in_progress" | "completed" | "incomplete";
  role: "assistant";
  content: OutputContentPart[];
}

export interface FunctionCallItem {
  type: "function_call";
  id: string;
  call_id: string;
  name: string;
  arguments: string;
  status: "in_progress" | "completed" | "incomplete";
}

export type OutputItem = OutputMessageItem | FunctionCallItem;

export interface ResponseUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

/** The `response` object the API answers with; the request's settings echoed as OpenAI does. */
export interface ResponseObject {
  id: string;
  object: "response";
  created_at: number;
  status: ResponseStatus;
  error: { code: string; message: string } | null;
  incomplete_details: { reason: "max_output_tokens" | "content_filter" } | null;
  instructions: string | null;
  max_output_tokens: number | null;
  model: string;
  output: OutputItem[];
  parallel_tool_calls: boolean;
  temperature: number | null;
  top_p: number | null;
  tool_choice: ResponsesToolChoice;
  tools: ResponsesFunctionTool[];
  text: { format: ResponsesTextFormat };
  metadata: Record<string, string>;
  store: false;
  usage: ResponseUsage | null;
}

/** One event of a streamed response; `type` is also the SSE `event:` name. */
export type ResponseStreamEvent = { type: string; sequence_number: number } & Record<string, unknown>;

/** What an answer's `response` object is built with beside the completion: its id and time, from the caller (ids and clocks stay outside core's logic). */
export interface ResponseIdentity {
  id: string;
  /** Seconds since the epoch. */
  createdAt: number;
}

/** One message of a template; its content is Mustache. */
export interface PromptMessage {
  role: "system" | "developer" | "user" | "assistant";
  content: string;
}

/** What a label points at: a version, or a weighted split `{"3": 90, "4": 10}` chosen per user. */
export type PromptLabelTarget = number | Record<string, number>;

/** One version of a template (`GET /v1/prompts/{name}`). */
export interface PromptView {
  name: string;
  version: number;
  description: string;
  messages: PromptMessage[];
  /** JSON Schema of the variables. */
  variables: Record<string, unknown>;
  createdAt: string;
  /** The labels pointing at this version, `latest` included on the newest. */
  labels: string[];
}

/** A template in `GET /v1/prompts`. */
export interface PromptSummary {
  name: string;
  description: string;
  latestVersion: number;
  labels: Record<string, PromptLabelTarget>;
  updatedAt: string;
}

/** `POST /v1/prompts/{name}/render`. */
export interface RenderedPrompt {
  name: string;
  version: number;
  messages: PromptMessage[];
}

/** `"prompt"` on a chat request: the template rendered before `messages` (which may then be `[]`). */
export interface PromptRef {
  name: string;
  version?: number | undefined;
  label?: string | undefined;
  variables: Record<string, unknown>;
}

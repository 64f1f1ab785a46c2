import type { ChorusRequestOptions } from "./chorus-request-options.ts";
import type { Transport } from "./create-chorus-client.ts";
import type { PromptSummary, PromptView, RenderedPrompt } from "./prompt-types.ts";

type Signal = Pick<ChorusRequestOptions, "signal">;

/** Which version: one by number, or by label; neither is `production`, else `latest`. */
export interface ChorusPromptSelector {
  version?: number;
  label?: string;
}

/** `/v1/prompts` (CONTRACT.md "Prompt templates"): versioned templates any caller may read and render. */
export interface ChorusPrompts {
  list(options?: Signal): Promise<PromptSummary[]>;
  get(name: string, selector?: ChorusPromptSelector, options?: Signal): Promise<PromptView>;
  /** The version's messages with `variables` inserted; variables that fail its schema reject with a 400 naming the variable. */
  render(name: string, request: ChorusPromptSelector & { variables: Record<string, unknown> }, options?: Signal): Promise<RenderedPrompt>;
}

const at = (name: string) => `/v1/prompts/${encodeURIComponent(name)}`;

export function createPromptsApi({ send, readJson }: Transport): ChorusPrompts {
  const json = async <T>(response: Promise<Response>, options: Signal): Promise<T> => readJson<T>(await response, options.signal);
  return {
    async list(options = {}) {
      return (await json<{ data: PromptSummary[] }>(send({ method: "GET", path: "/v1/prompts", options }), options)).data;
    },
    get(name, selector = {}, options = {}) {
      const query = new URLSearchParams(Object.entries(selector).filter(([, value]) => value !== undefined).map(([key, value]) => [key, String(value)]));
      return json(send({ method: "GET", path: `${at(name)}${query.size > 0 ? `?${query}` : ""}`, options }), options);
    },
    render: (name, request, options = {}) => json(send({ method: "POST", path: `${at(name)}/render`, body: request, options }), options),
  };
}

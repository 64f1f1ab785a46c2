import { buildDraftListSchema, buildDraftSchema, type BuildDraft, type BuildDraftSubmit } from "@chorus/core";
import type * as z from "zod";
import type { GatewayTarget } from "./gateway-target.ts";

/** Review calls are small; a gateway that takes longer than this is not answering. */
const REVIEW_TIMEOUT_MS = 30_000;

/**
 * The build's side of review at a Chorus gateway, with the build's own key:
 * `PUT /v1/build/drafts/{id}` submits a draft, `GET /v1/build/drafts` reads
 * the decisions admins made in the console. Failures throw an Error saying
 * what the gateway answered.
 */
export class GatewayReview {
  readonly #target: GatewayTarget;
  readonly #fetch: typeof globalThis.fetch;

  constructor(target: GatewayTarget, fetcher: typeof globalThis.fetch = globalThis.fetch) {
    this.#target = target;
    this.#fetch = fetcher;
  }

  get url(): string {
    return this.#target.url;
  }

  /** The drafts this key submitted, with their status and who decided. */
  async drafts(): Promise<BuildDraft[]> {
    return (await this.#call("GET", "/v1/build/drafts", buildDraftListSchema)).drafts;
  }

  /** Submits draft `id`; the same content again keeps its decision. */
  submit(id: string, draft: BuildDraftSubmit): Promise<BuildDraft> {
    return this.#call("PUT", `/v1/build/drafts/${id}`, buildDraftSchema, draft);
  }

  async #call<S extends z.ZodType>(method: "GET" | "PUT", path: string, schema: S, body?: unknown): Promise<z.output<S>> {
    const response = await this.#fetch(`${this.#target.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.#target.apiKey}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(REVIEW_TIMEOUT_MS),
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new Error(`${method} ${path} answered ${response.status} with something other than JSON`);
    }
    if (!response.ok) {
      const error = (json as { error?: { code?: string; message?: string } } | null)?.error;
      throw new Error(`${method} ${path} answered ${response.status} (${error?.code ?? "error"}: ${error?.message ?? text.slice(0, 200)})`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new Error(`${method} ${path} answered something other than build drafts`);
    return parsed.data;
  }
}

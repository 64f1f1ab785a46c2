import type { ChorusMe, ChorusUsage, ChorusUsageRange } from "./account-types.ts";
import type { ChatCompletion, EmbeddingResponse } from "./chat-types.ts";
import type { ChorusChatRequest, ChorusEmbeddingRequest, ChorusModelList } from "./chorus-api-types.ts";
import { ChorusError, chorusErrorFromResponse, chorusNetworkError } from "./chorus-error.ts";
import { chorusRequestHeaders, type ChorusRequestOptions } from "./chorus-request-options.ts";
import { createChorusChatStream, type ChorusChatStream } from "./create-chorus-chat-stream.ts";
import { createJobsApi, type ChorusJobs } from "./create-jobs-api.ts";
import { createPersonasApi, type ChorusPersonas } from "./create-personas-api.ts";
import { createPipelinesApi, type ChorusPipelines } from "./create-pipelines-api.ts";
import { createPromptsApi, type ChorusPrompts } from "./create-prompts-api.ts";
import { createSessionsApi, type ChorusSessions } from "./create-sessions-api.ts";
import { createSettingsApi, type ChorusSettingsApi } from "./create-settings-api.ts";
import { readChorusMeta, type ChorusMeta } from "./read-chorus-meta.ts";

/** The part of `fetch` the client uses; the browser's, Node's and Workers' `fetch` all fit. */
export type ChorusFetch = (url: string, init: RequestInit) => Promise<Response>;

/** Returns the credential to send now, or nothing (signed out: the gateway answers 401 `auth_required`). */
export type ChorusTokenGetter = () => string | null | undefined | Promise<string | null | undefined>;

export interface ChorusClientOptions {
  /** The gateway's root, e.g. `https://chorus.example.com`; a trailing `/v1` is accepted; `""` means same origin. */
  baseURL: string;
  /** A bearer JWT or a `ck_` API key, fixed for the client's life. */
  token?: string;
  /** Called before every request, for tokens that expire and get refreshed (browser sessions). */
  getToken?: ChorusTokenGetter;
  /** Replaces the global `fetch` (tests, instrumentation, server runtimes). */
  fetch?: ChorusFetch;
  /** Sent on every request; the per-request options and the token take precedence. */
  headers?: Record<string, string>;
}

export interface ChorusChatResult {
  completion: ChatCompletion;
  meta: ChorusMeta;
}

export interface ChorusEmbeddingsResult {
  embeddings: EmbeddingResponse;
  meta: ChorusMeta;
}

export interface ChorusClient {
  /** `POST /v1/chat/completions`, one answer. */
  chat(request: ChorusChatRequest, options?: ChorusRequestOptions): Promise<ChorusChatResult>;
  /** `POST /v1/chat/completions` with `stream: true`; the request starts at once. */
  stream(request: ChorusChatRequest, options?: ChorusRequestOptions): ChorusChatStream;
  /** `GET /v1/models`: the profiles and `provider/model` ids the caller may use. */
  models(options?: Pick<ChorusRequestOptions, "signal">): Promise<ChorusModelList>;
  /** `POST /v1/embeddings` */
  embeddings(request: ChorusEmbeddingRequest, options?: ChorusRequestOptions): Promise<ChorusEmbeddingsResult>;
  /** `/v1/personas`: voices with their whole context. */
  personas: ChorusPersonas;
  /** `/v1/sessions`: theatre-mode threads, a persona per answer. */
  sessions: ChorusSessions;
  /** `/v1/prompts`: versioned prompt templates, read and rendered. */
  prompts: ChorusPrompts;
  /** `GET /v1/pipelines`: the pipelines a job may run, each with its input's JSON Schema. */
  pipelines: ChorusPipelines;
  /** `/v1/jobs`: pipelines run as jobs; progress as events that survive a dropped connection. */
  jobs: ChorusJobs;
  /** `/v1/settings` and `/v1/settings/keys`: preferences, limits, own provider keys. */
  settings: ChorusSettingsApi;
  /** `GET /v1/usage`: the caller's requests, tokens and cost per UTC day (default the last 30 days). */
  usage(range?: ChorusUsageRange, options?: Pick<ChorusRequestOptions, "signal">): Promise<ChorusUsage>;
  /** `GET /v1/me`: what the caller may do now (tier, limits, whether the next AI request would be served); answers even with AI switched off. */
  me(options?: Pick<ChorusRequestOptions, "signal">): Promise<ChorusMe>;
}

/** One HTTP call to the gateway, as the client's resource APIs describe it. */
export interface Call {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  body?: unknown;
  accept?: string;
  options: ChorusRequestOptions;
}

/** How the resource APIs reach the gateway: a checked call (errors thrown as `ChorusError`) and its JSON. */
export interface Transport {
  send(call: Call): Promise<Response>;
  readJson<T>(response: Response, signal: AbortSignal | undefined): Promise<T>;
}

/** Paths below are absolute (`/v1/...`), so the root loses trailing slashes and the `/v1` people copy from OpenAI-style URLs. */
function gatewayRoot(baseURL: string): string {
  return baseURL.replace(/\/+$/, "").replace(/\/v1$/, "");
}

/** Checks the options when the client is built, so a setup mistake fails there with a clear message rather than on the first request. */
function checkOptions(options: ChorusClientOptions): void {
  if (typeof options.baseURL !== "string") {
    throw new TypeError("createChorusClient: `baseURL` is required, e.g. \"https://chorus.example.com\" (or \"\" for the page's own origin)");
  }
  if (options.token !== undefined && options.getToken !== undefined) {
    throw new TypeError("createChorusClient: pass `token` or `getToken`, not both");
  }
  if (options.fetch === undefined && typeof globalThis.fetch !== "function") {
    throw new TypeError("createChorusClient: this runtime has no global `fetch`; pass one as `fetch`");
  }
}

export function createChorusClient(options: ChorusClientOptions): ChorusClient {
  checkOptions(options);
  const root = gatewayRoot(options.baseURL);
  // Called through a wrapper: the browser's `fetch` throws "Illegal invocation" when called detached from `window`.
  const fetchFn: ChorusFetch = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
  const getToken: ChorusTokenGetter = options.getToken ?? (() => options.token);

  async function send(call: Call): Promise<Response> {
    // `Headers` so an app's `Authorization` and the SDK's `authorization` are one header, not two joined by a comma.
    const headers = new Headers(options.headers);
    for (const [name, value] of Object.entries(chorusRequestHeaders(call.options))) headers.set(name, value);
    const token = await getToken();
    if (token) headers.set("authorization", `Bearer ${token}`);
    if (call.accept) headers.set("accept", call.accept);
    if (call.body !== undefined) headers.set("content-type", "application/json");
    const url = `${root}${call.path}`;
    const { signal } = call.options;

    let response: Response;
    try {
      response = await fetchFn(url, {
        method: call.method,
        headers,
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
        signal,
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw chorusNetworkError(`${call.method} ${url}`, error);
    }
    if (!response.ok) throw await chorusErrorFromResponse(response);
    return response;
  }

  /** The gateway's answers are trusted to match their OpenAI shape; only a body that is not JSON at all is reported. */
  async function readJson<T>(response: Response, signal: AbortSignal | undefined): Promise<T> {
    try {
      return (await response.json()) as T;
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new ChorusError({
        message: `Chorus answered ${response.status} with a body that is not JSON`,
        status: response.status,
        type: "api_error",
        code: "invalid_response",
        requestId: response.headers.get("x-chorus-request-id") ?? undefined,
        cause: error,
      });
    }
  }

  const transport: Transport = { send, readJson };
  return {
    personas: createPersonasApi(transport),
    sessions: createSessionsApi(transport),
    prompts: createPromptsApi(transport),
    settings: createSettingsApi(transport),
    pipelines: createPipelinesApi(transport),
    jobs: createJobsApi(transport),

    async chat(request, requestOptions = {}) {
      const response = await send({ method: "POST", path: "/v1/chat/completions", body: { ...request, stream: false }, options: requestOptions });
      return { completion: await readJson<ChatCompletion>(response, requestOptions.signal), meta: readChorusMeta(response.headers) };
    },

    stream(request, requestOptions = {}) {
      const response = send({
        method: "POST",
        path: "/v1/chat/completions",
        body: { ...request, stream: true },
        accept: "text/event-stream",
        options: requestOptions,
      });
      return createChorusChatStream(response, requestOptions.signal);
    },

    async models(requestOptions = {}) {
      const response = await send({ method: "GET", path: "/v1/models", options: { signal: requestOptions.signal } });
      return readJson<ChorusModelList>(response, requestOptions.signal);
    },

    async usage(range = {}, requestOptions = {}) {
      const query = new URLSearchParams(Object.entries(range).filter(([, day]) => day !== undefined && day !== ""));
      const path = `/v1/usage${query.size > 0 ? `?${query}` : ""}`;
      return readJson<ChorusUsage>(await send({ method: "GET", path, options: { signal: requestOptions.signal } }), requestOptions.signal);
    },

    async me(requestOptions = {}) {
      const response = await send({ method: "GET", path: "/v1/me", options: { signal: requestOptions.signal } });
      return readJson<ChorusMe>(response, requestOptions.signal);
    },

    async embeddings(request, requestOptions = {}) {
      const response = await send({ method: "POST", path: "/v1/embeddings", body: request, options: requestOptions });
      return { embeddings: await readJson<EmbeddingResponse>(response, requestOptions.signal), meta: readChorusMeta(response.headers) };
    },
  };
}

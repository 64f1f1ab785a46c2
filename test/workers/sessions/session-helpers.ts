import type { SessionInfo, SessionMessage } from "@chorus/core";
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { assembleApp, gatewayParts } from "../../../workers/gateway/src/create-app.ts";
import type { GatewayEnv } from "../../../workers/gateway/src/env.ts";
import type { ScopePersona } from "../../../workers/gateway/src/request/persona-source.ts";
import { seenBy } from "../fake-upstream.ts";
import { DEFAULT_USER, tokenFor, type TestUser } from "../gateway-client.ts";

/** The personas of these tests; `broken` and `cut` pin profiles that fail (see `sessionEnv`). */
export const PERSONAS: Record<string, ScopePersona> = {
  general: { ref: "general", name: "General", systemPrompt: "You are a helpful assistant." },
  "user:poet": { ref: "user:poet", name: "Flamenco Poet", systemPrompt: "You are a flamenco poet.", constraints: ["Never write prose."] },
  "user:critic": { ref: "user:critic", name: "Critic", systemPrompt: "You are a sharp critic." },
  "user:broken": { ref: "user:broken", name: "Broken", systemPrompt: "You are broken.", profile: "broken" },
  "user:cut": { ref: "user:cut", name: "Cut", systemPrompt: "You are cut off.", profile: "cut" },
};

/** The real app, with the personas above as what every caller can see. */
const app = assembleApp({ ...gatewayParts(), personas: async (_env, _principal, ref) => PERSONAS[ref] });

export interface SessionEnv {
  /** The fake OpenAI model every turn not pinned elsewhere is served by, unique to the test. */
  model: string;
  env: Record<string, string>;
}

/**
 * Profiles for one test: the default serves `openai/<model>`, `broken`
 * answers 400, `cut` streams one chunk and breaks.
 */
export function sessionEnv(directives = ""): SessionEnv {
  const model = `session-${crypto.randomUUID()}${directives}`;
  const one = (name: string) => ({ candidates: [{ provider: "openai", model: name }] });
  return {
    model,
    env: {
      LLM_PROFILES: JSON.stringify({
        defaultProfile: "compat",
        profiles: { compat: one(model), broken: one(`broken-${model}~status=400`), cut: one(`cut-${model}~cutAfter=1`) },
      }),
    },
  };
}

const bindings = env as unknown as GatewayEnv;
const pending: ExecutionContext[] = [];

/** Waits for the after-response work of every request so far (lock releases, metering, quota settlement). */
export async function settleAll(): Promise<void> {
  while (pending.length > 0) await waitOnExecutionContext(pending.shift()!);
}

export interface SendOptions {
  user?: TestUser;
  method?: string;
  env?: Record<string, string>;
}

/** One request to the app as `user` (default: the verified pro test user). */
export async function send(path: string, body?: unknown, options: SendOptions = {}): Promise<Response> {
  const user = options.user ?? DEFAULT_USER;
  const headers: Record<string, string> = { authorization: `Bearer ${await tokenFor(user)}` };
  const init: RequestInit = { method: options.method ?? (body === undefined ? "GET" : "POST"), headers };
  if (body !== undefined) {
    headers["content-type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const ctx = createExecutionContext();
  pending.push(ctx);
  return app.request(`http://chorus.test${path}`, init, { ...bindings, ...options.env }, ctx);
}

export interface SessionJson extends SessionInfo {
  messages?: MessageJson[];
}

/** A stored message as the API shows it. */
export type MessageJson = SessionMessage;

/** A new session of `user`'s; fails the test unless it is created. */
export async function newSession(body: Record<string, unknown> = {}, user?: TestUser): Promise<SessionJson> {
  const res = await send("/v1/sessions", body, user ? { user } : {});
  if (res.status !== 201) throw new Error(`session not created: ${res.status} ${await res.text()}`);
  return res.json();
}

/** The session's stored thread. */
export async function threadOf(id: string, user?: TestUser): Promise<MessageJson[]> {
  const res = await send(`/v1/sessions/${id}`, undefined, user ? { user } : {});
  return ((await res.json()) as SessionJson).messages ?? [];
}

type SentBody = { messages: { role: string; content: string }[] };

/** The prompts the fake OpenAI received for `model`, in order, as [role, content] pairs. */
export async function promptsSent(model: string): Promise<[string, string][][]> {
  const seen = await seenBy("openai", model);
  return seen.map((request) => (request.body as unknown as SentBody).messages.map(({ role, content }) => [role, content]));
}

export function errorOf(body: unknown): { code: string; param: string | null; type: string } {
  return (body as { error: { code: string; param: string | null; type: string } }).error;
}

import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { SignJWT } from "jose";
import app from "../../workers/gateway/src/index.ts";

/** Who a test request comes from; signed into an HS256 token with the test AUTH_JWT_SECRET. */
export interface TestUser {
  sub: string;
  plan?: "free" | "pro" | "premium";
  emailVerified?: boolean;
  role?: "admin";
  /** Sent as the `org_id` claim (the default AUTH_WORKSPACE_CLAIM): personas are shared within it. */
  workspace?: string;
}

/** A verified pro user: no sample limits, generous plan limits, so tests about routing are not about quotas. */
export const DEFAULT_USER: TestUser = { sub: "test-user", plan: "pro", emailVerified: true };

export interface CallOptions {
  /** Variables for this request only, on top of the test bindings (vitest.config.ts). */
  env?: Record<string, string>;
  headers?: Record<string, string>;
  method?: string;
  /** The caller; `null` sends no credential. Ignored when `headers.authorization` is given. */
  user?: TestUser | null;
  /** The request's signal, as the runtime aborts it when the client goes away. */
  signal?: AbortSignal;
}

export async function tokenFor(user: TestUser): Promise<string> {
  const claims: Record<string, unknown> = { email_verified: user.emailVerified ?? true, plan: user.plan ?? "free" };
  if (user.role) claims.role = user.role;
  if (user.workspace) claims.org_id = user.workspace;
  return new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).setSubject(user.sub)
    .setIssuedAt().setExpirationTime("1h")
    .sign(new TextEncoder().encode((env as unknown as Record<string, string>).AUTH_JWT_SECRET));
}

const pending: ExecutionContext[] = [];

/** Waits for the work every call so far left in `waitUntil` (breaker outcomes, cache writes, ...). */
export async function settle(): Promise<void> {
  while (pending.length > 0) await waitOnExecutionContext(pending.shift()!);
}

/** Drives the real Worker app inside workerd with the test bindings (fake upstreams, real KV/D1/DOs). */
export async function call(path: string, body?: unknown, options: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { ...options.headers };
  const user = options.user === undefined ? DEFAULT_USER : options.user;
  if (user && !Object.keys(headers).some((name) => name.toLowerCase() === "authorization")) {
    headers.authorization = `Bearer ${await tokenFor(user)}`;
  }
  const init: RequestInit = { method: options.method ?? (body === undefined ? "GET" : "POST"), headers };
  if (options.signal) init.signal = options.signal;
  if (body !== undefined) {
    (init.headers as Record<string, string>)["content-type"] = "application/json";
    init.body = typeof body === "string" ? body : JSON.stringify(body);
  }
  const ctx = createExecutionContext();
  pending.push(ctx);
  return app.request(`http://chorus.test${path}`, init, { ...env, ...options.env }, ctx);
}

/** `fetch` into the Worker app with the test bindings (plus `overrides`), for an SDK client pointed at the gateway; its work is awaited by `settle`. */
export function gatewayFetch(overrides: Record<string, string> = {}): typeof fetch {
  return async (input, init) => {
    const ctx = createExecutionContext();
    pending.push(ctx);
    return app.request(input instanceof Request ? input : String(input), init, { ...env, ...overrides }, ctx);
  };
}

export function chat(body: Record<string, unknown>, options?: CallOptions): Promise<Response> {
  return call("/v1/chat/completions", { messages: [{ role: "user", content: "hello world" }], ...body }, options);
}

/** Profiles for one test: `{name: ["provider/model", ...]}`, first name the default. */
export function profiles(spec: Record<string, string[]>): Record<string, string> {
  const entries = Object.entries(spec).map(([name, ids]) => [name, {
    candidates: ids.map((id) => ({ provider: id.slice(0, id.indexOf("/")), model: id.slice(id.indexOf("/") + 1) })),
  }]);
  return { LLM_PROFILES: JSON.stringify({ defaultProfile: entries[0]![0], profiles: Object.fromEntries(entries) }) };
}

export interface SseResult {
  /** Parsed `data:` payloads, without the final [DONE]. */
  events: Record<string, unknown>[];
  done: boolean;
}

export async function readSse(res: Response): Promise<SseResult> {
  const text = await res.text();
  const events: Record<string, unknown>[] = [];
  let done = false;
  for (const block of text.split("\n\n")) {
    const data = block.replace(/^data: /, "").trim();
    if (!data) continue;
    if (data === "[DONE]") done = true;
    else events.push(JSON.parse(data) as Record<string, unknown>);
  }
  return { events, done };
}

export interface SseEvent {
  event?: string;
  data: string;
}

/** Every SSE event as sent, named ones (`chorus.guardrails`, a Responses event) too. */
export async function sseEvents(res: Response): Promise<SseEvent[]> {
  return (await res.text()).split("\n\n").filter(Boolean).map((block) => {
    const event = /^event: (.*)$/m.exec(block)?.[1];
    const data = /^data: (.*)$/m.exec(block)?.[1] ?? "";
    return event ? { event, data } : { data };
  });
}

type Chunk = { choices: { delta: { content?: string | null; tool_calls?: { index: number; id?: string; function?: { name?: string; arguments?: string } }[] }; finish_reason: string | null }[]; usage?: unknown };

export function streamedText(events: Record<string, unknown>[]): string {
  return (events as Chunk[]).map((event) => event.choices?.[0]?.delta?.content ?? "").join("");
}

export function streamedToolCalls(events: Record<string, unknown>[]): { name: string; arguments: string }[] {
  const calls: { name: string; arguments: string }[] = [];
  for (const event of events as Chunk[]) {
    for (const delta of event.choices?.[0]?.delta?.tool_calls ?? []) {
      const call = (calls[delta.index] ??= { name: "", arguments: "" });
      call.name += delta.function?.name ?? "";
      call.arguments += delta.function?.arguments ?? "";
    }
  }
  return calls;
}

export function finishReason(events: Record<string, unknown>[]): string | null | undefined {
  return (events as Chunk[]).map((event) => event.choices?.[0]?.finish_reason).filter(Boolean).at(-1);
}
